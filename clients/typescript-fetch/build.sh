#!/usr/bin/env bash
# Regenerates the openapi-generator `typescript-fetch` client (7.25.0, ES modules) from
# dist/openapi.3.0.json into clients/typescript-fetch/build/client and compiles it with the vector
# runner under `tsc --strict` (the repository's TypeScript, as a user's project has its own).
set -euo pipefail
cd "$(dirname "$0")/../.."
here=clients/typescript-fetch
[ -f dist/openapi.3.0.json ] || npm run -s bundle
# With help (clients/README.md): the input has ErrorEnvelope.data and .error (a union of a string and
# a map) loosened to any value, as for Java; the generated model of that union carries nothing.
node clients/java/java-input.mjs "$here/build/openapi.json"
bash clients/openapi-generator/generate.sh typescript-fetch "$here/build/openapi.json" "$here/build/client" \
  -g typescript-fetch --additional-properties=supportsES6=true,importFileExtension=.js
rm -rf "$here/build/out"
npx tsc -p "$here/tsconfig.json"
