import { KaleyraValidationError } from '../errors/validation-error.js';
import type { Schemas } from './schemas.js';
import { formatV1Params } from './v1-params.js';
import { mediaSource, type V2MediaSource } from './media-source.js';

/**
 * A template's variables, given once and turned into either API version's form. Body values are
 * positional (`['John', '42']` fills `{{1}}`, `{{2}}`) or named (`{ customer: 'John' }` for templates
 * created with named variables, `{{customer}}`).
 */
export interface TemplateParameters {
  /** The header variable: text, or image / video / document media. */
  header?:
    | { text: string }
    | { image: V2MediaSource }
    | { video: V2MediaSource }
    | { document: V2MediaSource & { filename?: string } };
  /** Body variables, by position (`['John']`) or by name (`{ customer: 'John' }`). */
  body?: readonly string[] | Readonly<Record<string, string>>;
  /** The dynamic parts of buttons, by button position. */
  buttons?: readonly TemplateButton[];
}

/** A button's dynamic part, by its position in the template (0 to 9). */
export type TemplateButton =
  | { index: number; quickReplyPayload: string }
  | { index: number; urlSuffix: string }
  | { index: number; couponCode: string };

type Component = Schemas['V2TemplateComponent'];

/** Builds v2 `template.components` (Meta's format) from named or positional values. */
export function buildV2TemplateComponents(parameters: TemplateParameters): Component[] {
  const components: Component[] = [];
  if (parameters.header)
    components.push({ type: 'header', parameters: [headerParameter(parameters.header)] } as Component);
  if (parameters.body !== undefined) {
    const values = parameters.body;
    const body = Array.isArray(values)
      ? values.map((text, i) => ({ type: 'text' as const, text: asText(`body[${i}]`, text) }))
      : Object.entries(values).map(([name, text]) => ({
          type: 'text' as const,
          parameter_name: parameterName(name),
          text: asText(`body.${name}`, text),
        }));
    components.push({ type: 'body', parameters: body } as Component);
  }
  for (const button of parameters.buttons ?? []) components.push(buttonComponent(button));
  return components;
}

/**
 * Builds the v1 `params` field: each value double-quoted, quotes inside doubled, comma-separated.
 * v1 has no named variables, so named values need `order`: the template's variable names in order.
 */
export function buildV1TemplateParams(body: TemplateParameters['body'], order?: readonly string[]): string {
  if (body === undefined) return '';
  if (Array.isArray(body)) return formatV1Params(body.map((text, i) => asText(`params[${i}]`, text)));
  const named = body as Readonly<Record<string, string>>;
  if (!order)
    throw new KaleyraValidationError({
      field: 'params',
      rule: 'order-required',
      message: 'v1 templates are positional: pass the variable names in template order',
    });
  const missing = order.filter((name) => !(name in named));
  if (missing.length)
    throw new KaleyraValidationError({
      field: 'params',
      rule: 'missing-value',
      message: `no value for ${missing.join(', ')}`,
    });
  const extra = Object.keys(named).filter((name) => !order.includes(name));
  if (extra.length)
    throw new KaleyraValidationError({
      field: 'params',
      rule: 'unknown-name',
      message: `not in the template's order: ${extra.join(', ')}`,
    });
  return formatV1Params(order.map((name) => asText(`params.${name}`, named[name])));
}

function headerParameter(header: NonNullable<TemplateParameters['header']>) {
  if ('text' in header) return { type: 'text', text: asText('header.text', header.text) };
  if ('image' in header) return { type: 'image', image: mediaSource('header.image', header.image) };
  if ('video' in header) return { type: 'video', video: mediaSource('header.video', header.video) };
  const { filename, ...source } = header.document;
  return {
    type: 'document',
    document: {
      ...mediaSource('header.document', source as V2MediaSource),
      ...(filename !== undefined ? { filename } : {}),
    },
  };
}

function buttonComponent(button: TemplateButton): Component {
  if (!Number.isInteger(button.index) || button.index < 0 || button.index > 9) {
    throw new KaleyraValidationError({
      field: 'buttons.index',
      rule: 'range',
      message: 'must be the button position, 0 to 9',
    });
  }
  const base = { type: 'button', index: String(button.index) };
  if ('quickReplyPayload' in button)
    return {
      ...base,
      sub_type: 'quick_reply',
      parameters: [
        { type: 'payload', payload: asText('buttons.quickReplyPayload', button.quickReplyPayload) },
      ],
    } as Component;
  if ('urlSuffix' in button)
    return {
      ...base,
      sub_type: 'url',
      parameters: [{ type: 'text', text: asText('buttons.urlSuffix', button.urlSuffix) }],
    } as Component;
  return {
    ...base,
    sub_type: 'copy_code',
    parameters: [{ type: 'coupon_code', coupon_code: asText('buttons.couponCode', button.couponCode) }],
  } as Component;
}

function asText(field: string, value: unknown): string {
  if (typeof value !== 'string' || value === '')
    throw new KaleyraValidationError({ field, rule: 'text', message: 'must be a non-empty string' });
  return value;
}

function parameterName(name: string): string {
  // Meta's named variables: lower-case letters, digits and underscores.
  if (!/^[a-z0-9_]+$/.test(name))
    throw new KaleyraValidationError({
      field: `body.${name}`,
      rule: 'parameter-name',
      message: 'named variables use lower-case letters, digits and _',
    });
  return name;
}
