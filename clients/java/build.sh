#!/usr/bin/env bash
# Regenerates the Java client (openapi-generator 7.25.0, `java` generator, `native` library) from
# dist/openapi.3.0.json into clients/java/build/client, compiles it with Maven and compiles the
# vector runner against it. The generator jar and every Maven artifact live in .cache/m2 (gitignored).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
generator_version=7.25.0
repo="$root/.cache/m2"
jar="$repo/org/openapitools/openapi-generator-cli/$generator_version/openapi-generator-cli-$generator_version.jar"
mvn_flags=(-B -q "-Dmaven.repo.local=$repo")
[ -f "$jar" ] || mvn "${mvn_flags[@]}" dependency:get "-Dartifact=org.openapitools:openapi-generator-cli:$generator_version"
[ -f dist/openapi.3.0.json ] || npm run -s bundle

out=clients/java/build
rm -rf "$out/client" "$out/runner"
node clients/java/java-input.mjs
java -jar "$jar" generate -i "$out/openapi.json" -g java -c clients/java/config.json -o "$out/client" \
  --global-property apiTests=false,modelTests=false,apiDocs=false,modelDocs=false > "$out/generate.log" 2>&1
# Every warning the generator prints is listed in clients/README.md; a new one fails the build.
node clients/java/check-warnings.mjs "$out/generate.log"
mvn "${mvn_flags[@]}" -f "$out/client/pom.xml" compile dependency:build-classpath "-Dmdep.outputFile=$root/$out/dependencies.txt"
classpath="$root/$out/client/target/classes:$(cat "$out/dependencies.txt")"
javac -nowarn -cp "$classpath" -d "$out/runner" clients/java/VectorRunner.java
echo "$root/$out/runner:$classpath" > "$out/classpath.txt"
