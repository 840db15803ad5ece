#!/usr/bin/env node
// Writes the GENERATED policy fixtures in test/fixtures/made/ (*.generated.json): variants of the real scanner
// outputs in test/upstream/fixtures (PROVENANCE.md there) that show what the real ones cannot — vendor statuses,
// license results, a low-severity known-exploited match, a CISA KEV feed. Each variant changes only the fields its
// README row names; everything else is the real recorded output. test/unit/made-fixtures.test.ts regenerates them
// in memory and fails when a committed file differs, so the files cannot drift from this script or their source.
//
//   node scripts/generate-policy-fixtures.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const UPSTREAM = join(ROOT, 'test/upstream/fixtures');
export const MADE_DIR = join(ROOT, 'test/fixtures/made');

/** Trivy's status per vulnerability of alpine 3.9 (the id and package say which), and no fixed version but for `fixed`. */
const ALPINE_39_STATUSES = [
  ['CVE-2019-14697', 'musl', 'not_affected'],
  ['CVE-2019-14697', 'musl-utils', 'will_not_fix'],
  ['CVE-2019-1549', 'libcrypto1.1', 'affected'],
  ['CVE-2019-1551', 'libcrypto1.1', 'fix_deferred'],
  ['CVE-2019-1549', 'libssl1.1', 'end_of_life'],
  ['CVE-2019-1551', 'libssl1.1', 'under_investigation'],
];

function trivyStatuses(read) {
  const report = JSON.parse(read('trivy/alpine-39.json'));
  for (const v of report.Results[0].Vulnerabilities) {
    const [, , status] = ALPINE_39_STATUSES.find(
      ([id, pkg]) => id === v.VulnerabilityID && pkg === v.PkgName,
    );
    v.Status = status;
    delete v.FixedVersion;
  }
  return report;
}

/**
 * License results for alpine 3.10's base packages as Trivy's license scanner reports them (`--scanners license
 * --license-full`): the package, name, category, severity and file entries of a real Trivy license scan of the same
 * package set on alpine:3.11 (DefectDojo/django-DefectDojo unittests/scans/trivy/license_scheme.json @ 4011efc5, the
 * report issue 13 was tried on), 17 package licenses and 2 loose file licenses = 19 results. Category and severity
 * follow Trivy's mapping (T pkg/licensing/scanner.go:99-111).
 */
const ALPINE_310_LICENSES = [
  ['alpine-baselayout', 'GPL-2.0'],
  ['alpine-keys', 'MIT'],
  ['apk-tools', 'GPL-2.0'],
  ['busybox', 'GPL-2.0'],
  ['ca-certificates-cacert', 'MPL-2.0'],
  ['ca-certificates-cacert', 'GPL-2.0'],
  ['libc-utils', 'BSD-3-Clause'],
  ['libcrypto1.1', 'OpenSSL'],
  ['libssl1.1', 'OpenSSL'],
  ['libtls-standalone', 'ISC'],
  ['musl', 'MIT'],
  ['musl-utils', 'MIT'],
  ['musl-utils', 'BSD-3-Clause'],
  ['musl-utils', 'GPL-2.0'],
  ['scanelf', 'GPL-2.0'],
  ['ssl_client', 'GPL-2.0'],
  ['zlib', 'Zlib'],
];
const CATEGORY = {
  'GPL-2.0': ['restricted', 'HIGH'],
  'MPL-2.0': ['reciprocal', 'MEDIUM'],
};

function trivyLicenses(read) {
  const report = JSON.parse(read('trivy/alpine-310.json'));
  const license = (PkgName, Name, FilePath = '') => {
    const [Category, Severity] = CATEGORY[Name] ?? ['notice', 'LOW'];
    const Link = FilePath ? `https://spdx.org/licenses/${Name}.html` : '';
    return { Severity, Category, PkgName, FilePath, Name, Confidence: 1, Link };
  };
  report.Results.push(
    {
      Target: 'OS Packages',
      Class: 'license',
      Licenses: ALPINE_310_LICENSES.map(([pkg, name]) => license(pkg, name)),
    },
    {
      Target: 'Loose File License(s)',
      Class: 'license-file',
      Licenses: [
        license('', 'OpenSSL', '/etc/ssl/misc/CA.pl'),
        license('', 'OpenSSL', '/etc/ssl/misc/tsget.pl'),
      ],
    },
  );
  return report;
}

