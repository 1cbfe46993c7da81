/**
 * Codes that prove no byte of the request reached an HTTP server: the name did not resolve, the
 * connection was refused or unroutable, or TLS failed before the request was written.
 */
const NEVER_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EAI_FAIL',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  // Bun spells refused connections this way.
  'ConnectionRefused',
]);

/** Runtimes that give no code (Deno, workers) still say it in words. */
const NEVER_SENT_WORDS =
  /connection refused|dns error|failed to lookup address|name (?:or service )?not known/i;

/**
 * fetch rejects with a TypeError for problems with the request itself too (an invalid header
 * value, a bad URL). Those never left the machine and will fail the same way every time.
 */
const INVALID_REQUEST_WORDS =
  /^Headers\.|invalid header|invalid url|failed to parse url|cannot have body|duplex/i;

export type FetchFailure =
  | {
      kind: 'connection-failed';
      /** false only when the failure proves nothing was sent; everything else is 'unknown'. */
      reachedServer: false | 'unknown';
      code: string | undefined;
    }
  | { kind: 'invalid-request' }
  | { kind: 'unexpected' };

/**
 * Reads what a rejected fetch says about delivery. Errs towards 'unknown': calling a failure
 * "not sent" when it was sent is what turns a retry into a duplicate WhatsApp message.
 */
export function classifyFetchFailure(err: unknown): FetchFailure {
  const chain = causeChain(err);
  const code = chain.map(codeOf).find((c) => c !== undefined);
  const isTypeError = err instanceof TypeError;

  if (code === undefined && !isTypeError) return { kind: 'unexpected' };
  if (code === undefined && chain.length === 1 && INVALID_REQUEST_WORDS.test(messageOf(err))) {
    return { kind: 'invalid-request' };
  }

  if (code !== undefined && NEVER_SENT_CODES.has(code))
    return { kind: 'connection-failed', reachedServer: false, code };
  // undici reports the socket's lifetime byte count; zero means this request was never written.
  if (chain.some((e) => socketBytesWritten(e) === 0))
    return { kind: 'connection-failed', reachedServer: false, code };
  if (code === undefined && chain.some((e) => NEVER_SENT_WORDS.test(messageOf(e)))) {
    return { kind: 'connection-failed', reachedServer: false, code };
  }
  return { kind: 'connection-failed', reachedServer: 'unknown', code };
}

function causeChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = err;
  while (current !== null && typeof current === 'object' && chain.length < 5 && !chain.includes(current)) {
    chain.push(current);
    const aggregate = (current as { errors?: unknown }).errors;
    current = (current as { cause?: unknown }).cause ?? (Array.isArray(aggregate) ? aggregate[0] : undefined);
  }
  return chain.length === 0 ? [err] : chain;
}

function codeOf(e: unknown): string | undefined {
  const code = e !== null && typeof e === 'object' ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code !== '' ? code : undefined;
}

function messageOf(e: unknown): string {
  const message = e !== null && typeof e === 'object' ? (e as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : '';
}

function socketBytesWritten(e: unknown): number | undefined {
  const socket = e !== null && typeof e === 'object' ? (e as { socket?: unknown }).socket : undefined;
  const written =
    socket !== null && typeof socket === 'object'
      ? (socket as { bytesWritten?: unknown }).bytesWritten
      : undefined;
  return typeof written === 'number' ? written : undefined;
}
