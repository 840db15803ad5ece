import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../../../src/core/gate.js';
import { DEFAULT_POLICY, type Policy } from '../../../../src/core/policy.js';
import { parseTrivyJson } from '../../../../src/scanners/trivy/parse.js';
import { rawJson, readMadeFixture, readSharedFixture } from '../../scanners/shared-fixtures.js';

const ctx = { target: 'alpine:3.9' };
const today = '2026-11-23';
const policy = (overrides: Partial<Policy> = {}): Policy => ({ ...DEFAULT_POLICY, ...overrides });

function statuses() {
  return parseTrivyJson(readMadeFixture('trivy-alpine-39-statuses.generated.json'), ctx, 'trivy').findings;
}

function find(findings: ReturnType<typeof statuses>, id: string, pkg: string) {
  const found = findings.find((f) => f.id === id && f.package?.name === pkg);
  expect(found, `${id} ${pkg}`).toBeDefined();
  return found!;
}

describe('Trivy vendor statuses (generated from trivy/alpine-39.json)', () => {
  it.each([
    ['CVE-2019-14697', 'musl', 'not_affected', 'unknown'],
    ['CVE-2019-14697', 'musl-utils', 'will_not_fix', 'wont-fix'],
    ['CVE-2019-1549', 'libcrypto1.1', 'affected', 'not-fixed'],
    ['CVE-2019-1551', 'libcrypto1.1', 'fix_deferred', 'not-fixed'],
    ['CVE-2019-1549', 'libssl1.1', 'end_of_life', 'wont-fix'],
    ['CVE-2019-1551', 'libssl1.1', 'under_investigation', 'unknown'],
  ])(
    '%s in %s: Status %s → fix state %s, the vendor statement kept with its source',
    (id, pkg, status, state) => {
      const finding = find(statuses(), id, pkg);
      expect(finding.fix.state).toBe(state);
      if (status === 'affected') expect(finding.vendorStatuses).toBeUndefined();
      else expect(finding.vendorStatuses).toEqual([{ scanner: 'trivy', status, source: 'alpine' }]);
    },
  );

  it('a critical vulnerability the vendor marks not_affected is suppressed and reported with its source', () => {
    const findings = statuses();
    const { decisions, verdict } = evaluateGate({ findings, policy: policy(), today });
    const index = findings.findIndex((f) => f.package?.name === 'musl');
    expect(findings[index]!.severity).toBe('critical');
    expect(decisions[index]).toEqual({
      decision: 'vendor-suppressed',
      suppressedBy: 'vendor-status',
      vendorStatus: { status: 'not_affected', source: 'trivy: alpine' },
    });
    expect(verdict.suppressed['vendor-status']).toBe(1);
    expect(verdict.reasons.join('\n')).toContain('the vendor marks the package not_affected');
  });

  it('will_not_fix still fails by default; fixable-only takes every unfixed status out, and nothing else', () => {
    const findings = statuses();
    const strict = evaluateGate({ findings, policy: policy({ threshold: 'medium' }), today });
    const failing = findings.filter((_, i) => strict.decisions[i]!.decision === 'violation');
    expect(failing.map((f) => f.package?.name).sort()).toEqual([
      'libcrypto1.1',
      'libcrypto1.1',
      'libssl1.1',
      'libssl1.1',
      'musl-utils',
    ]);
    const fixable = evaluateGate({
      findings,
      policy: policy({ threshold: 'medium', ignoreUnfixed: true }),
      today,
    });
    expect(fixable.verdict.status).toBe('passed');
    expect(fixable.decisions.map((d) => d.decision).sort()).toEqual([
      'unfixed-ignored',
      'unfixed-ignored',
      'unfixed-ignored',
      'unfixed-ignored',
      'unfixed-ignored',
      'vendor-suppressed',
    ]);
  });

  it('the real report with its will_not_fix (centos-7 bash) is unfixed, not fixed', () => {
    const findings = parseTrivyJson(readSharedFixture('trivy/centos-7.json'), ctx, 'trivy').findings;
    const bash = findings.find((f) => f.package?.name === 'bash')!;
    expect(bash.fix.state).toBe('wont-fix');
    expect(bash.vendorStatuses).toEqual([{ scanner: 'trivy', status: 'will_not_fix', source: 'redhat' }]);
  });
});

