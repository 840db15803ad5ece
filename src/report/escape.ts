/**
 * Making scanner text inert. Everything a scanner prints (titles, descriptions, package names, error lines)
 * is attacker-influenced: a malicious package can name itself `<img onerror=…>` or `@org/team` or carry ANSI
 * escapes that rewrite a CI log. Every renderer passes such text through here before it reaches a reader.
 */

// CSI (`ESC [ … final`), OSC (`ESC ] … BEL|ST`), DCS/SOS/PM/APC strings, two-byte escapes, and 8-bit CSI.
const ANSI_SEQUENCE =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[PX^_][^\u001b]*(?:\u001b\\)?|\u001b[ -~]?|\u009b[0-?]*[ -/]*[@-~]/g;
// C0 and C1 controls except tab and line breaks (handled apart), DEL, and the bidirectional overrides that
// make text display differently from what it is ("Trojan Source").
const CONTROL =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029\u0085]/g;
// One pass to tell whether any of the above can occur; most scanner text is clean and skips the rest.
const NEEDS_CLEANING =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]/;

/** Scanner strings longer than this are cut before any other work, so a 100 MB description costs nothing. */
const PREPASS_LIMIT = 200_000;

export interface StripControlOptions {
  /** Keep line breaks (normalised to `\n`); by default every run of whitespace with a break becomes one space. */
  keepNewlines?: boolean;
}

/**
 * Removes ANSI escape sequences, control characters, bidi overrides and lone surrogates. Tabs become spaces;
 * line breaks become spaces unless `keepNewlines`. Used by every renderer, the terminal table and annotations.
 */
export function stripControl(text: string, options: StripControlOptions = {}): string {
  const bounded = text.length > PREPASS_LIMIT ? text.slice(0, PREPASS_LIMIT) : text;
  if (!NEEDS_CLEANING.test(bounded)) return bounded;
  const cleaned = bounded
    .replace(ANSI_SEQUENCE, '')
    .replace(LINE_BREAKS, '\n')
    .replace(/\t/g, ' ')
    .replace(CONTROL, '')
    .replace(LONE_SURROGATE, '\ufffd');
  return options.keepNewlines ? cleaned : cleaned.replace(/\s*\n\s*/g, ' ');
}

/** Cuts to at most `max` UTF-16 units, ending with `…` when cut, never splitting a surrogate pair. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, Math.max(0, max));
  let cut = text.slice(0, max - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** One clean line of scanner text, at most `max` characters: the form every plain-text output uses. */
export function cleanLine(text: string | undefined, max: number): string {
  if (!text) return '';
  return truncateText(stripControl(text).replace(/\s+/g, ' ').trim(), max);
}

/** The default cap for one table cell: enough for any real id, package or version. */
export const MAX_CELL_LENGTH = 256;

// Zero-width joiner after `@` and `#`: GitHub's mention and issue-reference filters run on rendered text, where a
// backslash escape is already gone, so only a character between the sigil and the name keeps them from firing.
const MARKDOWN_SPECIALS: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '@': '@\u200d',
  '#': '\\#\u200d',
};

/**
 * Makes scanner text inert in GitHub-flavoured markdown, inside a table cell or running text: one line, no HTML,
 * no emphasis/link/heading/code syntax, no `|` that would split a cell, no @-mention or issue reference that would
 * notify anyone. The result displays as the original text (up to `maxLength`).
 */
export function escapeMarkdownCell(text: string | undefined, maxLength: number = MAX_CELL_LENGTH): string {
  return escapeMarkdownLine(cleanLine(text, maxLength));
}

/** `escapeMarkdownCell` on a line `cleanLine` already made: for callers that need both forms of one text. */
export function escapeMarkdownLine(line: string): string {
  return (
    line
      .replace(/[\\`*_[\]()#!~|<>&@{}$]/g, (ch) => MARKDOWN_SPECIALS[ch] ?? `\\${ch}`)
      // GitHub also autolinks `GH-123` to an issue of the repository; a joiner keeps it plain text.
      .replace(/\b(GH)-(?=\d)/gi, '$1\u200d-')
  );
}

/**
 * A URL safe to place in a markdown link or SARIF help: http(s) only (no `javascript:`), normalised by the WHATWG
 * parser, with the characters that could end the link or split a table cell percent-encoded, and those RFC 3986
 * does not allow in a path, query or fragment (`[`, `]`, `{`, `}`, `^`), which the WHATWG parser keeps and
 * Sarif.Multitool rejects (SARIF1002, issue 14 item 12). An IPv6 host keeps its brackets.
 */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(stripControl(url).trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  if (parsed.username || parsed.password) return undefined;
  const rest = `${parsed.pathname}${parsed.search}${parsed.hash}`.replace(
    /[()|`\\<> "'[\]{}^]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  return `${parsed.protocol}//${parsed.host}${rest}`;
}

/** `[label](url)`, or just the escaped label when the URL is not a safe http(s) URL. */
export function markdownLink(label: string, url: string | undefined): string {
  const href = safeUrl(url);
  const text = escapeMarkdownCell(label);
  return href ? `[${text}](${href})` : text;
}
