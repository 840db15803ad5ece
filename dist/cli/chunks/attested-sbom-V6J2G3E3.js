#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);
import {
  verifyImageNative
} from "./chunk-UBEYKXUZ.js";
import {
  PREDICATE_TYPES
} from "./chunk-EW3JNGWT.js";
import "./chunk-DHWVASIS.js";
import {
  writeFileAtomic
} from "./chunk-JYHEMALE.js";
import "./chunk-WQ7ANMPA.js";
import {
  VerificationError
} from "./chunk-NXLQHW5S.js";
import "./chunk-Q7IYEZLL.js";

// src/sign/attested-sbom.ts
var SBOM_TYPES = [
  {
    format: "cyclonedx-json",
    predicateType: PREDICATE_TYPES.cyclonedx,
    document: 'CycloneDX document (bomFormat "CycloneDX" and specVersion)',
    holds: (p) => p.bomFormat === "CycloneDX" && typeof p.specVersion === "string"
  },
  {
    format: "spdx-json",
    predicateType: PREDICATE_TYPES.spdxjson,
    document: 'SPDX JSON document (spdxVersion "SPDX-\u2026")',
    holds: (p) => typeof p.spdxVersion === "string" && p.spdxVersion.startsWith("SPDX-")
  }
];
function newest(verified) {
  return [...verified].sort(
    (a, b) => (a.signedAt ?? "").localeCompare(b.signedAt ?? "") || (a.created ?? "").localeCompare(b.created ?? "")
  ).at(-1);
}
async function fetchAttestedSbom(reference, opts) {
  const reasons = [];
  for (const { format, predicateType, document, holds } of SBOM_TYPES) {
    let verified;
    let pinned;
    try {
      const result = await verifyImageNative(reference, { ...opts, predicateType });
      verified = result.verified;
      pinned = result.reference;
    } catch (error) {
      if (!(error instanceof VerificationError)) throw error;
      reasons.push(error.message.replace(/^verify \S+: /, ""));
      continue;
    }
    const chosen = newest(verified);
    const predicate = chosen.statement.predicate;
    if (predicate === null || typeof predicate !== "object" || !holds(predicate))
      throw new VerificationError(
        `${pinned}: the ${format} attestation ${chosen.referrer.slice(0, 19)}\u2026 holds no ${document} \u2014 re-attest the SBOM in that format`
      );
    await writeFileAtomic(opts.outFile, `${JSON.stringify(predicate, null, 2)}
`, "SBOM");
    return {
      reference: pinned,
      file: opts.outFile,
      format,
      predicateType,
      ...chosen.identity ? { identity: chosen.identity } : {},
      ...chosen.issuer ? { issuer: chosen.issuer } : {}
    };
  }
  throw new VerificationError(`SBOM of ${reference}: no verified SBOM attestation \u2014 ${reasons.join("; ")}`);
}
export {
  fetchAttestedSbom,
  newest
};
