#!/usr/bin/env bash
# Installs the pinned Python tools (clients/python/requirements.txt) into .cache/venv when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=.cache/venv
if [ ! -x "$venv/bin/schemathesis" ] || ! cmp -s clients/python/requirements.txt "$venv/requirements.txt"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r clients/python/requirements.txt
  cp clients/python/requirements.txt "$venv/requirements.txt"
fi
[ -f dist/openapi.3.0.json ] || npm run -s bundle
