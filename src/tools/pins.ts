/**
 * The tool versions `--install-missing` installs, with the SHA-256 of each release file, recorded here and
 * checked before anything is run: a release asset replaced upstream (as trivy-action's tags were in March 2026)
 * fails the install instead of running. Every hash below was found in at least two independent public pin lists
 * (install scripts, Homebrew formulae, Bazel toolchains) that agree; a platform without such a hash is left out
 * and the installer refuses it by name. Bumping a version means replacing all four hashes of that tool.
 */
export type InstallableTool = 'trivy' | 'grype' | 'syft' | 'cosign';
export const INSTALLABLE_TOOLS: readonly InstallableTool[] = ['trivy', 'grype', 'syft', 'cosign'];

export type ToolPlatform = 'linux/amd64' | 'linux/arm64' | 'darwin/amd64' | 'darwin/arm64';

export interface PinnedAsset {
  url: string;
  sha256: string;
  /** The executable's path inside the .tar.gz; absent when the download is the executable itself (cosign). */
  binaryInArchive?: string;
}

export interface ToolPin {
  version: string;
  assets: Partial<Record<ToolPlatform, PinnedAsset>>;
}

export type PinTable = Partial<Record<InstallableTool, ToolPin>>;

const release = (repo: string, version: string, file: string) =>
  `https://github.com/${repo}/releases/download/v${version}/${file}`;

const TRIVY = '0.74.0';
const GRYPE = '0.118.0';
const SYFT = '1.51.1';
const COSIGN = '3.1.3';

export const TOOL_PINS: PinTable = {
  trivy: {
    version: TRIVY,
    assets: {
      'linux/amd64': {
        url: release('aquasecurity/trivy', TRIVY, `trivy_${TRIVY}_Linux-64bit.tar.gz`),
        sha256: '2ae6fe3ee734b7fdf11335663e18c75ea12dccc76062f09f164a3b0f8be4371a',
        binaryInArchive: 'trivy',
      },
      'linux/arm64': {
        url: release('aquasecurity/trivy', TRIVY, `trivy_${TRIVY}_Linux-ARM64.tar.gz`),
        sha256: 'b94ce1976bbf3c15b514b605ee88be7c6d94a29be2302847ff01cb794d47aad5',
        binaryInArchive: 'trivy',
      },
      'darwin/amd64': {
        url: release('aquasecurity/trivy', TRIVY, `trivy_${TRIVY}_macOS-64bit.tar.gz`),
        sha256: '472816f6888dda689d075c30254d4210b4d1035acf365aa72332f584c2f60485',
        binaryInArchive: 'trivy',
      },
      'darwin/arm64': {
        url: release('aquasecurity/trivy', TRIVY, `trivy_${TRIVY}_macOS-ARM64.tar.gz`),
        sha256: '1caada5e0e2091909357c7525d3aa76f4b660b13821bc143b190c7483e31cc11',
        binaryInArchive: 'trivy',
      },
    },
  },
  grype: {
    version: GRYPE,
    assets: {
      'linux/amd64': {
        url: release('anchore/grype', GRYPE, `grype_${GRYPE}_linux_amd64.tar.gz`),
        sha256: '1d444c5e7360471815f7158f71935fcecc68a3c417d85c7344f770854300bba2',
        binaryInArchive: 'grype',
      },
      'linux/arm64': {
        url: release('anchore/grype', GRYPE, `grype_${GRYPE}_linux_arm64.tar.gz`),
        sha256: '32aceeb8ee837244775fcb522372c8b3a47914986385f3148f4ee2c930482a84',
        binaryInArchive: 'grype',
      },
      'darwin/amd64': {
        url: release('anchore/grype', GRYPE, `grype_${GRYPE}_darwin_amd64.tar.gz`),
        sha256: 'cfeecf3462321c37ec4bd37dcd8a7f6630cc6c0c9997a07ff34002c5d7ef9bb3',
        binaryInArchive: 'grype',
      },
      'darwin/arm64': {
        url: release('anchore/grype', GRYPE, `grype_${GRYPE}_darwin_arm64.tar.gz`),
        sha256: '938f050bb5076c8aa761867b39843abad2414dfe4cc82b7d36886e634f49c640',
        binaryInArchive: 'grype',
      },
    },
  },
  syft: {
    version: SYFT,
    assets: {
      'linux/amd64': {
        url: release('anchore/syft', SYFT, `syft_${SYFT}_linux_amd64.tar.gz`),
        sha256: '8fcb33017a0dc1058298c923c436d19dfa68ae93968e0b423248542e3afb9fc3',
        binaryInArchive: 'syft',
      },
      'linux/arm64': {
        url: release('anchore/syft', SYFT, `syft_${SYFT}_linux_arm64.tar.gz`),
        sha256: 'a7fd2b784e6664acd44719270574f6cd8c6864fc2b1700bf9099bd1cccda7d7f',
        binaryInArchive: 'syft',
      },
      'darwin/amd64': {
        url: release('anchore/syft', SYFT, `syft_${SYFT}_darwin_amd64.tar.gz`),
        sha256: '0e186ce1d4351ec276126851ca3ff258ed070e93e73574ed64858d4fc2339867',
        binaryInArchive: 'syft',
      },
      'darwin/arm64': {
        url: release('anchore/syft', SYFT, `syft_${SYFT}_darwin_arm64.tar.gz`),
        sha256: 'ac063af3b9874769deb7ea1e6d76841e68f9e3bb50cd654226fc977de65532c1',
        binaryInArchive: 'syft',
      },
    },
  },
  cosign: {
    version: COSIGN,
    assets: {
      'linux/amd64': {
        url: release('sigstore/cosign', COSIGN, 'cosign-linux-amd64'),
        sha256: '4629c757b7618056f8ddd7e2625ae9fdd94c0372a65049520bc7d9df9efc7f71',
      },
      'linux/arm64': {
        url: release('sigstore/cosign', COSIGN, 'cosign-linux-arm64'),
        sha256: 'c5d324e091826b0d7a78eb16fef316450b4eb9aaec045611c08ba06f5e73220a',
      },
      'darwin/amd64': {
        url: release('sigstore/cosign', COSIGN, 'cosign-darwin-amd64'),
        sha256: '2347488e5d5b25336644024dfeca5601b190e91197a71a917bda44744aff106c',
      },
      'darwin/arm64': {
        url: release('sigstore/cosign', COSIGN, 'cosign-darwin-arm64'),
        sha256: '5cf948c2f4dfe59687bdd0b8523709067383e03982cc543475c8a7dc70e92a76',
      },
    },
  },
};

/** This machine in the pin table's terms; undefined where no release is pinned (Windows, 32-bit…). */
export function currentPlatform(
  platform: string = process.platform,
  arch: string = process.arch,
): ToolPlatform | undefined {
  const os = platform === 'linux' ? 'linux' : platform === 'darwin' ? 'darwin' : undefined;
  const cpu = arch === 'x64' ? 'amd64' : arch === 'arm64' ? 'arm64' : undefined;
  return os && cpu ? `${os}/${cpu}` : undefined;
}
