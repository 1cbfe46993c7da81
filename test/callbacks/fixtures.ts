/**
 * Every callback sample from the facts sheet §5, as printed. POST samples are kept as JSON text
 * (String.raw, so the pages' `\/` and `\uXXXX` escapes survive); GET forms as query strings with
 * their quotes. Masked digits (`172XXXXXXX`) and `<variable>` placeholders are kept too: tests
 * fill them in with `fill` / `unmask`, the way Kaleyra substitutes dynamic variables.
 * Corrections are only where the printed JSON is invalid, and each is marked.
 */

// §5.2 v2 "Sent" webhook. CORRECTED: the page has a trailing comma after the last member.
export const V2_SENT = String.raw`{
"meta_object": {
"value": {
"messaging_product": "whatsapp",
"metadata": {
"display_phone_number": "91XXXXXXXXXX",
"phone_number_id": "104XXXXXXXXXX60"
},
"statuses": [
{
"id": "XXX7f9c32XXXX9deXXXXXXacac299cfb",
"status": "sent",
"timestamp": "1722834665",
"recipient_id": "919407XXXXXX",
"conversation": {
"id": "XXX7f9c3269f79deXXXXXXacac299cfb",
"expiration_timestamp": "172XXXX260",
"origin": {
"type": "marketing"
}
},
"pricing": {
"billable": true,
"pricing_model": "Conversation-Based Pricing",
"category": "marketing"
}
}
]
},
"field": "messages"
},
"extra_info": {
"trace_id": "8f14e45f-eXXX-4c1a-9e77-1a5XXXXXXXXX",
"message_id": "wamid.XXXXXHE5NXXXXXXXXXXDAQ==",
"waba_id": "12XXXXX34512345",
"ref": "campaign_2025_summer_sale",
"ref1": "order_ORD_456789",
"ref2": "payment_pending",
"enable_url_tracking_body": false,
"enable_url_tracking_button": false
},
"status":"sent",
"message_id": "wamid.HBgMOTE5NDAXXXXXX3MDFQIAERgSMEYxMEM1QjQ3QjXXXXXXQ2N0YA"
}`;

/** The Sent sample exactly as printed (trailing comma), which is not JSON. */
export const V2_SENT_AS_PRINTED = V2_SENT.replace(/"\n}$/, '",\n}');

// §5.3 Document. CORRECTED: the page is truncated inside extra_info.reply_to; the string, the
// missing extra_info members and the closing braces are completed from the sticker sample.
export const INCOMING_DOCUMENT = String.raw`{
    "meta_object": {
        "value": {
            "messaging_product": "whatsapp",
            "metadata": {
                "display_phone_number": "918XXXXXXXXX",
                "phone_number_id": "1046XXXXXXXXXXX"
            },
            "contacts": [
                {
                    "profile": {
                        "name": "Samuel"
                    },
                    "wa_id": "919XXXXXXXXX"
                }
            ],
            "messages": [
                {
                    "from": "919XXXXXXXXX",
                    "id": "wamid.HBgMOTE5NzQwNzc2NTA1FQIAEhgXXXXXXXXgQzM4RUE2RjRBMDcyODcyNEY5RjIwREUwMzcA",
                    "timestamp": "172XXXXXXX",
                    "type": "document",
                    "document": {
                        "filename": "Open smile features for variability.pdf",
                        "mime_type": "application\/pdf",
                        "sha256": "a5auRphs4M7S53IpTQstXXXXXXFrDfh08Aj3tMvur5g=",
                        "id": "1062XXXXXXXXXX98"
                    }
                }
            ]
        },
        "field": "messages"
    },
     "extra_info": {
      	 		"media_url": "",
      	 		"ref": "Hello This will be my reference id - 123",
      	 		"ref1": "shoes campaign",
      	 		"ref2": "summer sale campaign",
      			"reply_to": "48c38d78-4ec5-XXXX-abee-03XXXXXX6c85",
      			"trace_id": "cb94fee2-3e70-XXXX-944a-2a4XXXXdb90a",
      			"waba_id": "347XXXXXXXXXX69"
     }
}`;

