import { describe, expectTypeOf, it } from 'vitest';
import {
  type KaleyraClientOptions,
  createKaleyraClient,
  type KaleyraClient,
  type Paths,
  type Pod,
  type Schemas,
  type V1SendMessageResponse,
  type V2MediaSource,
  type V2SendMessageResponse,
} from '../../src/index.js';

// Compile-time contract of the public API (run by `vitest --typecheck`, never executed). Each line
// marked with an expect-error directive below was first checked to fail without it, for the reason named.
declare const client: KaleyraClient;
const to = '+919876543210';

describe('v2 media source: exactly one of id and link', () => {
  it('accepts an id or a link', () => {
    expectTypeOf<{ id: string }>().toExtend<V2MediaSource>();
    expectTypeOf<{ link: string }>().toExtend<V2MediaSource>();
  });

  it('refuses neither and both', () => {
    expectTypeOf<Record<never, never>>().not.toExtend<V2MediaSource>();
    expectTypeOf<{ id: string; link: string }>().not.toExtend<V2MediaSource>();
    // @ts-expect-error neither id nor link
    void client.v2Messages.sendImage({ to, media: {} });
    // @ts-expect-error id and link together
    void client.v2Messages.sendImage({ to, media: { id: '1', link: 'https://example.com/a.png' } });
    // @ts-expect-error the same rule holds for every media kind
    void client.v2Messages.sendSticker({ to, media: { id: '1', link: 'https://example.com/a.webp' } });
  });
});

describe('required and forbidden options', () => {
  it('sendText requires to and body', () => {
    void client.v2Messages.sendText({ to, body: 'hi' });
    // @ts-expect-error no to
    void client.v2Messages.sendText({ body: 'hi' });
    // @ts-expect-error no body
    void client.v2Messages.sendText({ to });
    // @ts-expect-error v1 needs a body too
    void client.v1Messages.sendText({ to });
  });

  it('a reaction cannot also be a reply', () => {
    // @ts-expect-error replyTo is omitted from reaction options
    void client.v2Messages.sendReaction({ to, messageId: 'wamid.1', emoji: '👍', replyTo: 'wamid.0' });
  });

  it('extraInfo is camelCase', () => {
    void client.v2Messages.sendText({
      to,
      body: 'hi',
      extraInfo: { callbackProfileId: 'p', waSource: 'api' },
    });
    // @ts-expect-error the wire spelling is not the option's
    void client.v2Messages.sendText({ to, body: 'hi', extraInfo: { callback_profile_id: 'p' } });
  });
});

describe('result types', () => {
  it('v2 sends answer with a string message_id', () => {
    expectTypeOf<V2SendMessageResponse['data']['message_id']>().toEqualTypeOf<string>();
    expectTypeOf(client.v2Messages.sendText).returns.resolves.toEqualTypeOf<V2SendMessageResponse>();
    expectTypeOf(client.v2Messages.markAsRead).returns.resolves.toEqualTypeOf<V2SendMessageResponse>();
  });

  it('every high-level call offers withResponse(): the same data plus status and headers', () => {
    expectTypeOf(client.v2Messages.sendImage).returns.resolves.toEqualTypeOf<V2SendMessageResponse>();
    type Answer = Awaited<ReturnType<ReturnType<typeof client.v2Messages.sendImage>['withResponse']>>;
    expectTypeOf<Answer['data']>().toEqualTypeOf<V2SendMessageResponse>();
    expectTypeOf<Answer['response']['status']>().toEqualTypeOf<number>();
    expectTypeOf<Answer['response']['headers']>().toEqualTypeOf<Headers>();
    type Upload = Awaited<ReturnType<ReturnType<typeof client.media.uploadResumable>['withResponse']>>;
    expectTypeOf<Upload['data']['data']['id']>().toEqualTypeOf<string>();
  });

  it('v1 sends answer with an array of recipients, each with a message_id', () => {
    expectTypeOf<V1SendMessageResponse['data']>().toBeArray();
    expectTypeOf<V1SendMessageResponse['data'][number]['message_id']>().toEqualTypeOf<string>();
    expectTypeOf(client.v1Messages.sendMediaTemplate).returns.resolves.toEqualTypeOf<V1SendMessageResponse>();
  });
});

describe('the raw typed clients', () => {
  type MessagesPost = Paths['/v2/{sid}/whatsapp/{phone_number}/messages']['post'];

  it("the v2 messages body is the spec's V2SendMessageRequest", async () => {
    expectTypeOf<MessagesPost['requestBody']>().toEqualTypeOf<{
      content: { 'application/json': Schemas['V2SendMessageRequest'] };
    }>();
    const body: Schemas['V2SendMessageRequest'] = {
      messaging_object: { messaging_product: 'whatsapp', to, type: 'text', text: { body: 'hi' } },
    };
    const result = await client.v2.POST('/v2/{sid}/whatsapp/{phone_number}/messages', {
      params: { path: { sid: 'HX1', phone_number: to } },
      body,
    });
    if (result.data) expectTypeOf(result.data.data.message_id).toEqualTypeOf<string>();
    if (result.error) expectTypeOf(result.error).toHaveProperty('code');
  });

  it('refuses a body or path params that do not match the spec', () => {
    void client.v2.POST('/v2/{sid}/whatsapp/{phone_number}/messages', {
      params: { path: { sid: 'HX1', phone_number: to } },
      body: {
        // @ts-expect-error a text message without text.body
        messaging_object: { messaging_product: 'whatsapp', to, type: 'text', text: { preview_url: true } },
      },
    });
    void client.v2.POST('/v2/{sid}/whatsapp/{phone_number}/messages', {
      // @ts-expect-error phone_number is a required path parameter
      params: { path: { sid: 'HX1' } },
      body: { messaging_object: { messaging_product: 'whatsapp', to, type: 'text', text: { body: 'x' } } },
    });
    // @ts-expect-error v1 paths are not on the v2 client
    void client.v2.POST('/v1/{sid}/messages', { params: { path: { sid: 'HX1' } } });
  });
});

describe('client options', () => {
  it('only the four pods compile', () => {
    expectTypeOf<Pod>().toEqualTypeOf<'in' | 'sg' | 'eu' | 'na'>();
    createKaleyraClient({ sid: 'HX1', apiKey: 'k', pod: 'eu' });
    // @ts-expect-error there is no "us" pod
    createKaleyraClient({ sid: 'HX1', apiKey: 'k', pod: 'us' });
    // @ts-expect-error apiKey is a string
    createKaleyraClient({ sid: 'HX1', apiKey: 42, pod: 'in' });
  });

  it('every option may be left to the environment (KALEYRA_SID, ...), as openai-node allows', () => {
    expectTypeOf(createKaleyraClient).parameter(0).toEqualTypeOf<Partial<KaleyraClientOptions> | undefined>();
    // @ts-expect-error dangerouslyAllowBrowser is a boolean
    createKaleyraClient({ dangerouslyAllowBrowser: 'yes' });
  });
});
