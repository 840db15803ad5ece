#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);
import {
  FINDING_KINDS
} from "./chunk-BAIXEH7P.js";
import {
  SCANNER_NAMES
} from "./chunk-OCKGVTTS.js";
import {
  isSeverity
} from "./chunk-VME2S2LK.js";
import {
  checkRegexps,
  verifyPolicyFrom
} from "./chunk-FTE4UPAG.js";
import {
  parseImageReference
} from "./chunk-SSRK6GNI.js";
import {
  external_exports
} from "./chunk-H4CA45K4.js";
import {
  RunError,
  UsageError,
  oneLine
} from "./chunk-BFUO6Y74.js";

// src/config/apply.ts
function applyConfig(options, config, origin) {
  applyGate(options, config.gate ?? {}, origin);
  applyScan(options, config.scan ?? {});
  const out = config.outputs ?? {};
  const o = options.outputs;
  if (out.json !== void 0) o.json = out.json;
  if (out.sarif !== void 0) o.sarif = out.sarif;
  if (out.summary !== void 0) o.summary = out.summary;
  if (out["summary-max-chars"] !== void 0) o.summaryMaxChars = out["summary-max-chars"];
  if (out["sbom-dir"] !== void 0) o.sbomDir = out["sbom-dir"];
  if (out["sbom-format"] !== void 0) o.sbomFormats = [...out["sbom-format"]];
  if (out.table !== void 0) o.table = out.table;
  return {
    ...out.quiet !== void 0 ? { quiet: out.quiet } : {},
    ...out.color !== void 0 ? { color: out.color } : {}
  };
}
function applyGate(options, gate, origin) {
  const p = options.policy;
  if (gate.severity !== void 0) p.threshold = gate.severity;
  if (gate.thresholds !== void 0)
    p.thresholds = { ...p.thresholds, ...gate.thresholds };
  if (gate["unknown-severity"] !== void 0) p.unknownSeverity = gate["unknown-severity"];
  if (gate["ignore-unfixed"] !== void 0) p.ignoreUnfixed = gate["ignore-unfixed"];
  if (gate.kev !== void 0) p.kev = gate.kev;
  if (gate["kev-catalog"] !== void 0) p.kevCatalog = gate["kev-catalog"];
  if (gate.epss !== void 0) p.epss = gate.epss;
  if (gate.baseline !== void 0) p.baseline = gate.baseline;
  if (gate["license-allow"] !== void 0) p.licenseAllow = [...gate["license-allow"]];
  if (gate["license-deny"] !== void 0) p.licenseDeny = [...gate["license-deny"]];
  if (typeof gate.exceptions === "string") p.exceptionsFile = gate.exceptions;
  else if (gate.exceptions !== void 0)
    p.inlineExceptions = { entries: gate.exceptions, origin: `${origin} gate.exceptions` };
  if (gate.vex !== void 0) p.vexFiles = Array.isArray(gate.vex) ? [...gate.vex] : [gate.vex];
}
function applyScan(options, scan) {
  if (scan.images !== void 0) options.images = [...scan.images];
  if (scan.platform !== void 0) options.platform = scan.platform;
  if (scan.scanners !== void 0) options.scanners = [...scan.scanners];
  if (scan.checks !== void 0) options.checks = scan.checks;
  if (scan.dockerfile !== void 0) options.dockerfile = scan.dockerfile;
  if (scan.manifests !== void 0) options.manifests = [...scan.manifests];
  if (scan.export !== void 0) options.export = scan.export;
  if (scan.timeout !== void 0) options.timeoutMs = Math.round(scan.timeout * 1e3);
  if (scan.concurrency !== void 0) options.concurrency = scan.concurrency;
  if (scan["insecure-registry"] !== void 0) options.insecureRegistry = scan["insecure-registry"];
  if (scan["install-missing"] !== void 0) options.installMissing = scan["install-missing"];
  if (scan["work-dir"] !== void 0) options.workDir = scan["work-dir"];
  if (scan["keep-work-dir"] !== void 0) options.keepWorkDir = scan["keep-work-dir"];
  if (scan["trivy-path"] !== void 0) options.toolPaths.trivy = scan["trivy-path"];
  if (scan["grype-path"] !== void 0) options.toolPaths.grype = scan["grype-path"];
  if (scan["syft-path"] !== void 0) options.toolPaths.syft = scan["syft-path"];
}
function buildConfig(config) {
  const scan = config?.scan ?? {};
  const args = scan["build-arg"];
  return {
    ...scan.build !== void 0 ? { build: scan.build } : {},
    ...scan.context !== void 0 ? { context: scan.context } : {},
    ...scan.tag !== void 0 ? { tag: scan.tag } : {},
    ...scan.builder !== void 0 ? { builder: scan.builder } : {},
    ...args !== void 0 ? { buildArg: Object.entries(args).map(([k, v]) => `${k}=${v}`) } : {}
  };
}

// src/options.ts
import { cpus } from "node:os";

