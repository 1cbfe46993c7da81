import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBroadcastProgress } from '../../src/cli/progress-bar.js';
import { runCli } from './run-cli.js';

/**
 * What a terminal of `columns` columns shows after `output`: `\r` returns to the first column,
 * ESC[K erases to the end of the line, and writing past the last column wraps to a new line.
 */
function screen(output: string, columns: number): string[] {
  const lines = [''];
  let row = 0;
  let col = 0;
  for (let i = 0; i < output.length; i++) {
    if (output.startsWith('\x1b[K', i)) {
      lines[row] = lines[row]!.slice(0, col);
      i += 2;
      continue;
    }
    const c = output[i]!;
    if (c === '\r') col = 0;
    else if (c === '\n') {
      lines[++row] ??= '';
      col = 0;
    } else {
      if (col === columns) {
        lines[++row] ??= '';
        col = 0;
      }
      const line = lines[row]!.padEnd(col);
      lines[row] = line.slice(0, col) + c + line.slice(col + 1);
      col++;
    }
  }
  return lines;
}

function terminal(columns: number) {
  let output = '';
  return {
    stream: { isTTY: true, columns, write: (chunk: string) => (output += chunk) },
    screen: () => screen(output, columns),
    writes: () => output,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the broadcast progress line', () => {
  it.each([80, 120, 40])(
    'at %i columns stays one line, redrawn in place, with nothing left of a longer redraw',
    (columns) => {
      vi.useFakeTimers({ now: 0 });
      const tty = terminal(columns);
      const total = 150;
      const progress = createBroadcastProgress(tty.stream, total);
      for (let i = 0; i < total; i++) {
        // One row a second: the ETA counts down from minutes through seconds to "-".
        vi.advanceTimersByTime(1_000);
        progress.add(i % 10 === 0 ? 'rejected' : 'accepted');
        const shown = tty.screen();
        expect(shown, `after row ${i + 1}`).toHaveLength(1);
        expect(shown[0]!.length).toBeLessThan(columns);
      }
      const [last] = tty.screen();
      expect(last).toMatch(/^sent 150\/150 .*ETA -$/);
      if (columns >= 120) expect(last).toContain('accepted 135, rejected 15, uncertain 0, skipped 0 | ');
      else if (columns >= 80) expect(last).toContain('135 ok, 15 rejected, 0 uncertain, 0 skipped | ETA -');
      progress.finish();
      expect(tty.screen()).toEqual([last, '']);
    },
  );

  it('shows minutes for a long ETA', () => {
    vi.useFakeTimers({ now: 0 });
    const tty = terminal(120);
    const progress = createBroadcastProgress(tty.stream, 200);
    vi.advanceTimersByTime(1_000);
    progress.add('accepted');
    expect(tty.screen()[0]).toMatch(/ETA 3m19s$/);
  });

  it('in a dry run says checked and would send, never accepted', () => {
    vi.useFakeTimers({ now: 0 });
    const tty = terminal(100);
    const progress = createBroadcastProgress(tty.stream, 4, { dryRun: true });
    for (const outcome of ['accepted', 'accepted', 'rejected', 'accepted'] as const) {
      vi.advanceTimersByTime(500);
      progress.add(outcome);
    }
    expect(tty.screen()[0]).toMatch(/^checked 4\/4 \[#+\] would send 3, rejected 1, skipped 0 \| /);
    expect(tty.writes()).not.toContain('accepted');
  });
});

describe('kaleyra-wa broadcast', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kaleyra-broadcast-output-'));
  const csv = join(dir, 'customers.csv');
  const rows = Array.from({ length: 40 }, (_, i) => `+9198123456${String(i).padStart(2, '0')},Asha`);
  writeFileSync(csv, ['phone,first_name', ...rows, '12,Bad'].join('\n'));
  const env = { KALEYRA_SID: 'HXAP16XXXXXX97IN', KALEYRA_POD: 'in', KALEYRA_FROM: '+919876543210' };
  const argv = [
    'broadcast',
    '--csv',
    csv,
    '--name',
    'order_update',
    '--param-columns',
    'first_name',
    '--dry-run',
  ];

  it('--dry-run on an 80-column terminal: one progress line, checked and would send', async () => {
    const run = await runCli(argv, env, { tty: true, columns: 80 });
    expect(run.code).toBe(1);
    const [progress, summary, end] = screen(run.stderr, 80);
    expect(progress).toMatch(/^checked 41\/41 \[#+\] 40 would send, 1 rejected, 0 skipped \| ETA -$/);
    expect(summary).toBe('dry run: 40 valid, 1 rejected, 0 skipped of 41 rows; nothing was sent');
    expect(end).toBe('');
  });

  it('--json: one JSON line per row, then the summary, and nothing but progress on stderr', async () => {
    const run = await runCli([...argv, '--json'], env);
    expect(run.code).toBe(1);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(42);
    expect(lines[0]).toEqual({
      key: '+919812345600',
      outcome: 'valid',
      messageId: null,
      code: null,
      detail: null,
    });
    expect(lines).toContainEqual(
      // Without + and without --default-country: the numbering plan cannot tell its country.
      expect.objectContaining({ key: '12', outcome: 'rejected', code: 'to country-code' }),
    );
    expect(lines.at(-1)).toEqual({
      summary: { dryRun: true, rows: 41, valid: 40, rejected: 1, uncertain: 0, skipped: 0 },
    });
    expect(run.stderr).not.toContain('dry run:');
  });
});
