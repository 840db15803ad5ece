/**
 * HAND-MADE hostile strings, as a malicious package or advisory could carry them in a name, version, title or
 * description. Every renderer must show them as inert text.
 */
export const INJECTION_CORPUS: readonly string[] = [
  '<script>alert(1)</script>',
  '<img src=x onerror="alert(document.cookie)">',
  '"><svg/onload=alert(1)>',
  '<details open><summary>click</summary></details>',
  '<!-- hidden --> comment',
  'a | b | c',
  'cell\\|escape',
  '`code` and ```fence```',
  '**bold** _em_ ~~strike~~',
  '[click me](javascript:alert(1))',
  '![img](https://evil.example/x.png)',
  '# Heading\n## Another',
  '> quote\n- list\n1. item',
  '@octocat please look',
  'cc @acme/security-team and @everyone',
  'fixes #1 and acme/repo#42',
  '\u001b[31mred\u001b[0m and \u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007',
  '\u001b[2J\u001b[Hclear screen',
  'bell\u0007 backspace\u0008 null\u0000 del\u007f c1\u009b31m',
  'line1\r\nline2\rline3\nline4\u2028line5',
  'bidi \u202etxt.exe\u202c override',
  '$\\href{https://evil.example}{math}$',
  '&lt;script&gt; already encoded &#60;',
  `huge ${'A'.repeat(100_000)}`,
];

/** Matches a mention or an issue reference GitHub would turn into a notification. */
export const LIVE_MENTION = /(?:^|[^\w`])@[a-z0-9]/i;
export const LIVE_ISSUE_REFERENCE = /#\d/;
// ESC, C0 and C1 controls other than newline (tables and summaries are built with \n only).
export const CONTROL_CHARACTER = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
