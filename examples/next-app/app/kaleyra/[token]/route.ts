// A Next.js App Router route handler receiving Kaleyra's WhatsApp callbacks at
// /kaleyra/<CALLBACK_TOKEN>. The handler is exported as it is: Next passes `{ params }` as the
// second argument, which the handler accepts and ignores (the token is checked from the URL).
import { after } from 'next/server';
import { createFetchCallbackHandler, verifyCallbackToken, type CallbackEvent } from 'kaleyra-whatsapp';

// Route handlers run on Node by default; the SDK's callbacks also run on the edge runtime.
export const dynamic = 'force-dynamic';

async function onEvent(event: CallbackEvent): Promise<void> {
  // Store or queue the event here; this runs after the 200 has been answered.
  if (event.kind === 'status') console.log(`kaleyra status: ${event.messageId} ${event.status}`);
  else console.log(`kaleyra ${event.kind} callback`);
}

const handler = createFetchCallbackHandler(onEvent, {
  authorize: (request) =>
    verifyCallbackToken(request, { token: process.env.CALLBACK_TOKEN ?? '', pathSegment: true }),
  // after() keeps the work going once the response is sent, on Vercel as on `next start`.
  waitUntil: (work) => after(work),
});

export const POST = handler;
export const GET = handler;