export const INCOMING_STICKER = String.raw`{
"meta_object": {
"value": {
"messaging_product": "whatsapp",
"metadata": {
"display_phone_number": "918XXXXXXXXX",
"phone_number_id": "10XXXXXXXXXXXXX"
},
"contacts": [
{
"profile": {
"name": "Samuel"
},
"wa_id": "919XXXXXXXXX"
}
],
"messages": [
{
"from": "919XXXXXXXXX",
"id": "wamid.HBgMOTE5NzQwNzc2NTA1FQIXXXXXXXXXXAEhgg0ZEOUU0NzIwQTg3MEUzMTc0OEU3QzMwNEQA",
"timestamp": "17XXXXXXXX",
"type": "sticker",
"sticker": {
"mime_type": "image\/webp",
"sha256": "Twg5CZJCqXXXXXXXXy67ghrhEcmMyqa3ZNEaSN3nzJ0=",
"id": "1034XXXXXXXXXXXX",
"animated": true
}
}
]
},
"field": "messages"
},
"extra_info": {
"media_url": "https://example.com/images/product123.jpg",
"ref": "Hello This will be my reference id - 123",
"ref1": "shoes campaign",
"ref2": "summer sale campaign",
"reply_to": "48c38d78-4ec5-XXXX-abee-03XXXXXX6c85",
"trace_id": "cb94fee2-3e70-XXXX-944a-2a4XXXXdb90a",
"waba_id": "347XXXXXXXXXX69"
}
}`;

export const INCOMING_REACTION = String.raw`{
"meta_object": {
"value": {
"messaging_product": "whatsapp",
"metadata": {
"display_phone_number": "9180XXXXXXXX",
"phone_number_id": "1046XXXXXXXXXXX"
},
"contacts": [
{
"profile": {
"name": "<name>"
},
"wa_id": "9197XXXXXXXX"
}
],
"messages": [
{
"from": "9197XXXXXXXX",
"id": "wamid.HBgMOTE5NzQwNzc2NTA1FQIAEhggMDI1QjVEMzZGQzE2RDI3QzY2MjU2MTgwQjQ3RDM2NDYA",
"timestamp": "1722863329",
"type": "reaction",
"reaction": {
"message_id": "wamid.HBgMOTE5NzQwNzc2NTA1FQIAEhggMUZCRkM3Qzc2QzEzN0ZBRkE4QzQyMURGRDI0QjBDNEUA",
"emoji": "\ud83d\ude02"
}
}
]
},
"field": "messages"
},
"extra_info": {
"media_url": "",
"ref": "Hello This will be my reference id - 123",
"ref1": "shoes campaign",
"ref2": "summer sale campaign",
"reply_to": "48c38d78-4ec5-XXXX-abee-03XXXXXX6c85",
"trace_id": "cb94fee2-3e70-XXXX-944a-2a4XXXXdb90a",
"waba_id": "347XXXXXXXXXX69"
}
}`;

