import { describe, expect, it } from 'vitest';
import type { Report, ScannerDatabase } from '../../../src/core/report.js';
import { parseJsonReport, renderJsonReport } from '../../../src/report/json.js';
import { renderMarkdownSummary } from '../../../src/report/markdown.js';
import { renderSarif } from '../../../src/report/sarif.js';
import { MADE_IMAGE, madeDefaultReport } from './made-report.js';
import { schemaErrors } from './sarif-support.js';

/** Issue 16 item 4: the database every scanner run read is in the JSON report, the SARIF run properties and the summary. */
const TRIVY_DB: ScannerDatabase = {
  name: 'trivy-db',
  tool: 'trivy',
  schemaVersion: '2',
  builtAt: '2026-11-30T18:12:40.223Z',
  downloadedAt: '2026-11-30T20:01:02.000Z',
  source: 'mirror.gcr.io/aquasec/trivy-db',
  fromCache: true,
  warning:
    'trivy vulnerability database: every download failed (mirror.gcr.io/aquasec/trivy-db: rate-limited after 3 attempts); the cached one, built 20h ago (within --db-max-age 72h), was used',
};
const JAVA_DB: ScannerDatabase = {
  name: 'trivy-java-db',
  tool: 'trivy',
  schemaVersion: '1',
  builtAt: '2026-11-29T01:00:00Z',
  downloadedAt: '2026-11-30T02:00:00Z',
  source: 'ghcr.io/aquasecurity/trivy-java-db',
  fromCache: false,
};
const GRYPE_DB: ScannerDatabase = {
  name: 'grype-db',
  tool: 'grype',
  schemaVersion: 'v6.1.9',
  builtAt: '2026-11-30T04:20:11Z',
  downloadedAt: '2026-12-01T08:00:00.000Z',
  source:
    'https://grype.anchore.io/databases (https://grype.anchore.io/databases/v6/vulnerability-db_v6.1.9.tar.zst)',
  fromCache: false,
};

function reportWithDatabases(): Report {
  const report = madeDefaultReport();
  for (const run of report.scanners) {
    if (run.name === 'trivy') Object.assign(run, { database: TRIVY_DB, javaDatabase: JAVA_DB });
    if (run.name === 'grype') run.database = GRYPE_DB;
  }
  return report;
}

describe('scanners[].database in every report', () => {
  it('round-trips through the JSON report (parseJsonReport checks its shape)', () => {
    const report = reportWithDatabases();
    const parsed = parseJsonReport(renderJsonReport(report), 'report.json');
    expect(parsed.scanners.find((r) => r.name === 'trivy')).toMatchObject({
      database: TRIVY_DB,
      javaDatabase: JAVA_DB,
    });
    expect(parsed.scanners.find((r) => r.name === 'grype')!.database).toEqual(GRYPE_DB);
  });

  it('refuses a report whose database entry is not one (fromCache missing)', () => {
    const json = JSON.parse(renderJsonReport(reportWithDatabases()));
    delete json.scanners.find((r: { name: string }) => r.name === 'grype').database.fromCache;
    expect(() => parseJsonReport(JSON.stringify(json), 'report.json')).toThrow(/report\.json/);
  });

  it('puts the databases a run read into that SARIF run’s properties, and only there', () => {
    const { files } = renderSarif(reportWithDatabases());
    expect(schemaErrors(files[0]!)).toEqual([]);
    const runs = files.flatMap((f) => f.runs);
    const trivy = runs.find(
      (r) =>
        r.tool.driver.name === 'Trivy' && r.properties?.image && r.automationDetails?.id?.includes('trivy/'),
    );
    const grype = runs.find((r) => r.tool.driver.name === 'Grype');
    expect(grype!.properties!.databases).toEqual([GRYPE_DB]);
    expect(trivy!.properties!.databases).toEqual([TRIVY_DB, JAVA_DB]);
    // The checks engine read no database.
    const ours = runs.find((r) => r.tool.driver.name === 'container-gate');
    expect(ours!.properties!.databases).toBeUndefined();
  });

  it('lists each database once in the summary, and the fallback warning before the findings', () => {
    const report = reportWithDatabases();
    // A second image read the same databases: still one row each.
    report.scanners.push({ ...report.scanners.find((r) => r.name === 'grype')!, target: `${MADE_IMAGE}-2` });
    const md = renderMarkdownSummary(report);
    const section = md.slice(md.indexOf('### Databases'), md.indexOf('### Findings\n'));
    expect(section.match(/^\| grype-db \|/gm)).toHaveLength(1);
    expect(section).toMatch(
      /\| trivy-db \| 2 \| 2026-11-30T18:12:40\.223Z \| 2026-11-30T20:01:02\.000Z \| mirror\.gcr\.io\/aquasec\/trivy-db \| from the cache ⚠️ \|/,
    );
    expect(section).toMatch(/\| trivy-java-db \| 1 \|.*\| downloaded \|/);
    const warning = md.indexOf('> ⚠️ trivy vulnerability database: every download failed');
    expect(warning).toBeGreaterThan(0);
    expect(warning).toBeLessThan(md.indexOf('### Findings by severity'));
  });

  it('says nothing about databases when no run read one', () => {
    const md = renderMarkdownSummary(madeDefaultReport());
    expect(md).not.toMatch(/### Databases|⚠️ trivy/);
  });
});
