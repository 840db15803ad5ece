import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { DatabaseName, ScannerDatabase } from '../core/report.js';
import { oneLine } from '../util/errors.js';
import { type AttemptFailure, parseGoDuration } from './attempts.js';

/**
 * Trivy's three downloads, each kept in the subdirectory of `--cache-dir` Trivy reads it from
 * (aquasecurity/trivy v0.74.0 pkg/db/db.go:79-81, pkg/javadb/client.go:142-144, pkg/policy/policy.go:101,269-275).
 */
export type TrivyDatabase = Extract<DatabaseName, 'trivy-db' | 'trivy-java-db' | 'trivy-checks'>;

export const TRIVY_CACHE_SUBDIR: Record<TrivyDatabase, string> = {
  'trivy-db': 'db',
  'trivy-java-db': 'java-db',
  'trivy-checks': 'policy',
};

export const TRIVY_DATABASE_TITLE: Record<TrivyDatabase, string> = {
  'trivy-db': 'trivy vulnerability database',
  'trivy-java-db': 'trivy Java index database',
  'trivy-checks': 'trivy checks bundle',
};

const time = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'not a time');

/**
 * `db/metadata.json` and `java-db/metadata.json`: the same four fields (aquasecurity/trivy-db pkg/metadata/metadata.go:14-19,
 * aquasecurity/trivy-java-db pkg/db/metadata.go:18-23). `DownloadedAt` is written by the Trivy client after a download
 * (aquasecurity/trivy v0.74.0 pkg/db/db.go:205-221).
 */
export const trivyDbMetadataSchema = z.object({
  Version: z.number().int().positive(),
  NextUpdate: time,
  UpdatedAt: time,
  DownloadedAt: time.optional(),
});

/** `policy/metadata.json` (aquasecurity/trivy v0.74.0 pkg/policy/policy.go:63-76). */
export const trivyChecksMetadataSchema = z.object({
  Digest: z.string().min(1),
  DownloadedAt: time,
  MajorVersion: z.number().int().nullish(),
  CustomBuild: z.boolean().nullish(),
});

export type TrivyDbMetadata = z.infer<typeof trivyDbMetadataSchema>;
export type TrivyChecksMetadata = z.infer<typeof trivyChecksMetadataSchema>;
export type TrivyMetadata = TrivyDbMetadata | TrivyChecksMetadata;

/** What a Trivy database directory holds, checked: the metadata, or why the directory cannot be used. */
export type TrivyContents = { ok: true; metadata: TrivyMetadata } | { ok: false; problem: string };

/**
 * Reads and checks one database directory (a staged download or a cached generation) before anything relies on it.
 * Trivy itself checks only that trivy.db exists (pkg/db/db.go:107-110): an empty but well-formed bolt file makes
 * every lookup skip its missing buckets (aquasecurity/trivy-db pkg/db/db.go:237-257) and a scan report no
 * vulnerabilities at all. So the vulnerability database must be a bolt file (its meta page, go.etcd.io/bbolt
 * page.go/db.go layout) with at least one top-level bucket; the Java index must be SQLite; the checks bundle must
 * have content.
 */
export async function readTrivyContents(name: TrivyDatabase, dir: string): Promise<TrivyContents> {
  const metadataText = await readFile(join(dir, 'metadata.json'), 'utf8').catch(() => undefined);
  if (metadataText === undefined) return { ok: false, problem: 'metadata.json is missing' };
  let raw: unknown;
  try {
    raw = JSON.parse(metadataText);
  } catch {
    return { ok: false, problem: 'metadata.json is not JSON' };
  }
  const parsed = (name === 'trivy-checks' ? trivyChecksMetadataSchema : trivyDbMetadataSchema).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      problem: `metadata.json: ${issue?.path.join('.') || 'top level'} ${issue?.message ?? ''}`.trim(),
    };
  }
  const problem =
    name === 'trivy-db'
      ? await boltProblem(join(dir, 'trivy.db'))
      : name === 'trivy-java-db'
        ? await sqliteProblem(join(dir, 'trivy-java.db'))
        : await contentProblem(join(dir, 'content'));
  return problem ? { ok: false, problem } : { ok: true, metadata: parsed.data };
}

