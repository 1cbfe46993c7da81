/** The id a success answer carries: v1 lists one message id per recipient, v2 one message or media id. */
export function messageIdOf(result: unknown): string | undefined {
  const data = (result as { data?: unknown } | undefined)?.data;
  if (Array.isArray(data)) return data.map((entry: { message_id?: string }) => entry.message_id).filter(Boolean).join(', ') || undefined;
  if (data && typeof data === 'object') {
    const record = data as { message_id?: string; id?: string };
    return record.message_id ?? record.id;
  }
  return undefined;
}
