#!/usr/bin/env bash
# Regenerates the Python client of openapi-generator 7.25.0 (`python` generator) from
# dist/openapi.3.0.json into clients/python-oag/build/client, checks every module imports and builds a
# virtualenv with its pinned runtime (.cache/venv-oag). The generator is run by
# clients/openapi-generator/generate.sh; every warning it prints must be listed in
# clients/python-oag/known-warnings.json.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
here=clients/python-oag
[ -f dist/openapi.3.0.json ] || npm run -s bundle
venv=.cache/venv-oag
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$here/requirements.txt" "$venv/requirements.txt"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  cp "$here/requirements.txt" "$venv/requirements.txt"
fi
rm -rf "$here/build"
bash clients/openapi-generator/generate.sh python-oag dist/openapi.3.0.json "$here/build/client" \
  -g python --package-name kaleyra_whatsapp --additional-properties disallowAdditionalPropertiesIfNotPresent=true
PYTHONPATH="$here/build/client" "$venv/bin/python" - <<'PY'
import importlib, pkgutil, sys
import kaleyra_whatsapp
failures = []
for module in pkgutil.walk_packages(kaleyra_whatsapp.__path__, "kaleyra_whatsapp."):
    try:
        importlib.import_module(module.name)
    except Exception as error:  # noqa: BLE001 - every module that does not import is reported
        failures.append(f"{module.name}: {error!r}")
for line in failures:
    print(f"does not import: {line}", file=sys.stderr)
sys.exit(1 if failures else 0)
PY
