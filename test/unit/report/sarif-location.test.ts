import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { renderSarif } from '../../../src/report/sarif.js';
import { dockerfileContext, locateFinding, safeRelativeUri } from '../../../src/report/sarif-location.js';
import { buildReport } from '../../support/generate-findings.js';
import {
  MADE_IMAGE,
  MADE_IMAGE_NAME,
  madeDockerfileFinding,
  madeFindings,
  madeTarget,
  madeVulnerability,
} from './made-report.js';

const DOCKERFILE = [
  'FROM node:20 AS build',
  'RUN npm ci',
  'FROM alpine:3.19',
  'WORKDIR /app',
  'COPY --from=build /src/node_modules ./node_modules',
  'COPY config/ config/',
  'USER app',
  '',
].join('\n');
const line = (start: string) => DOCKERFILE.split('\n').findIndex((l) => l.startsWith(start)) + 1;
const imageTarget = madeTarget(MADE_IMAGE, MADE_IMAGE_NAME);
const [openssl, , lodash, secret] = madeFindings() as [Finding, Finding, Finding, Finding];

describe('locateFinding with a Dockerfile', () => {
  const dockerfile = dockerfileContext('./examples/app/Dockerfile', DOCKERFILE);

  it('points OS package findings at the final stage FROM', () => {
    expect(locateFinding(openssl, imageTarget, dockerfile)).toMatchObject({
      uri: 'examples/app/Dockerfile',
      startLine: line('FROM alpine'),
    });
  });

  it('points files brought in by COPY at that COPY, keeping the in-image path', () => {
    const located = locateFinding(lodash, imageTarget, dockerfile);
    expect(located).toMatchObject({
      uri: 'examples/app/Dockerfile',
      startLine: line('COPY --from'),
      imagePath: lodash.package!.path,
    });
    expect(locateFinding(secret, imageTarget, dockerfile).startLine).toBe(line('COPY config/'));
  });

  it('points at line 1 when the in-image path cannot be told from any COPY', () => {
    const elsewhere = madeVulnerability({
      package: { name: 'x', version: '1', type: 'golang', path: 'usr/local/bin/x' },
    });
    expect(locateFinding(elsewhere, imageTarget, dockerfile)).toMatchObject({
      uri: 'examples/app/Dockerfile',
      startLine: 1,
    });
    expect(locateFinding(openssl, imageTarget, dockerfileContext('Dockerfile', undefined)).startLine).toBe(1);
  });

  it('keeps the repository location of a Dockerfile check', () => {
    const check = madeDockerfileFinding();
    const located = locateFinding(check, madeTarget(check.target, check.target, 'files'), dockerfile);
    expect(located).toMatchObject({
      uri: check.location!.path,
      startLine: check.location!.startLine,
      endLine: check.location!.endLine,
    });
  });
});

describe('locateFinding without a Dockerfile', () => {
  it('uses the in-image path made relative', () => {
    const grypeStyle = madeVulnerability({
      package: { name: 'x', version: '1', type: 'npm', path: '/app/node_modules/x/package.json' },
    });
    expect(locateFinding(grypeStyle, imageTarget, undefined)).toMatchObject({
      uri: 'app/node_modules/x/package.json',
      startLine: 1,
    });
    expect(locateFinding(secret, imageTarget, undefined)).toMatchObject({
      uri: secret.location!.path,
      startLine: secret.location!.startLine,
    });
  });

  it('points OS packages without a path at their package database', () => {
    expect(locateFinding(openssl, imageTarget, undefined).uri).toBe('lib/apk/db/installed');
    const deb = madeVulnerability({ package: { name: 'libc6', version: '2.36', type: 'debian' } });
    expect(locateFinding(deb, imageTarget, undefined).uri).toBe('var/lib/dpkg/status');
  });
});

describe('safeRelativeUri', () => {
  it.each([
    ['/etc/passwd', 'etc/passwd'],
    ['../../../etc/passwd', 'etc/passwd'],
    ['a/../../b', 'b'],
    ['./x/./y', 'x/y'],
    ['C:\\Users\\me\\Dockerfile', 'C%3A/Users/me/Dockerfile'],
    ['localhost:5000/app', 'localhost%3A5000/app'],
    ['file:///etc/passwd', 'file%3A/etc/passwd'],
    ['node_modules/@types/x y#z?q', 'node_modules/@types/x%20y%23z%3Fq'],
  ])('%s → %s', (input, expected) => {
    expect(safeRelativeUri(input)).toBe(expected);
  });

  it('gives undefined when nothing is left', () => {
    expect(safeRelativeUri('/../..')).toBeUndefined();
  });
});

describe('renderSarif locations', () => {
  it('never writes an absolute URI, a leading slash or a ../ for hostile paths', () => {
    const hostile = [
      '/../../../etc/shadow',
      'C:\\Windows\\win.ini',
      'https://evil.example/x',
      '\u001b[31m/red',
    ].map((path, i) =>
      madeVulnerability({
        id: `CVE-2024-${1000 + i}`,
        package: { name: `p${i}`, version: '1', type: 'npm', path },
      }),
    );
    const report = buildReport({ findings: hostile, targets: [imageTarget], scanners: [] });
    const uris = renderSarif(report).files.flatMap((f) =>
      f.runs.flatMap((r) =>
        (r.results ?? []).map((x) => x.locations![0]!.physicalLocation!.artifactLocation!.uri!),
      ),
    );
    expect(uris).toHaveLength(hostile.length);
    for (const uri of uris) expect(uri).not.toMatch(/^\/|(^|\/)\.\.(\/|$)|^[a-z][a-z0-9+.-]*:|\u001b/i);
  });
});
