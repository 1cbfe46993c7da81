#!/usr/bin/env bash
# Regenerates the openapi-generator `php` client (7.25.0) from dist/openapi.3.0.json into
# clients/php/build/client and loads every generated class. Guzzle comes from Debian's
# packages (clients/php/autoload.php), not from composer.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=clients/php
[ -f dist/openapi.3.0.json ] || npm run -s bundle
# With help (clients/README.md): the input has ErrorEnvelope.data and .error (a union of a string and
# a map) loosened to any value, as for Java; the generated model of that union carries nothing.
node clients/java/java-input.mjs "$here/build/openapi.json"
bash clients/openapi-generator/generate.sh php "$here/build/openapi.json" "$here/build/client" \
  -g php --additional-properties=invokerPackage='Kaleyra\WhatsApp'
# Every generated class loads (which parses it) through the autoloader the runner uses.
php "$here/load-all.php"
