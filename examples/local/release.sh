#!/usr/bin/env bash
# The CLI equivalent of examples/workflows/release.yml: build once, gate, push only what passed, then sign and attest
# by digest (a tag can move between the scan and the signature; a digest cannot).
# Needs: docker (buildx), cosign, and `docker login` to the registry beforehand.
set -euo pipefail

: "${IMAGE:?set IMAGE, e.g. ghcr.io/acme/api}"
: "${VERSION:?set VERSION, e.g. v1.2.3}"
tagged="$IMAGE:$VERSION"
out="${OUT:-out}"
mkdir -p "$out"

docker buildx build --load --provenance=false -t "$tagged" .

# The gate decides; nothing is pushed unless it passes.
npx container-gate scan \
  --dockerfile Dockerfile --severity high \
  --json "$out/report.json" --sarif "$out/results.sarif" --summary "$out/summary.md" \
  --sbom-dir "$out/sbom" --install-missing \
  "$tagged"

docker push "$tagged"
repo_digest="$(docker inspect --format '{{index .RepoDigests 0}}' "$tagged")"
ref="$IMAGE@${repo_digest#*@}"

cosign sign --yes -- "$ref"
for sbom in "$out"/sbom/*.cdx.json; do
  [ -e "$sbom" ] && cosign attest --yes --type cyclonedx --predicate "$sbom" -- "$ref"
done
for sbom in "$out"/sbom/*.spdx.json; do
  [ -e "$sbom" ] && cosign attest --yes --type spdxjson --predicate "$sbom" -- "$ref"
done
echo "released $ref"