export const INCOMING_REPLY_IMAGE = String.raw`{
"meta_object": {
"value": {
"messaging_product": "whatsapp",
"metadata": {
"display_phone_number": "918XXXXXXXXX",
"phone_number_id": "10460XXXXXXXXXX"
},
"contacts": [
{
"profile": {
"name": "Samuel"
},
"wa_id": "919XXXXXXXXX"
}
],
"messages": [
{
"context": {
"from": "919XXXXXXXXX",
"id": "wamid.HBgMOTE5NzQwNzc2NTXXXXXXXXXXA1FQIAEhggRUQxMzMUQ4QzFGREQ5NzI3OUFBNTEwQTkA"
},
"from": "919XXXXXXXXX",
"id": "wamid.HBgMOTE5NzQwNzc2NTA1FQIXXXXXXXXXXAEhggMEJFNkVDE4MzFCOTFDQTQ1MEM2RDJFQkMA",
"timestamp": "17XXXXXXXX",
"type": "image",
"image": {
"mime_type": "image\/jpeg",
"sha256": "hYeiE5iZTCUKVSRXXXXXXXXXXtP4CwWZIq5j3e3SqnU=",
"id": "4621XXXXXXXXXXX"
}
}
]
},
"field": "messages"
},
"extra_info": {
"media_url": "https://example.com/images/product123.jpg",
"ref": "Hello This will be my reference id - 123",
"ref1": "shoes campaign",
"ref2": "summer sale campaign",
"reply_to": "48c38d78-4ec5-XXXX-abee-03XXXXXX6c85",
"trace_id": "cb94fee2-3e70-XXXX-944a-2a4XXXXdb90a",
"waba_id": "347XXXXXXXXXX69"
}
}`;

export const INCOMING_LIST_REPLY = String.raw`{
"meta_object": {
"value": {
"messaging_product": "whatsapp",
"metadata": {
"display_phone_number": "91XXXXXXXXXX",
"phone_number_id": "177XXXXXXXXXX40"
},
"contacts": [
{
"profile": {
"name": "Sam"
},
"wa_id": "91XXXXXXXXXX"
}
],
"messages": [
{
"context": {
"from": "918XXXXXXXX0",
"id": "wamid.HBgMOTE5NzQwNzc2NTAXXXXXXXXXX1FQIAERgSQjgxMzQyOUJFNURCOTMzRjBGAA=="
},
"from": "9197XXXXXXXX",
"id": "wamid.HBgMOTE5NzQwNzc2NTA1FQIAEhggQkZGNDcyQkZjIyMjAzNjkzODlBRENGQjgA",
"timestamp": "17XXXXXX23",
"type": "interactive",
"interactive": {
"type": "list_reply",
"list_reply": {
"id": "1",
"title": "1st sec 1 Row \u0c85\u0ca4\u0cc1\u0cb2\u0ccd",
"description": "Its Description-here 1st row"
}
}
}
]
},
"field": "messages"
},
"extra_info": {
"media_url": "",
"ref": "Hello This will be my reference id - 123",
"ref1": "shoes campaign",
"ref2": "summer sale campaign",
"reply_to": "48c38d78-4ec5-XXXX-abee-03XXXXXX6c85",
"trace_id": "cb94fee2-3e70-XXXX-944a-2a4XXXXdb90a",
"waba_id": "347XXXXXXXXXX69"
}
}`;

/** Pages that print only `messages[0]` are wrapped in the envelope they describe. */
function envelope(
  metadata: { display: string; phoneNumberId: string },
  contact: { name: string; waId: string },
  message: string,
): string {
  return `{
"meta_object": {
"value": {
"messaging_product": "whatsapp",
"metadata": { "display_phone_number": "${metadata.display}", "phone_number_id": "${metadata.phoneNumberId}" },
"contacts": [ { "profile": { "name": "${contact.name}" }, "wa_id": "${contact.waId}" } ],
"messages": [ ${message} ]
},
"field": "messages"
},
"extra_info": {
"media_url": "",
"ref": "Hello This will be my reference id - 123",
"ref1": "shoes campaign",
"ref2": "summer sale campaign",
"reply_to": "48c38d78-4ec5-XXXX-abee-03XXXXXX6c85",
"trace_id": "cb94fee2-3e70-XXXX-944a-2a4XXXXdb90a",
"waba_id": "347XXXXXXXXXX69"
}
}`;
}

