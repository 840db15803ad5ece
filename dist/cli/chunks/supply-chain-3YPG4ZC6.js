#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);
import {
  buildImage,
  countBySeverity,
  external_exports,
  findExecutable,
  parseImageReference,
  parseJsonReport,
  parseKeyValues,
  parseTarget,
  provenanceLabels,
  readInput,
  resolveDigest,
  runTool
} from "./chunk-Y2XK3ERW.js";
import {
  RunError,
  UsageError,
  VERSION
} from "./chunk-ZSJ53W5K.js";

// src/cli/supply-chain.ts
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

// src/sign/cosign-args.ts
var ATTESTATION_TYPES = [
  "cyclonedx",
  "spdxjson",
  "vuln",
  "openvex",
  "slsaprovenance",
  "custom"
];
var KMS_SCHEMES = ["awskms://", "gcpkms://", "azurekms://", "hashivault://", "k8s://"];
var ENV_KEY = /^env:\/\/[A-Za-z_][A-Za-z0-9_]*$/;
function validateKeyRef(key) {
  if (key === "" || /[\u0000-\u001f\u007f]/.test(key))
    throw new UsageError(
      `--key ${JSON.stringify(key)}: empty or contains control characters \u2014 pass a key file, env://VAR or a KMS URI`
    );
  if (key.startsWith("env://")) {
    if (!ENV_KEY.test(key))
      throw new UsageError(
        `--key ${key}: env:// must name an environment variable, e.g. env://COSIGN_PRIVATE_KEY`
      );
    return key;
  }
  const kms = KMS_SCHEMES.find((scheme) => key.startsWith(scheme));
  if (kms) {
    if (key.length === kms.length)
      throw new UsageError(`--key ${key}: ${kms} needs a key path after it, e.g. ${kms}\u2026/keys/cosign`);
    return key;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(key)) {
    throw new UsageError(
      `--key ${key}: unknown key scheme \u2014 use a key file, env://VAR, ${KMS_SCHEMES.join(", ")}`
    );
  }
  if (key.startsWith("-"))
    throw new UsageError(`--key ${key}: a key file name cannot start with '-' \u2014 use ./${key}`);
  return key;
}
function requireDigestReference(reference) {
  const parsed = parseImageReference(reference);
  if (!parsed)
    throw new UsageError(
      `image ${JSON.stringify(reference)}: not an image reference \u2014 pass name@sha256:<digest>`
    );
  if (!parsed.digest) {
    throw new UsageError(
      `${reference}: sign by digest: resolve it first with \`skopeo inspect docker://${reference}\` (its "Digest") or pass name@sha256:\u2026 \u2014 a tag can move between scan and signature`
    );
  }
  if (!/^sha256:[0-9a-f]{64}$/.test(parsed.digest))
    throw new UsageError(
      `${reference}: only sha256 digests are supported \u2014 pass name@sha256:<64 hex digits>`
    );
  return `${parsed.name}@${parsed.digest}`;
}
function signArgs(reference, opts = {}) {
  const args = ["sign", "--yes", ...keyArgs(opts.key), ...registryArgs(opts.insecureRegistry)];
  for (const [key, value] of Object.entries(opts.annotations ?? {}).sort(
    ([a], [b]) => a < b ? -1 : a > b ? 1 : 0
  )) {
    if (key === "" || key.includes("=") || /[\u0000-\u001f]/.test(key + value)) {
      throw new UsageError(
        `annotation ${JSON.stringify(key)}: keys cannot contain '=' and values must be one line \u2014 fix the annotation`
      );
    }
    args.push("-a", `${key}=${value}`);
  }
  args.push("--", requireDigestReference(reference));
  return args;
}
function attestArgs(reference, opts) {
  if (!ATTESTATION_TYPES.includes(opts.type)) {
    throw new UsageError(
      `attestation type ${JSON.stringify(opts.type)}: use one of ${ATTESTATION_TYPES.join(", ")}`
    );
  }
  if (opts.predicate === "" || opts.predicate.startsWith("-"))
    throw new UsageError(`--predicate ${JSON.stringify(opts.predicate)}: pass the predicate file path`);
  return [
    "attest",
    "--yes",
    ...keyArgs(opts.key),
    ...registryArgs(opts.insecureRegistry),
    "--type",
    opts.type,
    "--predicate",
    opts.predicate,
    "--",
    requireDigestReference(reference)
  ];
}
function verifyArgs(reference, opts) {
  return [
    "verify",
    ...verifierArgs(opts),
    ...registryArgs(opts.insecureRegistry),
    "--",
    requireDigestReference(reference)
  ];
}
function verifierArgs(opts) {
  if (opts.key !== void 0) return ["--key", validateKeyRef(opts.key)];
  const identity = opts.certificateIdentity ?? opts.certificateIdentityRegexp;
  const issuer = opts.certificateOidcIssuer ?? opts.certificateOidcIssuerRegexp;
  if (!identity || !issuer) {
    throw new UsageError(
      "keyless verify needs --certificate-identity (or --certificate-identity-regexp) AND --certificate-oidc-issuer, e.g. https://github.com/OWNER/REPO/.github/workflows/release.yml@refs/heads/main and https://token.actions.githubusercontent.com \u2014 or pass --key"
    );
  }
  const args = [];
  if (opts.certificateIdentity) args.push("--certificate-identity", opts.certificateIdentity);
  else args.push("--certificate-identity-regexp", opts.certificateIdentityRegexp);
  if (opts.certificateOidcIssuer) args.push("--certificate-oidc-issuer", opts.certificateOidcIssuer);
  else args.push("--certificate-oidc-issuer-regexp", opts.certificateOidcIssuerRegexp);
  return args;
}
function keyArgs(key) {
  return key === void 0 ? [] : ["--key", validateKeyRef(key)];
}
function registryArgs(insecure) {
  return insecure ? ["--allow-insecure-registry", "--allow-http-registry"] : [];
}

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
var VerifiedSignatures = external_exports.array(
  external_exports.looseObject({
    critical: external_exports.looseObject({ image: external_exports.looseObject({ "docker-manifest-digest": external_exports.string() }) })
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
    parsed = VerifiedSignatures.parse(JSON.parse(res.stdout));
  } catch {
    throw new RunError(
      `verify ${pinned}: cosign exited 0 but its output is not the list of verified signatures \u2014 check the cosign version`
    );
  }
  if (parsed.length === 0)
    throw new RunError(
      `verify ${pinned}: cosign exited 0 but verified no signature \u2014 treat the image as unsigned`
    );
  const other = parsed.find((sig) => sig.critical.image["docker-manifest-digest"] !== digest);
  if (other) {
    throw new RunError(
      `verify ${pinned}: cosign verified a signature for ${other.critical.image["docker-manifest-digest"]}, not ${digest} \u2014 treat the image as unsigned`
    );
  }
  return { reference: pinned, stderr: res.stderr, signatures: parsed.length };
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

// src/sign/predicate.ts
function vulnPredicate(report, info) {
  const forTarget = (items) => info.target === void 0 ? [...items] : items.filter((item) => item.target === info.target);
  const vulnerabilities = forTarget(report.findings).filter((f) => f.kind === "vulnerability");
  const { status, passed, threshold, ignoreUnfixed, violations, reasons } = report.gate;
  return {
    invocation: {
      parameters: info.invocation?.parameters ?? null,
      uri: info.invocation?.uri ?? "",
      event_id: info.invocation?.eventId ?? "",
      "builder.id": info.invocation?.builderId ?? ""
    },
    scanner: {
      uri: info.uri ?? `pkg:npm/container-gate@${info.version}`,
      version: info.version,
      db: { uri: info.db?.uri ?? "", version: info.db?.version ?? "" },
      result: {
        reportVersion: report.version,
        targets: info.target === void 0 ? [...report.targets] : report.targets.filter((t) => t.display === info.target),
        scanners: forTarget(report.scanners),
        gate: { status, passed, threshold, ignoreUnfixed, violations, reasons: [...reasons] },
        summary: countBySeverity(vulnerabilities),
        vulnerabilities
      }
    },
    metadata: { scanStartedOn: info.startedOn.toISOString(), scanFinishedOn: info.finishedOn.toISOString() }
  };
}
function githubInvocation(env) {
  const server = (env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, "");
  const repository = env.GITHUB_REPOSITORY;
  const runId = env.GITHUB_RUN_ID;
  if (!repository || !runId) return {};
  const attempt = env.GITHUB_RUN_ATTEMPT;
  return {
    uri: `${server}/${repository}/actions/runs/${runId}${attempt ? `/attempts/${attempt}` : ""}`,
    eventId: runId,
    builderId: env.GITHUB_WORKFLOW_REF ? `${server}/${env.GITHUB_WORKFLOW_REF}` : "GitHub Actions"
  };
}

// src/cli/supply-chain.ts
var cosignRun = (args) => ({
  ...args.cosignPath ? { cosign: args.cosignPath } : {},
  insecureRegistry: args.insecureRegistry,
  resolveDigest: args.resolveDigest,
  ...args.key ? { key: args.key } : {}
});
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
    return 0;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
async function runSignCommand(args) {
  const result = await signImage(args.image, {
    ...cosignRun(args),
    annotations: parseKeyValues(args.annotation, "--annotation")
  });
  process.stdout.write(`signed ${result.reference}
`);
  return 0;
}
async function runAttestCommand(args) {
  if (!ATTESTATION_TYPES.includes(args.type)) {
    throw new UsageError(`--type ${args.type}: use one of ${ATTESTATION_TYPES.join(", ")}`);
  }
  const type = args.type;
  if (Boolean(args.predicate) === Boolean(args.fromReport)) {
    throw new UsageError(
      "attest needs exactly one of --predicate <file> or --from-report <report.json> (for --type vuln)"
    );
  }
  if (args.fromReport && type !== "vuln")
    throw new UsageError("--from-report builds a vuln predicate: use it with --type vuln");
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
    const result = await attestImage(args.image, { ...cosignRun(args), type, predicate });
    process.stdout.write(`attested ${type} to ${result.reference}
`);
    return 0;
  } finally {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  }
}
async function runVerifyCommand(args) {
  const result = await verifyImage(args.image, {
    ...cosignRun(args),
    ...args.certificateIdentity ? { certificateIdentity: args.certificateIdentity } : {},
    ...args.certificateIdentityRegexp ? { certificateIdentityRegexp: args.certificateIdentityRegexp } : {},
    ...args.certificateOidcIssuer ? { certificateOidcIssuer: args.certificateOidcIssuer } : {},
    ...args.certificateOidcIssuerRegexp ? { certificateOidcIssuerRegexp: args.certificateOidcIssuerRegexp } : {}
  });
  process.stdout.write(
    `verified ${result.signatures} signature${result.signatures === 1 ? "" : "s"} for ${result.reference}
`
  );
  return 0;
}
export {
  runAttestCommand,
  runBuildCommand,
  runSignCommand,
  runVerifyCommand
};
