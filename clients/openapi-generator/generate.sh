#!/usr/bin/env bash
# Runs openapi-generator-cli 7.25.0 (Maven Central, cached in .cache/m2) for one generator and checks
# its warnings. Shared by the java, typescript-fetch, php and kotlin builds:
#
#   bash clients/openapi-generator/generate.sh <name> <input.json> <output dir> [generator arguments...]
#
# <name> is the client's folder under clients/. The log lands in <output dir>.log; every WARN or ERROR
# line must be explained in clients/<name>/known-warnings.json (and clients/README.md), or the build fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
name="$1" input="$2" out="$3"
shift 3
version=7.25.0
repo="$root/.cache/m2"
jar="$repo/org/openapitools/openapi-generator-cli/$version/openapi-generator-cli-$version.jar"
[ -f "$jar" ] || mvn -B -q "-Dmaven.repo.local=$repo" dependency:get "-Dartifact=org.openapitools:openapi-generator-cli:$version"
rm -rf "$out"
mkdir -p "$(dirname "$out")"
started=$EPOCHREALTIME
java -jar "$jar" generate -i "$input" -o "$out" \
  --global-property apiTests=false,modelTests=false,apiDocs=false,modelDocs=false "$@" > "$out.log" 2>&1 ||
  { tail -40 "$out.log"; exit 1; }
awk -v name="$name" -v version="$version" -v from="$started" -v to="$EPOCHREALTIME" \
  'BEGIN { printf "%s: openapi-generator %s took %.1f s\n", name, version, to - from }'
node clients/openapi-generator/check-warnings.mjs "$name" "$out.log" "clients/$name/known-warnings.json"
