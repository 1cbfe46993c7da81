// @hey-api/openapi-ts (pinned in clients/hey-api/package.json) over the 3.1 bundle, which it reads
// natively: the fetch client, its SDK functions and types, into clients/hey-api/build/client.
export default {
  input: '../../dist/openapi.json',
  output: 'build/client',
  plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'],
};
