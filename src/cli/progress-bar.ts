export interface ProgressSink {
  update(sent: number, total: number | undefined): void;
  finish(): void;
}

const WIDTH = 30;

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/**
 * Bytes sent so far: a redrawn bar on a terminal, and on anything else (CI logs, pipes) one plain
 * line per tenth of the upload, so logs stay readable.
 */
export function createProgress(stream: { isTTY?: boolean; write(chunk: string): unknown }, label: string): ProgressSink {
  let lastTenth = -1;
  let lastDraw = 0;
  let drawn = false;
  return {
    update(sent, total) {
      if (stream.isTTY) {
        const now = Date.now();
        if (sent !== total && now - lastDraw < 100) return;
        lastDraw = now;
        const ratio = total ? Math.min(1, sent / total) : 0;
        const filled = Math.round(ratio * WIDTH);
        const bar = total ? `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}%` : '[uploading]';
        stream.write(`\r${label} ${bar} ${megabytes(sent)}${total ? ` / ${megabytes(total)}` : ''}`);
        drawn = true;
        return;
      }
      if (!total) return;
      const tenth = Math.floor((sent / total) * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        stream.write(`${label} ${tenth * 10}% (${sent} of ${total} bytes)\n`);
      }
    },
    finish() {
      if (drawn) stream.write('\n');
    },
  };
}
