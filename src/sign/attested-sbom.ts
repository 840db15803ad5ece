import { VerificationError } from '../errors.js';
import { writeFileAtomic } from '../fs-atomic.js';
import { type NativeVerifyOptions, type VerifiedStatement, verifyImageNative } from './native.js';
import { PREDICATE_TYPES } from './statement.js';

/**
 * The SBOM attested to an image, for re-scanning what is deployed without pulling it: the CycloneDX (else SPDX)
 * attestation among the image's referrers that verifies under the same policy as `verify`, its predicate written to
 * a file. Nothing unverified is ever written.
 */
export interface AttestedSbom {
  /** `name@sha256:…` */
  reference: string;
  file: string;
  format: 'cyclonedx-json' | 'spdx-json';
  predicateType: string;
  identity?: string;
  issuer?: string;
}

const SBOM_TYPES = [
  { format: 'cyclonedx-json', predicateType: PREDICATE_TYPES.cyclonedx },
  { format: 'spdx-json', predicateType: PREDICATE_TYPES.spdxjson },
] as const;

/**
 * The newest of several verified statements, by the time each was verifiably signed. The referrer's creation
 * annotation is not signed: anyone who can push to the registry can re-push an older genuine bundle under a newer
 * date, and bring back an SBOM or a scan result the signer has since replaced. It only breaks ties, and orders
 * statements that have no signed time (key-signed, checked with --insecure-ignore-tlog: then none has one).
 */
export function newest(verified: readonly VerifiedStatement[]): VerifiedStatement {
  return [...verified]
    .sort(
      (a, b) =>
        (a.signedAt ?? '').localeCompare(b.signedAt ?? '') ||
        (a.created ?? '').localeCompare(b.created ?? ''),
    )
    .at(-1)!;
}

export async function fetchAttestedSbom(
  reference: string,
  opts: Omit<NativeVerifyOptions, 'predicateType'> & { outFile: string },
): Promise<AttestedSbom> {
  const reasons: string[] = [];
  for (const { format, predicateType } of SBOM_TYPES) {
    let verified: VerifiedStatement[];
    let pinned: string;
    try {
      const result = await verifyImageNative(reference, { ...opts, predicateType });
      verified = result.verified;
      pinned = result.reference;
    } catch (error) {
      if (!(error instanceof VerificationError)) throw error;
      reasons.push(error.message.replace(/^verify \S+: /, ''));
      continue;
    }
    const chosen = newest(verified);
    const predicate = chosen.statement.predicate;
    if (predicate === null || typeof predicate !== 'object')
      throw new VerificationError(`${pinned}: the ${format} attestation holds no SBOM document`);
    await writeFileAtomic(opts.outFile, `${JSON.stringify(predicate, null, 2)}\n`, 'SBOM');
    return {
      reference: pinned,
      file: opts.outFile,
      format,
      predicateType,
      ...(chosen.identity ? { identity: chosen.identity } : {}),
      ...(chosen.issuer ? { issuer: chosen.issuer } : {}),
    };
  }
  throw new VerificationError(`SBOM of ${reference}: no verified SBOM attestation — ${reasons.join('; ')}`);
}