const BOLT_MAGIC = 0xed0cdaed;
const BOLT_META_FLAG = 0x04;

async function boltProblem(file: string): Promise<string | undefined> {
  const size = await stat(file).then(
    (s) => s.size,
    () => undefined,
  );
  if (size === undefined) return 'trivy.db is missing';
  if (size === 0) return 'trivy.db is empty (0 bytes)';
  const handle = await open(file, 'r');
  try {
    const read = async (position: number, length: number) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      return bytesRead === length ? buffer : undefined;
    };
    // Two meta pages; the valid one with the higher transaction id is current (bbolt db.go meta()).
    const first = await read(0, 80);
    if (!first) return `trivy.db is ${size} bytes, too short to be a bolt database`;
    const metas = [parseMeta(first)];
    if (metas[0]) {
      const second = await read(metas[0].pageSize, 80);
      if (second) metas.push(parseMeta(second));
    }
    const meta = metas
      .filter((m): m is BoltMeta => m !== undefined)
      .sort((a, b) => (b.txid > a.txid ? 1 : b.txid < a.txid ? -1 : 0))[0];
    if (!meta) return 'trivy.db is not a bolt database (no valid meta page)';
    const root = await read(Number(meta.root) * meta.pageSize, 16);
    if (!root) return `trivy.db is truncated (${size} bytes; its root page is past the end)`;
    if (root.readUInt16LE(10) === 0)
      return 'trivy.db holds no buckets (an empty database would report no vulnerabilities)';
    return undefined;
  } finally {
    await handle.close();
  }
}

interface BoltMeta {
  pageSize: number;
  root: bigint;
  txid: bigint;
}

/** A page header (id u64, flags u16, count u16, overflow u32) then the meta: magic, version, pageSize, flags, root… */
function parseMeta(page: Buffer): BoltMeta | undefined {
  if (page.readUInt16LE(8) !== BOLT_META_FLAG) return undefined;
  if (page.readUInt32LE(16) !== BOLT_MAGIC || page.readUInt32LE(20) !== 2) return undefined;
  const pageSize = page.readUInt32LE(24);
  if (pageSize < 512 || pageSize > 65_536) return undefined;
  return { pageSize, root: page.readBigUInt64LE(32), txid: page.readBigUInt64LE(64) };
}

async function sqliteProblem(file: string): Promise<string | undefined> {
  const head = await readFile(file).then(
    (b) => b.subarray(0, 16),
    () => undefined,
  );
  if (!head) return 'trivy-java.db is missing';
  return head.toString('latin1') === 'SQLite format 3\u0000'
    ? undefined
    : 'trivy-java.db is not an SQLite database';
}

async function contentProblem(dir: string): Promise<string | undefined> {
  const entries = await readdir(dir).catch(() => undefined);
  if (!entries) return 'content/ is missing';
  return entries.length === 0 ? 'content/ is empty' : undefined;
}

const HOUR = 3_600_000;

/**
 * Whether the cached copy is what Trivy itself would keep without asking the registry: the vulnerability database
 * until its NextUpdate or for an hour after a download (pkg/db/db.go:172-184), the Java index until NextUpdate or
 * for a day (pkg/javadb/client.go:87-99), the checks bundle for a day (pkg/policy/policy.go:27,246-249).
 */
export function trivyIsFresh(name: TrivyDatabase, metadata: TrivyMetadata, now: number): boolean {
  const downloaded = metadata.DownloadedAt ? Date.parse(metadata.DownloadedAt) : Number.NaN;
  if (name === 'trivy-checks') return now < downloaded + 24 * HOUR;
  const next = Date.parse((metadata as TrivyDbMetadata).NextUpdate);
  return now < next || now < downloaded + (name === 'trivy-db' ? HOUR : 24 * HOUR);
}

/** When it was built: `UpdatedAt`; the checks bundle records only when it was downloaded. */
export function trivyBuiltAt(name: TrivyDatabase, metadata: TrivyMetadata): string | undefined {
  return name === 'trivy-checks' ? undefined : (metadata as TrivyDbMetadata).UpdatedAt;
}

