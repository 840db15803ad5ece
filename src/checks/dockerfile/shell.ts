/**
 * Just enough shell reading for RUN instructions: find commands and the line each starts on. Not a shell
 * parser; quoting and expansions are read loosely, which is what a linter of Dockerfiles can afford.
 */

export interface RunScript {
  /** The instruction as written, from its keyword to its last line (heredoc bodies included). */
  raw: string;
  /** `raw` with line continuations and continuation comment lines blanked (same length, so offsets agree). */
  text: string;
  /** 1-based line of the instruction's keyword. */
  firstLine: number;
}

export interface ShellCommand {
  /** The words, quotes removed, leading `VAR=value` assignments, `sudo` and `env` skipped. */
  words: string[];
  /** `VAR=value` assignments written before the command. */
  assignments: string[];
  /** Offset of the command's first character in the script. */
  offset: number;
}

export function runScript(
  sourceLines: readonly string[],
  startLine: number,
  endLine: number,
  escapeChar: string,
): RunScript {
  const raw = sourceLines.slice(startLine, endLine + 1).join('\n');
  const escaped = escapeChar.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  const continuation = new RegExp(`${escaped}[ \\t]*\\r?\\n`, 'g');
  let text = raw.replace(continuation, (match) => ' '.repeat(match.length));
  // The keyword and its flags (`RUN --mount=…`) are not part of the script.
  text = text.replace(/^\s*\S+(?:\s+--\S+)*/, (match) => ' '.repeat(match.length));
  // Comments: Docker drops comment lines inside a continued instruction, the shell drops ` #…`.
  text = text.replace(
    /(^|[ \t])#[^\n]*/gm,
    (match, lead: string) => lead + ' '.repeat(match.length - lead.length),
  );
  return { raw, text, firstLine: startLine + 1 };
}

/** The 1-based file line of an offset in the script. */
export function lineAt(script: RunScript, offset: number): number {
  let line = script.firstLine;
  for (let i = 0; i < offset && i < script.raw.length; i++) if (script.raw[i] === '\n') line++;
  return line;
}

const SEPARATOR = /&&|\|\||;|\||\n|\(|\)/g;
const SKIPPED_PREFIXES = new Set(['sudo', 'env', 'exec', 'time', 'nice', 'command']);

export function splitCommands(script: RunScript): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let start = 0;
  const push = (end: number) => {
    const chunk = script.text.slice(start, end);
    const lead = chunk.length - chunk.trimStart().length;
    const words = chunk
      .trim()
      .split(/\s+/)
      // Quotes, and the brackets and commas of the JSON form, are not part of a word.
      .map((w) => w.replace(/^[["']+|[\]"',]+$/g, ''))
      .filter((w) => w !== '');
    const assignments: string[] = [];
    while (words.length > 0) {
      const first = words[0]!;
      if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(first)) {
        assignments.push(first);
        words.shift();
      } else if (SKIPPED_PREFIXES.has(first)) {
        words.shift();
        while (words[0]?.startsWith('-')) words.shift();
      } else break;
    }
    if (words.length > 0) commands.push({ words, assignments, offset: start + lead });
  };
  for (const match of script.text.matchAll(SEPARATOR)) {
    push(match.index);
    start = match.index + match[0].length;
  }
  push(script.text.length);
  return commands;
}

/** `curl … | sh`, `wget -O- … | bash`, `sh -c "$(curl …)"`, `bash <(curl …)`: the offset of each. */
export function remoteScriptPipes(script: RunScript): number[] {
  const shell = String.raw`(?:sudo\s+(?:-\S+\s+)*)?(?:\/(?:usr\/)?bin\/)?(?:ba|da|z|k|a)?sh\b`;
  const patterns = [
    new RegExp(String.raw`\b(?:curl|wget)\b[^|;&\n]*\|\s*${shell}`, 'g'),
    new RegExp(String.raw`${shell}\s+(?:-\S+\s+)*["']?\$\(\s*(?:curl|wget)\b`, 'g'),
    new RegExp(String.raw`${shell}\s+(?:-\S+\s+)*<\(\s*(?:curl|wget)\b`, 'g'),
  ];
  const offsets = new Set<number>();
  for (const pattern of patterns) for (const match of script.text.matchAll(pattern)) offsets.add(match.index);
  return [...offsets].sort((a, b) => a - b);
}

/** A package manager's install command and the packages it names, or undefined. */
export function installedPackages(
  command: ShellCommand,
): { manager: string; packages: string[] } | undefined {
  const [tool, ...rest] = command.words;
  if (tool === undefined) return undefined;
  const subcommands: Record<string, readonly string[]> = {
    'apt-get': ['install'],
    apt: ['install'],
    apk: ['add'],
    yum: ['install'],
    dnf: ['install'],
    microdnf: ['install'],
    zypper: ['install', 'in'],
  };
  const wanted = subcommands[tool];
  if (!wanted) return undefined;
  const at = rest.findIndex((word) => wanted.includes(word));
  if (at === -1) return undefined;
  const packages = rest
    .slice(at + 1)
    .filter((word) => !word.startsWith('-') && !word.includes('$'))
    .map((word) => word.replace(/[=<>~].*$/, ''));
  return { manager: tool, packages };
}

export function hasFlag(command: ShellCommand, ...flags: string[]): boolean {
  return command.words.some((word) => flags.some((flag) => word === flag || word.startsWith(`${flag}=`)));
}
