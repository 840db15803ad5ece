import { grypeScanner } from './grype/index.js';
import type { RegisteredScanner, ScannerName } from './scanner.js';
import { syftScanner } from './syft/index.js';
import {
  trivyConfigScanner,
  trivyLicenseScanner,
  trivySbomScanner,
  trivySecretScanner,
  trivyVulnScanner,
} from './trivy/index.js';

/** Every external scanner by its name; adding a scanner is adding its folder and one line here. */
export const SCANNERS: Readonly<Record<ScannerName, RegisteredScanner>> = {
  trivy: trivyVulnScanner,
  'trivy-secret': trivySecretScanner,
  'trivy-license': trivyLicenseScanner,
  'trivy-config': trivyConfigScanner,
  'trivy-sbom': trivySbomScanner,
  grype: grypeScanner,
  syft: syftScanner,
};

export function scannerByName(name: string): RegisteredScanner | undefined {
  return Object.hasOwn(SCANNERS, name) ? SCANNERS[name as ScannerName] : undefined;
}
