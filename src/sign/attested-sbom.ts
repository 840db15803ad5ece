import { VerificationError } from '../util/errors.js';
import { writeFileAtomic } from '../util/fs-atomic.js';
import {
  type NativeVerifyOptions,
  NoValidBundle,
  type VerifiedStatement,
  verifyImageNative,
} from './native.js';
import { PREDICATE_TYPES } from './statement.js';

/**
 * The SBOM attested to an image, for re-scanning what is deployed without pulling it: the CycloneDX (else SPDX)
 * attestation among the image's referrers that verifies under the same policy as `verify`, its predicate written to
 * a file. Nothing unverified is ever written, nor a verified predicate that is no SBOM container-gate reads.
 */
export interface AttestedSbom {
  /** `name@sha256:…` */
  reference: string;
  file: string;
  /** The format its predicate type names, which the document was checked to be. */
  format: 'cyclonedx-json' | 'spdx-json';
  predicateType: string;
  /** The referrer manifest whose bundle held it. */
  referrer: string;
  identity?: string;
  issuer?: string;
}

/**
 * The SBOM formats looked for, and what their documents must say about themselves: a predicate type is the signer's
 * word, not a check of the document (cosign attest --type cyclonedx signs any JSON object: cosign v3.1.2
 * pkg/cosign/attestation/attestation.go generateCycloneDXStatement), and a scanner handed a document in another format
 * as CycloneDX finds no packages and passes. CycloneDX JSON requires bomFormat "CycloneDX" and specVersion
 * (bom-1.6.schema.json `required`); SPDX 2 JSON requires spdxVersion "SPDX-2.x" (spdx-schema.json).
 */
const SBOM_TYPES = [
  {
    format: 'cyclonedx-json',
    predicateType: PREDICATE_TYPES.cyclonedx,
    document: 'CycloneDX document (bomFormat "CycloneDX" and specVersion)',
    holds: (p: Record<string, unknown>) => p.bomFormat === 'CycloneDX' && typeof p.specVersion === 'string',
  },
  {
    format: 'spdx-json',
    predicateType: PREDICATE_TYPES.spdxjson,
    document: 'SPDX JSON document (spdxVersion "SPDX-…")',
    holds: (p: Record<string, unknown>) =>
      typeof p.spdxVersion === 'string' && p.spdxVersion.startsWith('SPDX-'),
  },
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

/**
 * No SBOM attestation verified, or the one that did holds no SBOM container-gate reads. `detail` says why in a few
 * words (`a signature`, `bundle 7bfc…: does not verify (…)`), per SBOM type when they differ.
 */
export class NoVerifiedSbom extends VerificationError {
  constructor(
    reference: string,
    readonly detail: string,
  ) {
    super(`SBOM of ${reference}: no verified SBOM attestation — ${detail}`);
  }
}

const TYPE_NAMES = { 'cyclonedx-json': 'CycloneDX', 'spdx-json': 'SPDX' } as const;

export async function fetchAttestedSbom(
  reference: string,
  opts: Omit<NativeVerifyOptions, 'predicateType'> & { outFile: string },
): Promise<AttestedSbom> {
  const reasons: { format: keyof typeof TYPE_NAMES; why: string }[] = [];
  for (const { format, predicateType, document, holds } of SBOM_TYPES) {
    let verified: VerifiedStatement[];
    let pinned: string;
    try {
      const result = await verifyImageNative(reference, { ...opts, predicateType });
      verified = result.verified;
      pinned = result.reference;
    } catch (error) {
      if (!(error instanceof VerificationError)) throw error;
      const why = error instanceof NoValidBundle ? error.why : error.message.replace(/^verify \S+: /, '');
      reasons.push({ format, why });
      continue;
    }
    // The newest verified one, and no other: an older SBOM is not a fallback for one that cannot be read.
    const chosen = newest(verified);
    const predicate = chosen.statement.predicate;
    if (predicate === null || typeof predicate !== 'object' || !holds(predicate as Record<string, unknown>))
      throw new NoVerifiedSbom(
        pinned,
        `the ${format} attestation ${chosen.referrer.slice(0, 19)}… holds no ${document} — re-attest the SBOM in that format`,
      );
    await writeFileAtomic(opts.outFile, `${JSON.stringify(predicate, null, 2)}\n`, 'SBOM');
    return {
      reference: pinned,
      file: opts.outFile,
      format,
      predicateType,
      referrer: chosen.referrer,
      ...(chosen.identity ? { identity: chosen.identity } : {}),
      ...(chosen.issuer ? { issuer: chosen.issuer } : {}),
    };
  }
  const same = reasons.every((r) => r.why === reasons[0]?.why);
  throw new NoVerifiedSbom(
    reference,
    same ? (reasons[0]?.why ?? '') : reasons.map((r) => `${TYPE_NAMES[r.format]}: ${r.why}`).join('; '),
  );
}
