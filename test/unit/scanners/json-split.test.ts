import { describe, expect, it } from 'vitest';
import { parseGrypeJson } from '../../../src/scanners/grype/parse.js';
import {
  parseElement,
  SPLIT,
  type SplitDocument,
  type SplitPattern,
  splitJson,
} from '../../../src/scanners/json-split.js';
import { parseTrivyJson } from '../../../src/scanners/trivy/parse.js';
import { readSharedFixture } from './shared-fixtures.js';

const TRIVY: SplitPattern = new Map([['Results', [new Map([['Vulnerabilities', SPLIT]])] as const]]);
const GRYPE: SplitPattern = new Map([['matches', SPLIT]]);

const TRIVY_FIXTURES = ['alpine-310.json', 'alpine-39.json', 'centos-7.json', 'npm.json', 'secrets.json'];
const GRYPE_FIXTURES = ['presenter-image.json', 'presenter-dir.json'];

/** The document the split describes, put back together: the skeleton with each split array's elements parsed in. */
function reassemble(text: string, doc: SplitDocument): unknown {
  const whole = structuredClone(doc.skeleton) as Record<string, unknown>;
  for (const { path, extents } of doc.arrays) {
    // biome-ignore lint/suspicious/noExplicitAny: a path of keys and indices into plain JSON.
    let owner: any = whole;
    for (const step of path.slice(0, -1)) owner = owner[step];
    const list = owner[path.at(-1)!] as unknown[];
    expect(list).toEqual([]);
    for (let i = 0; i < extents.length / 2; i++) list.push(parseElement(text, extents, i));
  }
  return whole;
}

function expectSameDocument(text: string, pattern: SplitPattern): SplitDocument {
  const doc = splitJson(text, pattern);
  expect(doc).toBeDefined();
  expect(reassemble(text, doc!)).toEqual(JSON.parse(text));
  return doc!;
}