// src/databases/settings.ts
import { homedir } from "node:os";
import { join } from "node:path";
var DEFAULT_SOURCES = {
  "trivy-db": ["mirror.gcr.io/aquasec/trivy-db", "ghcr.io/aquasecurity/trivy-db"],
  "trivy-java-db": ["mirror.gcr.io/aquasec/trivy-java-db", "ghcr.io/aquasecurity/trivy-java-db"],
  "trivy-checks": ["mirror.gcr.io/aquasec/trivy-checks:2", "ghcr.io/aquasecurity/trivy-checks:2"],
  // anchore/grype v0.116.0 grype/db/v6/distribution/client.go:54-61 (a URL not ending in .json gets /v6/latest.json).
  "grype-db": ["https://grype.anchore.io/databases"]
};
var DEFAULT_MAX_AGE_MS = 72 * 36e5;
var DEFAULT_MAX_WAIT_MS = 12e4;
function defaultDatabaseCacheDir(env = process.env) {
  const base = env.XDG_CACHE_HOME?.trim() || join(homedir(), ".cache");
  return join(base, "container-gate", "databases");
}
var SOURCE_VARIABLES = {
  "trivy-db": "TRIVY_DB_REPOSITORY",
  "trivy-java-db": "TRIVY_JAVA_DB_REPOSITORY",
  "trivy-checks": "TRIVY_CHECKS_BUNDLE_REPOSITORY",
  "grype-db": "GRYPE_DB_UPDATE_URL"
};
function defaultDatabaseSettings(env = process.env) {
  const sources = (name) => {
    const variable = SOURCE_VARIABLES[name];
    const value = env[variable]?.trim();
    return value ? readSources([value], name, variable) : [...DEFAULT_SOURCES[name]];
  };
  return {
    cacheDir: defaultDatabaseCacheDir(env),
    maxAgeMs: DEFAULT_MAX_AGE_MS,
    offline: false,
    maxWaitMs: DEFAULT_MAX_WAIT_MS,
    sources: {
      "trivy-db": sources("trivy-db"),
      "trivy-java-db": sources("trivy-java-db"),
      "trivy-checks": sources("trivy-checks"),
      "grype-db": sources("grype-db")
    }
  };
}
var UNIT_MS = { ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5 };
function parseDuration(value, flag) {
  const text = value.trim();
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (text === "" || parts.map((p) => p[0]).join("") !== text) {
    throw new UsageError(
      `${flag} ${JSON.stringify(value)}: not a duration \u2014 write it with a unit: 72h, 3d, 90m or 30s`
    );
  }
  return Math.round(parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * UNIT_MS[unit], 0));
}
function formatDuration(ms) {
  const total = Math.max(0, Math.round(ms / 1e3));
  const days = Math.floor(total / 86400);
  const hours = Math.floor(total % 86400 / 3600);
  const minutes = Math.floor(total % 3600 / 60);
  const seconds2 = total % 60;
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return minutes > 0 ? `${hours}h ${minutes}m` : `${hours}h`;
  if (minutes > 0) return `${minutes}m`;
  return `${seconds2}s`;
}
function readSources(values, name, flag) {
  const list = (values ?? []).flatMap((v) => v.split(/[\n,]/)).map((v) => v.trim()).filter((v) => v !== "");
  for (const source of list) {
    if (source.startsWith("-") || /\s/.test(source))
      throw new UsageError(`${flag} ${JSON.stringify(source)}: not a repository or URL`);
    if (name === "grype-db" && !/^https?:\/\/\S+$/.test(source))
      throw new UsageError(
        `${flag} ${JSON.stringify(source)}: not an http(s) URL of a Grype database listing`
      );
  }
  return list.length > 0 ? [...new Set(list)] : [...DEFAULT_SOURCES[name]];
}

// src/options.ts
function defaultPolicyOptions() {
  return {
    threshold: "high",
    thresholds: {},
    ignoreUnfixed: false,
    unknownSeverity: "warn",
    kev: "fail",
    licenseAllow: [],
    licenseDeny: [],
    vexFiles: []
  };
}
var MAX_TIMEOUT_SECONDS = 7 * 24 * 60 * 60;
var DEFAULT_SCANNERS = ["trivy", "trivy-secret", "grype", "syft"];
function defaultConcurrency() {
  return Math.max(4, cpus().length);
}
function defaultOptions() {
  return {
    images: [],
    scanners: [...DEFAULT_SCANNERS],
    checks: true,
    manifests: [],
    export: "auto",
    policy: defaultPolicyOptions(),
    outputs: { sbomFormats: ["cyclonedx-json", "spdx-json"], table: true },
    timeoutMs: 10 * 60 * 1e3,
    concurrency: defaultConcurrency(),
    toolPaths: {},
    installMissing: false,
    insecureRegistry: false,
    keepWorkDir: false,
    databases: defaultDatabaseSettings()
  };
}

// src/image/build.ts
import { mkdir, readFile, rm, stat } from "node:fs/promises";
import { join as join3 } from "node:path";

