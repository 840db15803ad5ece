import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../src/checks/index.js';
import { renderRulesDoc } from '../../../src/checks/rules-doc.js';
import { isSeverity } from '../../../src/core/severity.js';
import { repoRoot } from './support.js';

const DOC = path.join(repoRoot, 'docs/rules.md');

describe('the rule catalogue', () => {
  it('has unique ids, numbered per scope (CG-D… Dockerfile, CG-I… image, CG-K… Kubernetes)', () => {
    const ids = RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    const prefix = { dockerfile: 'D', image: 'I', kubernetes: 'K' } as const;
    for (const rule of RULES) expect(rule.id).toMatch(new RegExp(`^CG-${prefix[rule.scope]}\\d{3}$`));
  });

  it('gives every rule a severity, a practice, a remediation with an example, and https links', () => {
    for (const rule of RULES) {
      expect(isSeverity(rule.severity) && rule.severity !== 'unknown', rule.id).toBe(true);
      for (const field of [rule.title, rule.practice, rule.description, rule.remediation, rule.example]) {
        expect(field.trim().length, rule.id).toBeGreaterThan(0);
      }
      expect(rule.links.length, rule.id).toBeGreaterThan(0);
      for (const link of rule.links) expect(link, rule.id).toMatch(/^https:\/\//);
    }
  });
});

describe('docs/rules.md', () => {
  it('lists every rule with its severity, practice, example and links', () => {
    const doc = renderRulesDoc();
    for (const rule of RULES) {
      expect(doc).toContain(`### ${rule.id}: ${rule.title}`);
      const row = doc.split('\n').find((line) => line.startsWith(`| [${rule.id}]`));
      const cells = row?.split('|').map((cell) => cell.trim());
      expect(cells?.slice(2, 5), rule.id).toEqual([rule.title, rule.severity, rule.practice]);
      expect(doc).toContain(rule.example);
      for (const link of rule.links) expect(doc).toContain(`<${link}>`);
    }
  });

  it('is what renderRulesDoc() renders (UPDATE_DOCS=1 rewrites it)', () => {
    const rendered = renderRulesDoc();
    if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC, rendered);
    const onDisk = readFileSync(DOC, 'utf8');
    expect(
      onDisk === rendered,
      'docs/rules.md is out of date: run UPDATE_DOCS=1 npx vitest run test/unit/checks/rules-doc.test.ts',
    ).toBe(true);
  });
});
