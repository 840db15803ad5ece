#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);
import {
  SIGSTORE_INSTANCES,
  githubInvocation,
  predicateTypeFor,
  vulnPredicate
} from "./chunk-GWQPTNN5.js";
import {
  buildImage,
  findExecutable,
  parseKeyValues,
  provenanceLabels,
  resolveDigest,
  runTool
} from "./chunk-ZIXCKAUA.js";
import "./chunk-OCKGVTTS.js";
import {
  ATTESTATION_TYPES,
  attestArgs,
  requireDigestReference,
  signArgs,
  verifyArgs,
  verifyAttestationArgs,
  verifyPolicyFrom
} from "./chunk-LMJJPHY5.js";
import {
  parseTarget
} from "./chunk-K4AEV4DU.js";
import {
  parseJsonReport,
  readInput,
  readInputFile
} from "./chunk-XZ5QPAN2.js";
import {
  VERSION
} from "./chunk-VME2S2LK.js";
import {
  plural
} from "./chunk-UYLAQBDD.js";
import {
  external_exports
} from "./chunk-H4CA45K4.js";
import {
  EXIT,
  RunError,
  UsageError,
  VerificationError
} from "./chunk-3XNDOCZ7.js";
import "./chunk-Q7IYEZLL.js";

// src/cli/supply-chain.ts
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

// src/sign/cosign.ts
var COSIGN_INSTALL_HINT = "install cosign (https://docs.sigstore.dev/cosign/system_config/installation/), pass --cosign-path, or use --install-missing";
var DEFAULT_TIMEOUT_MS = 5 * 60 * 1e3;
var SECRET_ENV = /PASS|TOKEN|SECRET|KEY|CRED|AUTH/i;
async function signImage(reference, opts = {}) {
  const pinned = await pinnedReference(reference, opts);
  const res = await runCosign(
    signArgs(pinned, { ...opts, insecureRegistry: opts.insecureRegistry ?? false }),
    `sign ${pinned}`,
    opts
  );
  return { reference: pinned, stderr: res.stderr };
}
async function attestImage(reference, opts) {
  const pinned = await pinnedReference(reference, opts);
  const res = await runCosign(
    attestArgs(pinned, { ...opts, insecureRegistry: opts.insecureRegistry ?? false }),
    `attest ${opts.type} to ${pinned}`,
    opts
  );
  return { reference: pinned, stderr: res.stderr };
}
var COSIGN_SIGNATURE_TYPES = [
  "https://sigstore.dev/cosign/sign/v1",
  "cosign container image signature"
];
var VerifiedEntries = external_exports.array(
  external_exports.looseObject({
    critical: external_exports.looseObject({
      image: external_exports.looseObject({ "docker-manifest-digest": external_exports.string() }),
      type: external_exports.string().optional()
    })
  })
);
async function verifyImage(reference, opts) {
  const pinned = await pinnedReference(reference, opts);
  const res = await runCosign(
    verifyArgs(pinned, { ...opts, insecureRegistry: opts.insecureRegistry ?? false }),
    `verify ${pinned}`,
    opts
  );
  const digest = pinned.slice(pinned.indexOf("@") + 1);
  let parsed;
  try {
    parsed = VerifiedEntries.parse(JSON.parse(res.stdout));
  } catch (error) {
    throw new RunError(
      `verify ${pinned}: cosign exited 0 but its output is not the list of verified signatures \u2014 check the cosign version`,
      { cause: error }
    );
  }
  const other = parsed.find((entry) => entry.critical.image["docker-manifest-digest"] !== digest);
  if (other) {
    throw new VerificationError(
      `verify ${pinned}: cosign verified a bundle for ${other.critical.image["docker-manifest-digest"] || "no digest"}, not ${digest} \u2014 treat the image as unsigned`
    );
  }
  const signatures = parsed.filter((entry) => COSIGN_SIGNATURE_TYPES.includes(entry.critical.type ?? ""));
  if (signatures.length === 0) {
    const types = [...new Set(parsed.map((entry) => entry.critical.type || "no type"))];
    throw new VerificationError(
      parsed.length === 0 ? `verify ${pinned}: cosign exited 0 but verified no signature \u2014 treat the image as unsigned` : `verify ${pinned}: cosign verified ${parsed.length} bundle${plural(parsed.length)} but no signature (only ${types.join(", ")}) \u2014 treat the image as unsigned`
    );
  }
  return { reference: pinned, stderr: res.stderr, signatures: signatures.length };
}
async function verifyAttestationImage(reference, opts) {
  const pinned = await pinnedReference(reference, opts);
  const res = await runCosign(
    verifyAttestationArgs(pinned, { ...opts, insecureRegistry: opts.insecureRegistry ?? false }),
    `verify attestation ${opts.type} of ${pinned}`,
    opts
  );
  return { reference: pinned, stderr: res.stderr };
}
async function pinnedReference(reference, opts) {
  if (!opts.resolveDigest || reference.includes("@")) return requireDigestReference(reference);
  const target = parseTarget(reference);
  if (target.kind !== "reference")
    throw new UsageError(
      `${reference}: cosign signs images in a registry, not archives \u2014 push it and pass name@sha256:\u2026`
    );
  const digest = await resolveDigest(target, {
    ...opts.insecureRegistry ? { insecureRegistry: true } : {},
    ...opts.signal ? { signal: opts.signal } : {},
    ...opts.env ? { env: opts.env } : {}
  });
  return requireDigestReference(`${target.name}@${digest}`);
}
async function runCosign(args, action, opts) {
  const executable = findExecutable(opts.cosign ?? "cosign", opts.env?.PATH ?? process.env.PATH ?? "");
  if (!executable) {
    throw new UsageError(
      `${action}: cosign not found${opts.cosign ? ` at ${opts.cosign}` : " on PATH"} \u2014 ${COSIGN_INSTALL_HINT}`
    );
  }
  const env = { ...opts.env };
  if (opts.password !== void 0) env.COSIGN_PASSWORD = opts.password;
  const secrets = [
    ...opts.password ? [opts.password] : [],
    ...Object.entries(opts.env ?? {}).filter(([key]) => SECRET_ENV.test(key)).map(([, value]) => value)
  ];
  return runTool({
    tool: "cosign",
    executable,
    args,
    action,
    installHint: COSIGN_INSTALL_HINT,
    env,
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...opts.signal ? { signal: opts.signal } : {},
    redact: secrets
  });
}