// Interactive – Template Message: messages[0] as printed; envelope as the list-reply sample.
export const INCOMING_TEMPLATE_BUTTON_MESSAGE = String.raw`{
"context": {
"from": "918XXXXXXXX0",
"id": "wamid.HBgMOTE5NzQwNzc2NXXXXXXXXXXTA1FQjQxMjEyNjZBQTdGAA=="
},
"from": "91XXXXXXXXXX",
"id": "wamid.HBgMOTE5NzQwNzc2NTA1FQIAEhggXXXXXXXXXXRDI1Q0Y5OTcxBENzlCNjRFMDkzNkIxRjMA",
"timestamp": "17XXXXXXXX",
"type": "button",
"button": {
"payload": "button0",
"text": "message"
}
}`;
export const INCOMING_TEMPLATE_BUTTON = envelope(
  { display: '91XXXXXXXXXX', phoneNumberId: '1774XXXXXXXXXX0' },
  { name: 'Sam', waId: '91XXXXXXXXXX' },
  INCOMING_TEMPLATE_BUTTON_MESSAGE,
);

export const INCOMING_CURRENT_LOCATION_MESSAGE = String.raw`{
"from": "9197XXXXXXXX",
"id": "wamid.HBgMOTE5NzQwNzc2NTA1FQXXXXXXXXXXIAEhggMEI0OUMzI2QjM0QjI2NDEyNzhDQTA4NDIA",
"timestamp": "17XXXXXXX2",
"location": {
"latitude": 12.9467329,
"longitude": 77.646835
},
"type": "location"
}`;
export const INCOMING_CURRENT_LOCATION = envelope(
  { display: '9180XXXXXXXX', phoneNumberId: '1046XXXXXXXXXX0' },
  { name: 'Samuel', waId: '919XXXXXXXX7' },
  INCOMING_CURRENT_LOCATION_MESSAGE,
);

export const INCOMING_ADDRESS_LOCATION_MESSAGE = String.raw`{
"from": "919XXXXXXXX5",
"id": "wamid.HBgMOTE5NzQwNzc2NTA1FQXXXXXXXXXXIAEhggNjlENEZFQzJDMzQjg0MzU1NzEzNDFDMDEA",
"timestamp": "17XXXXXXXX",
"location": {
"address": "Pine Valley, Bangalore, Karnataka 560071",
"latitude": 12.947002144326,
"longitude": 77.646815379659,
"name": "Intel Corporation (Intel Security)",
"url": "https:\/\/foursquare.com\/v\/4d0f132XXXXXXXX82156bc4a"
},
"type": "location"
}`;
export const INCOMING_ADDRESS_LOCATION = envelope(
  { display: '91XXXXXXXX80', phoneNumberId: '1046XXXXXXXXXX05' },
  { name: 'Sam', waId: '919XXXXXXXX7' },
  INCOMING_ADDRESS_LOCATION_MESSAGE,
);

// Incoming-message callback profile, flat format: GET query and POST body as printed.
export const INCOMING_FLAT_GET =
  '?body=<body>&mime_type=<mime_type>&media_url=<media_url>&from=<from>&name=<name>&type=<type>&created_at=<created_at>&reply_to=<reply_to>&wanumber=<wanumber>&mobile=<mobile>&custom_response=<custom_response>&message=<message>&contacts=<contacts>&location=<location>';

export const INCOMING_FLAT_POST = String.raw`{
"body": "<body>",
"mime_type": "<mime_type>",
"media_url": "<media_url>",
"from": "<from>",
"name": "<name>",
"type": "<type>",
"created_at": "<created_at>",
"reply_to": "<reply_to>",
"wanumber": "<wanumber>",
"mobile": "<mobile>",
"custom_response": "<custom_response>",
"message": "<message>",
"contacts": "<contacts>",
"location": "<location>"
}`;

// The page's key/value sample (`body Hi`, `from 919xxxxxxxx8`, `name John`, `type te…`) as a query;
// CORRECTED: the truncated `te…` is completed to `text`.
export const INCOMING_FLAT_SAMPLE = '?body=Hi&from=919xxxxxxxx8&name=John&type=text';

