import { describe, expect, it, vi } from 'vitest';
import {
  createFetchCallbackHandler,
  verifyCallbackToken,
  type CallbackEvent,
} from '../../src/callbacks/index.js';
import { LIMIT_GET } from './fixtures.js';
import { BASE, getRequest, postRequest } from './requests.js';

const SECRET = 's3cr3t-Token_value';

describe('createFetchCallbackHandler', () => {
  it('answers 200 before a slow onEvent finishes, and hands the work to waitUntil', async () => {
    let finish!: () => void;
    const events: CallbackEvent[] = [];
    const handler = createFetchCallbackHandler(async (event) => {
      events.push(event);
      await new Promise<void>((resolve) => (finish = resolve));
    });
    const kept: Promise<unknown>[] = [];
    const response = await handler(getRequest(LIMIT_GET), { waitUntil: (promise) => kept.push(promise) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(kept).toHaveLength(1);
    let settled = false;
    void kept[0]!.then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(events.map((event) => event.kind)).toEqual(['limit']);
    expect(settled).toBe(false);
    finish();
    await kept[0];
    expect(settled).toBe(true);
  });

  it('reports a failing onEvent to onError and still answers 200', async () => {
    const onError = vi.fn();
    const waitUntil = vi.fn();
    const handler = createFetchCallbackHandler(
      () => {
        throw new Error('boom');
      },
      { onError, waitUntil },
    );
    const response = await handler(getRequest(LIMIT_GET));
    expect(response.status).toBe(200);
    await waitUntil.mock.calls[0]![0];
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'boom' }),
      expect.objectContaining({ phase: 'onEvent', event: expect.objectContaining({ kind: 'limit' }) }),
    );
  });

  it('answers 400 with the reason for invalid JSON and never calls onEvent', async () => {
    const onEvent = vi.fn();
    const onRejection = vi.fn();
    const response = await createFetchCallbackHandler(onEvent, { onRejection })(postRequest('{nope'));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ ok: false, error: 'invalid-json' });
    expect(onRejection).toHaveBeenCalledWith(expect.objectContaining({ reason: 'invalid-json' }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(onEvent).not.toHaveBeenCalled();
  });

  it('answers 401 when authorize refuses, without echoing the secret', async () => {
    const onEvent = vi.fn();
    const handler = createFetchCallbackHandler(onEvent, {
      authorize: (request) => verifyCallbackToken(request, { token: SECRET }),
    });
    const wrong = await handler(
      new Request(`${BASE}?token=${SECRET.slice(0, -1)}x&display_phone_number=1&event=FLAGGED`),
    );
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain(SECRET.slice(0, 6));
    const right = await handler(new Request(`${BASE}?token=${SECRET}&display_phone_number=1&event=FLAGGED`));
    expect(right.status).toBe(200);
    expect(await right.text()).not.toContain(SECRET);
  });

  it('answers 500 when authorize throws, reporting the error', async () => {
    const onError = vi.fn();
    const handler = createFetchCallbackHandler(vi.fn(), {
      authorize: () => {
        throw new Error('vault down');
      },
      onError,
    });
    const response = await handler(getRequest(LIMIT_GET));
    expect(response.status).toBe(500);
    expect(onError).toHaveBeenCalledWith(expect.any(Error), { phase: 'authorize' });
  });
});