describe('Trivy license results (generated from trivy/alpine-310.json)', () => {
  const text = readMadeFixture('trivy-alpine-310-licenses.generated.json');
  const raw = rawJson(text);
  const rawLicenses = raw.Results.flatMap((r: { Licenses?: unknown[] }) => r.Licenses ?? []);
  const findings = parseTrivyJson(text, ctx, 'trivy').findings;
  const licenses = findings.filter((f) => f.kind === 'license');

  it('a report carrying 19 license results gives 19 license findings, not 0 (a silent pass)', () => {
    expect(rawLicenses).toHaveLength(19);
    expect(licenses).toHaveLength(19);
    expect(findings.filter((f) => f.kind === 'vulnerability')).toHaveLength(4);
  });

  it('names each license in SPDX form, keeps what Trivy wrote as an alias, and takes its severity', () => {
    const busybox = licenses.find((f) => f.package?.name === 'busybox')!;
    expect(busybox).toMatchObject({
      id: 'GPL-2.0-only',
      aliases: ['GPL-2.0'],
      severity: 'high',
      title: 'GPL-2.0-only (restricted license)',
      foundBy: ['trivy'],
    });
    const cacert = licenses.filter((f) => f.package?.name === 'ca-certificates-cacert').map((f) => f.id);
    expect(cacert.sort()).toEqual(['GPL-2.0-only', 'MPL-2.0']);
    const files = licenses.filter((f) => f.location);
    expect(files.map((f) => f.location!.path).sort()).toEqual([
      'etc/ssl/misc/CA.pl',
      'etc/ssl/misc/tsget.pl',
    ]);
    expect(
      files.every((f) => f.package === undefined && f.links[0] === 'https://spdx.org/licenses/OpenSSL.html'),
    ).toBe(true);
  });

  it('gates the restricted (high) licenses at the default threshold, as Trivy rates them', () => {
    const { verdict } = evaluateGate({ findings, policy: policy(), today });
    expect(verdict.status).toBe('failed');
    expect(verdict.failedRules.map((r) => r.rule)).toEqual(['threshold']);
    const { verdict: offForLicenses } = evaluateGate({
      findings,
      policy: policy({ thresholds: { license: 'off' } }),
      today,
    });
    expect(offForLicenses.status).toBe('passed');
  });
});

describe('the trivy-license scanner', () => {
  it("joins `license` to the pass's --scanners and reads the license results of its report", async () => {
    const { trivyImagePassProcess } = await import('../../../../src/scanners/trivy/index.js');
    const pass = trivyImagePassProcess({ scanners: ['license'] });
    expect(pass.name).toBe('trivy-license');
    const invocation = pass.command(
      { display: 'alpine:3.10', name: 'alpine', kind: 'reference', reference: 'alpine:3.10' },
      { executable: 'trivy', workDir: '/tmp/w' },
    );
    expect(invocation.args).toContain('--scanners=license');
    const both = trivyImagePassProcess({ scanners: ['vuln', 'secret', 'license'] }).command(
      { display: 'alpine:3.10', name: 'alpine', kind: 'reference', reference: 'alpine:3.10' },
      { executable: 'trivy', workDir: '/tmp/w' },
    );
    expect(both.args).toContain('--scanners=vuln,secret,license');
    const result = pass.parse(
      {
        stdout: '',
        stderr: '',
        files: { json: readMadeFixture('trivy-alpine-310-licenses.generated.json') },
      },
      ctx,
    );
    expect(result.findings.filter((f) => f.kind === 'license')).toHaveLength(19);
  });
});
