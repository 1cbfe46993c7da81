/** A property of a parsed JSON answer, or undefined when the value is not an object or lacks it. */
export function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && name in value ? Reflect.get(value, name) : undefined;
}

const asId = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** The id a success answer carries: v1 lists one message id per recipient, v2 one message or media id. */
export function messageIdOf(result: unknown): string | undefined {
  const data = field(result, 'data');
  if (Array.isArray(data)) {
    const ids = data.map((entry) => asId(field(entry, 'message_id'))).filter((id) => id !== undefined);
    return ids.length ? ids.join(', ') : undefined;
  }
  return asId(field(data, 'message_id')) ?? asId(field(data, 'id'));
}
