#!/usr/bin/env bash
# The CLI equivalent of examples/workflows/rescan-deployed.yml: re-scan what is deployed from the SBOMs attested at
# release, against today's advisories, without pulling the images. Exit 1 when an image has a finding at or above
# the threshold or no verified SBOM attestation; 2 when one could not be checked; 3 on bad input.
# Needs: Trivy and/or Grype (or --install-missing), and `docker login` to the registry beforehand for private images.
set -euo pipefail

list="${IMAGES_FILE:-deploy/production-images.txt}" # one name@sha256:… per line, `#` comments allowed
: "${IDENTITY_REGEXP:=https://github\.com/acme/[^/]+/\.github/workflows/release\.yml@refs/tags/v.*}"
out="${OUT:-out/deployed}"
mkdir -p "$out"

images=()
while IFS= read -r line; do
  case "$line" in '' | '#'*) continue ;; esac
  images+=("$line")
done < "$list"

npx container-gate rescan \
  --certificate-identity-regexp "$IDENTITY_REGEXP" \
  --certificate-oidc-issuer https://token.actions.githubusercontent.com \
  --scanners trivy,grype --severity high --install-missing \
  --json "$out/report.json" --sarif "$out/results.sarif" --summary "$out/summary.md" --sbom-dir "$out/sbom" \
  -- "${images[@]}"
