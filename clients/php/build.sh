#!/usr/bin/env bash
# Regenerates the openapi-generator `php` client (7.25.0) from dist/openapi.3.0.json into
# clients/php/build/client and loads every generated class. Guzzle comes from Debian's
# packages (clients/php/autoload.php), not from composer.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=clients/php
[ -f dist/openapi.3.0.json ] || npm run -s bundle
bash clients/openapi-generator/generate.sh php dist/openapi.3.0.json "$here/build/client" \
  -g php --additional-properties=invokerPackage='Kaleyra\WhatsApp'
# Every generated class loads (which parses it) through the autoloader the runner uses.
php "$here/load-all.php"