/** What age means for the --db-max-age bound: since it was built, or for the checks bundle since it was downloaded. */
export function trivyAgeBasis(name: TrivyDatabase, metadata: TrivyMetadata): number {
  return Date.parse(trivyBuiltAt(name, metadata) ?? metadata.DownloadedAt ?? '');
}

export function trivyReportRecord(
  name: TrivyDatabase,
  metadata: TrivyMetadata,
  source: string,
  fromCache: boolean,
  warning?: string,
): ScannerDatabase {
  const builtAt = trivyBuiltAt(name, metadata);
  const schemaVersion =
    name === 'trivy-checks'
      ? (metadata as TrivyChecksMetadata).MajorVersion
      : (metadata as TrivyDbMetadata).Version;
  return {
    name,
    tool: 'trivy',
    ...(schemaVersion !== undefined && schemaVersion !== null
      ? { schemaVersion: String(schemaVersion) }
      : {}),
    ...(builtAt ? { builtAt } : {}),
    ...(metadata.DownloadedAt ? { downloadedAt: metadata.DownloadedAt } : {}),
    source,
    fromCache,
    ...(warning ? { warning } : {}),
  };
}

/**
 * Flag spellings. `--skip-check-update` and `--checks-bundle-repository` arrived in v0.51.0; older builds (and the
 * e2e build of tools/e2e-deps, which says `dev`) know only `--skip-policy-update` and `--policy-bundle-repository`,
 * which v0.74.0 still accepts as deprecated aliases (pkg/flag/rego_flags.go:20-29, misconf_flags.go:88-97).
 */
export function trivyChecksFlags(version: string | undefined): { skip: string; repository: string } {
  const match = /^v?(\d+)\.(\d+)\./.exec(version ?? '');
  const modern = match !== null && (Number(match[1]) > 0 || Number(match[2]) >= 51);
  return modern
    ? { skip: '--skip-check-update', repository: '--checks-bundle-repository' }
    : { skip: '--skip-policy-update', repository: '--policy-bundle-repository' };
}

/**
 * One download of one database into a private `--cache-dir`, from one repository (container-gate walks the
 * repositories itself). `--download-db-only` / `--download-java-db-only` download and exit without a scan
 * (pkg/commands/artifact/run.go:341-343,367-373). The checks bundle has no download-only flag (docs/guide/configuration/db.md:107):
 * `trivy config` of an empty directory fetches it as a first step (pkg/commands/artifact/run.go:719-727).
 */
export function trivyDownloadArgs(
  name: TrivyDatabase,
  cacheDir: string,
  repository: string,
  version: string | undefined,
): string[] {
  if (name === 'trivy-db')
    return [
      'image',
      '--download-db-only',
      '--no-progress',
      '--cache-dir',
      cacheDir,
      '--db-repository',
      repository,
    ];
  if (name === 'trivy-java-db')
    return [
      'image',
      '--download-java-db-only',
      '--no-progress',
      '--cache-dir',
      cacheDir,
      '--java-db-repository',
      repository,
    ];
  return [
    'config',
    '--cache-dir',
    cacheDir,
    trivyChecksFlags(version).repository,
    repository,
    '--format',
    'json',
    `--output=${join(cacheDir, 'config-report.json')}`,
    '--',
    join(cacheDir, 'empty'),
  ];
}

/**
 * What went wrong in one failed attempt, from Trivy's log. The words are Trivy's and go-containerregistry's: a
 * registry error code such as `TOOMANYREQUESTS: retry-after: 127.702µs, allowed: 44000/minute` (the ghcr.io reply,
 * logged per repository by pkg/oci/artifact.go:321; GCR pkg/v1/remote/transport/error.go), an HTTP status, a
 * context deadline, or a Go network error.
 */
