#!/usr/bin/env bash
# Regenerates the Python client of openapi-generator 7.25.0 (`python` generator) from
# dist/openapi.3.0.json into clients/python-oag/build/client, checks every module imports and builds a
# virtualenv with its pinned runtime (.cache/venv-oag). The generator jar is the one clients/java uses
# (.cache/m2); every warning it prints must be listed in clients/python-oag/known-warnings.json.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
here=clients/python-oag
generator_version=7.25.0
repo="$root/.cache/m2"
jar="$repo/org/openapitools/openapi-generator-cli/$generator_version/openapi-generator-cli-$generator_version.jar"
[ -f "$jar" ] || mvn -B -q "-Dmaven.repo.local=$repo" dependency:get "-Dartifact=org.openapitools:openapi-generator-cli:$generator_version"
[ -f dist/openapi.3.0.json ] || npm run -s bundle
venv=.cache/venv-oag
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$here/requirements.txt" "$venv/requirements.txt"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  cp "$here/requirements.txt" "$venv/requirements.txt"
fi
rm -rf "$here/build"
mkdir -p "$here/build"
java -jar "$jar" generate -i dist/openapi.3.0.json -g python -o "$here/build/client" \
  --package-name kaleyra_whatsapp --additional-properties disallowAdditionalPropertiesIfNotPresent=true \
  --global-property apiTests=false,modelTests=false,apiDocs=false,modelDocs=false > "$here/build/generate.log" 2>&1
node clients/java/check-warnings.mjs "$here/build/generate.log" "$here/known-warnings.json"
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
