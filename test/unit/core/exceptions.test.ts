import { describe, expect, it } from 'vitest';
import { parseExceptionsFile, parseVexDocument } from '../../../src/core/exceptions.js';
import { UsageError } from '../../../src/util/errors.js';

describe('the exceptions file', () => {
  it('reads entries with id, reason and expiry, and optional package and image', () => {
    const text = `exceptions:
  - id: CVE-2024-0001
    package: openssl
    reason: not reachable
    expires: 2026-12-31
  - id: github-pat
    image: ghcr.io/acme/api
    reason: test fixture token
    expires: "2027-01-15"
`;
    expect(parseExceptionsFile(text, 'ex.yaml')).toEqual([
      {
        id: 'CVE-2024-0001',
        package: 'openssl',
        reason: 'not reachable',
        expires: '2026-12-31',
        origin: 'ex.yaml entry 1',
      },
      {
        id: 'github-pat',
        image: 'ghcr.io/acme/api',
        reason: 'test fixture token',
        expires: '2027-01-15',
        origin: 'ex.yaml entry 2',
      },
    ]);
  });

  it.each([
    ['a missing reason', 'exceptions:\n  - id: CVE-1\n    expires: 2026-01-01\n', /entry 1: reason/],
    ['a missing expiry', 'exceptions:\n  - id: CVE-1\n    reason: x\n', /entry 1: expires/],
    [
      'an impossible date',
      'exceptions:\n  - id: CVE-1\n    reason: x\n    expires: 2026-02-30\n',
      /expires must be a date/,
    ],
    [
      'a date in another shape',
      'exceptions:\n  - id: CVE-1\n    reason: x\n    expires: 31/12/2026\n',
      /expires must be a date/,
    ],
    [
      'a misspelt key',
      'exceptions:\n  - id: CVE-1\n    pakage: x\n    reason: x\n    expires: 2026-01-01\n',
      /unknown key "pakage"/,
    ],
    ['no exceptions list', 'rules: []\n', /top-level "exceptions:"/],
    ['broken YAML', 'exceptions: [\n', /not valid YAML/],
    ['an alias bomb', 'a: &a [x, x]\nb: &b [*a, *a]\nexceptions: *b\n', /not valid YAML/],
  ])('refuses %s with a one-line error naming the file', (_name, text, message) => {
    let error: unknown;
    try {
      parseExceptionsFile(text, 'ex.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain('ex.yaml');
    expect((error as Error).message).not.toContain('\n');
  });

  it('treats an empty file as no exceptions', () => {
    expect(parseExceptionsFile('', 'ex.yaml')).toEqual([]);
  });
});

describe('OpenVEX documents', () => {
  it('reads statements with vulnerability names and product ids', () => {
    const doc = {
      '@context': 'https://openvex.dev/ns/v0.2.0',
      statements: [
        {
          vulnerability: { name: 'CVE-2024-0002' },
          products: [{ '@id': 'pkg:apk/alpine/openssl' }],
          status: 'not_affected',
          justification: 'vulnerable_code_not_in_execute_path',
        },
        { vulnerability: 'CVE-2024-0003', status: 'affected' },
      ],
    };
    expect(parseVexDocument(JSON.stringify(doc), 'vex.json')).toEqual([
      {
        vulnerability: 'CVE-2024-0002',
        products: [{ id: 'pkg:apk/alpine/openssl' }],
        status: 'not_affected',
        justification: 'vulnerable_code_not_in_execute_path',
        origin: 'vex.json statement 1',
      },
      { vulnerability: 'CVE-2024-0003', products: [], status: 'affected', origin: 'vex.json statement 2' },
    ]);
  });

  it('refuses a document with an unknown status', () => {
    expect(() =>
      parseVexDocument('{"statements":[{"vulnerability":"CVE-1","status":"maybe"}]}', 'vex.json'),
    ).toThrow(UsageError);
  });
});

describe('OpenVEX products the reader cannot name', () => {
  it('a statement whose only product has no @id (identifiers only) suppresses nothing, not every product', () => {
    const doc = {
      '@context': 'https://openvex.dev/ns/v0.2.0',
      statements: [
        {
          vulnerability: { name: 'CVE-2024-0002' },
          products: [{ identifiers: { purl: 'pkg:npm/other@1.0.0' } }],
          status: 'not_affected',
          justification: 'component_not_present',
        },
      ],
    };
    expect(parseVexDocument(JSON.stringify(doc), 'vex.json')).toEqual([]);
  });

  it('keeps the subcomponents a product names; a product whose subcomponents all lack an @id covers nothing', () => {
    const doc = {
      '@context': 'https://openvex.dev/ns/v0.2.0',
      statements: [
        {
          vulnerability: { name: 'CVE-2024-0002' },
          products: [
            { '@id': 'ghcr.io/acme/api', subcomponents: [{ '@id': 'pkg:npm/lodash' }] },
            { '@id': 'ghcr.io/acme/web', subcomponents: [{ identifiers: { purl: 'pkg:npm/x' } }] },
          ],
          status: 'not_affected',
          justification: 'component_not_present',
        },
      ],
    };
    expect(parseVexDocument(JSON.stringify(doc), 'vex.json')[0]!.products).toEqual([
      { id: 'ghcr.io/acme/api', subcomponents: ['pkg:npm/lodash'] },
    ]);
  });
});
