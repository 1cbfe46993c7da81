/**
 * Each error class is branded with a registry symbol (`Symbol.for`, one per realm, shared by every
 * copy of the package), so that `instanceof` and `isKaleyraError` hold for an error made by another
 * copy of this code: the CommonJS build beside the ESM one, a bundler's duplicate, two versions in
 * node_modules. The brand is the class's name, set on its prototype; a class without a brand of its
 * own (a user's subclass) keeps the ordinary `instanceof`.
 */
const ERROR_CLASS = Symbol.for('kaleyra-whatsapp.error-class');

type Branded = { [ERROR_CLASS]?: string };

/** Names `errorClass` (its prototype's `name`, as the stack shows it) and brands it with that name. */
export function brandErrorClass(errorClass: { prototype: object }, name: string): void {
  Object.assign(errorClass.prototype, { name });
  Object.defineProperty(errorClass.prototype, ERROR_CLASS, { value: name });
}

/** `value instanceof errorClass` by prototype chain, or by brand for a class from another copy. */
export function isInstanceByBrand(errorClass: { prototype: object }, value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Object.prototype.isPrototypeOf.call(errorClass.prototype, value)) return true;
  if (!Object.hasOwn(errorClass.prototype, ERROR_CLASS)) return false;
  const brand = (errorClass.prototype as Branded)[ERROR_CLASS];
  for (
    let proto: unknown = Object.getPrototypeOf(value);
    proto !== null;
    proto = Object.getPrototypeOf(proto)
  ) {
    if (Object.hasOwn(proto as object, ERROR_CLASS) && (proto as Branded)[ERROR_CLASS] === brand) return true;
  }
  return false;
}

/** True for an error any copy of this SDK threw (every error class is branded). */
export function hasErrorBrand(value: unknown): boolean {
  return typeof value === 'object' && value !== null && ERROR_CLASS in value;
}
