#!/usr/bin/env bash
# Regenerates the Java client (openapi-generator 7.25.0, `java` generator, `native` library) from
# dist/openapi.3.0.json into clients/java/build/client, compiles it with Maven and compiles the
# vector runner against it. The generator jar (clients/openapi-generator/generate.sh) and every Maven
# artifact live in .cache/m2 (gitignored).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn_flags=(-B -q "-Dmaven.repo.local=$root/.cache/m2")
[ -f dist/openapi.3.0.json ] || npm run -s bundle

out=clients/java/build
rm -rf "$out/runner"
node clients/java/java-input.mjs
# Every warning the generator prints is listed in clients/README.md; a new one fails the build.
bash clients/openapi-generator/generate.sh java "$out/openapi.json" "$out/client" -g java -c clients/java/config.json
mvn "${mvn_flags[@]}" -f "$out/client/pom.xml" compile dependency:build-classpath "-Dmdep.outputFile=$root/$out/dependencies.txt"
classpath="$root/$out/client/target/classes:$(cat "$out/dependencies.txt")"
javac -nowarn -cp "$classpath" -d "$out/runner" clients/java/VectorRunner.java
echo "$root/$out/runner:$classpath" > "$out/classpath.txt"
