/** A v2 status callback as a profile POSTs it, for message `id` with `status`; `ref` is echoed in extra_info. */
export function statusCallback(id: string, status = 'delivered', ref = 'order-1'): string {
  return JSON.stringify({
    meta_object: {
      value: {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: '919876543210', phone_number_id: '104123456789060' },
        statuses: [{ id: `wamid.${id}`, status, timestamp: '1722834665', recipient_id: '919812345678' }],
      },
      field: 'messages',
    },
    message_id: id,
    status,
    extra_info: { message_id: id, ref },
  });
}
