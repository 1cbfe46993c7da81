import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKaleyraClient, KaleyraValidationError } from '../../src/index.js';

// An API key in browser code reaches every visitor. Creating a client where a page's `window` and
// `document` exist throws unless the caller opts in, as openai-node's dangerouslyAllowBrowser does.
// (The real-browser half is in test/runtimes/browser.test.ts; Deno and Bun in deno-bun.test.ts.)
const KEY = 'BROWSER-SECRET-KEY-9';
const options = { sid: 'HXAP16XXXXXX97IN', apiKey: KEY, baseUrl: 'http://127.0.0.1:9' };

afterEach(() => {
  vi.unstubAllGlobals();
});

function pretendBrowser() {
  vi.stubGlobal('window', { document: {} });
  vi.stubGlobal('navigator', { userAgent: 'Mozilla/5.0' });
}

describe('the browser guard', () => {
  it('refuses a client in a page, with a message that explains the risk and never shows the key', () => {
    pretendBrowser();
    let thrown: unknown;
    try {
      createKaleyraClient(options);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(KaleyraValidationError);
    expect(thrown).toMatchObject({ field: 'dangerouslyAllowBrowser', rule: 'browser' });
    expect(String(thrown)).toMatch(/API key would be sent to every visitor.*dangerouslyAllowBrowser: true/);
    expect(String(thrown)).not.toContain(KEY);
  });

  it('allows it with dangerouslyAllowBrowser: true', () => {
    pretendBrowser();
    expect(() => createKaleyraClient({ ...options, dangerouslyAllowBrowser: true })).not.toThrow();
  });

  it('does not take Node, or Deno 1 (which had a window), for a browser', () => {
    expect(() => createKaleyraClient(options)).not.toThrow();
    pretendBrowser();
    vi.stubGlobal('Deno', { version: { deno: '1.46.0' } });
    expect(() => createKaleyraClient(options)).not.toThrow();
  });

  it('needs a document: a global named window alone is not a page', () => {
    vi.stubGlobal('window', {});
    vi.stubGlobal('navigator', { userAgent: 'x' });
    expect(() => createKaleyraClient(options)).not.toThrow();
  });
});
