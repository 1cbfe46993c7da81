let counter = 0;

/**
 * Gives an accepted answer ids of its own, in the documented shapes, so that two sends are told apart
 * and their callbacks can be matched: the spec's examples (and so Prism) repeat one id for every send.
 */
export function withFreshIds(operationId: string, answer: unknown): unknown {
  if (answer === null || typeof answer !== 'object') return answer;
  const body = structuredClone(answer) as Record<string, unknown>;
  counter++;
  if (operationId === 'sendV2Message' && body.data && typeof body.data === 'object') {
    Object.assign(body.data, {
      message_id: `A${crypto.randomUUID().replaceAll('-', '').slice(0, 19).toUpperCase()}`,
    });
  } else if (operationId === 'sendV1Message') {
    const id = crypto.randomUUID();
    body.id = id;
    if (Array.isArray(body.data))
      body.data = body.data.map((entry: Record<string, unknown>, index: number) => ({
        ...entry,
        message_id: `${id}:${index}`,
      }));
  } else if (operationId === 'uploadResumableMedia' && body.data && typeof body.data === 'object') {
    Object.assign(body.data, { id: String(1000 + counter) });
  }
  return body;
}
