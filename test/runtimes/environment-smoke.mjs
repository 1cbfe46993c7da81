// Run by test/runtimes/deno-environment.test.ts under Deno, with and without --allow-env: the built
// package reads KALEYRA_* only where it is allowed to, and never prompts or throws for lack of it.
import { createKaleyraClient } from '../../lib/esm/index.js';

const result = {};
try {
  createKaleyraClient({ sid: 'HXAP16XXXXXX97IN', apiKey: 'runtime-key', baseUrl: 'http://127.0.0.1:9' });
  result.explicit = 'created';
} catch (error) {
  result.explicit = `${error.name}: ${error.message}`;
}
const urls = [];
try {
  const fetch = async (input, init) => {
    urls.push(new Request(input, init).url);
    return Response.json(
      { code: 'WA202', message: 'ok', data: { message_id: 'wamid.X' }, error: {} },
      { status: 202 },
    );
  };
  await createKaleyraClient({ fetch }).v2Messages.sendText({ to: '+919812345678', body: 'hi' });
  result.fromEnvironment = urls[0];
} catch (error) {
  result.fromEnvironment = `${error.name}:${error.field}:${error.rule}`;
}
console.log(JSON.stringify(result));
