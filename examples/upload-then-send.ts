// Uploads a file once and sends it by media id, which is faster for WhatsApp to fetch than a link and
// can be reused for many recipients while the id is valid. The file is streamed from disk, never read
// whole, and checked against the documented type and size rules before anything is sent.
//
//   npx tsx examples/upload-then-send.ts ./brochure.pdf +919812345678 [+919812345679 ...]
//
// Environment: as examples/otp-authentication-template.ts.
import { createKaleyraClient } from 'kaleyra-whatsapp';
import { fileFromPath } from 'kaleyra-whatsapp/node';

const [path, ...recipients] = process.argv.slice(2);
if (!path || recipients.length === 0)
  throw new Error('usage: upload-then-send.ts <file> <recipient> [recipient ...]');

// KALEYRA_SID, KALEYRA_API_KEY, KALEYRA_POD (or KALEYRA_BASE_URL) and KALEYRA_FROM configure the client.
const kaleyra = createKaleyraClient();

const file = await fileFromPath(path); // type from the file's signature, size from the file system
const uploaded = await kaleyra.media.upload({ file });
const id = uploaded.data.id;
if (!id) throw new Error('the upload answer carried no media id');
console.log(`uploaded ${file.name} (${file.type}, ${file.size} bytes) as media ${id}`);

for (const to of recipients) {
  const media = { id };
  const sent =
    file.type === 'application/pdf'
      ? await kaleyra.v2Messages.sendDocument({ to, media, filename: file.name, caption: 'Our brochure' })
      : file.type.startsWith('image/')
        ? await kaleyra.v2Messages.sendImage({ to, media })
        : file.type.startsWith('video/')
          ? await kaleyra.v2Messages.sendVideo({ to, media })
          : await kaleyra.v2Messages.sendDocument({ to, media, filename: file.name });
  console.log(`sent to ${to}: message ${sent.data.message_id}`);
}
