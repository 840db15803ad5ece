import { describe, expect, it } from 'vitest';
import {
  escapeMarkdownCell,
  MAX_CELL_LENGTH,
  markdownLink,
  safeUrl,
  stripControl,
  truncateText,
} from '../../../src/report/escape.js';
import {
  CONTROL_CHARACTER,
  INJECTION_CORPUS,
  LIVE_ISSUE_REFERENCE,
  LIVE_MENTION,
} from './injection-corpus.js';

describe('stripControl', () => {
  it('removes ANSI colour, OSC hyperlink and screen-clearing sequences, keeping the visible text', () => {
    expect(stripControl('\u001b[31mred\u001b[0m plain')).toBe('red plain');
    expect(stripControl('\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007')).toBe('link');
    expect(stripControl('\u001b[2J\u001b[Hclear')).toBe('clear');
  });

  it('removes C0, C1, DEL and bidi override characters', () => {
    const cleaned = stripControl('a\u0000b\u0007c\u007fd\u0085e\u202ef\u2066g');
    expect(cleaned).not.toMatch(CONTROL_CHARACTER);
    expect(cleaned.replace(/\s/g, '')).toBe('abcdefg');
  });

  it('turns line breaks into spaces, or keeps them as \\n when asked', () => {
    expect(stripControl('one\r\ntwo\rthree\nfour')).toBe('one two three four');
    expect(stripControl('one\r\ntwo\rthree', { keepNewlines: true })).toBe('one\ntwo\nthree');
  });

  it('replaces lone surrogates, which break URI encoding and some JSON readers', () => {
    expect(stripControl('a\ud800b')).toBe('a\ufffdb');
    expect(stripControl('😀')).toBe('😀');
  });
});

describe('truncateText', () => {
  it('cuts to the limit with an ellipsis and never splits a surrogate pair', () => {
    expect(truncateText('abcdef', 4)).toBe('abc…');
    expect(truncateText('abcdef', 6)).toBe('abcdef');
    const cut = truncateText('ab😀cd', 4);
    expect(cut.length).toBeLessThanOrEqual(4);
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

describe('escapeMarkdownCell', () => {
  for (const hostile of INJECTION_CORPUS) {
    it(`makes ${JSON.stringify(hostile.slice(0, 40))} inert`, () => {
      const escaped = escapeMarkdownCell(hostile);
      expect(escaped).not.toMatch(/</);
      expect(escaped).not.toMatch(/(?<!\\)\|/);
      expect(escaped).not.toMatch(/(?<!\\)`/);
      expect(escaped).not.toMatch(/(?<!\\)[[\]()*_~!]/);
      expect(escaped).not.toMatch(LIVE_MENTION);
      expect(escaped).not.toMatch(LIVE_ISSUE_REFERENCE);
      expect(escaped).not.toMatch(CONTROL_CHARACTER);
      expect(escaped).not.toContain('\n');
      expect(escaped.length).toBeLessThanOrEqual(MAX_CELL_LENGTH * 3);
    });
  }

  it('keeps ordinary ids, versions and names readable', () => {
    expect(escapeMarkdownCell('CVE-2024-0001')).toBe('CVE-2024-0001');
    expect(escapeMarkdownCell('1:2.3.4-1ubuntu0.1')).toBe('1:2.3.4-1ubuntu0.1');
    expect(escapeMarkdownCell('lib_foo')).toBe('lib\\_foo');
  });

  it('truncates a 100 kB value to the cell limit', () => {
    const escaped = escapeMarkdownCell('x'.repeat(100_000));
    expect(escaped.length).toBe(MAX_CELL_LENGTH);
    expect(escaped.endsWith('…')).toBe(true);
  });
});

describe('links', () => {
  it('accepts http(s) only and encodes what could end a link or split a cell', () => {
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('data:text/html,<script>')).toBeUndefined();
    expect(safeUrl('https://user:pw@example.com/')).toBeUndefined();
    expect(safeUrl('https://example.com/a(b)|c d')).toBe('https://example.com/a%28b%29%7Cc%20d');
  });

  it('percent-encodes [ ] { } ^ outside the host (RFC 3986; Sarif.Multitool SARIF1002), keeping an IPv6 host', () => {
    expect(safeUrl('https://example.com/a[1]/{b}?q=[x]^y#[z]')).toBe(
      'https://example.com/a%5B1%5D/%7Bb%7D?q=%5Bx%5D%5Ey#%5Bz%5D',
    );
    expect(safeUrl('http://[::1]:8080/x[1]')).toBe('http://[::1]:8080/x%5B1%5D');
  });

  it('renders an unsafe link as its escaped label only', () => {
    expect(markdownLink('run <1>', 'javascript:alert(1)')).toBe('run &lt;1&gt;');
    expect(markdownLink('run', 'https://github.com/a/b/actions/runs/1')).toBe(
      '[run](https://github.com/a/b/actions/runs/1)',
    );
  });
});