/** A small deterministic generator (mulberry32): the same mutations on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('splitJson: where the elements of a large array lie (src/scanners/json-split.ts)', () => {
  it.each(TRIVY_FIXTURES)(
    'puts every recorded Trivy report (%s) back together as JSON.parse reads it',
    (name) => {
      const text = readSharedFixture(`trivy/${name}`);
      expectSameDocument(text, TRIVY);
      // Compact and indented alike (the generated benchmark reports are compact).
      expectSameDocument(JSON.stringify(JSON.parse(text)), TRIVY);
    },
  );

  it.each(GRYPE_FIXTURES)('puts every recorded Grype report (%s) back together', (name) => {
    const text = readSharedFixture(`grype/${name}`);
    const doc = expectSameDocument(text, GRYPE);
    expect(doc.arrays).toHaveLength(1);
    expect(doc.arrays[0]!.extents.length / 2).toBe(JSON.parse(text).matches.length);
  });

  it('splits only where the pattern leads: a key of the same name elsewhere stays in the skeleton', () => {
    const text =
      '{"Metadata":{"Vulnerabilities":[{"x":1}]},"Results":[{"Target":"a","Vulnerabilities":[{"a":"]}\\"["},' +
      ' {"b":[1,{"c":"\\\\"}]}  ]},{"Vulnerabilities":[]},{"Target":"c"}]}';
    const doc = expectSameDocument(text, TRIVY);
    expect(doc.arrays.map((a) => a.path)).toEqual([
      ['Results', 0, 'Vulnerabilities'],
      ['Results', 1, 'Vulnerabilities'],
    ]);
    expect(doc.arrays[0]!.extents.length / 2).toBe(2);
    expect((doc.skeleton as { Metadata: unknown }).Metadata).toEqual({ Vulnerabilities: [{ x: 1 }] });
  });

  it('reads a key written with escapes as JSON.parse does', () => {
    const text = '{"Resul\\u0074s":[{"Vulnerabilit\\u0069es":[{"VulnerabilityID":"CVE-1"}]}]}';
    expect(expectSameDocument(text, TRIVY).arrays).toHaveLength(1);
  });

  it.each([
    ['an empty text', ''],
    ['white space only', '  \n'],
    ['text after the document', '{"matches":[]} x'],
    ['a second document', '{"matches":[]}{"matches":[]}'],
    ['a byte order mark', '\ufeff{"matches":[]}'],
    ['a missing comma between elements', '{"matches":[{"a":1} {"b":2}]}'],
    ['two commas between elements', '{"matches":[{"a":1},,{"b":2}]}'],
    ['a comma after the last element', '{"matches":[{"a":1},]}'],
    ['an unterminated string', '{"matches":[{"a":"b}]}'],
    ['an unclosed array', '{"matches":[{"a":1}'],
    ['a skeleton that is not JSON', '{"matches":[],"descriptor":{"name":x}}'],
    ['a white space JSON does not allow', '{"matches":[\u00a0{"a":1}]}'],
    // JSON.parse keeps the last of two equal keys; a split keeping both would read matches JSON.parse drops.
    ['the split key twice', '{"matches":[{"a":1}],"matches":[]}'],
  ])('gives up on %s (the whole-document reader decides)', (_what, text) => {
    expect(splitJson(text, GRYPE)).toBeUndefined();
  });

  it.each([
    ['not JSON', '{"matches":[{"a":1},{"a":01}]}'],
    ['with mismatched brackets', '{"matches":[{"a":1},{"a":[1}]]}'],
  ])('leaves each element to JSON.parse: an element %s throws when it is read', (_what, text) => {
    const doc = splitJson(text, GRYPE)!;
    expect(parseElement(text, doc.arrays[0]!.extents, 0)).toEqual({ a: 1 });
    expect(() => parseElement(text, doc.arrays[0]!.extents, 1)).toThrow(SyntaxError);
  });

  it('gives up on a key twice on the way to the split array', () => {
    expect(splitJson('{"Results":[],"Results":[{"Vulnerabilities":[{}]}]}', TRIVY)).toBeUndefined();
    expect(splitJson('{"Results":[{"Vulnerabilities":[{}],"Vulnerabilities":null}]}', TRIVY)).toBeUndefined();
  });

  it('never describes a document other than the one JSON.parse reads, nor lets one it refuses through (random damage)', () => {
    const next = random(11);
    const texts = [
      readSharedFixture('trivy/alpine-310.json'),
      JSON.stringify(JSON.parse(readSharedFixture('trivy/npm.json'))),
      readSharedFixture('grype/presenter-image.json'),
    ];
    const damage = ['"', '\\', '[', ']', '{', '}', ',', ':', ' ', '1', '"Results":', '"matches":[', ''];
    let split = 0;
    let refused = 0;
    let elementRefused = 0;
    for (let round = 0; round < 600; round++) {
      const text = texts[round % texts.length]!;
      let damaged = text;
      for (let edits = 1 + Math.floor(next() * 3); edits > 0; edits--) {
        const at = Math.floor(next() * damaged.length);
        const cut = Math.floor(next() * 3);
        const insert = damage[Math.floor(next() * damage.length)]!;
        damaged = damaged.slice(0, at) + insert + damaged.slice(at + cut);
      }
      let whole: unknown;
      let valid = true;
      try {
        whole = JSON.parse(damaged);
      } catch {
        valid = false;
      }
      for (const pattern of [TRIVY, GRYPE]) {
        const doc = splitJson(damaged, pattern);
        if (!doc) continue;
        // The elements are JSON.parse'd as they are read: a text JSON.parse refuses must fail there.
        let reassembled: unknown;
        try {
          reassembled = reassemble(damaged, doc);
        } catch (error) {
          expect(valid, `read an element of a valid text wrongly: ${String(error)}`).toBe(false);
          elementRefused++;
          continue;
        }
        expect(valid, `split a text JSON.parse refuses: ${damaged.slice(0, 200)}`).toBe(true);
        expect(reassembled).toEqual(whole);
        split++;
      }
      if (!valid) refused++;
    }
    // The damage must have produced both kinds of text for the test to say anything.
    expect(split).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(50);
    expect(elementRefused).toBeGreaterThan(5);
  });
});

describe('the Trivy and Grype parsers read a report in parts exactly as whole', () => {
  // A split key written twice makes the split give up (JSON.parse keeps the last), so the same report is read whole.
  const readWhole = (text: string, key: string) => text.replace('{', `{"${key}":null,`);

  it.each(TRIVY_FIXTURES)('Trivy %s: the same findings, warnings and versions either way', (name) => {
    const text = readSharedFixture(`trivy/${name}`);
    const whole = readWhole(text, 'Results');
    expect(splitJson(text, TRIVY)).toBeDefined();
    expect(splitJson(whole, TRIVY)).toBeUndefined();
    expect(parseTrivyJson(text, { target: 'img:1' }, 'trivy')).toStrictEqual(
      parseTrivyJson(whole, { target: 'img:1' }, 'trivy'),
    );
  });

  it.each(GRYPE_FIXTURES)('Grype %s: the same findings, warnings and versions either way', (name) => {
    const text = readSharedFixture(`grype/${name}`);
    const whole = readWhole(text, 'matches');
    expect(splitJson(whole, GRYPE)).toBeUndefined();
    expect(parseGrypeJson(text, { target: 'img:1' })).toStrictEqual(
      parseGrypeJson(whole, { target: 'img:1' }),
    );
  });

  it('a vulnerability of the wrong shape deep in the report: refused with the whole reader’s message', () => {
    const report = JSON.parse(readSharedFixture('trivy/alpine-310.json'));
    report.Results[0].Vulnerabilities.at(-1).PkgName = 7;
    const text = JSON.stringify(report);
    expect(splitJson(text, TRIVY)).toBeDefined();
    expect(() => parseTrivyJson(text, { target: 'img:1' }, 'trivy')).toThrow(
      /^trivy: its JSON report does not have the expected shape \(Results\.0\.Vulnerabilities\.\d+\.PkgName: /,
    );
  });

  it('a match that is not JSON deep in the report: refused as not valid JSON, nothing half read', () => {
    const text = readSharedFixture('grype/presenter-image.json');
    const lastMatch = text.lastIndexOf('"vulnerability": {');
    const broken = `${text.slice(0, lastMatch)}"vulnerability": {"id": 01, ${text.slice(lastMatch + 18)}`;
    expect(() => parseGrypeJson(broken, { target: 'img:1' })).toThrow(
      /^grype: its JSON report is not valid JSON/,
    );
  });

  it('a match the fast check refuses but the schema accepts is read whole, as before', () => {
    // `__proto__` is left to zod (json-shape.ts isObject): the split gives up on this match and zod's copy is read.
    const report = JSON.parse(readSharedFixture('grype/presenter-image.json'));
    const text = JSON.stringify(report).replace('"artifact":{', '"artifact":{"__proto__":{},');
    const parsed = parseGrypeJson(text, { target: 'img:1' });
    expect(parsed.findings.length).toBeGreaterThan(0);
    expect(parsed).toStrictEqual(parseGrypeJson(readWhole(text, 'matches'), { target: 'img:1' }));
  });
});
