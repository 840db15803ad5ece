#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);
import {
  NoValidBundle,
  verifyImageNative
} from "./chunk-BS5Y3WGH.js";
import "./chunk-CWMFRAY3.js";
import {
  writeFileAtomic
} from "./chunk-B3IEMHFJ.js";
import {
  PREDICATE_TYPES
} from "./chunk-7I4Y4Y75.js";
import "./chunk-FTE4UPAG.js";
import "./chunk-A54AFE5P.js";
import "./chunk-SSRK6GNI.js";
import "./chunk-H4CA45K4.js";
import {
  VerificationError
} from "./chunk-BFUO6Y74.js";
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
var NoVerifiedSbom = class extends VerificationError {
  constructor(reference, detail) {
    super(`SBOM of ${reference}: no verified SBOM attestation \u2014 ${detail}`);
    this.detail = detail;
  }
  detail;
};
var TYPE_NAMES = { "cyclonedx-json": "CycloneDX", "spdx-json": "SPDX" };
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
      const why = error instanceof NoValidBundle ? error.why : error.message.replace(/^verify \S+: /, "");
      reasons.push({ format, why });
      continue;
    }
    const chosen = newest(verified);
    const predicate = chosen.statement.predicate;
    if (predicate === null || typeof predicate !== "object" || !holds(predicate))
      throw new NoVerifiedSbom(
        pinned,
        `the ${format} attestation ${chosen.referrer.slice(0, 19)}\u2026 holds no ${document} \u2014 re-attest the SBOM in that format`
      );
    await writeFileAtomic(opts.outFile, `${JSON.stringify(predicate, null, 2)}
`, "SBOM");
    return {
      reference: pinned,
      file: opts.outFile,
      format,
      predicateType,
      referrer: chosen.referrer,
      ...chosen.identity ? { identity: chosen.identity } : {},
      ...chosen.issuer ? { issuer: chosen.issuer } : {}
    };
  }
  const same = reasons.every((r) => r.why === reasons[0]?.why);
  throw new NoVerifiedSbom(
    reference,
    same ? reasons[0]?.why ?? "" : reasons.map((r) => `${TYPE_NAMES[r.format]}: ${r.why}`).join("; ")
  );
}
export {
  NoVerifiedSbom,
  fetchAttestedSbom,
  newest
};