export function classifyTrivyFailure(stderr: string, exitCode?: number | null): AttemptFailure {
  const text = stderr.replace(/\u001b\[[0-9;]*m/g, '');
  const lines = text.split(/\r?\n/).filter((line) => /\b(ERROR|FATAL|WARN)\b|error/i.test(line));
  const said = lines.join('\n') || text;
  const detail = (pattern: RegExp) => oneLine(pattern.exec(said)?.[0] ?? '').slice(0, 160);
  if (/TOOMANYREQUESTS|\b429\b|Too Many Requests/i.test(said)) return rateLimited(said, detail);
  if (
    /\b(?:500|502|503|504)\b|UNAVAILABLE|Service Unavailable|Bad Gateway|Gateway Timeout|Internal Server Error/i.test(
      said,
    )
  )
    return { class: 'server', detail: detail(/(?:GET|HEAD) \S+: [^"\\\n]*|UNAVAILABLE[^"\\\n]*/) };
  if (/context deadline exceeded|i\/o timeout|Client\.Timeout|TLS handshake timeout/i.test(said))
    return {
      class: 'timeout',
      detail: detail(
        /[^"\\\n:]*(?:context deadline exceeded|i\/o timeout|Client\.Timeout[^"\\\n]*|TLS handshake timeout)/i,
      ),
    };
  if (/db corrupted|invalid database|unexpected EOF|gzip: invalid|checksum|digest mismatch/i.test(said))
    return {
      class: 'corrupt',
      detail: detail(
        /db corrupted[^"\\\n]*|invalid database|unexpected EOF|gzip: invalid[^"\\\n]*|[^"\\\n]*(?:checksum|digest mismatch)[^"\\\n]*/i,
      ),
    };
  if (/DENIED|UNAUTHORIZED|MANIFEST_UNKNOWN|NAME_UNKNOWN|NOT_FOUND|\b40[134]\b/.test(said))
    return {
      class: 'refused',
      detail: detail(
        /(?:DENIED|UNAUTHORIZED|MANIFEST_UNKNOWN|NAME_UNKNOWN|NOT_FOUND)[^"\\\n]*|\b40[134]\b[^"\\\n]*/,
      ),
    };
  if (/no such host|connection refused|network is unreachable|dial tcp|connection reset/i.test(said))
    return {
      class: 'network',
      detail: detail(
        /[^"\\\n:]*(?:no such host|connection refused|network is unreachable|connection reset)[^"\\\n]*/i,
      ),
    };
  const errorLine = lines.at(-1);
  if (errorLine) return { class: 'failed', detail: logMessage(errorLine) };
  return unexplained(text, exitCode);
}

/** A registry's rate limit, with the wait it asked for when Trivy printed one. */
function rateLimited(said: string, detail: (pattern: RegExp) => string): AttemptFailure {
  const after = /retry-after:\s*([0-9.]+(?:ns|us|µs|μs|ms|s|m|h)(?:[0-9.]+(?:ns|us|µs|μs|ms|s|m|h))*)/i.exec(
    said,
  )?.[1];
  const retryAfterMs = after ? parseGoDuration(after) : undefined;
  return {
    class: 'rate-limited',
    detail: detail(/TOOMANYREQUESTS[^"\\\n]*|429 Too Many Requests/i),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
}

/** A failure without an error line: where the log stopped, so that the user sees how far it got. */
function unexplained(text: string, exitCode: number | null | undefined): AttemptFailure {
  const code = exitCode === undefined || exitCode === null ? '' : ` ${exitCode}`;
  const last = text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .at(-1);
  // Some builds die without an error line (the tools/e2e-deps build offline stops after `Downloading DB...`).
  return {
    class: 'failed',
    detail: last
      ? `exited${code} without an error; its log stops at "${logMessage(last)}"`
      : `exited${code} without saying why`,
  };
}

/** A log line without its time and level: `2024-10-15T14:30:19Z  INFO  [vulndb] Downloading…` → `[vulndb] Downloading…`. */
function logMessage(line: string): string {
  return oneLine(
    line.replace(/^\S*\d{4}-\d\d-\d\dT\S+\s+/, '').replace(/^(?:DEBUG|INFO|WARN|ERROR|FATAL)\s+/, ''),
  ).slice(0, 160);
}
