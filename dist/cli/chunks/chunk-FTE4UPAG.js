#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);
import {
  parseImageReference
} from "./chunk-SSRK6GNI.js";
import {
  UsageError
} from "./chunk-BFUO6Y74.js";

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
    if (key === "" || key.includes("=") || /[\u0000-\u001f\u007f]/.test(key + value)) {
      throw new UsageError(
        `annotation ${JSON.stringify(key)}: keys cannot contain '=' and values must be one line \u2014 fix the annotation`
      );
    }
    args.push("-a", csvField(`${key}=${value}`));
  }
  args.push("--", requireDigestReference(reference));
  return args;
}
function csvField(value) {
  return /[",]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
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
var KEYLESS_POLICY_REQUIRED = "keyless verify needs --certificate-identity (or --certificate-identity-regexp) AND --certificate-oidc-issuer, e.g. https://github.com/OWNER/REPO/.github/workflows/release.yml@refs/heads/main and https://token.actions.githubusercontent.com \u2014 or pass --key";
function verifyArgs(reference, opts) {
  return [
    "verify",
    ...verifierArgs(opts),
    ...registryArgs(opts.insecureRegistry),
    "--",
    requireDigestReference(reference)
  ];
}
function verifyAttestationArgs(reference, opts) {
  return [
    "verify-attestation",
    ...verifierArgs(opts),
    ...registryArgs(opts.insecureRegistry),
    "--type",
    opts.type,
    "--",
    requireDigestReference(reference)
  ];
}
function anchoredRegexp(regexp, flag) {
  const anchored = `^(?:${regexp})$`;
  if (!compiles(regexp) && compiles(anchored))
    throw new UsageError(
      `${flag} ${JSON.stringify(regexp)}: unbalanced parentheses \u2014 it would escape the ^(?:\u2026)$ that makes it match the whole value`
    );
  return anchored;
}
function compiles(source) {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}
function verifierArgs(opts) {
  if (opts.key !== void 0) return ["--key", validateKeyRef(opts.key)];
  const identity = opts.certificateIdentity ?? opts.certificateIdentityRegexp;
  const issuer = opts.certificateOidcIssuer ?? opts.certificateOidcIssuerRegexp;
  if (!identity || !issuer) {
    throw new UsageError(KEYLESS_POLICY_REQUIRED);
  }
  const args = [];
  if (opts.certificateIdentity) args.push("--certificate-identity", opts.certificateIdentity);
  else
    args.push(
      "--certificate-identity-regexp",
      anchoredRegexp(opts.certificateIdentityRegexp, "--certificate-identity-regexp")
    );
  if (opts.certificateOidcIssuer) args.push("--certificate-oidc-issuer", opts.certificateOidcIssuer);
  else
    args.push(
      "--certificate-oidc-issuer-regexp",
      anchoredRegexp(opts.certificateOidcIssuerRegexp, "--certificate-oidc-issuer-regexp")
    );
  return args;
}
function keyArgs(key) {
  return key === void 0 ? [] : ["--key", validateKeyRef(key)];
}
function registryArgs(insecure) {
  return insecure ? ["--allow-insecure-registry", "--allow-http-registry"] : [];
}

// src/sign/verify-policy.ts
var cliOption = (option) => `--${option}`;
function compileMatcher(matcher2, flag) {
  if ("exact" in matcher2) return (value) => value === matcher2.exact;
  let re;
  try {
    new RegExp(matcher2.regexp, "u");
    re = new RegExp(anchoredRegexp(matcher2.regexp, flag), "u");
  } catch (error) {
    throw new UsageError(
      `${flag} ${JSON.stringify(matcher2.regexp)}: not a regular expression (${error.message})`
    );
  }
  return (value) => value !== void 0 && re.test(value);
}
function matcher(exact, regexp, flag) {
  if (exact !== void 0 && regexp !== void 0)
    throw new UsageError(`${flag} and ${flag}-regexp: pass one of them`);
  if (exact !== void 0) return { exact };
  if (regexp !== void 0) return { regexp };
  return void 0;
}
function checkRegexps(policy, name = cliOption) {
  if (policy.identity) compileMatcher(policy.identity, name("certificate-identity-regexp"));
  if (policy.issuer) compileMatcher(policy.issuer, name("certificate-oidc-issuer-regexp"));
}
function requireSigner(policy, name) {
  if (policy.key) {
    if (policy.identity || policy.issuer)
      throw new UsageError(
        `${name("key")} and ${name("certificate-identity")}/${name("certificate-oidc-issuer")} do not go together \u2014 pick one`
      );
    return;
  }
  if (!policy.identity || !policy.issuer)
    throw new UsageError(
      `keyless verify needs ${name("certificate-identity")} (or ${name("certificate-identity-regexp")}) AND ${name("certificate-oidc-issuer")}, e.g. https://github.com/OWNER/REPO/.github/workflows/release.yml@refs/heads/main and https://token.actions.githubusercontent.com \u2014 or pass ${name("key")}`
    );
}
function verifyPolicyFrom(input, name = cliOption) {
  const identity = matcher(
    input.certificateIdentity,
    input.certificateIdentityRegexp,
    name("certificate-identity")
  );
  const issuer = matcher(
    input.certificateOidcIssuer,
    input.certificateOidcIssuerRegexp,
    name("certificate-oidc-issuer")
  );
  if (input.trustedRoot && (input.tufMirror || input.tufRoot))
    throw new UsageError(
      `${name("trusted-root")} and ${name("tuf-mirror")}/${name("tuf-root")}: pass the root or the TUF repository, not both`
    );
  if (Boolean(input.tufMirror) !== Boolean(input.tufRoot))
    throw new UsageError(
      `${name("tuf-mirror")} and ${name("tuf-root")} go together: the mirror and its initial root.json`
    );
  const policy = {
    ...input.key ? { key: input.key } : {},
    ...identity ? { identity } : {},
    ...issuer ? { issuer } : {},
    ...input.trustedRoot ? { trustedRoot: input.trustedRoot } : {},
    ...input.tufMirror ? { tufMirrorURL: input.tufMirror } : {},
    ...input.tufRoot ? { tufRootPath: input.tufRoot } : {},
    ...input.insecureIgnoreTlog ? { ignoreTlog: true } : {}
  };
  requireSigner(policy, name);
  return policy;
}

export {
  ATTESTATION_TYPES,
  validateKeyRef,
  requireDigestReference,
  signArgs,
  attestArgs,
  KEYLESS_POLICY_REQUIRED,
  verifyArgs,
  verifyAttestationArgs,
  anchoredRegexp,
  compileMatcher,
  checkRegexps,
  verifyPolicyFrom
};
