#!/usr/bin/env bash
# Regenerates the openapi-generator `kotlin` client (7.25.0; jvm-okhttp4, kotlinx.serialization, oneOf
# wrappers) from dist/openapi.3.0.json into clients/kotlin/build/client and compiles it with the vector
# runner by Maven (clients/kotlin/pom.xml: the generator writes a Gradle build, and there is none here).
# Maven artifacts live in .cache/m2 (gitignored); once they are there the build runs offline.
# `serializationLibrary=kotlinx_serialization` with `generateOneOfAnyOfWrappers=true` is the one setup in
# which this generator writes a oneOf as a sealed interface with one wrapper per member and a serializer
# that picks the member (by the discriminator, or the first member that decodes). Moshi has no adapter
# for any oneOf; Jackson makes a oneOf without a discriminator one class needing every member's required
# fields, and its discriminated members are not subtypes of their interface (clients/README.md, note 14).
# Free-form values (`{}` answers, the loosened ErrorEnvelope fields) are mapped to kotlinx's JsonElement:
# the generator's default, `kotlin.Any`, has no serializer.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
here=clients/kotlin
[ -f dist/openapi.3.0.json ] || npm run -s bundle
# With help (clients/README.md): ErrorEnvelope.data and .error loosened to any value, as for Java.
node clients/java/java-input.mjs "$here/build/openapi.json"
# Two shapes the kotlinx templates do not compile (clients/kotlin/kotlin-input.mjs, clients/README.md).
node "$here/kotlin-input.mjs" "$here/build/openapi.json"
bash clients/openapi-generator/generate.sh kotlin "$here/build/openapi.json" "$here/build/client" \
  -g kotlin \
  --additional-properties=packageName=io.kaleyra.whatsapp,serializationLibrary=kotlinx_serialization,generateOneOfAnyOfWrappers=true \
  --type-mappings=AnyType=JsonElement,object=JsonElement --import-mappings=JsonElement=kotlinx.serialization.json.JsonElement
mvn_flags=(-B -q "-Dmaven.repo.local=$root/.cache/m2")
# Offline once this pom's artifacts have been fetched (a changed pom fetches again).
resolved="$root/.cache/m2/.resolved-kotlin-$(sha256sum "$here/pom.xml" | cut -c1-16)"
[ -f "$resolved" ] && mvn_flags+=(-o)
rm -rf "$here/build/target"
started=$EPOCHREALTIME
mvn "${mvn_flags[@]}" -f "$here/pom.xml" compile dependency:build-classpath "-Dmdep.outputFile=$root/$here/build/dependencies.txt"
touch "$resolved"
awk -v from="$started" -v to="$EPOCHREALTIME" 'BEGIN { printf "kotlin: Maven compile took %.1f s\n", to - from }'
echo "$root/$here/build/target/classes:$(cat "$here/build/dependencies.txt")" > "$here/build/classpath.txt"