// src/process/exec.ts
import { spawn } from "node:child_process";
var ExecStartError = class extends Error {
  constructor(file, code, message) {
    super(message);
    this.file = file;
    this.code = code;
  }
  file;
  code;
  name = "ExecStartError";
};
var DEFAULT_MAX_OUTPUT = 64 * 1024 * 1024;
var MAX_TIMER_MS = 2 ** 31 - 1;
var DRAIN_MS = 500;
var liveGroups = /* @__PURE__ */ new Set();
var exitHookInstalled = false;
function killAllChildren(signal = "SIGKILL") {
  for (const pid of liveGroups) killGroup(pid, signal);
}
function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
    }
  }
}
function runProcess(file, options) {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => killAllChildren());
  }
  const maxBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  const grace = options.killGraceMs ?? 1e3;
  const started = performance.now();
  return new Promise((resolve2, reject) => {
    if (options.signal?.aborted) {
      resolve2(emptyResult({ aborted: true, durationMs: 0 }));
      return;
    }
    const env = { ...process.env };
    for (const name of options.withoutEnv ?? []) delete env[name];
    const child = spawn(file, [...options.args], {
      cwd: options.cwd,
      env: { ...env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
      windowsHide: true
    });
    const pid = child.pid;
    const out = { stdout: [], stderr: [], stdoutBytes: 0, stderrBytes: 0 };
    let timedOut = false;
    let aborted = false;
    let outputExceeded;
    let killTimer;
    let settled = false;
    let exit;
    const terminate = () => {
      if (pid === void 0 || killTimer) return;
      killGroup(pid, "SIGTERM");
      killTimer = setTimeout(() => killGroup(pid, "SIGKILL"), grace);
      killTimer.unref();
    };
    const collect = (stream) => (chunk) => {
      if (outputExceeded) return;
      const key = stream === "stdout" ? "stdoutBytes" : "stderrBytes";
      out[key] += chunk.length;
      if (out[key] > maxBytes) {
        outputExceeded = stream;
        terminate();
        return;
      }
      out[stream].push(chunk);
    };
    child.stdout.on("data", collect("stdout"));
    child.stderr.on("data", collect("stderr"));
    const timer = options.timeoutMs !== void 0 && options.timeoutMs <= MAX_TIMER_MS ? setTimeout(() => {
      timedOut = true;
      terminate();
    }, options.timeoutMs) : void 0;
    const onAbort = () => {
      aborted = true;
      terminate();
    };
    options.signal?.addEventListener("abort", onAbort, { once: true });
    const finish = () => {
      if (settled || !exit) return;
      settled = true;
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      if (pid !== void 0) {
        killGroup(pid, "SIGKILL");
        liveGroups.delete(pid);
      }
      if (killTimer) clearTimeout(killTimer);
      child.stdout.destroy();
      child.stderr.destroy();
      resolve2({
        exitCode: exit.code,
        signal: exit.signal,
        stdout: Buffer.concat(out.stdout).toString("utf8"),
        stderr: Buffer.concat(out.stderr).toString("utf8"),
        timedOut,
        aborted,
        ...outputExceeded ? { outputExceeded } : {},
        durationMs: Math.round(performance.now() - started)
      });
    };
    child.once("error", (error) => {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      if (pid !== void 0) liveGroups.delete(pid);
      settled = true;
      reject(
        new ExecStartError(
          file,
          error.code,
          `${file}: ${error.code === "ENOENT" ? "not found" : error.message}`
        )
      );
    });
    if (pid !== void 0) liveGroups.add(pid);
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      setTimeout(finish, DRAIN_MS).unref();
    });
    child.once("close", () => finish());
  });
}
function emptyResult(partial) {
  return {
    exitCode: null,
    signal: null,
    stdout: "",
    stderr: "",
    timedOut: false,
    aborted: false,
    durationMs: 0,
    ...partial
  };
}

// src/tools/run-tool.ts
var DEFAULT_MAX_OUTPUT2 = 16 * 1024 * 1024;
async function runTool(run) {
  let result;
  try {
    result = await runProcess(run.executable, {
      args: run.args,
      ...run.env ? { env: run.env } : {},
      ...run.cwd ? { cwd: run.cwd } : {},
      ...run.timeoutMs !== void 0 ? { timeoutMs: run.timeoutMs } : {},
      ...run.signal ? { signal: run.signal } : {},
      maxOutputBytes: run.maxOutputBytes ?? DEFAULT_MAX_OUTPUT2
    });
  } catch (error) {
    if (error instanceof ExecStartError) {
      const why = error.code === "ENOENT" ? "not found" : error.code ?? error.message;
      throw new UsageError(
        `${run.action}: cannot start ${run.tool} (${run.executable}: ${why}) \u2014 ${run.installHint}`
      );
    }
    throw error;
  }
  const fail = (why) => new RunError(redactText(`${run.action}: ${run.tool} ${why}`, run.redact ?? []));
  if (result.aborted) {
    const reason = run.signal?.reason;
    throw reason instanceof Error ? reason : fail("was stopped: the run was interrupted");
  }
  if (result.timedOut) throw fail(`timed out after ${seconds(run.timeoutMs ?? 0)} and was stopped`);
  if (result.outputExceeded)
    throw fail(
      `printed more than ${(run.maxOutputBytes ?? DEFAULT_MAX_OUTPUT2) / 1024 / 1024} MiB on ${result.outputExceeded}; stopped`
    );
  if (result.signal) throw fail(`was killed by ${result.signal}${suffix(lastMeaningfulLine(result.stderr))}`);
  const code = result.exitCode ?? -1;
  if (code !== 0 && !(run.okExitCodes ?? []).includes(code)) {
    const line = lastMeaningfulLine(result.stderr) ?? lastMeaningfulLine(result.stdout);
    throw fail(`failed (exit ${code})${line ? `: ${line}` : " and printed nothing on stderr"}`);
  }
  return result;
}
var STARTS_WITH_ERROR = /^(?:#\d+\s+)?(?:error|fatal|fata)\b|level=(?:error|fatal)\b/i;
var MENTIONS_ERROR = /\berror\b/i;
function lastMeaningfulLine(text) {
  const lines = text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").split(/\r?\n/).map((line2) => line2.trim()).filter((line2) => line2 !== "" && !/^exit status \d+$/i.test(line2));
  const line = lines.findLast((l) => STARTS_WITH_ERROR.test(l)) ?? lines.findLast((l) => MENTIONS_ERROR.test(l)) ?? lines.at(-1);
  return line === void 0 ? void 0 : oneLine(line).slice(0, 300);
}
function redactText(text, secrets) {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join("***");
  }
  return out;
}
function seconds(ms) {
  return ms % 1e3 === 0 ? `${ms / 1e3}s` : `${(ms / 1e3).toFixed(1)}s`;
}
function suffix(line) {
  return line ? `: ${line}` : "";
}

