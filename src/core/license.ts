import DEPRECATED_LICENSE_IDS from 'spdx-license-ids/deprecated.json' with { type: 'json' };
import SPDX_LICENSE_IDS from 'spdx-license-ids/index.json' with { type: 'json' };

/**
 * SPDX license expressions (SPDX 2.3, Annex D), read leniently because scanners copy what packages declare:
 * `MIT OR Apache-2.0`, `GPL-2.0-only WITH Classpath-exception-2.0`, Debian's `GPL-2+`, lower-case `and`/`or`.
 * A text that is not an expression (`public domain`, `BSD`) is one opaque term: it never matches an SPDX id, so
 * an allow list fails it (fail closed) and only an exception naming that exact text accepts it.
 */
export type LicenseExpression =
  | { type: 'license'; id: string; exception?: string }
  | { type: 'and' | 'or'; left: LicenseExpression; right: LicenseExpression };

const BY_LOWER = new Map<string, string>();
for (const id of [...SPDX_LICENSE_IDS, ...DEPRECATED_LICENSE_IDS]) BY_LOWER.set(id.toLowerCase(), id);

/** The GNU family, whose bare ids (`GPL-2.0`) SPDX deprecated for `-only`, with `+` meaning `-or-later`. */
const GNU = /^(A?GPL|LGPL|GFDL)-?(\d)(?:\.(\d))?(\+|-or-later|-only)?$/i;

/** One license id in its SPDX spelling: case from the SPDX list, deprecated GNU ids and Debian's forms made current. */
export function normaliseLicenseId(raw: string): string {
  const text = raw.trim();
  const gnu = GNU.exec(text);
  if (gnu) {
    const family = gnu[1]!.toUpperCase();
    const version = `${gnu[2]}.${gnu[3] ?? '0'}`;
    const later = gnu[4] === '+' || gnu[4]?.toLowerCase() === '-or-later';
    const candidate = `${family}-${version}-${later ? 'or-later' : 'only'}`;
    if (BY_LOWER.has(candidate.toLowerCase())) return BY_LOWER.get(candidate.toLowerCase())!;
  }
  if (text.endsWith('+')) {
    const base = BY_LOWER.get(text.slice(0, -1).toLowerCase());
    if (base) return `${base}+`;
  }
  if (/^(DocumentRef-[^:]+:)?LicenseRef-/i.test(text)) return text;
  return BY_LOWER.get(text.toLowerCase()) ?? text;
}

/** Whether `id` is on the SPDX license list (current or deprecated), a `LicenseRef-`, or a GNU form SPDX knows. */
export function isKnownLicenseId(id: string): boolean {
  const normalised = normaliseLicenseId(id);
  if (/^(DocumentRef-[^:]+:)?LicenseRef-[A-Za-z0-9.-]+$/.test(normalised)) return true;
  return BY_LOWER.has(normalised.replace(/\+$/, '').toLowerCase());
}

/** The characters of one license id (SPDX's idstring, with `+` and DocumentRef's `:`). */
const ID = /^[A-Za-z0-9.+:-]+$/;

type Token = { kind: 'and' | 'or' | 'with' | 'open' | 'close' } | { kind: 'id'; text: string };

function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  for (const part of text.split(/(\(|\)|\s+)/)) {
    if (part === '' || /^\s+$/.test(part)) continue;
    const lower = part.toLowerCase();
    if (part === '(') tokens.push({ kind: 'open' });
    else if (part === ')') tokens.push({ kind: 'close' });
    else if (lower === 'and' || lower === 'or' || lower === 'with') tokens.push({ kind: lower });
    else if (ID.test(part)) tokens.push({ kind: 'id', text: part });
    else return undefined;
  }
  return tokens;
}

/** Recursive descent over `or := and (OR and)*`, `and := atom (AND atom)*`, `atom := id [WITH id] | ( or )`. */
class ExpressionParser {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): LicenseExpression | undefined {
    const expression = this.or();
    return expression && this.index === this.tokens.length ? expression : undefined;
  }

  private or(): LicenseExpression | undefined {
    let left = this.and();
    while (left && this.peek('or')) {
      this.index++;
      const right = this.and();
      left = right ? { type: 'or', left, right } : undefined;
    }
    return left;
  }

  private and(): LicenseExpression | undefined {
    let left = this.atom();
    while (left && this.peek('and')) {
      this.index++;
      const right = this.atom();
      left = right ? { type: 'and', left, right } : undefined;
    }
    return left;
  }

  private atom(): LicenseExpression | undefined {
    const token = this.tokens[this.index++];
    if (token?.kind === 'open') {
      const inner = this.or();
      return inner && this.tokens[this.index++]?.kind === 'close' ? inner : undefined;
    }
    if (token?.kind !== 'id') return undefined;
    const id = normaliseLicenseId(token.text);
    if (!this.peek('with')) return { type: 'license', id };
    this.index++;
    const exception = this.tokens[this.index++];
    if (exception?.kind !== 'id') return undefined;
    return { type: 'license', id, exception: exception.text };
  }

  private peek(kind: Token['kind']): boolean {
    return this.tokens[this.index]?.kind === kind;
  }
}

