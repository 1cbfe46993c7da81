// The callback the receiver benches send: a v2 "delivered" status as a callback profile POSTs it
// (about 900 bytes, the size of Kaleyra's own sample). `statusBody(i)` gives each request its own id.
export function statusBody(i = 0) {
  return JSON.stringify({
    meta_object: {
      value: {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: '919876543210', phone_number_id: '104123456789060' },
        statuses: [
          {
            id: `wamid.HBgMOTE5ODc2NTQzMjEwFQIAERgSQjk3RkY2RDM2RkE4MDc4${String(i).padStart(8, '0')}`,
            status: 'delivered',
            timestamp: '1722834665',
            recipient_id: '919812345678',
            conversation: {
              id: 'a7f9c3269f79de5d8e0e0aacac299cfb',
              expiration_timestamp: '1722921065',
              origin: { type: 'marketing' },
            },
            pricing: { billable: true, pricing_model: 'Conversation-Based Pricing', category: 'marketing' },
          },
        ],
      },
      field: 'messages',
    },
    message_id: `6f5e1c2a-8b3d-4f0e-9a7c-2d1b0e9f${String(i).padStart(4, '0').slice(-4)}`,
    status: 'delivered',
    extra_info: {
      message_id: `6f5e1c2a-8b3d-4f0e-9a7c-2d1b0e9f${String(i).padStart(4, '0').slice(-4)}`,
      ref: 'order-1234',
      ref1: 'campaign-summer',
      ref2: 'segment-a',
      trace_id: '9f3c2a1b-7d6e-4c5b-8a9f-0e1d2c3b4a59',
      waba_id: '150441234142241',
    },
    waba_id: '150441234142241',
    mobile: '919812345678',
    created_at: '2024-08-05 05:11:05',
  });
}
