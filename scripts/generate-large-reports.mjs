#!/usr/bin/env node
// Writes GENERATED Trivy and Grype JSON reports of a chosen size for bench/ (and for anyone testing scale):
// the real formats (field names and structure as in the recorded outputs under ../shared/fixtures), made values.
// Half of each report's findings are the same issues in both (same CVE, package, version, ecosystem), so dedupe
// merges them: N findings per scanner give 1.5 N distinct findings. Deterministic: the same N writes the same bytes.
//
//   node scripts/generate-large-reports.mjs [--out bench/generated] [--sizes 1000,10000,100000]
//
// File names say `generated`: trivy-<N>.generated.json, grype-<N>.generated.json. They are not fixtures.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** mulberry32: a small seeded PRNG, so every run writes the same reports. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'buffer overflow in parser allows remote attackers to cause denial of service via crafted input memory corruption'.split(
    ' ',
  );
const TRIVY_SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];
const GRYPE_SEVERITIES = ['Critical', 'High', 'Medium', 'Low', 'Negligible', 'Unknown'];

/**
 * One issue per index: a CVE in an Alpine package (even index) or an npm package (odd), as both scanners would
 * see it. Grype reports issues [0, N/2) shared with Trivy, then N/2 of its own; Trivy reports [N/2 ... ) too.
 */