/** Grype's image snapshot with its known-exploited match (CVE-1999-0002) rated Low and marked wont-fix. */
function grypeKevLow(read) {
  const report = JSON.parse(read('grype/presenter-image.json'));
  const match = report.matches.find((m) => m.vulnerability.id === 'CVE-1999-0002');
  match.vulnerability.severity = 'Low';
  match.vulnerability.fix = { versions: [], state: 'wont-fix' };
  return report;
}

/**
 * CISA's feed (cisagov/kev-data known_exploited_vulnerabilities.json @ 15200f91, CC0): its header and two of its
 * entries as published (one with the feed's stray trailing space in `vendorProject`), plus one MADE entry for
 * CVE-2019-1549 — an OpenSSL CVE in the alpine fixtures that is not really on the catalog — so that a real Trivy
 * report has a catalog match. `count` is the number of entries here.
 */
function kevCatalog() {
  const vulnerabilities = [
    {
      cveID: 'CVE-2023-34192',
      vendorProject: 'Synacor',
      product: 'Zimbra Collaboration Suite (ZCS)',
      vulnerabilityName: 'Synacor Zimbra Collaboration Suite (ZCS) Cross-Site Scripting (XSS) Vulnerability',
      dateAdded: '2025-02-25',
      shortDescription:
        'Synacor Zimbra Collaboration Suite (ZCS) contains a cross-site scripting (XSS) vulnerability that allows a remote authenticated attacker to execute arbitrary code via a crafted script to the /h/autoSaveDraft function.',
      requiredAction:
        'Apply mitigations per vendor instructions, follow applicable BOD 22-01 guidance for cloud services, or discontinue use of the product if mitigations are unavailable.',
      dueDate: '2025-03-18',
      knownRansomwareCampaignUse: 'Unknown',
      notes:
        'https://wiki.zimbra.com/wiki/Zimbra_Security_Advisories ; https://nvd.nist.gov/vuln/detail/CVE-2023-34192',
      cwes: ['CWE-79'],
    },
    {
      cveID: 'CVE-2024-57727',
      vendorProject: 'SimpleHelp ',
      product: 'SimpleHelp',
      vulnerabilityName: 'SimpleHelp Path Traversal Vulnerability',
      dateAdded: '2025-02-13',
      shortDescription:
        'SimpleHelp remote support software contains multiple path traversal vulnerabilities that allow unauthenticated remote attackers to download arbitrary files from the SimpleHelp host via crafted HTTP requests. These files may include server configuration files and hashed user passwords.',
      requiredAction:
        'Apply mitigations per vendor instructions or discontinue use of the product if mitigations are unavailable.',
      dueDate: '2025-03-06',
      knownRansomwareCampaignUse: 'Unknown',
      notes:
        'https://simple-help.com/kb---security-vulnerabilities-01-2025 ; https://nvd.nist.gov/vuln/detail/CVE-2024-57727',
      cwes: ['CWE-22'],
    },
    {
      cveID: 'CVE-2019-1549',
      vendorProject: 'OpenSSL',
      product: 'OpenSSL',
      vulnerabilityName: 'OpenSSL Fork-Safe RNG Vulnerability (MADE entry: not on the real catalog)',
      dateAdded: '2025-02-20',
      shortDescription:
        'MADE for container-gate tests from the alpine fixtures; see test/fixtures/made/README.md.',
      requiredAction: 'Apply updates per vendor instructions.',
      dueDate: '2025-03-13',
      knownRansomwareCampaignUse: 'Known',
      forensicTriage: 'No',
      notes: 'https://nvd.nist.gov/vuln/detail/CVE-2019-1549',
      cwes: ['CWE-330'],
    },
  ];
  return {
    title: 'CISA Catalog of Known Exploited Vulnerabilities',
    catalogVersion: '2025.02.25',
    dateReleased: '2025-02-25T20:33:53.3676Z',
    count: vulnerabilities.length,
    vulnerabilities,
  };
}

/** File name → content, generated from the real fixtures that `read` returns by their path under fixtures/. */
export function generatePolicyFixtures(read = (path) => readFileSync(join(UPSTREAM, path), 'utf8')) {
  const files = {
    'trivy-alpine-39-statuses.generated.json': trivyStatuses(read),
    'trivy-alpine-310-licenses.generated.json': trivyLicenses(read),
    'grype-presenter-image-kev-low.generated.json': grypeKevLow(read),
    'kev-catalog.generated.json': kevCatalog(),
  };
  return Object.fromEntries(
    Object.entries(files).map(([name, value]) => [name, `${JSON.stringify(value, null, 2)}\n`]),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const [name, content] of Object.entries(generatePolicyFixtures())) {
    writeFileSync(join(MADE_DIR, name), content);
    console.log(`wrote test/fixtures/made/${name}`);
  }
}
