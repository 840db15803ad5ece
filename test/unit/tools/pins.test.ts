import { describe, expect, it } from 'vitest';
import { currentPlatform, INSTALLABLE_TOOLS, TOOL_PINS, type ToolPlatform } from '../../../src/tools/pins.js';

const PLATFORMS: ToolPlatform[] = ['linux/amd64', 'linux/arm64', 'darwin/amd64', 'darwin/arm64'];
const REPOS = {
  trivy: 'aquasecurity/trivy',
  grype: 'anchore/grype',
  syft: 'anchore/syft',
  cosign: 'sigstore/cosign',
} as const;

describe('TOOL_PINS', () => {
  for (const tool of INSTALLABLE_TOOLS) {
    it(`pins ${tool} for linux and macOS on amd64 and arm64, each with a SHA-256`, () => {
      const pin = TOOL_PINS[tool]!;
      expect(Object.keys(pin.assets).sort()).toEqual([...PLATFORMS].sort());
      for (const platform of PLATFORMS) {
        const asset = pin.assets[platform]!;
        expect(asset.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(
          asset.url.startsWith(`https://github.com/${REPOS[tool]}/releases/download/v${pin.version}/`),
        ).toBe(true);
        // Archives carry the version in their name; cosign's bare binaries do not.
        if (asset.binaryInArchive) expect(asset.url).toContain(`${tool}_${pin.version}_`);
      }
    });
  }

  it('never pins one file under two different hashes, nor two files under one hash', () => {
    const assets = INSTALLABLE_TOOLS.flatMap((tool) => Object.values(TOOL_PINS[tool]!.assets));
    expect(new Set(assets.map((a) => a.url)).size).toBe(assets.length);
    expect(new Set(assets.map((a) => a.sha256)).size).toBe(assets.length);
  });
});

describe('currentPlatform', () => {
  it("maps Node's platform and arch names onto the pin table's", () => {
    expect(currentPlatform('linux', 'x64')).toBe('linux/amd64');
    expect(currentPlatform('darwin', 'arm64')).toBe('darwin/arm64');
    expect(currentPlatform('win32', 'x64')).toBeUndefined();
    expect(currentPlatform('linux', 'ia32')).toBeUndefined();
  });
});