// [3rd-party] courier's incoming GET.
export const INCOMING_COURIER_GET =
  '?created_at=1603914166&type=text&from=14133881111&name=John%20Cruz&body=Hello%20World';

// Legacy (on-prem style) incoming text.
export const LEGACY_INCOMING_TEXT = String.raw`{
  "contacts": [ {
    "profile": {
        "name": "Test"
    },
    "wa_id": "1XXXXXXXX34"
  } ],
  "messages":[{
    "from": "1XXXXXXXX63",
    "id": "ABGGFlA5FpafAgo6tHcNmNjXmuSf",
    "timestamp": "15XXXXX186",
    "text": {
      "body": "Hello this is an answer"
    },
    "type": "text"
  }]
}`;

// §5.1 [3rd-party] v1 callback_url status: `0` means failed.
export const V1_STATUS_SENT = '?id=58f86fab-85c5-4f7c-9b68-9c323248afc4:0&status=sent';
export const V1_STATUS_FAILED = '?id=58f86fab-85c5-4f7c-9b68-9c323248afc4:0&status=0';

// §5.4 Resumable-media status, GET (every value quoted, as printed) and POST.
export const UPLOAD_GET =
  '?status="<status>"&uploaded_file_handle="<uploaded_file_handle>"&file_name="<file_name>"&file_link="<file_link>"&resumable_media_id="<resumable_media_id>"&waba_id="<waba_id>"&company_id="<company_id>"&field="<field>"&time="<time>"&callback_profile_id="<callback_profile_id>"';

export const UPLOAD_POST = String.raw`{
    "status": "<status>",
    "uploaded_file_handle": "<uploaded_file_handle>",
    "file_name": "<file_name>",
    "file_link":"<file_link>",
    "resumable_media_id": "<resumable_media_id>",
    "waba_id": "<waba_id>",
    "company_id": "<company_id>",
    "field": "<field>",
    "time": "<time>",
    "callback_profile_id": "<callback_profile_id>"
}`;

// §5.5 Template status, GET as printed (quoted values and a quoted last key, sic).
export const TEMPLATE_GET =
  '?id="<id>"&other_info="<other_info>"&callback_profile_id="<callback_profile_id>"&company_id="<company_id>"&reason="<reason>"&message_template_language="<message_template_language>"&time="<time>"&event="<event>"&"message_template_id"="<message_template_id>"';

// CORRECTED: the page lists the POST body as bare keys (`{"id","time",…}`), which is not JSON;
// each key gets its `<variable>` value, as in the other POST profiles.
export const TEMPLATE_POST = String.raw`{"id": "<id>", "time": "<time>", "event": "<event>", "message_template_id": "<message_template_id>", "message_template_name": "<message_template_name>", "message_template_language": "<message_template_language>", "reason": "<reason>", "callback_profile_id": "<callback_profile_id>", "company_id": "<company_id>"}`;

// §5.5 Messaging-limit / quality webhook.
export const LIMIT_GET = '?display_phone_number=16505551111&event=FLAGGED&current_limit=TIER_10K';

/**
 * Substitutes `<variable>` placeholders as Kaleyra does. In a query the value is percent-encoded;
 * in JSON it is escaped as a JSON string body. Unlisted variables become empty.
 */
export function fill(template: string, values: Record<string, string>, as: 'query' | 'json'): string {
  return template.replace(/<([a-z_]+)>/g, (_, name: string) => {
    const value = values[name] ?? '';
    return as === 'query' ? encodeURIComponent(value) : JSON.stringify(value).slice(1, -1);
  });
}

/** Replaces a masked unix time (`172XXXXXXX`) by a real one; the masks are not parseable times. */
export function unmask(json: string, unixSeconds: string): string {
  return json.replace(/"timestamp": "1[0-9X]*X[0-9X]*"/g, `"timestamp": "${unixSeconds}"`);
}
