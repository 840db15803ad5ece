import { describe, expect, it } from 'vitest';
import { SCANNERS, scannerByName } from '../../../src/scanners/registry.js';

describe('scanner registry', () => {
  it('files every scanner under its own name', () => {
    for (const [name, scanner] of Object.entries(SCANNERS)) expect(scanner.name).toBe(name);
  });

  it('has the seven external scanners', () => {
    expect(Object.keys(SCANNERS).sort()).toEqual([
      'grype',
      'syft',
      'trivy',
      'trivy-config',
      'trivy-license',
      'trivy-sbom',
      'trivy-secret',
    ]);
  });

  it('finds a scanner by name', () => {
    expect(scannerByName('grype')).toBe(SCANNERS.grype);
    expect(scannerByName('trivy-config')).toBe(SCANNERS['trivy-config']);
  });

  it.each(['nope', 'toString', '__proto__', 'constructor', ''])('finds nothing for %j', (name) => {
    expect(scannerByName(name)).toBeUndefined();
  });

  it('says what each scanner produces and reads', () => {
    expect(SCANNERS.trivy.produces).toEqual(['vulnerability']);
    expect(SCANNERS['trivy-secret'].produces).toEqual(['secret']);
    expect(SCANNERS['trivy-config'].produces).toEqual(['misconfiguration']);
    expect(SCANNERS['trivy-sbom'].produces).toBe('sbom');
    expect(SCANNERS.syft.produces).toBe('sbom');
    expect(SCANNERS.grype.produces).toEqual(['vulnerability']);
    expect(
      Object.values(SCANNERS)
        .filter((s) => s.reads === 'config')
        .map((s) => s.name),
    ).toEqual(['trivy-config']);
  });

  it('gives every scanner an install hint naming its executable', () => {
    for (const scanner of Object.values(SCANNERS)) {
      expect(scanner.installHint).toContain(scanner.executable);
      expect(scanner.installHint).not.toContain('\n');
    }
  });
});
