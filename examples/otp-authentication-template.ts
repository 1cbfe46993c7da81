// Sends a one-time password with an approved AUTHENTICATION template (v2). WhatsApp's authentication
// templates put the code in the body ({{1}}) and again in the copy-code / one-tap button (its URL
// parameter), so both get the same value.
//
//   KALEYRA_SID=... KALEYRA_API_KEY=... KALEYRA_POD=in KALEYRA_FROM=+91... \
//     npx tsx examples/otp-authentication-template.ts +919812345678
//
// Environment: KALEYRA_SID, KALEYRA_API_KEY, KALEYRA_FROM (your WhatsApp business number), and
// KALEYRA_POD (in | sg | eu | na) or KALEYRA_BASE_URL (for example the mock: `kaleyra-wa mock`).
// OTP_TEMPLATE names the template (default `otp_login`), OTP_LANGUAGE its language (default `en`).
import { randomInt } from 'node:crypto';
import { createKaleyraClient, KaleyraApiError, KaleyraValidationError } from 'kaleyra-whatsapp';

const to = process.argv[2];
if (!to) throw new Error('usage: otp-authentication-template.ts <recipient, E.164 like +919812345678>');

// KALEYRA_SID, KALEYRA_API_KEY, KALEYRA_POD (or KALEYRA_BASE_URL) and KALEYRA_FROM configure the client.
const kaleyra = createKaleyraClient();

// Six digits from a cryptographic source; store a hash of it with an expiry before sending it.
const code = String(randomInt(0, 1_000_000)).padStart(6, '0');

try {
  const sent = await kaleyra.v2Messages.sendTemplate({
    to,
    name: process.env.OTP_TEMPLATE ?? 'otp_login',
    language: process.env.OTP_LANGUAGE ?? 'en',
    parameters: { body: [code], buttons: [{ index: 0, urlSuffix: code }] },
    // Echoed in the status callbacks, so a delivery report can be matched to this login attempt.
    extraInfo: { ref: `otp:${to}` },
  });
  // The code itself is not printed: logs are not the place for a secret.
  console.log(`OTP sent to ${to}: message ${sent.data.message_id}`);
} catch (error) {
  if (error instanceof KaleyraValidationError) console.error(`not sent, ${error.field}: ${error.message}`);
  else if (error instanceof KaleyraApiError)
    console.error(`Kaleyra refused it: ${error.status} ${error.code} ${error.serverMessage ?? ''}`);
  else throw error;
  process.exitCode = 1;
}