// src/tools/which.ts
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, isAbsolute, join as join2, resolve } from "node:path";
function findExecutable(nameOrPath, pathVariable = process.env.PATH ?? "") {
  if (nameOrPath.includes("/")) {
    const full = isAbsolute(nameOrPath) ? nameOrPath : resolve(nameOrPath);
    return isExecutableFile(full) ? full : void 0;
  }
  for (const dir of pathVariable.split(delimiter)) {
    if (dir === "") continue;
    const candidate = join2(dir, nameOrPath);
    if (isExecutableFile(candidate)) return candidate;
  }
  return void 0;
}
function isExecutableFile(path) {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// src/image/build.ts
var DEFAULT_BUILD_TIMEOUT_MS = 60 * 60 * 1e3;
var DAEMON_PROBE_TIMEOUT_MS = 5e3;
var BUILDER_INSTALL_HINTS = {
  buildx: "install Docker with the buildx plugin and start its daemon (https://docs.docker.com/engine/install/), or use --builder buildah",
  podman: "install podman (apt-get install podman, brew install podman), or use --builder buildah",
  buildah: "install buildah (apt-get install buildah, dnf install buildah)"
};
var BUILDER_EXECUTABLES = {
  buildx: "docker",
  podman: "podman",
  buildah: "buildah"
};
async function detectBuilder(preference, env = process.env) {
  const path = env.PATH ?? "";
  const probeEnv = definedEnv(env);
  const docker = findExecutable("docker", path);
  const buildx = async () => {
    if (!docker) return { ok: false, why: "docker not found on PATH" };
    const info = await probe(docker, ["info", "--format", "{{.ServerVersion}}"], probeEnv);
    if (!info.ok) return { ok: false, why: `no Docker daemon answers (docker info: ${info.why})` };
    const plugin = await probe(docker, ["buildx", "version"], probeEnv);
    if (!plugin.ok) return { ok: false, why: `the docker buildx plugin is missing (${plugin.why})` };
    return { ok: true };
  };
  if (preference === "buildx") {
    const check = await buildx();
    if (!check.ok) throw new UsageError(`--builder buildx: ${check.why} \u2014 ${BUILDER_INSTALL_HINTS.buildx}`);
    return { name: "buildx", executable: docker };
  }
  if (preference === "podman" || preference === "buildah") {
    const executable = findExecutable(BUILDER_EXECUTABLES[preference], path);
    if (!executable)
      throw new UsageError(
        `--builder ${preference}: ${preference} not found on PATH \u2014 ${BUILDER_INSTALL_HINTS[preference]}`
      );
    return { name: preference, executable };
  }
  if ((await buildx()).ok) return { name: "buildx", executable: docker };
  for (const name of ["podman", "buildah"]) {
    const executable = findExecutable(BUILDER_EXECUTABLES[name], path);
    if (executable) return { name, executable };
  }
  throw new UsageError(
    "--build: no image builder found (docker buildx with a running daemon, podman or buildah) \u2014 install buildah (apt-get install buildah) or podman, or start Docker"
  );
}
function provenanceLabels(env, now) {
  const labels = {};
  const repository = env.GITHUB_REPOSITORY?.trim();
  if (repository) {
    const server = (env.GITHUB_SERVER_URL?.trim() || "https://github.com").replace(/\/+$/, "");
    labels["org.opencontainers.image.source"] = `${server}/${repository}`;
  }
  const revision = env.GITHUB_SHA?.trim();
  if (revision) labels["org.opencontainers.image.revision"] = revision;
  const epoch = env.SOURCE_DATE_EPOCH?.trim();
  const created = epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1e3) : now;
  labels["org.opencontainers.image.created"] = created.toISOString();
  return labels;
}
function buildCommand(builder, req, files) {
  validateBuildRequest(req);
  const common = ["--tag", req.tag, "--file", req.dockerfile, "--iidfile", files.iidFile];
  for (const [key, value] of sortedEntries(req.labels)) common.push("--label", `${key}=${value}`);
  for (const [key, value] of sortedEntries(req.buildArgs)) common.push("--build-arg", `${key}=${value}`);
  switch (builder) {
    case "buildx":
      return [
        "buildx",
        "build",
        "--load",
        ...common,
        "--metadata-file",
        files.metadataFile,
        "--",
        req.context
      ];
    case "podman":
    case "buildah":
      return ["build", ...common, "--", req.context];
  }
}
async function buildImage(req, opts) {
  validateBuildRequest(req);
  await requireDirectory(req.context, "--context", "the build context directory");
  await requireFile(req.dockerfile, "--dockerfile", "the Dockerfile to build");
  const builder = opts.builder ?? await detectBuilder(req.builder);
  await mkdir(opts.workDir, { recursive: true });
  const files = {
    iidFile: join3(opts.workDir, "build.iid"),
    metadataFile: join3(opts.workDir, "build-metadata.json")
  };
  for (const file of Object.values(files)) await rm(file, { force: true });
  await runTool({
    tool: builder.name === "buildx" ? "docker buildx" : builder.name,
    executable: builder.executable,
    args: buildCommand(builder.name, req, files),
    action: `build ${req.tag}`,
    installHint: BUILDER_INSTALL_HINTS[builder.name],
    timeoutMs: opts.timeoutMs ?? DEFAULT_BUILD_TIMEOUT_MS,
    ...opts.env ? { env: opts.env } : {},
    ...opts.signal ? { signal: opts.signal } : {}
  });
  const imageId = await readImageId(files.iidFile);
  const digest = builder.name === "buildx" ? await readBuildxDigest(files.metadataFile) : void 0;
  return {
    reference: req.tag,
    ...digest ? { digest } : {},
    ...imageId ? { imageId } : {},
    builder: builder.name,
    warnings: secretLookingBuildArgs(req.buildArgs).map(
      (key) => `build arg ${key} looks like a secret: build args are visible in the process list and kept in the image history \u2014 use a BuildKit secret (RUN --mount=type=secret) instead`
    )
  };
}
var LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
var BUILD_ARG_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
function validateBuildRequest(req) {
  const parsed = parseImageReference(req.tag);
  if (!parsed || parsed.digest) {
    throw new UsageError(`--tag ${JSON.stringify(req.tag)}: not an image name \u2014 use name:tag, e.g. myapp:ci`);
  }
  for (const [what, value] of [
    ["--context", req.context],
    ["--dockerfile", req.dockerfile]
  ]) {
    if (value === "" || hasControl(value))
      throw new UsageError(
        `${what} ${JSON.stringify(value)}: empty or contains control characters \u2014 pass a path`
      );
  }
  for (const [key, value] of Object.entries(req.labels)) {
    if (!LABEL_KEY.test(key) || hasControl(value)) {
      throw new UsageError(
        `label ${JSON.stringify(key)}: keys are like org.opencontainers.image.source and values one line \u2014 fix the label`
      );
    }
  }
  for (const [key, value] of Object.entries(req.buildArgs)) {
    if (!BUILD_ARG_KEY.test(key) || hasControl(value)) {
      throw new UsageError(
        `build arg ${JSON.stringify(key)}: names are letters, digits and _ (not starting with a digit), values one line \u2014 fix the build arg`
      );
    }
  }
}
function secretLookingBuildArgs(buildArgs) {
  return Object.keys(buildArgs).filter((key) => /(secret|password|passwd|token|api_?key|private_?key|credential)/i.test(key)).sort();
}
var BuildxMetadata = external_exports.looseObject({
  "containerimage.digest": external_exports.string().regex(/^sha256:[0-9a-f]{64}$/).optional()
});
async function readBuildxDigest(path) {
  const text = await readFile(path, "utf8").catch(() => void 0);
  if (text === void 0) return void 0;
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new RunError(
      `build: docker buildx wrote unreadable metadata to ${path} \u2014 rerun the build; report it if it persists`
    );
  }
  const parsed = BuildxMetadata.safeParse(json);
  if (!parsed.success)
    throw new RunError(
      `build: docker buildx metadata ${path} has a malformed containerimage.digest \u2014 rerun the build`
    );
  return parsed.data["containerimage.digest"];
}
async function readImageId(path) {
  const text = (await readFile(path, "utf8").catch(() => ""))?.trim();
  if (!text) return void 0;
  const id = text.startsWith("sha256:") ? text : `sha256:${text}`;
  return /^sha256:[0-9a-f]{64}$/.test(id) ? id : void 0;
}
async function requireDirectory(path, flag, what) {
  const info = await stat(path).catch(() => void 0);
  if (!info?.isDirectory()) throw new UsageError(`${flag} ${path}: not a directory \u2014 pass ${what}`);
}
async function requireFile(path, flag, what) {
  const info = await stat(path).catch(() => void 0);
  if (!info?.isFile()) throw new UsageError(`${flag} ${path}: not a file \u2014 pass ${what}`);
}
async function probe(executable, args, env) {
  try {
    const res = await runProcess(executable, {
      args,
      env,
      timeoutMs: DAEMON_PROBE_TIMEOUT_MS,
      maxOutputBytes: 1024 * 1024
    });
    if (res.exitCode === 0) return { ok: true };
    if (res.timedOut) return { ok: false, why: `no answer within ${DAEMON_PROBE_TIMEOUT_MS / 1e3}s` };
    const line = res.stderr.split(/\r?\n/).find((l) => l.trim() !== "");
    return { ok: false, why: line ? oneLine(line).slice(0, 200) : `exit ${res.exitCode}` };
  } catch (error) {
    return { ok: false, why: error instanceof Error ? error.message : String(error) };
  }
}
function definedEnv(env) {
  const out = {};
  for (const [key, value] of Object.entries(env)) if (value !== void 0) out[key] = value;
  return out;
}
function sortedEntries(record) {
  return Object.entries(record).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
}
function hasControl(value) {
  return /[\u0000-\u001f\u007f]/.test(value);
}

