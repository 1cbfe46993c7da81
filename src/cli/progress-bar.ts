export interface ProgressStream {
  isTTY?: boolean;
  /** The terminal's width; Node sets it on a TTY stream. */
  columns?: number | undefined;
  write(chunk: string): unknown;
}

export interface ProgressSink {
  /** The SDK's onProgress: bytes of the multipart body taken by the connection, and its length. */
  update(bodySent: number, bodyTotal: number | undefined): void;
  finish(): void;
}

const MAX_BAR = 30;
const MIN_BAR = 10;
const MIN_LABEL = 8;
const DEFAULT_COLUMNS = 80;
const REDRAW_MS = 100;
const ERASE_TO_END = '\x1b[K';

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/**
 * The body is the file plus a few hundred bytes of multipart framing around it. Everything shown
 * counts file bytes, so the figures match the file's size on disk and the final "uploaded" line:
 * the framing is subtracted, which makes 100% mean that the whole body has been sent.
 */
export function fileBytesSent(
  bodySent: number,
  bodyTotal: number | undefined,
  fileSize: number | undefined,
): number {
  if (fileSize === undefined) return bodySent;
  if (bodyTotal === undefined) return Math.min(bodySent, fileSize);
  return Math.max(0, Math.min(fileSize, bodySent - (bodyTotal - fileSize)));
}

function shorten(text: string, room: number): string {
  return text.length <= room ? text : `${text.slice(0, room - 1)}…`;
}

/**
 * One terminal line that never wraps. `tails` are the figures after the bar, fullest first: the
 * bar shrinks first, then the label, then a shorter tail is tried, and last the bar goes.
 */
export function progressLine(
  label: string,
  ratio: number,
  tails: readonly [string, ...string[]],
  columns: number,
): string {
  const room = Math.max(1, columns - 1); // writing the last column makes some terminals wrap
  const frame = (name: string, width: number, tail: string) => {
    const filled = Math.round(ratio * width);
    return `${name} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}]${tail}`;
  };
  for (const tail of tails) {
    const bar = Math.min(MAX_BAR, room - label.length - 3 - tail.length);
    if (bar >= MIN_BAR) return frame(label, bar, tail);
    const labelRoom = room - MIN_BAR - 3 - tail.length;
    if (labelRoom >= MIN_LABEL) return frame(shorten(label, labelRoom), MIN_BAR, tail);
  }
  const shortest = tails[tails.length - 1] ?? '';
  const labelRoom = room - shortest.length;
  return labelRoom >= MIN_LABEL
    ? `${shorten(label, labelRoom)}${shortest}`
    : shorten(shortest.trimStart(), room);
}

/**
 * File bytes sent so far: a bar redrawn in place on a terminal, and on anything else (CI logs,
 * pipes) one plain line per tenth of the file. Once the whole body is sent it says so and that the
 * answer is awaited, since a large upload can wait a while for Kaleyra to reply.
 */
export function createProgress(
  stream: ProgressStream,
  label: string,
  fileSize: number | undefined,
): ProgressSink {
  let lastTenth = -1;
  let lastDraw = 0;
  let drawn = false;
  let waiting = false;
  let lastBodySent = 0;
  return {
    update(bodySent, bodyTotal) {
      // A retry sends the body again from its first byte: start the count over.
      if (bodySent < lastBodySent) {
        waiting = false;
        lastTenth = -1;
      }
      lastBodySent = bodySent;
      if (waiting) return;
      const sent = fileBytesSent(bodySent, bodyTotal, fileSize);
      const done = bodyTotal !== undefined && bodySent >= bodyTotal;
      const ratio = fileSize ? sent / fileSize : done ? 1 : 0;
      const percent = Math.floor(ratio * 100);
      if (fileSize === undefined) {
        // A stream of unknown length: a running count, no percentage.
        if (stream.isTTY)
          stream.write(
            `\r${label} ${megabytes(sent)} sent${done ? ', awaiting the answer' : ''}${ERASE_TO_END}`,
          );
        drawn = stream.isTTY === true;
        return;
      }
      if (stream.isTTY) {
        const now = Date.now();
        if (!done && now - lastDraw < REDRAW_MS) return;
        lastDraw = now;
        const tails: [string, string] = done
          ? [` 100% ${megabytes(fileSize)} sent, awaiting the answer`, ' 100% waiting']
          : [
              ` ${String(percent).padStart(3)}% ${megabytes(sent)} / ${megabytes(fileSize)}`,
              ` ${String(percent).padStart(3)}%`,
            ];
        stream.write(
          `\r${progressLine(label, ratio, tails, stream.columns ?? DEFAULT_COLUMNS)}${ERASE_TO_END}`,
        );
        drawn = true;
      } else {
        const tenth = Math.floor(ratio * 10);
        if (tenth > lastTenth && !done)
          stream.write(`${label} ${tenth * 10}% (${sent} of ${fileSize} bytes)\n`);
        if (done)
          stream.write(`${label} 100% (${fileSize} of ${fileSize} bytes) sent, awaiting the answer\n`);
        lastTenth = Math.max(lastTenth, tenth);
      }
      waiting = done;
    },
    finish() {
      if (drawn) stream.write('\n');
    },
  };
}
