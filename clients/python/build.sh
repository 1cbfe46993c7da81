#!/usr/bin/env bash
# Regenerates the Python client from dist/openapi.3.0.json (derived from dist/openapi.json; see clients/README.md) into clients/python/build/client and checks
# that it imports (byte-compiles) cleanly. Tools live in a virtualenv under .cache/ (gitignored).
set -euo pipefail
cd "$(dirname "$0")/../.."
here=clients/python
bash clients/schemathesis/setup.sh
venv=.cache/venv
rm -rf "$here/build/client"
"$venv/bin/openapi-python-client" generate --path dist/openapi.3.0.json --config "$here/config.yaml" \
  --output-path "$here/build/client" --fail-on-warning
PYTHONPATH="$here/build/client" "$venv/bin/python" "$here/check_imports.py"
