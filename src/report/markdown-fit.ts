/**
 * Fitting a markdown document into a size limit by leaving out table rows, never markup: every table keeps its
 * header, and a line says how many rows were left out. Sizes are counted in UTF-16 units (what GitHub's comment
 * limit counts) and in UTF-8 bytes (what the job summary limit counts).
 */

export type MarkdownBlock = string | RowsBlock;

export interface RowsBlock {
  /** Lines before the rows (a table header, or nothing for a list). */
  head: string[];
  rows: string[];
  /** What the rows are, plural, for the left-out line: `findings`. */
  noun: string;
  /** Lower fills first when space is short. */
  priority: number;
  /** How many rows there are in all, when only the first `rows` were rendered (the rest could never fit). */
  total?: number;
}

/** The fewest characters a table row can take: more rows than limit ÷ this can never fit. */
export const MIN_ROW_CHARS = 24;

const totalOf = (block: RowsBlock): number => Math.max(block.total ?? 0, block.rows.length);

export interface SizeLimit {
  maxChars?: number;
  maxBytes: number;
}

export interface Fitted {
  text: string;
  /** Rows left out, per noun. */
  omitted: Record<string, number>;
}

function omittedLine(omitted: number, total: number, noun: string, limitWords: string): string {
  return `_${omitted} of ${total} ${noun} not shown to keep this summary under ${limitWords}; the JSON report lists them all._`;
}

function size(text: string): { chars: number; bytes: number } {
  return { chars: text.length, bytes: Buffer.byteLength(text, 'utf8') };
}

export function limitWords(limit: SizeLimit): string {
  return limit.maxChars !== undefined ? `${limit.maxChars} characters` : `${limit.maxBytes} bytes`;
}

/**
 * Joins blocks with blank lines. When the whole does not fit, rows are dropped from the end of the lowest-priority
 * tables first. Returns undefined when even the document without any row does not fit.
 */
export function fitMarkdown(blocks: readonly MarkdownBlock[], limit: SizeLimit): Fitted | undefined {
  const words = limitWords(limit);
  const render = (shown: Map<RowsBlock, number>): string =>
    `${blocks
      .map((block) => {
        if (typeof block === 'string') return block;
        const count = shown.get(block) ?? block.rows.length;
        const lines = [...block.head, ...block.rows.slice(0, count)];
        if (count < totalOf(block)) {
          lines.push('', omittedLine(totalOf(block) - count, totalOf(block), block.noun, words));
        }
        return lines.join('\n');
      })
      .join('\n\n')}\n`;
  const fits = (text: string): boolean => {
    const s = size(text);
    return s.bytes <= limit.maxBytes && (limit.maxChars === undefined || s.chars <= limit.maxChars);
  };

  const full = render(new Map());
  const tables = blocks.filter((b): b is RowsBlock => typeof b !== 'string');
  if (fits(full)) return { text: full, omitted: {} };

  // Start from no rows at all, with every left-out line present, then hand out the room that is left.
  const shown = new Map<RowsBlock, number>(tables.map((t) => [t, 0]));
  const empty = render(shown);
  if (!fits(empty)) return undefined;
  const used = size(empty);
  let roomChars = (limit.maxChars ?? Number.POSITIVE_INFINITY) - used.chars;
  let roomBytes = limit.maxBytes - used.bytes;
  for (const table of [...tables].sort((a, b) => a.priority - b.priority)) {
    let count = 0;
    for (const row of table.rows) {
      const cost = size(`${row}\n`);
      if (cost.chars > roomChars || cost.bytes > roomBytes) break;
      roomChars -= cost.chars;
      roomBytes -= cost.bytes;
      count++;
    }
    shown.set(table, count);
    if (count === totalOf(table) && count > 0) {
      // A complete table needs no left-out line: give its room back.
      const line = size(`\n\n${omittedLine(totalOf(table), totalOf(table), table.noun, words)}`);
      roomChars += line.chars;
      roomBytes += line.bytes;
    }
  }
  const text = render(shown);
  const omitted: Record<string, number> = {};
  for (const table of tables) {
    const left = totalOf(table) - (shown.get(table) ?? 0);
    if (left > 0) omitted[table.noun] = (omitted[table.noun] ?? 0) + left;
  }
  return { text, omitted };
}