// src/cli/predicate-check.ts
async function checkPredicateFile(path, type) {
  const text = await readInputFile(path, "predicate");
  if (text.trim() === "")
    throw new UsageError(`predicate ${path}: empty \u2014 pass the predicate file (an SBOM, an OpenVEX document)`);
  if (type === "custom") return;
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `predicate ${path}: not JSON \u2014 a ${type} predicate is a JSON document; check the file`,
      { cause: error }
    );
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new UsageError(`predicate ${path}: not a JSON object \u2014 a ${type} predicate is one; check the file`);
}

// src/cli/supply-chain.ts
var native = () => import("./native-J3ZOGGMY.js");
function signerOf(args) {
  if (args.signer !== "sigstore" && args.signer !== "cosign")
    throw new UsageError(`--signer ${args.signer}: use sigstore (native) or cosign`);
  if (args.signer === "cosign") {
    const native2 = [
      ["--fulcio-url", args.fulcioUrl],
      ["--rekor-url", args.rekorUrl],
      ["--tsa-url", args.tsaUrl],
      ["--trusted-root", args.trustedRoot],
      ["--tuf-mirror", args.tufMirror],
      ["--insecure-ignore-tlog", args.insecureIgnoreTlog || void 0],
      ["--no-tlog-upload", args.tlogUpload === false ? true : void 0],
      ["--sigstore", args.sigstore && args.sigstore !== "public-good" ? args.sigstore : void 0]
    ].find(([, value]) => value !== void 0);
    if (native2)
      throw new UsageError(
        `${native2[0]} is an option of the native signer \u2014 drop it or drop --signer cosign`
      );
  } else if (args.cosignPath) {
    throw new UsageError("--cosign-path goes with --signer cosign");
  }
  return args.signer;
}
var cosignRun = (args) => ({
  ...args.cosignPath ? { cosign: args.cosignPath } : {},
  insecureRegistry: args.insecureRegistry,
  resolveDigest: args.resolveDigest,
  ...args.key ? { key: args.key } : {}
});
function nativeSignOptions(args) {
  if (!SIGSTORE_INSTANCES.includes(args.sigstore))
    throw new UsageError(`--sigstore ${args.sigstore}: use ${SIGSTORE_INSTANCES.join(" or ")}`);
  for (const [flag, url] of [
    ["--fulcio-url", args.fulcioUrl],
    ["--rekor-url", args.rekorUrl],
    ["--tsa-url", args.tsaUrl]
  ]) {
    if (url !== void 0 && !/^https?:\/\/[^\s]+$/.test(url))
      throw new UsageError(`${flag} ${JSON.stringify(url)}: pass an http(s) URL`);
  }
  return {
    instance: args.sigstore,
    endpoints: {
      ...args.fulcioUrl ? { fulcioURL: args.fulcioUrl } : {},
      ...args.rekorUrl ? { rekorURL: args.rekorUrl } : {},
      ...args.tsaUrl ? { tsaURL: args.tsaUrl } : {}
    },
    tlogUpload: args.tlogUpload,
    ...args.key ? { key: args.key } : {},
    ...args.insecureRegistry ? { insecureRegistry: true } : {}
  };
}
async function nativeReference(args) {
  const { resolveDigestNative } = await native();
  return resolveDigestNative(args.image, {
    resolve: args.resolveDigest,
    ...args.insecureRegistry ? { insecureRegistry: true } : {}
  });
}
async function runBuildCommand(args) {
  if (!["auto", "buildx", "podman", "buildah"].includes(args.builder)) {
    throw new UsageError(`--builder ${args.builder}: use auto, buildx, podman or buildah`);
  }
  const workDir = await mkdtemp(join(tmpdir(), "container-gate-build-"));
  try {
    const built = await buildImage(
      {
        context: args.context,
        dockerfile: args.dockerfile,
        tag: args.tag,
        builder: args.builder,
        labels: { ...provenanceLabels(process.env, /* @__PURE__ */ new Date()), ...parseKeyValues(args.label, "--label") },
        buildArgs: parseKeyValues(args.buildArg, "--build-arg")
      },
      { workDir }
    );
    for (const warning of built.warnings) process.stderr.write(`note: ${warning}
`);
    process.stderr.write(`built ${built.reference} with ${built.builder}
`);
    process.stdout.write(
      `${built.digest ? `${built.reference.replace(/:[^/:@]+$/, "")}@${built.digest}` : built.reference}
`
    );
    return EXIT.passed;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
async function runSignCommand(args) {
  const annotations = parseKeyValues(args.annotation, "--annotation");
  if (signerOf(args) === "cosign") {
    const result = await signImage(args.image, { ...cosignRun(args), annotations });
    process.stdout.write(`signed ${result.reference}
`);
    return EXIT.passed;
  }
  const { signImageNative } = await native();
  const signed = await signImageNative(await nativeReference(args), {
    ...nativeSignOptions(args),
    annotations
  });
  process.stderr.write(`pushed the signature bundle as referrer ${signed.referrer.digest}
`);
  process.stdout.write(`signed ${signed.reference}
`);
  return EXIT.passed;
}
async function runAttestCommand(args) {
  const signer = signerOf(args);
  if (signer === "cosign" && !ATTESTATION_TYPES.includes(args.type)) {
    throw new UsageError(`--type ${args.type}: use one of ${ATTESTATION_TYPES.join(", ")}`);
  }
  const predicateType = predicateTypeFor(args.type);
  if (Boolean(args.predicate) === Boolean(args.fromReport)) {
    throw new UsageError(
      "attest needs exactly one of --predicate <file> or --from-report <report.json> (for --type vuln)"
    );
  }
  if (args.fromReport && args.type !== "vuln")
    throw new UsageError("--from-report builds a vuln predicate: use it with --type vuln");
  if (args.predicate) await checkPredicateFile(args.predicate, args.type);
  let predicate = args.predicate;
  let workDir;
  try {
    if (args.fromReport) {
      const report = parseJsonReport(await readInput(args.fromReport, "report"), args.fromReport);
      const now = /* @__PURE__ */ new Date();
      const body = vulnPredicate(report, {
        version: VERSION,
        startedOn: now,
        finishedOn: now,
        invocation: githubInvocation(process.env)
      });
      workDir = await mkdtemp(join(tmpdir(), "container-gate-attest-"));
      predicate = join(workDir, "vuln-predicate.json");
      await writeFile(predicate, `${JSON.stringify(body, null, 2)}
`);
    }
    if (signer === "cosign") {
      const type = args.type;
      const result = await attestImage(args.image, { ...cosignRun(args), type, predicate });
      process.stdout.write(`attested ${type} to ${result.reference}
`);
      return EXIT.passed;
    }
    const { attestImageNative, readPredicateFile } = await native();
    const attested = await attestImageNative(await nativeReference(args), {
      ...nativeSignOptions(args),
      predicateType,
      predicate: await readPredicateFile(predicate, predicateType)
    });
    process.stderr.write(`pushed the attestation bundle as referrer ${attested.referrer.digest}
`);
    process.stdout.write(`attested ${args.type} to ${attested.reference}
`);
    return EXIT.passed;
  } finally {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  }
}
async function runVerifyCommand(args) {
  const policy = verifyPolicyFrom(args);
  if (args.predicateOut !== void 0 && !args.attestation)
    throw new UsageError("--predicate-out saves a verified attestation: use it with --attestation TYPE");
  if (signerOf(args) === "cosign") return verifyWithCosign(args);
  return verifyNatively(args, policy);
}
async function verifyWithCosign(args) {
  if (args.predicateOut !== void 0)
    throw new UsageError("--predicate-out is an option of the native signer \u2014 drop --signer cosign");
  const policy = {
    ...cosignRun(args),
    ...args.certificateIdentity ? { certificateIdentity: args.certificateIdentity } : {},
    ...args.certificateIdentityRegexp ? { certificateIdentityRegexp: args.certificateIdentityRegexp } : {},
    ...args.certificateOidcIssuer ? { certificateOidcIssuer: args.certificateOidcIssuer } : {},
    ...args.certificateOidcIssuerRegexp ? { certificateOidcIssuerRegexp: args.certificateOidcIssuerRegexp } : {}
  };
  if (args.attestation) {
    if (!ATTESTATION_TYPES.includes(args.attestation))
      throw new UsageError(
        `--attestation ${args.attestation}: with cosign use one of ${ATTESTATION_TYPES.join(", ")}`
      );
    const result2 = await verifyAttestationImage(args.image, {
      ...policy,
      type: args.attestation
    });
    process.stdout.write(`verified attestation ${args.attestation} for ${result2.reference}
`);
    return EXIT.passed;
  }
  const result = await verifyImage(args.image, policy);
  process.stdout.write(
    `verified ${result.signatures} signature${plural(result.signatures)} for ${result.reference}
`
  );
  return EXIT.passed;
}
async function verifyNatively(args, policy) {
  const predicateType = args.attestation ? predicateTypeFor(args.attestation, "--attestation") : void 0;
  const { verifyImageNative } = await native();
  const result = await verifyImageNative(await nativeReference(args), {
    ...policy,
    ...predicateType ? { predicateType } : {},
    ...args.insecureRegistry ? { insecureRegistry: true } : {}
  });
  const what = predicateType ? `attestation ${predicateType}` : "signature";
  if (args.predicateOut) await writeVerifiedPredicate(result.verified, args.predicateOut);
  for (const v of result.verified) {
    process.stderr.write(
      `  ${what} ${v.referrer.slice(0, 19)}\u2026: ${v.identity ? `${v.identity} (issuer ${v.issuer ?? "?"})` : "the given key"}
`
    );
  }
  const n = result.verified.length;
  process.stdout.write(
    `verified ${n} ${predicateType ? `attestation${plural(n)} ${predicateType}` : `signature${plural(n)}`} for ${result.reference}
`
  );
  return EXIT.passed;
}
async function writeVerifiedPredicate(verified, path) {
  const { newest } = await import("./attested-sbom-5X3GXOYH.js");
  const { writeFileAtomic } = await import("./fs-atomic-BKSHFEZN.js");
  const chosen = newest(verified);
  await writeFileAtomic(path, `${JSON.stringify(chosen.statement.predicate, null, 2)}
`, "predicate");
  process.stderr.write(`wrote the verified predicate of ${chosen.referrer.slice(0, 19)}\u2026 to ${path}
`);
}
export {
  runAttestCommand,
  runBuildCommand,
  runSignCommand,
  runVerifyCommand
};
