#!/usr/bin/env bash
# Regenerates the Go client from dist/openapi.3.0.json (oapi-codegen reads OpenAPI 3.0 through
# kin-openapi; see clients/README.md) into clients/go/build/kaleyra, vets it and builds the vector
# runner. oapi-codegen's version is pinned by the `tool` line of clients/go/go.mod; modules and the
# build cache live under .cache/go (gitignored).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
[ -f dist/openapi.3.0.json ] || npm run -s bundle
export GOMODCACHE="$root/.cache/go/mod" GOCACHE="$root/.cache/go/build" GOFLAGS="-mod=readonly -buildvcs=false"
cd clients/go
rm -rf build/kaleyra
mkdir -p build/kaleyra
go tool oapi-codegen -config oapi-codegen.yaml ../../dist/openapi.3.0.json
go vet ./build/kaleyra ./vectors
go build -o build/vectors ./vectors
