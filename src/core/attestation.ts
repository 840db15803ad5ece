import type { GateVerdict } from './gate.js';
import type { ReportTarget } from './report.js';

/**
 * Where the SBOM of a re-scanned image came from (`rescan`): the image's SBOM attestation, verified under the same
 * policy as `verify`. Only a `verified` SBOM is scanned.
 */
export interface TargetAttestation {
  /**
   * `verified`: the SBOM of a bundle that verified and matched the policy was scanned. `unverified`: no SBOM
   * attestation verified (none, a signature only, tampered, another signer): the gate fails, as `verify` does.
   * `error`: it could not be checked (registry or trust root unreachable, the image gone): the run failed (exit 2).
   */
  status: 'verified' | 'unverified' | 'error';
  /** The predicate type of the SBOM scanned (`https://cyclonedx.org/bom`, `https://spdx.dev/Document`). */
  predicateType?: string;
  /** The digest of the referrer manifest whose bundle held it. */
  referrer?: string;
  /** The certificate's identity and issuer; absent for a bundle signed with a key. */
  identity?: string;
  issuer?: string;
  /** One line, for `unverified` and `error`. */
  reason?: string;
}

/**
 * The verdict once the re-scanned images' attestations are counted: an image whose SBOM attestation did not verify
 * was not scanned, so the gate can never pass over it — the verdict is `failed` (exit 1, like `verify`), or stays
 * `error` when the run failed too. Each such image is a reason of its own, first. Pure: the pipeline and `merge` both
 * apply it, so a merged report cannot lose an unverified image.
 */
export function gateOnAttestations(verdict: GateVerdict, targets: readonly ReportTarget[]): GateVerdict {
  const unverified = targets.filter((t) => t.attestation?.status === 'unverified');
  if (unverified.length === 0) return verdict;
  return {
    ...verdict,
    status: verdict.status === 'error' ? 'error' : 'failed',
    passed: false,
    reasons: [
      ...unverified.map(
        (t) =>
          `${t.display}: no verified SBOM attestation, not re-scanned (${t.attestation?.reason ?? 'unverified'})`,
      ),
      ...verdict.reasons,
    ],
  };
}

/** The run errors of images whose attestation could not be checked, as the gate's `errors` lists them. */
export function attestationErrors(targets: readonly ReportTarget[]): string[] {
  return targets
    .filter((t) => t.attestation?.status === 'error')
    .map((t) => `${t.display}: ${t.attestation?.reason ?? 'its SBOM attestation could not be checked'}`);
}