/** The expression, or one opaque term holding the trimmed text when it does not parse as one. */
export function parseLicenseExpression(raw: string): LicenseExpression {
  const text = raw.trim();
  const tokens = tokenize(text);
  const parsed = tokens && tokens.length > 0 ? new ExpressionParser(tokens).parse() : undefined;
  return parsed ?? { type: 'license', id: text };
}

/** Canonical text: ids in SPDX spelling, operators upper case, parentheses only where precedence needs them. */
export function formatLicenseExpression(expression: LicenseExpression): string {
  if (expression.type === 'license')
    return expression.exception ? `${expression.id} WITH ${expression.exception}` : expression.id;
  const side = (e: LicenseExpression) =>
    expression.type === 'and' && e.type === 'or'
      ? `(${formatLicenseExpression(e)})`
      : formatLicenseExpression(e);
  return `${side(expression.left)} ${expression.type.toUpperCase()} ${side(expression.right)}`;
}

/** The license text a scanner gave, in canonical form (`gpl-2.0 or mit` → `GPL-2.0-only OR MIT`). */
export function normaliseLicenseExpression(raw: string): string {
  return formatLicenseExpression(parseLicenseExpression(raw));
}

/** The ids an expression names, each with its exception when it has one. */
export function licenseTerms(expression: LicenseExpression): string[] {
  if (expression.type === 'license') return [formatLicenseExpression(expression)];
  return [...licenseTerms(expression.left), ...licenseTerms(expression.right)];
}

const GNU_ONLY = /^(A?GPL|LGPL|GFDL)-(\d+\.\d+)-only$/;

/** `GPL-2.0-or-later` → the `-only` ids of that version and every later one on the SPDX list; else none. */
function gnuVersionsFrom(id: string): string[] {
  const later = /^(A?GPL|LGPL|GFDL)-(\d+\.\d+)-or-later$/.exec(id);
  if (!later) return [];
  const [, family, version] = later;
  return SPDX_LICENSE_IDS.filter((candidate) => {
    const only = GNU_ONLY.exec(candidate);
    return only !== null && only[1] === family && Number(only[2]) >= Number(version);
  });
}

/**
 * A list of SPDX ids (an allow or deny list) as a matcher. A term `A WITH B` matches an entry `A WITH B` or `A`:
 * denying a license denies it with any exception, and allowing one with an exception is written out in full.
 */
export class LicenseList {
  private readonly entries: Set<string>;
  constructor(readonly ids: readonly string[]) {
    this.entries = new Set(ids.map((id) => normaliseLicenseExpression(id).toLowerCase()));
  }

  get size(): number {
    return this.entries.size;
  }

  private matchesTerm(term: Extract<LicenseExpression, { type: 'license' }>): boolean {
    if (this.entries.has(formatLicenseExpression(term).toLowerCase())) return true;
    return this.entries.has(term.id.toLowerCase());
  }

  /**
   * A term that is no well-formed expression, read as a deny list must read it (fail closed): a text that does not
   * parse (`GPL-3.0-only, MIT`, `GPL-3.0-only AND`) is denied when any id in it is, and `MIT WITH GPL-3.0-only` when
   * the id after WITH (where an exception belongs) is.
   */
  private namesDeniedPart(term: Extract<LicenseExpression, { type: 'license' }>): boolean {
    const parts = term.exception
      ? [term.exception]
      : ID.test(term.id)
        ? []
        : term.id.split(/[^A-Za-z0-9.+:-]+/);
    return parts.some(
      (part) => part !== '' && this.coversEveryChoice({ type: 'license', id: normaliseLicenseId(part) }),
    );
  }

  /**
   * True when every way to satisfy the expression uses a listed license (deny: AND fails on either side, OR on both).
   * `GPL-3.0-or-later` is a choice among GPL-3.0 and every later GPL: denying `GPL-3.0-only` denies it while no
   * later version exists, as denying both `GPL-2.0-only` and `GPL-3.0-only` denies `GPL-2.0-or-later`.
   */
  coversEveryChoice(expression: LicenseExpression): boolean {
    if (expression.type === 'license') {
      if (this.matchesTerm(expression) || this.namesDeniedPart(expression)) return true;
      const versions = gnuVersionsFrom(expression.id);
      return versions.length > 0 && versions.every((id) => this.matchesTerm({ ...expression, id }));
    }
    const left = this.coversEveryChoice(expression.left);
    const right = this.coversEveryChoice(expression.right);
    return expression.type === 'and' ? left || right : left && right;
  }

  /** True when some way to satisfy the expression uses listed licenses only (allow: AND needs both, OR either). */
  coversSomeChoice(expression: LicenseExpression): boolean {
    if (expression.type === 'license') return this.matchesTerm(expression);
    const left = this.coversSomeChoice(expression.left);
    const right = this.coversSomeChoice(expression.right);
    return expression.type === 'and' ? left && right : left || right;
  }
}

/** SPDX's own "no information" values, which are not licenses. */
export function isNoAssertion(raw: string): boolean {
  return /^(NOASSERTION|NONE)$/i.test(raw.trim());
}
