import { expectTypeOf, test } from 'vitest';
import type { BroadcastJob, BroadcastResult, FinalResult } from '../../src/broadcast/index.js';

test('a job carries exactly the options of its kind', () => {
  const template: BroadcastJob = {
    key: 'k',
    api: 'v2',
    kind: 'template',
    message: { to: '+919812345678', name: 'order_update', language: 'en' },
  };
  expectTypeOf(template).toMatchTypeOf<BroadcastJob>();
  // prettier-ignore
  // @ts-expect-error a v2 template takes a name and a language, not a body
  const wrong: BroadcastJob = { key: 'k', api: 'v2', kind: 'template', message: { to: '+919812345678', body: 'hi' } };
  // prettier-ignore
  // @ts-expect-error v1 jobs attach no file: a job is plain data for a journal or a queue
  const file: BroadcastJob = { key: 'k', api: 'v1', kind: 'media', message: { to: '+919812345678', media: { file: new Blob() } } };
  // @ts-expect-error markAsRead is not a send
  const read: BroadcastJob = { key: 'k', api: 'v2', kind: 'markAsRead', message: { messageId: 'x' } };
  void [wrong, file, read];
});

test('a skipped result carries the earlier final result', () => {
  expectTypeOf<Extract<BroadcastResult, { outcome: 'skipped' }>['earlier']>().toEqualTypeOf<FinalResult>();
  expectTypeOf<Extract<BroadcastResult, { outcome: 'accepted' }>['messageId']>().toEqualTypeOf<
    string | undefined
  >();
});
