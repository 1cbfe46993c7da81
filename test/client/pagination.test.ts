import { describe, expect, it } from 'vitest';
import { KaleyraError, KaleyraServerError, PagePromise } from '../../src/index.js';
import { useRecordingClient } from '../support/recording-client.js';

// Auto-pagination seen from the wire: the query of every page request, the items in order, where
// the iteration stops, and that awaiting the list still gives the first page alone.
const t = useRecordingClient();
const WABA = '150441234142241';
const SID = 'HXAP16XXXXXX97IN';

const profiles = (...ids: number[]) => ({
  code: 'RBC024',
  message: 'ok',
  data: ids.map((id) => ({ profile_id: `IN_p${id}`, title: `profile ${id}` })),
  error: {},
});
const uploads = (...ids: number[]) => ({
  code: 'WA200',
  data: ids.map((id) => ({ id: String(id), status: 'COMPLETED' })),
});
const templates = (names: string[], after?: string) => ({
  data: names.map((name) => ({ name, language: 'en', status: 'APPROVED' })),
  paging: {
    cursors: { before: 'B', ...(after ? { after } : {}) },
    ...(after ? { next: `https://graph.facebook.com/v21.0/${WABA}/message_templates?after=${after}` } : {}),
  },
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const seen: T[] = [];
  for await (const item of iterable) seen.push(item);
  return seen;
}

const paths = () => t.server.requests.map((request) => request.path);

describe('offset paging (callback profiles, resumable uploads)', () => {
  it('iterates three callback-profile pages, each asked for at the next offset', async () => {
    t.server.respondWith(
      { status: 200, body: profiles(1, 2) },
      { status: 200, body: profiles(3, 4) },
      { status: 200, body: profiles(5) },
    );
    const seen = await collect(t.client.callbackProfiles.list({ limit: 2, title: 'wa status' }));
    expect(seen.map((profile) => profile.profile_id)).toEqual(['IN_p1', 'IN_p2', 'IN_p3', 'IN_p4', 'IN_p5']);
    expect(paths()).toEqual([
      `/v1/${SID}/callback/profiles?limit=2&title=wa%20status`,
      `/v1/${SID}/callback/profiles?limit=2&offset=2&title=wa%20status`,
      `/v1/${SID}/callback/profiles?limit=2&offset=4&title=wa%20status`,
    ]);
  });

  it('without a limit, takes the first page length as the page size and stops on an empty page', async () => {
    t.server.respondWith(
      { status: 200, body: uploads(1, 2, 3) },
      { status: 200, body: uploads(4, 5, 6) },
      { status: 200, body: uploads() },
    );
    const seen = await collect(t.client.media.listResumable({ wabaId: WABA, offset: 10 }));
    expect(seen.map((upload) => upload.id)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(paths()).toEqual([
      `/v2/${SID}/whatsapp/${WABA}/resumable_media?offset=10`,
      `/v2/${SID}/whatsapp/${WABA}/resumable_media?offset=13`,
      `/v2/${SID}/whatsapp/${WABA}/resumable_media?offset=16`,
    ]);
  });

  it('a page shorter than the limit is the only one asked for', async () => {
    t.server.respondWith({ status: 200, body: profiles(1, 2) });
    const seen = await collect(t.client.callbackProfiles.list({ limit: 25 }));
    expect(seen.map((profile) => profile.profile_id)).toEqual(['IN_p1', 'IN_p2']);
    expect(paths()).toEqual([`/v1/${SID}/callback/profiles?limit=25`]);
  });

  it('awaited, the list is the first page alone, with its response, and asks for nothing more', async () => {
    t.server.respondWith({ status: 200, headers: { 'x-page': 'one' }, body: profiles(1, 2) });
    const listing = t.client.callbackProfiles.list({ limit: 2 });
    expect(listing).toBeInstanceOf(PagePromise);
    const page = await listing;
    expect(page).toEqual(profiles(1, 2));
    const { data, response } = await listing.withResponse();
    expect(data).toBe(page);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-page')).toBe('one');
    expect(paths()).toEqual([`/v1/${SID}/callback/profiles?limit=2`]);
  });

  it('iterating after awaiting reuses the first page instead of asking for it again', async () => {
    t.server.respondWith({ status: 200, body: profiles(1, 2) }, { status: 200, body: profiles(3) });
    const listing = t.client.callbackProfiles.list({ limit: 2 });
    await listing;
    expect((await collect(listing)).map((profile) => profile.profile_id)).toEqual([
      'IN_p1',
      'IN_p2',
      'IN_p3',
    ]);
    expect(paths()).toEqual([
      `/v1/${SID}/callback/profiles?limit=2`,
      `/v1/${SID}/callback/profiles?limit=2&offset=2`,
    ]);
  });

  it('a failure on page 2 surfaces as the typed error', async () => {
    const failure = { status: 500, body: { code: 'E500', message: 'Internal server error', error: {} } };
    t.server.respondWith({ status: 200, body: profiles(1, 2) }, failure);
    const seen: string[] = [];
    const iterate = async () => {
      for await (const profile of t.client.callbackProfiles.list({ limit: 2 })) seen.push(profile.profile_id);
    };
    const error = await iterate().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(KaleyraServerError);
    expect(error).toMatchObject({ status: 500 });
    expect(seen).toEqual(['IN_p1', 'IN_p2']);
    expect(paths()).toEqual([
      `/v1/${SID}/callback/profiles?limit=2`,
      `/v1/${SID}/callback/profiles?limit=2&offset=2`,
    ]);
  });

  it('stops with a clear error when the server answers the same page again', async () => {
    t.server.respondWith({ status: 200, body: profiles(1, 2) }, { status: 200, body: profiles(1, 2) });
    await expect(collect(t.client.callbackProfiles.list({ limit: 2 }))).rejects.toThrow(KaleyraError);
    t.server.respondWith({ status: 200, body: profiles(1, 2) }, { status: 200, body: profiles(1, 2) });
    await expect(collect(t.client.callbackProfiles.list({ limit: 2 }))).rejects.toThrow(
      /page 2: the server answered the same items as page 1/,
    );
    expect(t.server.requests).toHaveLength(4);
  });

  it('refuses a bad WABA id before sending, as a rejection of both the await and the iteration', async () => {
    await expect(t.client.media.listResumable({ wabaId: 'waba' })).rejects.toMatchObject({ field: 'wabaId' });
    await expect(collect(t.client.media.listResumable({ wabaId: 'waba' }))).rejects.toMatchObject({
      field: 'wabaId',
    });
    expect(t.server.requests).toHaveLength(0);
  });
});

describe('cursor paging (templates, Meta Graph shape)', () => {
  it('follows paging.cursors.after while the page has a next, over three pages', async () => {
    t.server.respondWith(
      { status: 200, body: templates(['a', 'b'], 'CUR1') },
      { status: 200, body: templates(['c', 'd'], 'CUR2') },
      // Graph keeps cursors.after on the last page but leaves out next.
      { status: 200, body: { ...templates(['e']), paging: { cursors: { before: 'B', after: 'CUR3' } } } },
    );
    const seen = await collect(t.client.templates.list({ wabaId: WABA, limit: 2 }));
    expect(seen.map((template) => template.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(paths()).toEqual([
      `/v2/${SID}/whatsapp/${WABA}/message_templates?limit=2`,
      `/v2/${SID}/whatsapp/${WABA}/message_templates?limit=2&after=CUR1`,
      `/v2/${SID}/whatsapp/${WABA}/message_templates?limit=2&after=CUR2`,
    ]);
  });

  it('a single page without paging, or an empty answer, ends the iteration at once', async () => {
    t.server.respondWith({ status: 200, body: { data: [{ name: 'only' }] } }, { status: 200, body: '' });
    expect(
      (await collect(t.client.templates.list({ wabaId: WABA }))).map((template) => template.name),
    ).toEqual(['only']);
    expect(await collect(t.client.templates.list({ wabaId: WABA, after: 'X' }))).toEqual([]);
    expect(paths()).toEqual([
      `/v2/${SID}/whatsapp/${WABA}/message_templates`,
      `/v2/${SID}/whatsapp/${WABA}/message_templates?after=X`,
    ]);
  });

  it('awaited, gives the first page as answered', async () => {
    t.server.respondWith({ status: 200, body: templates(['a'], 'CUR1') });
    expect(await t.client.templates.list({ wabaId: WABA })).toEqual(templates(['a'], 'CUR1'));
    expect(paths()).toHaveLength(1);
  });
});