// src/config/flag-values.ts
function parseThresholds(values) {
  const result = {};
  for (const pair of splitCommas(values)) {
    const [kind, value] = pair.split("=", 2).map((part) => part.trim().toLowerCase());
    if (!kind || !FINDING_KINDS.includes(kind))
      throw new UsageError(
        `--threshold ${pair}: the kind must be one of ${FINDING_KINDS.join(", ")} (KIND=SEVERITY)`
      );
    if (!value || !(value === "off" || isSeverity(value) && value !== "unknown"))
      throw new UsageError(
        `--threshold ${pair}: use a severity (critical, high, medium, low, negligible) or off`
      );
    result[kind] = value;
  }
  return result;
}
function splitCommas(values) {
  return values.flatMap((value) => value.split(",")).map((value) => value.trim()).filter((value) => value !== "");
}
function parseKeyValues(values, flag) {
  const result = {};
  for (const value of values) {
    const eq = value.indexOf("=");
    if (eq <= 0) throw new UsageError(`${flag} ${value}: use NAME=value`);
    result[value.slice(0, eq)] = value.slice(eq + 1);
  }
  return result;
}

// src/cli/options.ts
var SBOM_FORMATS = ["cyclonedx-json", "spdx-json"];
function parseScannerList(value, fallback) {
  if (value === void 0) return [...fallback];
  const names = value.split(",").map((s) => s.trim()).filter((s) => s !== "");
  for (const name of names) {
    if (!SCANNER_NAMES.includes(name)) {
      throw new UsageError(`--scanners: unknown scanner "${name}" \u2014 choose from ${SCANNER_NAMES.join(", ")}`);
    }
  }
  return names;
}
function databaseOptionsFromArgs(args, options) {
  const db = options.databases;
  const last = (value) => Array.isArray(value) ? value.at(-1) : value;
  const cacheDir = last(args.cacheDir);
  if (cacheDir !== void 0) {
    if (String(cacheDir).trim() === "") throw new UsageError("--cache-dir: give a directory");
    db.cacheDir = String(cacheDir);
  }
  const maxAge = last(args.dbMaxAge);
  if (maxAge !== void 0) db.maxAgeMs = parseDuration(String(maxAge), "--db-max-age");
  const maxWait = last(args.dbMaxWait);
  if (maxWait !== void 0) db.maxWaitMs = parseDuration(String(maxWait), "--db-max-wait");
  db.offline = last(args.offline) ?? false;
  if (args.trivyDbRepository?.length)
    db.sources["trivy-db"] = readSources(args.trivyDbRepository, "trivy-db", "--trivy-db-repository");
  if (args.trivyJavaDbRepository?.length)
    db.sources["trivy-java-db"] = readSources(
      args.trivyJavaDbRepository,
      "trivy-java-db",
      "--trivy-java-db-repository"
    );
  if (args.trivyChecksRepository?.length)
    db.sources["trivy-checks"] = readSources(
      args.trivyChecksRepository,
      "trivy-checks",
      "--trivy-checks-repository"
    );
  if (args.grypeDbUrl?.length)
    db.sources["grype-db"] = readSources(args.grypeDbUrl, "grype-db", "--grype-db-url");
  return options;
}
function scanOptionsFromArgs(args, loaded) {
  const options = baseOptions(loaded);
  gateOptionsFromArgs(args, options);
  databaseOptionsFromArgs(args, options);
  if (args.images.length > 0) options.images = args.images;
  if (args.platform) options.platform = args.platform;
  if (args.dockerfile) options.dockerfile = args.dockerfile;
  if (args.manifests !== void 0) options.manifests = args.manifests;
  if (args.checks !== void 0) options.checks = args.checks;
  if (args.export !== void 0) {
    if (!["auto", "always", "never"].includes(args.export))
      throw new UsageError(`--export ${args.export}: use auto, always or never`);
    options.export = args.export;
  }
  if (args.sbomDir) options.outputs.sbomDir = args.sbomDir;
  if (args.sbomFormat !== void 0) {
    for (const format of args.sbomFormat) {
      if (!SBOM_FORMATS.includes(format))
        throw new UsageError(`--sbom-format ${format}: use cyclonedx-json or spdx-json`);
    }
    options.outputs.sbomFormats = args.sbomFormat;
  }
  if (args.insecureRegistry !== void 0) options.insecureRegistry = args.insecureRegistry;
  if (args.installMissing !== void 0) options.installMissing = args.installMissing;
  if (args.workDir) options.workDir = args.workDir;
  if (args.keepWorkDir !== void 0) options.keepWorkDir = args.keepWorkDir;
  applyBuild(options, { ...buildConfig(loaded?.config), ...definedOnly(args) });
  return options;
}
function rescanOptionsFromArgs(args, loaded) {
  if (args.signer === "cosign" || args.cosignPath)
    throw new UsageError(
      "rescan verifies natively and has no cosign backend \u2014 drop --signer cosign/--cosign-path (it reads the bundles cosign 3 attaches; for cosign 2 .att attestations run cosign verify-attestation and scan the SBOM with scan sbom:<file>)"
    );
  if (args.signer !== "sigstore")
    throw new UsageError(`--signer ${args.signer}: rescan verifies with sigstore`);
  const options = baseOptions(loaded);
  gateOptionsFromArgs(args, options);
  const policy = verifyPolicyFrom(args);
  checkRegexps(policy);
  options.rescan = { ...policy, ...args.resolveDigest ? { resolveDigest: true } : {} };
  options.images = args.images;
  options.checks = false;
  delete options.dockerfile;
  options.manifests = [];
  if (args.platform) options.platform = args.platform;
  if (args.sbomDir) options.outputs.sbomDir = args.sbomDir;
  if (args.insecureRegistry !== void 0) options.insecureRegistry = args.insecureRegistry;
  if (args.installMissing !== void 0) options.installMissing = args.installMissing;
  if (args.workDir) options.workDir = args.workDir;
  if (args.keepWorkDir !== void 0) options.keepWorkDir = args.keepWorkDir;
  return options;
}
function baseOptions(loaded) {
  const options = defaultOptions();
  if (loaded) applyConfig(options, loaded.config, loaded.path);
  return options;
}
function definedOnly(args) {
  return {
    ...args.build !== void 0 ? { build: args.build } : {},
    ...args.context !== void 0 ? { context: args.context } : {},
    ...args.tag !== void 0 ? { tag: args.tag } : {},
    ...args.builder !== void 0 ? { builder: args.builder } : {},
    ...args.buildArg !== void 0 ? { buildArg: args.buildArg } : {}
  };
}
function applyBuild(options, build) {
  if (!build.build) return;
  const dockerfile = options.dockerfile ?? "Dockerfile";
  const tag = build.tag ?? options.images[0];
  if (!tag)
    throw new UsageError(
      "--build needs the image name to give the result: pass it as the image argument or --tag"
    );
  const builder = build.builder ?? "auto";
  if (!["auto", "buildx", "podman", "buildah"].includes(builder))
    throw new UsageError(`--builder ${builder}: use auto, buildx, podman or buildah`);
  options.build = {
    context: build.context ?? ".",
    dockerfile,
    tag,
    builder,
    labels: provenanceLabels(process.env, /* @__PURE__ */ new Date()),
    buildArgs: parseKeyValues(build.buildArg ?? [], "--build-arg")
  };
  options.dockerfile = dockerfile;
  options.images = options.images.filter((image) => image !== tag);
}
function gateOptionsFromArgs(args, options) {
  applyPolicyArgs(args, options.policy);
  if (args.scanners !== void 0) options.scanners = parseScannerList(args.scanners, []);
  if (args.timeout !== void 0) {
    if (!(args.timeout > 0) || args.timeout > MAX_TIMEOUT_SECONDS)
      throw new UsageError(
        `--timeout ${args.timeout}: must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS} (a week)`
      );
    options.timeoutMs = Math.round(args.timeout * 1e3);
  }
  if (args.concurrency !== void 0) {
    if (!Number.isInteger(args.concurrency) || args.concurrency < 1)
      throw new UsageError(`--concurrency ${args.concurrency}: must be a whole number of 1 or more`);
    options.concurrency = args.concurrency;
  }
  if (args.json) options.outputs.json = args.json;
  if (args.sarif) options.outputs.sarif = args.sarif;
  if (args.summary) options.outputs.summary = args.summary;
  if (args.summaryMaxChars !== void 0) {
    if (!Number.isInteger(args.summaryMaxChars) || args.summaryMaxChars < 1e3)
      throw new UsageError(
        `--summary-max-chars ${args.summaryMaxChars}: must be a whole number of 1000 or more`
      );
    options.outputs.summaryMaxChars = args.summaryMaxChars;
  }
  if (args.table !== void 0) options.outputs.table = args.table;
  if (args.trivyPath) options.toolPaths.trivy = args.trivyPath;
  if (args.grypePath) options.toolPaths.grype = args.grypePath;
  if (args.syftPath) options.toolPaths.syft = args.syftPath;
  return options;
}
function applyPolicyArgs(args, policy) {
  if (args.severity !== void 0) policy.threshold = args.severity;
  if (args.threshold !== void 0)
    policy.thresholds = { ...policy.thresholds, ...parseThresholds(args.threshold) };
  if (args.ignoreUnfixed !== void 0) policy.ignoreUnfixed = args.ignoreUnfixed;
  if (args.unknownSeverity !== void 0)
    policy.unknownSeverity = args.unknownSeverity;
  if (args.kev !== void 0) policy.kev = args.kev;
  if (args.kevCatalog) policy.kevCatalog = args.kevCatalog;
  if (args.epss !== void 0) {
    if (!(args.epss > 0 && args.epss <= 1))
      throw new UsageError(`--epss ${args.epss}: must be a probability above 0 and at most 1 (0.1 is 10 %)`);
    policy.epss = args.epss;
  }
  if (args.baseline) policy.baseline = args.baseline;
  if (args.licenseAllow !== void 0) policy.licenseAllow = splitCommas(args.licenseAllow);
  if (args.licenseDeny !== void 0) policy.licenseDeny = splitCommas(args.licenseDeny);
  if (args.exceptions) {
    policy.exceptionsFile = args.exceptions;
    delete policy.inlineExceptions;
  }
  if (args.vex !== void 0) policy.vexFiles = args.vex;
}

