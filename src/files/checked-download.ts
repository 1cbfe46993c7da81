import { KaleyraMediaDownloadError } from '../errors/media-download-error.js';
import { canonicalMimeType, isGenericMimeType } from './canonical-mime-type.js';
import { isConsistentWithSignature, sniffSignature, SNIFF_BYTES } from './mime-sniff.js';

/** A SHA-256 fed chunk by chunk (node:crypto's, on Node); without one the bytes are kept for WebCrypto. */
export interface IncrementalHash {
  /** Feeds the next chunk. */
  update(chunk: Uint8Array): void;
  /** The digest of everything fed, as bytes. */
  digest(): Uint8Array | Promise<Uint8Array>;
}

export interface DownloadChecks {
  /** Where the bytes come from, for messages. */
  label: string;
  /** At most this many bytes; past it the stream fails. */
  maxBytes: number;
  /** The type the event declared; the bytes' signature must agree with it. */
  mimeType?: string | undefined;
  /** The event's SHA-256 (hex or base64); the bytes must hash to it, checked before the stream ends. */
  sha256?: string | undefined;
  /** Every byte must have arrived by then. */
  deadline: AbortSignal;
  /** An incremental SHA-256 to use instead of WebCrypto over the held bytes. */
  createHash?: (() => IncrementalHash) | undefined;
}

/**
 * Wraps a download's body so that reading it enforces the size cap, the deadline, the declared MIME
 * type (against the bytes' signature) and the SHA-256: a reader sees an error instead of the last
 * chunk when any fails, so a file written from it is never taken for whole.
 */
export function checkedDownload(
  body: ReadableStream<Uint8Array>,
  checks: DownloadChecks,
): ReadableStream<Uint8Array> {
  const expected = checks.sha256 === undefined ? undefined : decodeDigest(checks.sha256);
  const hash = expected === undefined ? undefined : (checks.createHash?.() ?? collectingHash());
  const declared =
    checks.mimeType === undefined || isGenericMimeType(checks.mimeType) ? undefined : checks.mimeType;
  const fail = (problem: ConstructorParameters<typeof KaleyraMediaDownloadError>[0], message: string) =>
    new KaleyraMediaDownloadError(problem, `${checks.label}: ${message}`);
  const reader = body.getReader();
  let size = 0;
  let head: Uint8Array | undefined = declared === undefined ? undefined : new Uint8Array(0);

  const onDeadline = () => void reader.cancel(checks.deadline.reason).catch(() => undefined);
  checks.deadline.addEventListener('abort', onDeadline, { once: true });
  const stop = () => checks.deadline.removeEventListener('abort', onDeadline);

  const checkHead = (final: boolean) => {
    if (head === undefined || (!final && head.length < SNIFF_BYTES)) return;
    const signature = sniffSignature(head);
    head = undefined;
    if (signature && declared && !isConsistentWithSignature(declared, signature))
      throw fail(
        'mime-mismatch',
        `the event says ${canonicalMimeType(declared)} but the bytes are ${signature.type}`,
      );
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (checks.deadline.aborted) throw fail('timeout', 'the download did not finish in time');
        if (done) {
          checkHead(true);
          if (hash && expected && !sameBytes(await hash.digest(), expected))
            throw fail('sha256-mismatch', 'the bytes do not hash to the sha256 the event gives');
          stop();
          controller.close();
          return;
        }
        size += value.byteLength;
        if (size > checks.maxBytes) throw fail('too-large', `the file is over ${checks.maxBytes} bytes`);
        if (head !== undefined) {
          const joined = new Uint8Array(head.length + value.length);
          joined.set(head);
          joined.set(value, head.length);
          head = joined.subarray(0, Math.max(SNIFF_BYTES, head.length));
          checkHead(false);
        }
        hash?.update(value);
        controller.enqueue(value);
      } catch (error) {
        stop();
        await reader.cancel().catch(() => undefined);
        controller.error(
          checks.deadline.aborted && !(error instanceof KaleyraMediaDownloadError)
            ? fail('timeout', 'the download did not finish in time')
            : error,
        );
      }
    },
    async cancel(reason) {
      stop();
      await reader.cancel(reason);
    },
  });
}

/** The SHA-256 of the whole body through WebCrypto, holding the bytes until the end. */
function collectingHash(): IncrementalHash {
  const chunks: Uint8Array[] = [];
  return {
    update: (chunk) => void chunks.push(chunk),
    digest: async () => {
      const bytes = new Uint8Array(await new Blob(chunks as BlobPart[]).arrayBuffer());
      return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    },
  };
}

/** Meta sends `sha256` as base64 in webhooks and hex elsewhere; either decodes to 32 bytes. */
function decodeDigest(text: string): Uint8Array | undefined {
  const trimmed = text.trim();
  if (/^[0-9a-f]{64}$/i.test(trimmed))
    return Uint8Array.from(trimmed.match(/../g)!.map((pair) => Number.parseInt(pair, 16)));
  try {
    const binary = atob(trimmed.replace(/-/g, '+').replace(/_/g, '/'));
    return binary.length === 32 ? Uint8Array.from(binary, (c) => c.charCodeAt(0)) : undefined;
  } catch {
    return undefined;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
