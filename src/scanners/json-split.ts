/**
 * Reading a large scanner report without holding its whole parsed tree (issue 11 item 6). `JSON.parse` of a
 * 100k-finding report builds a tree of about 240 MiB that stays alive while every finding is mapped, and the garbage
 * collector walks it again and again. Splitting the text at the one big array (Trivy's `Results[].Vulnerabilities`,
 * Grype's `matches`) lets each element be parsed, checked and mapped on its own and dropped young; the rest of the
 * document (the skeleton) is parsed once with that array emptied.
 *
 * It never decides what a report means. It only finds where the elements lie, and gives up (`undefined`) on anything
 * it does not read plainly — a pattern key written twice in one object (where `JSON.parse` keeps the last), a
 * separator that is not a comma between JSON white space, text after the document, unbalanced brackets, a key it
 * cannot decode. The caller then reads the report the whole way, which decides every refusal and its message.
 * Soundness: the skeleton is the text with each split array's inside cut out, and it must pass `JSON.parse`; each
 * element must pass `JSON.parse`; between elements there is exactly white space, one comma, white space. A text that
 * passes all three is a valid JSON document whose split arrays hold exactly those elements, in that order.
 */

/** Where the elements to split out lie: object keys, then `[pattern]` for every element of an array, then SPLIT. */
export type SplitPattern = typeof SPLIT | ReadonlyMap<string, SplitPattern> | readonly [SplitPattern];
export const SPLIT: unique symbol = Symbol('split');

/** One split array: the path of keys and indices to it, and its elements as [start, end) offsets into the text. */
export interface SplitArray {
  path: readonly (string | number)[];
  /** start0, end0, start1, end1, … */
  extents: number[];
}

export interface SplitDocument {
  /** The document with every split array empty, as `JSON.parse` reads it. */
  skeleton: unknown;
  arrays: SplitArray[];
}

/** Parses one element of a split array: `JSON.parse` of its text (may throw for an element that is not JSON). */
export function parseElement(text: string, extents: readonly number[], index: number): unknown {
  return JSON.parse(text.slice(extents[2 * index]!, extents[2 * index + 1]!));
}

/** Thrown by `checkedElements` for an element that is not JSON or that its check refuses: read the document whole. */
export class ElementRefused extends Error {}

/**
 * The elements of one split array, each parsed and checked as it is reached, so that only one element's tree is alive
 * at a time. `accepts` is the fast check the whole-document reader would apply to the element.
 */
export function* checkedElements<Element>(
  text: string,
  extents: readonly number[] | undefined,
  accepts: (value: unknown) => boolean,
): Generator<Element> {
  if (!extents) return;
  for (let index = 0; index < extents.length / 2; index++) {
    let element: unknown;
    try {
      element = parseElement(text, extents, index);
    } catch {
      throw new ElementRefused();
    }
    if (!accepts(element)) throw new ElementRefused();
    yield element as Element;
  }
}

/** Thrown inside the walk, caught in `splitJson`: the text is not one this reader takes on. */
class NotPlain extends Error {}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

function isWhiteSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/**
 * `text` cut at the arrays `pattern` names, or undefined when the text is not one this reader takes on (the caller
 * then parses it whole).
 */
export function splitJson(text: string, pattern: SplitPattern): SplitDocument | undefined {
  const walk = new Walk(text);
  try {
    let at = walk.skipWhiteSpace(0);
    at = walk.value(at, pattern, []);
    if (walk.skipWhiteSpace(at) !== text.length) return undefined;
    walk.pieces.push(text.slice(walk.copiedTo));
    return { skeleton: JSON.parse(walk.pieces.join('')), arrays: walk.arrays };
  } catch {
    // NotPlain, or the skeleton is not JSON: either way the whole-document reader decides.
    return undefined;
  }
}

class Walk {
  readonly arrays: SplitArray[] = [];
  /** The skeleton, as pieces of the text between the split arrays' insides. */
  readonly pieces: string[] = [];
  copiedTo = 0;

  constructor(private readonly text: string) {}

  skipWhiteSpace(at: number): number {
    while (isWhiteSpace(this.text.charCodeAt(at))) at++;
    return at;
  }

  /** The value at `at` (no white space before it), walked where the pattern leads; returns the offset after it. */
  value(at: number, pattern: SplitPattern | undefined, path: (string | number)[]): number {
    const code = this.text.charCodeAt(at);
    if (pattern === SPLIT && code === OPEN_BRACKET) return this.split(at, path);
    if (pattern instanceof Map && code === OPEN_BRACE) return this.object(at, pattern, path);
    if (Array.isArray(pattern) && code === OPEN_BRACKET) return this.array(at, pattern[0], path);
    return this.skipValue(at);
  }

