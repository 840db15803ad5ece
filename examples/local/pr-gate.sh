#!/usr/bin/env bash
# The CLI equivalent of examples/workflows/pr-gate.yml: build, scan, gate, write every report.
# Exit code: 0 passed, 1 gate failed, 2 a scanner or the run failed, 3 bad input.
set -euo pipefail

image="${IMAGE:-my-app:local}"
out="${OUT:-out}"
mkdir -p "$out"

exec npx container-gate scan --build \
  --dockerfile Dockerfile --context . \
  --manifests deploy/k8s \
  --severity high --ignore-unfixed \
  --exceptions .container-gate/exceptions.yaml \
  --json "$out/report.json" --sarif "$out/results.sarif" --summary "$out/summary.md" \
  --sbom-dir "$out/sbom" \
  --install-missing \
  "$image"
