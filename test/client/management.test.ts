import { describe, expect, it } from 'vitest';
import { KaleyraValidationError } from '../../src/index.js';
import { escapePointer, validatorAt } from '../spec/support/spec-validator.js';
import { useRecordingClient } from '../support/recording-client.js';

// Template, flow and callback-profile management seen from the wire, each body checked against the spec.
const t = useRecordingClient();
const WABA = '150441234142241';
const requestSchema = (path: string, mediaType = 'application/json') =>
  validatorAt(`#/paths/${escapePointer(path)}/post/requestBody/content/${escapePointer(mediaType)}/schema`);

describe('templates', () => {
  it('v2 create posts the definition as JSON to the WABA', async () => {
    const definition = {
      name: 'order_update',
      category: 'UTILITY' as const,
      language: 'en',
      components: [{ type: 'BODY', text: 'Your order {{1}} has shipped' }],
    };
    await t.client.templates.create({ wabaId: WABA, ...definition } as never);
    const [request] = t.server.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe(`/v2/HXAP16XXXXXX97IN/whatsapp/${WABA}/message_templates`);
    expect(request!.json).toEqual(definition);
    expect(requestSchema('/v2/{sid}/whatsapp/{waba_id}/message_templates')(request!.json).errors).toEqual([]);
  });

  it('v2 list and delete (by name, and one language version by id)', async () => {
    await t.client.templates.list({ wabaId: WABA });
    await t.client.templates.delete({ wabaId: WABA, name: 'order confirmation' });
    await t.client.templates.delete({
      wabaId: WABA,
      name: 'order_confirmation',
      templateId: '1201234567890241',
    });
    expect(t.server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v2/HXAP16XXXXXX97IN/whatsapp/${WABA}/message_templates`,
      `DELETE /v2/HXAP16XXXXXX97IN/whatsapp/${WABA}/message_templates?name=order%20confirmation`,
      `DELETE /v2/HXAP16XXXXXX97IN/whatsapp/${WABA}/message_templates?name=order_confirmation&template_id=1201234567890241`,
    ]);
  });

  it('v1 create sends the documented form fields', async () => {
    const template = {
      name: 'auth_otp',
      category: 'AUTHENTICATION' as const,
      language: 'en',
      body: '{"add_security_recommendation":"true"}',
      button_data: '[{"type":"OTP","otp_type":"COPY_CODE","text":"Copy code"}]',
      waba_id: WABA,
    };
    await t.client.templates.createV1(template);
    const [request] = t.server.requests;
    expect(request!.path).toBe('/v1/HXAP16XXXXXX97IN/whatsapp/template');
    const fields = Object.fromEntries(request!.parts!.map((p) => [p.name, p.text]));
    expect(fields).toEqual(template);
    expect(requestSchema('/v1/{sid}/whatsapp/template', 'multipart/form-data')(fields).errors).toEqual([]);
  });
});

describe('flows and callback profiles', () => {
  it('creates and publishes a flow', async () => {
    await t.client.flows.create({ wabaId: WABA, name: 'signup', categories: ['SIGN_UP'] });
    await t.client.flows.publish({ flowId: '1121234567890207' });
    expect(t.server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /v2/HXAP16XXXXXX97IN/whatsapp/${WABA}/flows`,
      'POST /v2/HXAP16XXXXXX97IN/whatsapp/1121234567890207/publish',
    ]);
    expect(t.server.requests[0]!.json).toEqual({ name: 'signup', categories: ['SIGN_UP'] });
  });

  it('lists callback profiles with paging and a title filter', async () => {
    await t.client.callbackProfiles.list({ limit: 25, offset: 0, title: 'wa status' });
    expect(t.server.requests[0]!.path).toBe(
      '/v1/HXAP16XXXXXX97IN/callback/profiles?limit=25&offset=0&title=wa%20status',
    );
  });

  it('refuses bad input before sending', async () => {
    await expect(
      t.client.templates.create({ wabaId: 'waba', name: 'x', category: 'UTILITY' } as never),
    ).rejects.toMatchObject({ field: 'wabaId' });
    await expect(
      t.client.templates.create({ wabaId: WABA, name: 'x'.repeat(513), category: 'UTILITY' } as never),
    ).rejects.toMatchObject({ rule: 'max-length' });
    await expect(t.client.templates.delete({ wabaId: WABA, name: '' })).rejects.toBeInstanceOf(
      KaleyraValidationError,
    );
    await expect(t.client.flows.create({ wabaId: WABA, name: 'f', categories: [] })).rejects.toMatchObject({
      field: 'categories',
    });
    await expect(t.client.flows.publish({ flowId: 'abc' })).rejects.toMatchObject({ field: 'flowId' });
    expect(t.server.requests).toHaveLength(0);
  });
});
