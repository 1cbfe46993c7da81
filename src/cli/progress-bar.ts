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

/** The outcome counts a broadcast's progress shows; `BroadcastResult['outcome']` fills them. */
export interface BroadcastCounts {
  accepted: number;
  rejected: number;
  uncertain: number;
  skipped: number;
}

function eta(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * A broadcast's counts, rate and ETA. On a terminal: one line redrawn in place, cut to the
 * terminal's width (the bar goes first, then the longer wording) and erased to its end, so a shorter
 * redraw leaves nothing of the last one. Elsewhere (CI logs, pipes): one plain line per tenth of the
 * rows. A dry run sends nothing: its rows are "checked", the good ones "would send".
 */
export function createBroadcastProgress(
  stream: ProgressStream,
  total: number,
  options: { dryRun?: boolean } = {},
) {
  const counts: BroadcastCounts = { accepted: 0, rejected: 0, uncertain: 0, skipped: 0 };
  const started = Date.now();
  let done = 0;
  let lastDraw = 0;
  let lastTenth = 0;
  const figures = () => {
    const seconds = Math.max((Date.now() - started) / 1_000, 0.001);
    const rate = done / seconds;
    const left = rate > 0 && done < total ? eta((total - done) / rate) : '-';
    const { accepted, rejected, uncertain, skipped } = counts;
    const outcomes = options.dryRun
      ? `would send ${accepted}, rejected ${rejected}, skipped ${skipped}`
      : `accepted ${accepted}, rejected ${rejected}, uncertain ${uncertain}, skipped ${skipped}`;
    const short = options.dryRun
      ? `${accepted} would send, ${rejected} rejected, ${skipped} skipped`
      : `${accepted} ok, ${rejected} rejected, ${uncertain} uncertain, ${skipped} skipped`;
    return { outcomes, short, rate: `${rate.toFixed(1)}/s`, left };
  };
  const label = () => `${options.dryRun ? 'checked' : 'sent'} ${done}/${total}`;
  return {
    counts,
    add(outcome: keyof BroadcastCounts) {
      done++;
      counts[outcome]++;
      if (stream.isTTY) {
        const now = Date.now();
        if (now - lastDraw < REDRAW_MS && done !== total) return;
        lastDraw = now;
        const f = figures();
        const tails = [
          ` ${f.outcomes} | ${f.rate} | ETA ${f.left}`,
          ` ${f.short} | ETA ${f.left}`,
          ` ETA ${f.left}`,
        ] as const;
        // The counts matter more than the label's or the bar's length: a shorter wording is tried
        // before anything is cut, and only the last one may be.
        const draw = (tail: string) =>
          progressLine(label(), total ? done / total : 1, [tail], stream.columns ?? DEFAULT_COLUMNS);
        const whole = tails
          .map(draw)
          .find((line, i) => line.startsWith(`${label()} [`) && line.endsWith(tails[i]!));
        stream.write(`\r${whole ?? draw(tails[2])}${ERASE_TO_END}`);
      } else if (total > 0 && Math.floor((done / total) * 10) > lastTenth) {
        lastTenth = Math.floor((done / total) * 10);
        const f = figures();
        // The plain form log readers (and scripts) already take: counts without commas.
        const { accepted, rejected, uncertain, skipped } = counts;
        const outcomes = options.dryRun
          ? `checked, would send ${accepted} rejected ${rejected} skipped ${skipped}`
          : `accepted ${accepted} rejected ${rejected} uncertain ${uncertain} skipped ${skipped}`;
        stream.write(`${done}/${total} ${outcomes} | ${f.rate} | ETA ${f.left}\n`);
      }
    },
    finish() {
      if (stream.isTTY && done > 0) stream.write('\n');
    },
  };
}
