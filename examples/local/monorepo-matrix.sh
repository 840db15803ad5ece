#!/usr/bin/env bash
# The CLI equivalent of examples/workflows/monorepo-matrix.yml: scan each service's image into its own JSON report,
# then merge the reports and gate across all of them, with one SARIF for the lot.
set -uo pipefail

services=("$@")
[ "${#services[@]}" -gt 0 ] || services=(api worker web)
out="${OUT:-out}"
mkdir -p "$out/reports"

for service in "${services[@]}"; do
  npx container-gate scan --build \
    --dockerfile "services/$service/Dockerfile" --context "services/$service" \
    --json "$out/reports/$service.json" --sbom-dir "$out/sbom" --install-missing \
    "$service:local"
  code=$?
  # A failed gate (1) is decided by the merge below; a run that did not complete (2, 3) stops here.
  if [ "$code" -ge 2 ]; then
    echo "scan of $service did not complete (exit $code); not merging" >&2
    exit "$code"
  fi
done

npx container-gate merge "$out"/reports/*.json --severity high \
  --sarif "$out/merged.sarif" --summary "$out/merged.md" --json "$out/merged.json"
