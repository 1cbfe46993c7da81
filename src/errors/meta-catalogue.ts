import type { ErrorCodeInfo } from './catalogue.js';

/**
 * Meta's Cloud API codes that reach a Kaleyra user: in the `errors` of a `failed` status callback
 * (most of them), or passed through in an API answer. From Meta's "WhatsApp error codes" reference
 * (business-messaging/whatsapp/support/error-codes), with the HTTP status it lists for each; the
 * meaning and the action are said in our words. Kaleyra's own codes, and Meta's throttling codes that
 * Kaleyra's pages list, are in ERROR_CATALOGUE.
 */
export const META_ERROR_CATALOGUE: Readonly<Record<string, ErrorCodeInfo>> = Object.freeze({
  '1': {
    httpStatus: 400,
    meaning: 'Meta could not process the request (unknown API error).',
    action: "Check Meta's platform status; if there is no outage, check the request against the reference.",
    retry: 'later',
  },
  '2': {
    httpStatus: 503,
    meaning: "Meta's service is down or overloaded for now.",
    action: "Check Meta's platform status and try again later.",
    retry: 'later',
  },
  '33': {
    httpStatus: 400,
    meaning: 'The business phone number has been deleted.',
    action: 'Check the business number the send went from.',
    retry: 'after-fix',
  },
  '100': {
    httpStatus: 400,
    meaning: 'The request has an unsupported or misspelled parameter.',
    action: 'Compare the message with the reference for its type.',
    retry: 'no',
  },
  '368': {
    httpStatus: 403,
    meaning: 'The WhatsApp Business Account is temporarily blocked for a policy violation.',
    action: 'Read the policy-enforcement notice in WhatsApp Manager; sends fail until it is lifted.',
    retry: 'after-fix',
  },
  '130472': {
    httpStatus: 400,
    meaning: "The recipient's number is part of one of Meta's experiments: the message was not sent.",
    action: 'Nothing to fix; a marketing message to this number may be held back again.',
    retry: 'no',
  },
  '130497': {
    httpStatus: 403,
    meaning: "The business may not message users in the recipient's country.",
    action: 'See the messaging restrictions for that country in WhatsApp Manager.',
    retry: 'after-fix',
  },
  '131000': {
    httpStatus: 500,
    meaning: 'Something went wrong at Meta while sending.',
    action: 'Try again later; if it persists, contact Kaleyra support with the message id.',
    retry: 'later',
  },
  '131005': {
    httpStatus: 403,
    meaning: 'Access denied: the account lacks the permission this needs.',
    action: 'Check the WABA and phone number permissions with Kaleyra.',
    retry: 'after-fix',
  },
  '131008': {
    httpStatus: 400,
    meaning: 'A required parameter is missing.',
    action: 'Add the missing field named in the error details.',
    retry: 'no',
  },
  '131009': {
    httpStatus: 400,
    meaning: 'A parameter value is not valid (a template variable, a number, a media id).',
    action: 'Fix the value named in the error details.',
    retry: 'no',
  },
  '131016': {
    httpStatus: 503,
    meaning: 'A Meta service is temporarily unavailable.',
    action: "Check Meta's platform status and try again later.",
    retry: 'later',
  },
  '131021': {
    httpStatus: 400,
    meaning: 'The recipient is the sending business number itself.',
    action: 'Send to a different number than the business number.',
    retry: 'no',
  },
  '131026': {
    httpStatus: 400,
    meaning:
      'The message could not be delivered: the number is not on WhatsApp, has not accepted the current terms, runs too old a WhatsApp version, or has blocked the business.',
    action: 'Do not resend to this number; check it is on WhatsApp and reach the customer another way.',
    retry: 'no',
  },
  '131031': {
    httpStatus: 403,
    meaning: 'The business account is locked (a policy violation or failed verification).',
    action: 'Resolve the lock in WhatsApp Manager or with Kaleyra support; every send fails until then.',
    retry: 'after-fix',
  },
  '131037': {
    httpStatus: 400,
    meaning: 'The business number needs its display name approved before it can send.',
    action: 'Get the display name approved in WhatsApp Manager.',
    retry: 'after-fix',
  },
  '131042': {
    httpStatus: 400,
    meaning:
      'A payment problem on the business account (no valid payment method, credit line over its limit).',
    action: 'Fix the payment settings of the WhatsApp Business Account.',
    retry: 'after-fix',
  },
  '131045': {
    httpStatus: 500,
    meaning: "The phone number's certificate is not valid (registration incomplete).",
    action: 'Register the number again with Kaleyra.',
    retry: 'after-fix',
  },
  '131047': {
    httpStatus: 400,
    meaning:
      'Re-engagement needed: more than 24 hours passed since the customer last wrote, so only a template can be sent.',
    action: 'Send an approved template instead of a free-form message.',
    retry: 'no',
  },
  '131048': {
    httpStatus: 400,
    meaning: 'Spam rate limit: too many earlier messages from this number were blocked or reported.',
    action: "Check the number's quality rating in WhatsApp Manager and send less; the limit follows quality.",
    retry: 'later',
  },
  '131049': {
    httpStatus: 400,
    meaning:
      'Meta chose not to deliver this marketing message, to keep the recipient from getting too many (per-user marketing limit).',
    action: 'Do not resend at once; try again after a day, or reach the customer another way.',
    retry: 'later',
  },
  '131050': {
    httpStatus: 400,
    meaning: 'The recipient has stopped marketing messages from this business.',
    action: 'Do not send this customer marketing messages; respect the opt-out.',
    retry: 'no',
  },
  '131051': {
    httpStatus: 400,
    meaning: 'The message type is not supported.',
    action: 'Send a type the API supports.',
    retry: 'no',
  },
  '131052': {
    httpStatus: 400,
    meaning: 'The media the customer sent could not be downloaded.',
    action: 'Ask the customer to send it again.',
    retry: 'no',
  },
  '131053': {
    httpStatus: 400,
    meaning:
      'The media could not be uploaded or fetched for sending (an unsupported type, or a link that did not answer).',
    action: 'Check the media type and size, and that the link is public and answers quickly.',
    retry: 'no',
  },
  '131056': {
    httpStatus: 400,
    meaning:
      'Too many messages from this business number to this recipient in a short time (pair rate limit).',
    action: 'Wait before sending to the same recipient again; other recipients are not affected.',
    retry: 'later',
  },
  '131057': {
    httpStatus: 500,
    meaning: 'The business account is in maintenance mode (for example during a throughput upgrade).',
    action: 'Try again in a few minutes.',
    retry: 'later',
  },
  '132000': {
    httpStatus: 400,
    meaning: "The template's variable count does not match what was sent.",
    action: 'Send exactly the parameters the approved template has.',
    retry: 'no',
  },
  '132001': {
    httpStatus: 404,
    meaning: 'The template does not exist in that language, or is not approved.',
    action: 'Check the template name and language code, and that it is approved.',
    retry: 'no',
  },
  '132005': {
    httpStatus: 400,
    meaning: 'The template text with its variables filled in is too long.',
    action: 'Shorten the variable values.',
    retry: 'no',
  },
  '132007': {
    httpStatus: 400,
    meaning: "The filled-in template breaks WhatsApp's formatting policy.",
    action: 'Remove the characters or formatting the policy forbids from the variables.',
    retry: 'no',
  },
  '132012': {
    httpStatus: 400,
    meaning: "A variable's format does not match the template (text, currency, date, media).",
    action: 'Send each parameter in the format the template declares.',
    retry: 'no',
  },
  '132015': {
    httpStatus: 400,
    meaning: 'The template is paused for low quality.',
    action: 'Edit the template or wait for it to be unpaused; send another template meanwhile.',
    retry: 'after-fix',
  },
  '132016': {
    httpStatus: 400,
    meaning: 'The template is disabled for low quality and cannot be sent or edited.',
    action: 'Create a new template.',
    retry: 'no',
  },
  '132068': {
    httpStatus: 400,
    meaning: 'The flow is blocked.',
    action: 'Fix the flow in WhatsApp Manager.',
    retry: 'after-fix',
  },
  '132069': {
    httpStatus: 400,
    meaning: 'The flow is throttled: too many messages with it in the last hour.',
    action: 'Send it again later.',
    retry: 'later',
  },
  '133010': {
    httpStatus: 400,
    meaning: 'The business phone number is not registered on the WhatsApp Business Platform.',
    action: 'Register the number with Kaleyra before sending from it.',
    retry: 'after-fix',
  },
  '135000': {
    httpStatus: 400,
    meaning: 'Meta failed the send for an unknown reason in the request.',
    action: 'Check the request against the reference; if it is right, contact Kaleyra support.',
    retry: 'no',
  },
} satisfies Record<string, ErrorCodeInfo>);