// src/image/reference-digest.ts
import { createHash } from "node:crypto";
var SHA256_DIGEST = /^sha256:[0-9a-f]{64}$/;
function isSha256Digest(value) {
  return SHA256_DIGEST.test(value);
}
function withDigest(reference, digest) {
  const parsed = parseImageReference(reference);
  if (!parsed)
    throw new UsageError(
      `image ${JSON.stringify(reference)}: not an image reference \u2014 use name:tag or name@sha256:<digest>`
    );
  if (!isSha256Digest(digest))
    throw new UsageError(
      `digest ${JSON.stringify(digest)}: not a sha256 digest \u2014 expected sha256: and 64 hex digits`
    );
  if (parsed.digest && parsed.digest !== digest) {
    throw new UsageError(
      `image ${reference} already names digest ${parsed.digest}, not ${digest} \u2014 pass one or the other`
    );
  }
  return `${parsed.name}@${digest}`;
}
function manifestDigest(raw) {
  return `sha256:${createHash("sha256").update(raw).digest("hex")}`;
}

// src/image/skopeo.ts
var SKOPEO_INSTALL_HINT = "install skopeo (apt-get install skopeo, dnf install skopeo, brew install skopeo) or pass --skopeo-path";
var DEFAULT_INSPECT_TIMEOUT_MS = 2 * 60 * 1e3;
function findSkopeo(explicit, path = process.env.PATH ?? "") {
  return findExecutable(explicit ?? "skopeo", path);
}
function skopeoSource(target) {
  if (target.kind === "reference") {
    const reference = target.reference ?? target.display;
    return `docker://${target.digest ? withDigest(reference, target.digest) : reference}`;
  }
  if (!target.path)
    throw new UsageError(
      `image ${target.display}: ${target.kind} without a file path \u2014 pass ${target.kind}:<file>`
    );
  return `${target.kind}:${target.path}`;
}
function skopeoInspectArgs(target, opts) {
  const args = ["inspect"];
  if (opts.raw) args.push("--raw");
  if (opts.insecureRegistry && target.kind === "reference") args.push("--tls-verify=false");
  args.push(skopeoSource(target));
  return args;
}
async function runSkopeoInspect(target, opts) {
  const executable = findSkopeo(opts.skopeo, opts.env?.PATH ?? process.env.PATH ?? "");
  if (!executable) {
    throw new UsageError(
      `inspect ${target.display}: skopeo not found${opts.skopeo ? ` at ${opts.skopeo}` : " on PATH"} \u2014 ${SKOPEO_INSTALL_HINT}`
    );
  }
  const res = await runTool({
    tool: "skopeo",
    executable,
    args: skopeoInspectArgs(target, opts),
    action: `inspect ${target.display}`,
    installHint: SKOPEO_INSTALL_HINT,
    timeoutMs: opts.timeoutMs ?? DEFAULT_INSPECT_TIMEOUT_MS,
    maxOutputBytes: 8 * 1024 * 1024,
    ...opts.signal ? { signal: opts.signal } : {},
    ...opts.env ? { env: opts.env } : {}
  });
  return res.stdout;
}

