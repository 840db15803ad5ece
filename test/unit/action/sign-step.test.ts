import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GITHUB_PREDICATE_LIMIT,
  type GitHubStoreOptions,
  githubAttestationStore,
  signingPlan,
} from '../../../src/action/sign-step.js';
import type { Report, ReportTarget } from '../../../src/core/report.js';

const d = (c: string) => `sha256:${c.repeat(64)}`;

function reportOf(targets: ReportTarget[]): Report {
  return { targets } as unknown as Report;
}

describe('signingPlan', () => {
  it('signs a multi-platform image once on its index digest and attests each platform digest', () => {
    const name = 'ghcr.io/acme/api';
    const plan = signingPlan(
      reportOf([
        { display: `${name}:1 [linux/amd64]`, name, kind: 'reference', digest: d('a'), indexDigest: d('i') },
        { display: `${name}:1 [linux/arm64]`, name, kind: 'reference', digest: d('b'), indexDigest: d('i') },
        { display: 'ghcr.io/acme/web:2', name: 'ghcr.io/acme/web', kind: 'reference', digest: d('c') },
        { display: 'local:dev', name: 'local', kind: 'reference' },
        { display: 'Dockerfile', name: 'Dockerfile', kind: 'files' },
      ]),
    );
    expect(plan.signatures).toEqual([`${name}@${d('i')}`, `ghcr.io/acme/web@${d('c')}`]);
    expect(plan.attestations.map((a) => a.reference)).toEqual([
      `${name}@${d('a')}`,
      `${name}@${d('b')}`,
      `ghcr.io/acme/web@${d('c')}`,
    ]);
  });
});

describe("GitHub's attestations API from the sign step", () => {
  let dir: string;
  let small: string;
  let large: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cg-sign-step-'));
    small = join(dir, 'small.json');
    large = join(dir, 'large.json');
    await writeFile(small, '{}');
    await writeFile(large, '');
    await truncate(large, GITHUB_PREDICATE_LIMIT + 1);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  function store(overrides: Partial<GitHubStoreOptions>, fail?: { status: number }) {
    const lines = { log: [] as string[], warn: [] as string[], stored: 0 };
    const github = githubAttestationStore({
      githubAttestations: 'auto',
      storeAttestation: async () => {
        if (fail) throw Object.assign(new Error(`HTTP ${fail.status}`), fail);
        lines.stored++;
      },
      log: (l) => lines.log.push(l),
      warn: (l) => lines.warn.push(l),
      ...overrides,
    });
    return { github, lines };
  }

  it('keeps a predicate over 16 MiB in the registry only: a warning with auto, the failure with true', async () => {
    const auto = store({});
    await auto.github.store('ghcr.io/acme/api@x', { type: 'cyclonedx', file: large }, {});
    expect(auto.lines.stored).toBe(0);
    expect(auto.lines.warn).toEqual([
      `GitHub attestations: the cyclonedx predicate of ghcr.io/acme/api@x is ${GITHUB_PREDICATE_LIMIT + 1} bytes, over the ${GITHUB_PREDICATE_LIMIT} GitHub takes — it is attached in the registry only`,
    ]);
    expect(auto.github.failure).toBeUndefined();
    await auto.github.store('ghcr.io/acme/api@x', { type: 'vuln', file: small }, {});
    expect(auto.lines.stored).toBe(1);

    const required = store({ githubAttestations: 'true' });
    await required.github.store('ghcr.io/acme/api@x', { type: 'cyclonedx', file: large }, {});
    expect(required.github.failure).toMatch(
      /^sign: GitHub attestations: the cyclonedx predicate .* over the 16777216/,
    );
  });

  it('stops after a 403 (the token may not write), and never stores with false', async () => {
    const forbidden = store({}, { status: 403 });
    await forbidden.github.store('r', { type: 'vuln', file: small }, {});
    await forbidden.github.store('r', { type: 'vuln', file: small }, {});
    expect(forbidden.lines.warn).toHaveLength(1);
    expect(forbidden.lines.warn[0]).toMatch(/may not write them \(HTTP 403\)/);
    const off = store({ githubAttestations: 'false' });
    await off.github.store('r', { type: 'vuln', file: small }, {});
    expect(off.lines.stored).toBe(0);
    expect([...off.lines.warn, ...off.lines.log]).toEqual([]);
  });

  it('skips key-signed bundles with auto, and says so', async () => {
    const keyed = store({ key: 'cosign.key' });
    await keyed.github.store('r', { type: 'vuln', file: small }, {});
    expect(keyed.lines.stored).toBe(0);
    expect(keyed.lines.log).toEqual([
      'GitHub attestations: skipped, they hold keyless (certificate) bundles',
    ]);
  });
});