  private object(at: number, pattern: ReadonlyMap<string, SplitPattern>, path: (string | number)[]): number {
    const seen = new Set<string>();
    at = this.skipWhiteSpace(at + 1);
    if (this.text.charCodeAt(at) === CLOSE_BRACE) return at + 1;
    for (;;) {
      if (this.text.charCodeAt(at) !== QUOTE) throw new NotPlain();
      const keyEnd = this.stringEnd(at);
      const key = this.key(at, keyEnd);
      at = this.skipWhiteSpace(keyEnd);
      if (this.text.charCodeAt(at) !== COLON) throw new NotPlain();
      at = this.skipWhiteSpace(at + 1);
      const inner = pattern.get(key);
      if (inner !== undefined) {
        // JSON.parse keeps the last of two equal keys; the split would have kept both.
        if (seen.has(key)) throw new NotPlain();
        seen.add(key);
        at = this.value(at, inner, [...path, key]);
      } else {
        at = this.skipValue(at);
      }
      at = this.skipWhiteSpace(at);
      const next = this.text.charCodeAt(at);
      if (next === CLOSE_BRACE) return at + 1;
      if (next !== COMMA) throw new NotPlain();
      at = this.skipWhiteSpace(at + 1);
    }
  }

  private array(at: number, pattern: SplitPattern, path: (string | number)[]): number {
    at = this.skipWhiteSpace(at + 1);
    if (this.text.charCodeAt(at) === CLOSE_BRACKET) return at + 1;
    for (let index = 0; ; index++) {
      at = this.skipWhiteSpace(this.value(at, pattern, [...path, index]));
      const next = this.text.charCodeAt(at);
      if (next === CLOSE_BRACKET) return at + 1;
      if (next !== COMMA) throw new NotPlain();
      at = this.skipWhiteSpace(at + 1);
    }
  }

  /** A split array: its elements' extents recorded, its inside left out of the skeleton. */
  private split(at: number, path: (string | number)[]): number {
    const extents: number[] = [];
    this.pieces.push(this.text.slice(this.copiedTo, at + 1));
    at = this.skipWhiteSpace(at + 1);
    if (this.text.charCodeAt(at) !== CLOSE_BRACKET) {
      for (;;) {
        const end = this.skipValue(at);
        extents.push(at, end);
        at = this.skipWhiteSpace(end);
        const next = this.text.charCodeAt(at);
        if (next === CLOSE_BRACKET) break;
        if (next !== COMMA) throw new NotPlain();
        at = this.skipWhiteSpace(at + 1);
      }
    }
    this.copiedTo = at;
    this.arrays.push({ path, extents });
    return at + 1;
  }

  private key(start: number, end: number): string {
    const raw = this.text.slice(start + 1, end - 1);
    if (!raw.includes('\\')) return raw;
    const decoded: unknown = JSON.parse(this.text.slice(start, end));
    if (typeof decoded !== 'string') throw new NotPlain();
    return decoded;
  }

  /** The offset after the closing quote of the string whose opening quote is at `at`. */
  private stringEnd(at: number): number {
    let from = at + 1;
    for (;;) {
      const quote = this.text.indexOf('"', from);
      if (quote === -1) throw new NotPlain();
      let backslashes = 0;
      while (this.text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
      if (backslashes % 2 === 0) return quote + 1;
      from = quote + 1;
    }
  }

  /**
   * The offset after the value at `at`, found by counting brackets outside strings. What lies inside is left to
   * `JSON.parse` (of the skeleton or of the element), which refuses anything that is not JSON.
   */
  skipValue(at: number): number {
    const text = this.text;
    const code = text.charCodeAt(at);
    if (code === QUOTE) return this.stringEnd(at);
    if (code !== OPEN_BRACE && code !== OPEN_BRACKET) {
      // A number, true, false or null: up to the next delimiter.
      let end = at;
      for (;;) {
        const next = text.charCodeAt(end);
        if (
          Number.isNaN(next) ||
          next === COMMA ||
          next === CLOSE_BRACE ||
          next === CLOSE_BRACKET ||
          isWhiteSpace(next)
        )
          break;
        end++;
      }
      if (end === at) throw new NotPlain();
      return end;
    }
    let depth = 0;
    for (let i = at; i < text.length; ) {
      const next = text.charCodeAt(i);
      if (next === QUOTE) {
        i = this.stringEnd(i);
        continue;
      }
      if (next === OPEN_BRACE || next === OPEN_BRACKET) depth++;
      else if (next === CLOSE_BRACE || next === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    throw new NotPlain();
  }
}
