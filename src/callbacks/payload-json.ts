/**
 * The JSON text each parsed callback body came from, kept beside its parsed payload (weakly: it
 * goes when the payload does) by a receiver that has an inbox, so the inbox records the body as
 * received instead of serialising the payload again (a receiver without one keeps nothing); JSON.stringify of a status callback cost the file inbox about a third of its
 * time per event (measured in an in-process record loop).
 */
const bodyText = new WeakMap<object, string>();

/** Notes that `raw` was parsed from `text`, which must be exactly what JSON.parse read. */
export function keepPayloadJson(raw: unknown, text: string): void {
  if (typeof raw === 'object' && raw !== null) bodyText.set(raw, text);
}

/**
 * `raw` as JSON on one line: the text it was parsed from when that is known and holds no line
 * break (pretty-printed bodies do), else JSON.stringify(raw). Either parses back to an equal value.
 * Undefined for what JSON cannot hold (undefined itself), as JSON.stringify would leave it out.
 */
export function payloadJson(raw: unknown): string | undefined {
  if (typeof raw === 'object' && raw !== null) {
    const text = bodyText.get(raw);
    if (text !== undefined && !text.includes('\n')) return text;
  }
  const json: string | undefined = JSON.stringify(raw);
  return json;
}
