#!/usr/bin/env bash
# Regenerates the @hey-api/openapi-ts client from dist/openapi.json (3.1) into clients/hey-api/build/client
# and compiles it with the vector runner under `tsc --strict`. The generator is pinned in
# clients/hey-api/package.json (installed into clients/hey-api/node_modules, gitignored).
set -euo pipefail
cd "$(dirname "$0")/../.."
here=clients/hey-api
[ -f dist/openapi.json ] || npm run -s bundle
[ -x "$here/node_modules/.bin/openapi-ts" ] || npm ci --prefix "$here" --no-audit --no-fund --loglevel=error
rm -rf "$here/build"
mkdir -p "$here/build"
started=$EPOCHREALTIME
(cd "$here" && node_modules/.bin/openapi-ts --file openapi-ts.config.mjs --no-log-file > build/generate.log 2>&1) ||
  { cat "$here/build/generate.log"; exit 1; }
awk -v from="$started" -v to="$EPOCHREALTIME" -v version="$(node -p "require('./$here/node_modules/@hey-api/openapi-ts/package.json').version")" \
  'BEGIN { printf "hey-api: @hey-api/openapi-ts %s took %.1f s\n", version, to - from }'
# The generator prints no warnings of its own; anything but its banner and progress lines is reported.
sed 's/\x1b\[[0-9;]*m//g' "$here/build/generate.log" |
  grep -vE '^\s*$|openapi-ts v[0-9]|Generating from|^\[Job [0-9]+\] +(\[[0-9]+\]|.*Done!)' | sed 's/^/hey-api generator: /' || true
node "$here/vector-inputs.mjs"
npx tsc -p "$here/tsconfig.json"
