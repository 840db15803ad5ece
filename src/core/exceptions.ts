import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../util/errors.js';
import {
  GATE_RULES,
  type GateException,
  type GateRuleName,
  type VexProduct,
  type VexStatement,
} from './policy.js';

/**
 * The exceptions file (YAML):
 *
 *   exceptions:
 *     - id: CVE-2023-1234          # or GHSA-…, a secret rule id, a check id
 *       package: openssl           # optional: only this package
 *       rule: kev                  # optional: waive only this gate rule (threshold, kev, epss, license…)
 *       image: ghcr.io/acme/api    # optional: only this image (name without tag or digest)
 *       reason: not reachable, no TLS in this service
 *       expires: 2026-12-31        # required: every accepted risk is looked at again
 *
 * Unknown keys are refused, not ignored: a misspelt `pakage:` would otherwise widen the exception to every package.
 */
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const exceptionEntry = z.strictObject({
  id: z.string().trim().min(1, 'id is required'),
  rule: z.enum(GATE_RULES as [string, ...string[]]).optional(),
  package: z.string().trim().min(1).optional(),
  image: z.string().trim().min(1).optional(),
  reason: z.string().trim().min(1, 'reason is required: say why the risk is accepted'),
  expires: z
    .union([z.string(), z.date()])
    .transform((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value.trim()))
    .refine((value) => DATE.test(value) && isRealDate(value), 'expires must be a date YYYY-MM-DD'),
});

const exceptionsFile = z.strictObject({
  exceptions: z.array(z.unknown()).max(10_000, 'more than 10,000 exceptions'),
});

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function parseExceptionsFile(text: string, origin: string): GateException[] {
  let document: unknown;
  try {
    // No aliases: a "billion laughs" alias bomb must not expand. Dates stay strings so we check them ourselves.
    document = parseYaml(text, { maxAliasCount: 0, schema: 'core', uniqueKeys: true });
  } catch (error) {
    if (error instanceof RangeError)
      throw new UsageError(`exceptions file ${origin}: nested too deeply to be an exceptions list`, {
        cause: error,
      });
    throw new UsageError(`exceptions file ${origin}: not valid YAML (${firstLine(error)}) — fix the syntax`, {
      cause: error,
    });
  }
  if (document === null || document === undefined) return [];
  const file = exceptionsFile.safeParse(document);
  if (!file.success) {
    throw new UsageError(
      `exceptions file ${origin}: ${describe(file.error)} — expected a top-level "exceptions:" list`,
    );
  }
  return parseExceptionEntries(file.data.exceptions, origin, 'exceptions file');
}

/** The entries of an exceptions list (the file's, or the config file's `gate.exceptions`). */
export function parseExceptionEntries(
  entries: readonly unknown[],
  origin: string,
  what: string,
): GateException[] {
  return entries.map((raw, index) => {
    const entry = exceptionEntry.safeParse(raw);
    const where = `${origin} entry ${index + 1}`;
    if (!entry.success) throw new UsageError(`${what} ${where}: ${describe(entry.error)}`);
    return {
      id: entry.data.id,
      ...(entry.data.rule ? { rule: entry.data.rule as GateRuleName } : {}),
      ...(entry.data.package ? { package: entry.data.package } : {}),
      ...(entry.data.image ? { image: entry.data.image } : {}),
      reason: entry.data.reason,
      expires: entry.data.expires,
      origin: where,
    };
  });
}

/** OpenVEX 0.2 (https://github.com/openvex/spec): only the fields the gate uses; unknown fields are fine here. */
const vexDocument = z.looseObject({
  '@context': z.string().optional(),
  statements: z.array(
    z.looseObject({
      vulnerability: z.union([
        z.string(),
        z.looseObject({ name: z.string().optional(), '@id': z.string().optional() }),
      ]),
      products: z
        .array(
          z.union([
            z.string(),
            z.looseObject({
              '@id': z.string().optional(),
              subcomponents: z
                .array(z.union([z.string(), z.looseObject({ '@id': z.string().optional() })]))
                .optional(),
            }),
          ]),
        )
        .optional(),
      status: z.enum(['not_affected', 'affected', 'fixed', 'under_investigation']),
      justification: z.string().optional(),
    }),
  ),
});

export function parseVexDocument(text: string, origin: string): VexStatement[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `VEX file ${origin}: not valid JSON (${firstLine(error)}) — pass an OpenVEX JSON document`,
      { cause: error },
    );
  }
  const doc = vexDocument.safeParse(json);
  if (!doc.success)
    throw new UsageError(`VEX file ${origin}: ${describe(doc.error)} — expected OpenVEX with "statements"`);
  return doc.data.statements.flatMap((statement, index): VexStatement[] => {
    const vulnerability =
      typeof statement.vulnerability === 'string'
        ? statement.vulnerability
        : (statement.vulnerability.name ?? statement.vulnerability['@id']);
    if (!vulnerability) return [];
    const listed = statement.products ?? [];
    const products = listed.flatMap(vexProduct);
    // A statement about products none of which has an `@id` (named by `identifiers` only) is about something this
    // reader cannot match: it applies to nothing, never to every product as a statement without products does.
    if (listed.length > 0 && products.length === 0) return [];
    return [
      {
        vulnerability,
        products,
        status: statement.status,
        ...(statement.justification ? { justification: statement.justification } : {}),
        origin: `${origin} statement ${index + 1}`,
      },
    ];
  });
}

type VexProductEntry = NonNullable<z.output<typeof vexDocument>['statements'][number]['products']>[number];

/**
 * A product as the gate matches it; none when it has no `@id`, or when it lists subcomponents none of which has
 * one (the statement is then about packages this reader cannot name, not about the whole product).
 */
function vexProduct(entry: VexProductEntry): VexProduct[] {
  if (typeof entry === 'string') return [{ id: entry }];
  const id = entry['@id'];
  if (typeof id !== 'string') return [];
  const listed = entry.subcomponents ?? [];
  const subcomponents = listed
    .map((s) => (typeof s === 'string' ? s : s['@id']))
    .filter((s): s is string => typeof s === 'string');
  if (listed.length === 0) return [{ id }];
  return subcomponents.length > 0 ? [{ id, subcomponents }] : [];
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  if (issue.code === 'unrecognized_keys')
    return `unknown key ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (allowed: id, rule, package, image, reason, expires)`;
  return `${path}${issue.message}`;
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n', 1)[0]!;
}
