// The send both send benches make (send-throughput, send-overhead): the same v2 image message, path and
// key for the SDK's sendImage and the hand-written sends beside it, so each compares the same bytes.
export const SEND_PATH = '/v2/HXAP16XXXXXX97IN/whatsapp/+919876543210/messages';
export const IMAGE_MESSAGE = {
  messaging_object: {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: '+919812345678',
    type: 'image',
    image: { link: 'https://example.com/a.png', caption: 'hi' },
  },
};
export const BENCH_KEY = 'bench-key-0123456789';