// src/image/digest.ts
var InspectOutput = external_exports.looseObject({ Digest: external_exports.string() });
async function resolveDigest(target, opts = {}) {
  if (target.kind === "reference" && target.digest) return target.digest;
  const stdout = await runSkopeoInspect(target, opts);
  return parseInspectDigest(stdout, target.display);
}
function parseInspectDigest(stdout, display) {
  let json;
  try {
    json = JSON.parse(stdout);
  } catch {
    throw new RunError(
      `resolve digest of ${display}: skopeo inspect printed something that is not JSON \u2014 check the skopeo version (1.4 or later)`
    );
  }
  const parsed = InspectOutput.safeParse(json);
  if (!parsed.success || !isSha256Digest(parsed.data.Digest)) {
    throw new RunError(
      `resolve digest of ${display}: skopeo inspect gave no sha256 Digest \u2014 cannot sign or pin an image without one`
    );
  }
  return parsed.data.Digest;
}

export {
  applyConfig,
  formatDuration,
  MAX_TIMEOUT_SECONDS,
  defaultOptions,
  ExecStartError,
  killAllChildren,
  runProcess,
  runTool,
  findExecutable,
  provenanceLabels,
  buildImage,
  manifestDigest,
  skopeoSource,
  runSkopeoInspect,
  resolveDigest,
  parseKeyValues,
  databaseOptionsFromArgs,
  scanOptionsFromArgs,
  rescanOptionsFromArgs,
  baseOptions,
  gateOptionsFromArgs
};
