import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type * as Sarif from 'sarif';
import { serializeSarif } from '../../../src/report/sarif.js';

/** Checking SARIF the two ways GitHub-bound SARIF is checked: the JSON schema, and Microsoft's multitool with GitHub's rules. */
export { fixturesDir as SHARED_FIXTURES, repoRoot as REPO_ROOT } from '../../support/paths.js';

import { repoRoot as REPO_ROOT, schemasDir } from '../../support/paths.js';

const SCHEMA = path.join(schemasDir, 'sarif-schema-2.1.0.json');
const MULTITOOL = path.resolve(REPO_ROOT, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');

// ajv-formats is CommonJS: under NodeNext its default import is the module object or the plugin itself.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => void;

let validate: ReturnType<Ajv2020['compile']> | undefined;

/** Schema errors as readable lines; empty when valid. The schema is draft 2020-12 (its `$schema`). */
export function schemaErrors(log: Sarif.Log): string[] {
  if (!validate) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const schema = JSON.parse(readFileSync(SCHEMA, 'utf8'));
    // This copy of the schema puts `anyOf` inside region's `properties`, where it is read as a property named
    // anyOf; it means "a region needs startLine, charOffset or byteOffset", so it is moved where it applies.
    const region = schema.definitions.region;
    if (Array.isArray(region.properties.anyOf)) {
      region.anyOf = region.properties.anyOf;
      delete region.properties.anyOf;
    }
    validate = ajv.compile(schema);
  }
  const roundTripped = JSON.parse(serializeSarif(log));
  if (validate(roundTripped)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const execFileAsync = promisify(execFile);

export interface MultitoolProblem {
  level: string;
  ruleId: string;
  text: string;
}

/**
 * Runs `Sarif.Multitool validate --rule-kind "Gh;Sarif"` on the log and returns what it reports. Asynchronous: a
 * validator run that takes a minute on a loaded machine must not block the test worker, whose replies to vitest then
 * time out ("Timeout calling onTaskUpdate").
 */
export async function multitoolProblems(log: Sarif.Log): Promise<MultitoolProblem[]> {
  chmodSync(MULTITOOL, 0o755);
  const dir = mkdtempSync(path.join(tmpdir(), 'cg-sarif-'));
  try {
    const input = path.join(dir, 'in.sarif');
    const output = path.join(dir, 'out.sarif');
    writeFileSync(input, serializeSarif(log));
    await execFileAsync(
      MULTITOOL,
      ['validate', '--rule-kind', 'Gh;Sarif', '--log', 'ForceOverwrite', '-o', output, input],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
      },
    ).catch((error: { code?: unknown }) => {
      // The validator exits non-zero when it reports problems; only a run that wrote no log is an error.
      if (typeof error.code !== 'number') throw error;
    });
    const result = JSON.parse(readFileSync(output, 'utf8')) as Sarif.Log;
    const problems: MultitoolProblem[] = [];
    for (const r of result.runs) {
      const rules = new Map((r.tool.driver.rules ?? []).map((rule) => [rule.id, rule]));
      for (const res of r.results ?? []) {
        const rule = rules.get(res.ruleId ?? '');
        const template =
          (res.message.id && rule?.messageStrings?.[res.message.id]?.text) ?? res.message.text ?? '';
        const text = template.replace(/\{(\d+)\}/g, (_m, i) => res.message.arguments?.[Number(i)] ?? '');
        problems.push({
          level: res.level ?? rule?.defaultConfiguration?.level ?? 'warning',
          ruleId: res.ruleId ?? '',
          text,
        });
      }
    }
    return problems;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
