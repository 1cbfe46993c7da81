import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/redaction/redactor.js';
import { createSafeLogger, type KaleyraLogger } from '../../src/transport/logger.js';

const KEY = 'Kx9-secret-key-value-000111';

function capture() {
  const lines: Array<{ level: string; message: string; details: Record<string, unknown> | undefined }> = [];
  const at = (level: string) => (message: string, details?: Record<string, unknown>) =>
    void lines.push({ level, message, details });
  const logger: KaleyraLogger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return { lines, logger };
}

describe('createSafeLogger', () => {
  it('returns a wrapper of the same redactor as it is, and wraps it again for another redactor', () => {
    const { lines, logger } = capture();
    const redactor = new Redactor(KEY);
    const safe = createSafeLogger(logger, redactor);
    expect(createSafeLogger(safe, redactor)).toBe(safe);
    const other = createSafeLogger(safe, new Redactor('another-key-0000'));
    expect(other).not.toBe(safe);
    other.info(`${KEY} another-key-0000`);
    expect(lines[0]!.message).not.toContain(KEY);
    expect(lines[0]!.message).not.toContain('another-key-0000');
  });

  it('passes each level through to the same level', () => {
    const { lines, logger } = capture();
    const safe = createSafeLogger(logger, new Redactor(KEY));
    safe.debug('d');
    safe.info('i');
    safe.warn('w');
    safe.error('e');
    expect(lines.map((l) => [l.level, l.message])).toEqual([
      ['debug', 'd'],
      ['info', 'i'],
      ['warn', 'w'],
      ['error', 'e'],
    ]);
    expect(lines[0]!.details).toBeUndefined();
  });

  it('keeps harmless details as they are', () => {
    const { lines, logger } = capture();
    createSafeLogger(logger, new Redactor(KEY)).info('sent', {
      method: 'POST',
      attempt: 2,
      ok: true,
      tags: ['a'],
      none: null,
    });
    expect(lines[0]!.details).toEqual({ method: 'POST', attempt: 2, ok: true, tags: ['a'], none: null });
  });

  it('masks credential-named keys and scrubs secrets at any depth', () => {
    const { lines, logger } = capture();
    createSafeLogger(logger, new Redactor(KEY)).warn(`key is ${KEY}`, {
      'api-key': 'not-declared-but-still-a-credential',
      Authorization: 'Bearer xyz',
      nested: { list: [{ text: `prefix ${KEY} suffix` }] },
    });
    expect(lines[0]!.message).toBe('key is [REDACTED]');
    expect(lines[0]!.details).toEqual({
      'api-key': '***',
      Authorization: '***',
      nested: { list: [{ text: 'prefix [REDACTED] suffix' }] },
    });
  });

  it('reduces Headers, Errors, URLs and cycles to safe plain values', () => {
    const { lines, logger } = capture();
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    createSafeLogger(logger, Redactor.none).error('failed', {
      headers: new Headers({ 'api-key': KEY, accept: 'application/json' }),
      error: Object.assign(new Error('boom'), {
        code: 'ECONNRESET',
        request: { headers: { 'api-key': KEY } },
      }),
      url: new URL(`https://sid:${KEY}@api.kaleyra.io/v1/x`),
      cyclic,
    });
    const details = lines[0]!.details!;
    expect(details.headers).toEqual({ 'api-key': '***', accept: 'application/json' });
    expect(details.error).toEqual({ name: 'Error', code: 'ECONNRESET', message: 'boom' });
    expect(details.url).toBe('https://***@api.kaleyra.io/v1/x');
    expect(details.cyclic).toEqual({ name: 'loop', self: '[Circular]' });
  });

  it('never lets a failing logger break the caller', () => {
    const throwing: KaleyraLogger = {
      debug: () => {
        throw new Error('sink down');
      },
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    };
    expect(() => createSafeLogger(throwing, Redactor.none).debug('x', { a: 1 })).not.toThrow();
  });
});
