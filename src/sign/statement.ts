import { z } from 'zod';
import { UsageError } from '../util/errors.js';
import { COSIGN_VULN_PREDICATE_TYPE } from './predicate.js';

/**
 * in-toto statements, the payload of every DSSE bundle this signs (pure). A signature is a statement with cosign's
 * sign predicate and an empty predicate (cosign v3.1.2 cmd/cosign/cli/sign/sign.go signDigestBundle); an
 * attestation carries an SBOM, a scan result or a VEX document as its predicate. Verification tells them apart by
 * the signed predicate type, never by a registry annotation.
 */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
export const STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
const STATEMENT_V01 = 'https://in-toto.io/Statement/v0.1';

/** Which Sigstore instance signs keyless: the public-good one, or GitHub's (sigstore.ts instanceEndpoints). */
export type SigstoreInstance = 'public-good' | 'github';
export const SIGSTORE_INSTANCES: readonly SigstoreInstance[] = ['public-good', 'github'];

/** cosign 3's signature predicate (pkg/types/predicate.go CosignSignPredicateType). */
export const SIGNATURE_PREDICATE_TYPE = 'https://sigstore.dev/cosign/sign/v1';

/**
 * cosign's `--type` names and the predicate types they stand for (v3.1.2 cmd/cosign/cli/options/predicate.go
 * PredicateTypeMap; the URIs from pkg/cosign/attestation/attestation.go and in-toto-golang).
 */
export const PREDICATE_TYPES = {
  cyclonedx: 'https://cyclonedx.org/bom',
  spdxjson: 'https://spdx.dev/Document',
  vuln: COSIGN_VULN_PREDICATE_TYPE,
  openvex: 'https://openvex.dev/ns',
  slsaprovenance: 'https://slsa.dev/provenance/v0.2',
  slsaprovenance1: 'https://slsa.dev/provenance/v1',
  custom: 'https://cosign.sigstore.dev/attestation/v1',
} as const;
export type PredicateName = keyof typeof PREDICATE_TYPES;

/** A `--type` / `--attestation` value: one of cosign's names, or a predicate type URI. */
export function predicateTypeFor(type: string, flag = '--type'): string {
  if (Object.hasOwn(PREDICATE_TYPES, type)) return PREDICATE_TYPES[type as PredicateName];
  if (/^https?:\/\/[^\s]+$/.test(type)) return type;
  throw new UsageError(
    `${flag} ${JSON.stringify(type)}: use one of ${Object.keys(PREDICATE_TYPES).join(', ')} or a predicate type URI`,
  );
}

export interface Subject {
  name?: string;
  digest: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface Statement {
  _type: string;
  subject: Subject[];
  predicateType: string;
  predicate: unknown;
}

function hexOf(digest: string): string {
  return digest.slice(digest.indexOf(':') + 1);
}

/** The signature statement, as cosign 3 writes it: the digest, the annotations, an empty predicate. */
export function signatureStatement(digest: string, annotations: Record<string, string> = {}): Statement {
  const subject: Subject = { digest: { sha256: hexOf(digest) } };
  if (Object.keys(annotations).length > 0) subject.annotations = annotations;
  return { _type: STATEMENT_V1, subject: [subject], predicateType: SIGNATURE_PREDICATE_TYPE, predicate: {} };
}

/** An attestation statement; `name` is the repository (`ghcr.io/acme/api`), as actions/attest and cosign name it. */
export function attestationStatement(
  name: string,
  digest: string,
  predicateType: string,
  predicate: unknown,
): Statement {
  return {
    _type: STATEMENT_V1,
    subject: [{ name, digest: { sha256: hexOf(digest) } }],
    predicateType,
    predicate,
  };
}

/**
 * The predicate a file holds for a predicate type: JSON for every type but cosign's `custom`, which wraps the raw
 * text as `{ Data, Timestamp }` (pkg/cosign/attestation/attestation.go generateCustomPredicate).
 */
export function predicateFromFile(text: string, predicateType: string, file: string, now: Date): unknown {
  if (predicateType === PREDICATE_TYPES.custom)
    return { Data: text, Timestamp: now.toISOString().replace(/\.\d{3}Z$/, 'Z') };
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--predicate ${file}: not JSON — a ${predicateType} predicate is a JSON document`, {
      cause: error,
    });
  }
}

const StatementSchema = z.looseObject({
  _type: z.enum([STATEMENT_V1, STATEMENT_V01]),
  subject: z
    .array(
      z.looseObject({
        name: z.string().optional(),
        digest: z.record(z.string(), z.string()),
      }),
    )
    .min(1),
  predicateType: z.string().min(1),
  predicate: z.unknown().optional(),
});

/** The statement inside a verified DSSE payload; undefined when it is not one. */
export function parseStatement(payload: Buffer): Statement | undefined {
  let json: unknown;
  try {
    json = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = StatementSchema.safeParse(json);
  if (!parsed.success) return undefined;
  return { ...parsed.data, predicate: parsed.data.predicate ?? null } as Statement;
}

/** True when one of the statement's subjects is exactly this sha256 digest. */
export function statementCovers(statement: Statement, digest: string): boolean {
  const hex = hexOf(digest).toLowerCase();
  return statement.subject.some((s) => s.digest.sha256?.toLowerCase() === hex);
}