function issue(index, next) {
  const npm = index % 2 === 1;
  const name = `${npm ? 'gen-lib' : 'gen-os'}-${index % 1499}`;
  const version = `${1 + (index % 7)}.${index % 11}.${index % 5}`;
  const fixed = next() < 0.6 ? `${1 + (index % 7)}.${index % 11}.${(index % 5) + 1}` : '';
  const words = Array.from({ length: 24 }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ');
  return {
    cve: `CVE-2099-${String(100000 + index)}`,
    name,
    version,
    fixed,
    npm,
    path: npm ? `app/node_modules/${name}/package.json` : undefined,
    severity: Math.floor(next() * 5),
    score: Math.round(next() * 100) / 10,
    title: `${name}: ${words.split(' ').slice(0, 6).join(' ')}`,
    description: `${words}. Generated for the container-gate benchmark; not a real advisory.`,
  };
}

function trivyVulnerability(i) {
  return {
    VulnerabilityID: i.cve,
    PkgID: `${i.name}@${i.version}`,
    PkgName: i.name,
    ...(i.path ? { PkgPath: i.path } : {}),
    PkgIdentifier: {
      PURL: i.npm
        ? `pkg:npm/${i.name}@${i.version}`
        : `pkg:apk/alpine/${i.name}@${i.version}?arch=x86_64&distro=3.20.0`,
    },
    InstalledVersion: i.version,
    ...(i.fixed ? { FixedVersion: i.fixed } : {}),
    Status: i.fixed ? 'fixed' : 'affected',
    SeveritySource: i.npm ? 'ghsa' : 'nvd',
    PrimaryURL: `https://avd.aquasec.com/nvd/${i.cve.toLowerCase()}`,
    DataSource: {
      ID: i.npm ? 'ghsa' : 'alpine',
      Name: i.npm ? 'GitHub Security Advisory npm' : 'Alpine Secdb',
      URL: 'https://secdb.alpinelinux.org/',
    },
    Title: i.title,
    Description: i.description,
    Severity: TRIVY_SEVERITIES[i.severity],
    CweIDs: ['CWE-787'],
    CVSS: { nvd: { V3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', V3Score: i.score } },
    References: [`https://nvd.nist.gov/vuln/detail/${i.cve}`, `https://github.com/advisories?query=${i.cve}`],
    PublishedDate: '2099-01-01T00:00:00Z',
    LastModifiedDate: '2099-01-02T00:00:00Z',
  };
}

function grypeMatch(i) {
  return {
    vulnerability: {
      id: i.cve,
      dataSource: `https://nvd.nist.gov/vuln/detail/${i.cve}`,
      namespace: i.npm ? 'github:language:javascript' : 'alpine:distro:alpine:3.20',
      severity: GRYPE_SEVERITIES[i.severity],
      urls: [`https://nvd.nist.gov/vuln/detail/${i.cve}`],
      description: i.description,
      cvss: [
        {
          source: 'nvd',
          type: 'Primary',
          version: '3.1',
          vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
          metrics: { baseScore: i.score, exploitabilityScore: 3.9, impactScore: 5.9 },
          vendorMetadata: {},
        },
      ],
      epss: [{ cve: i.cve, epss: 0.0123, percentile: 0.42, date: '2099-01-01' }],
      fix: { versions: i.fixed ? [i.fixed] : [], state: i.fixed ? 'fixed' : 'not-fixed' },
      advisories: [],
      risk: 1.5,
    },
    relatedVulnerabilities: [],
    matchDetails: [
      {
        type: 'exact-direct-match',
        matcher: i.npm ? 'javascript-matcher' : 'apk-matcher',
        searchedBy: {
          language: i.npm ? 'javascript' : '',
          namespace: i.npm ? 'github:language:javascript' : 'alpine:distro:alpine:3.20',
        },
        found: { vulnerabilityID: i.cve, versionConstraint: `< ${i.fixed || '99'}` },
      },
    ],
    artifact: {
      id: `gen${i.cve.slice(-6)}`,
      name: i.name,
      version: i.version,
      type: i.npm ? 'npm' : 'apk',
      locations: [{ path: i.npm ? `/${i.path}` : '/lib/apk/db/installed', layerID: 'sha256:0000' }],
      language: i.npm ? 'javascript' : '',
      licenses: ['MIT'],
      cpes: [`cpe:2.3:a:${i.name}:${i.name}:${i.version}:*:*:*:*:*:*:*`],
      purl: i.npm
        ? `pkg:npm/${i.name}@${i.version}`
        : `pkg:apk/alpine/${i.name}@${i.version}?arch=x86_64&distro=alpine-3.20.0`,
      upstreams: [],
    },
  };
}

/** Writes trivy-<n>.generated.json and grype-<n>.generated.json into `dir`; returns their paths and counts. */
export function writeGeneratedReports(dir, n) {
  mkdirSync(dir, { recursive: true });
  const half = Math.floor(n / 2);
  const next = random(n);
  const issues = Array.from({ length: n + half }, (_, index) => issue(index, next));
  const trivyIssues = issues.slice(0, n);
  const grypeIssues = [...issues.slice(0, half), ...issues.slice(n, n + half)];
  const byEcosystem = (list) => [list.filter((i) => !i.npm), list.filter((i) => i.npm)];
  const [os, npm] = byEcosystem(trivyIssues);
  const trivy = {
    SchemaVersion: 2,
    Trivy: { Version: '0.58.1' },
    CreatedAt: '2099-01-01T00:00:00Z',
    ArtifactName: 'generated/app:1',
    ArtifactType: 'container_image',
    Metadata: {
      OS: { Family: 'alpine', Name: '3.20.0' },
      ImageID: 'sha256:0000',
      RepoTags: ['generated/app:1'],
    },
    Results: [
      {
        Target: 'generated/app:1 (alpine 3.20.0)',
        Class: 'os-pkgs',
        Type: 'alpine',
        Vulnerabilities: os.map(trivyVulnerability),
      },
      {
        Target: 'Node.js',
        Class: 'lang-pkgs',
        Type: 'node-pkg',
        Vulnerabilities: npm.map(trivyVulnerability),
      },
    ],
  };
  const grype = {
    matches: grypeIssues.map(grypeMatch),
    source: {
      type: 'image',
      target: { userInput: 'generated/app:1', imageID: 'sha256:0000', tags: ['generated/app:1'] },
    },
    distro: { name: 'alpine', version: '3.20.0', idLike: [] },
    descriptor: { name: 'grype', version: '0.86.1', timestamp: '2099-01-01T00:00:00Z' },
  };
  const trivyPath = join(dir, `trivy-${n}.generated.json`);
  const grypePath = join(dir, `grype-${n}.generated.json`);
  writeFileSync(trivyPath, JSON.stringify(trivy));
  writeFileSync(grypePath, JSON.stringify(grype));
  return { trivy: trivyPath, grype: grypePath, perScanner: n, distinct: n + half };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'bench/generated' },
      sizes: { type: 'string', default: '1000,10000,100000' },
    },
  });
  for (const size of values.sizes.split(',').map(Number)) {
    const written = writeGeneratedReports(values.out, size);
    process.stdout.write(`${written.trivy}\n${written.grype}\n`);
  }
}
