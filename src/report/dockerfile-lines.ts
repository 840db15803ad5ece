/**
 * Just enough of a Dockerfile reader to point SARIF results at a line: where the final stage starts, and which
 * COPY/ADD put a given in-image path there. Text in, line numbers out (1-based); anything it cannot tell
 * (variables in paths, odd syntax) it leaves out rather than guess.
 */

export interface DockerfileInstruction {
  /** Upper-case keyword: FROM, COPY, … */
  keyword: string;
  /** Everything after the keyword, continuation lines joined. */
  args: string;
  /** Line the instruction starts on. */
  line: number;
}

export interface DockerfileLineMap {
  /** The `FROM` line of the final stage. */
  finalFromLine?: number;
  /** COPY/ADD of the final stage (and of stages it builds on), in order, with their resolved destination. */
  copies: { line: number; destination: string }[];
}

const HEREDOC = /<<-?\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\1/g;

export function scanDockerfile(text: string): DockerfileInstruction[] {
  const lines = text.split(/\r\n|\r|\n/);
  let escapeChar = '\\';
  let index = 0;
  // Parser directives only count before the first instruction, blank line or ordinary comment.
  for (; index < lines.length; index++) {
    const directive = /^\s*#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(lines[index]!);
    if (!directive) break;
    if (directive[1]!.toLowerCase() === 'escape' && (directive[2] === '`' || directive[2] === '\\'))
      escapeChar = directive[2];
  }

  const instructions: DockerfileInstruction[] = [];
  while (index < lines.length) {
    const startLine = index + 1;
    const first = lines[index++]!;
    if (first.trim() === '' || first.trimStart().startsWith('#')) continue;
    let joined = '';
    let current = first;
    for (;;) {
      const trimmed = current.trimEnd();
      if (!trimmed.endsWith(escapeChar) || index >= lines.length) {
        joined += trimmed;
        break;
      }
      joined += `${trimmed.slice(0, -1)} `;
      // Comment and empty lines inside a continuation are skipped by BuildKit.
      while (
        index < lines.length &&
        (lines[index]!.trim() === '' || lines[index]!.trimStart().startsWith('#'))
      )
        index++;
      if (index >= lines.length) break;
      current = lines[index++]!;
    }
    const match = /^\s*([A-Za-z]+)\s*(.*)$/.exec(joined);
    if (!match) continue;
    const keyword = match[1]!.toUpperCase();
    const args = match[2]!.trim();
    instructions.push({ keyword, args, line: startLine });
    if (keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD')
      index = skipHeredocs(args, lines, index);
  }
  return instructions;
}

function skipHeredocs(args: string, lines: readonly string[], from: number): number {
  let index = from;
  for (const [marker, , word] of args.matchAll(HEREDOC)) {
    const stripTabs = marker.startsWith('<<-');
    while (index < lines.length) {
      const line = lines[index++]!;
      if ((stripTabs ? line.replace(/^\t+/, '') : line) === word) break;
    }
  }
  return index;
}

interface Stage {
  name?: string;
  base: string;
  fromLine: number;
  workdir: string | undefined;
  copies: { line: number; destination: string }[];
}

export function mapDockerfileLines(text: string): DockerfileLineMap {
  const stages: Stage[] = [];
  for (const instruction of scanDockerfile(text)) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const base = (words[0] ?? '').toLowerCase();
      const parent = stages.find((s) => s.name !== undefined && s.name === base);
      stages.push({
        base,
        fromLine: instruction.line,
        ...(words[1]?.toLowerCase() === 'as' && words[2] ? { name: words[2].toLowerCase() } : {}),
        workdir: parent ? parent.workdir : '',
        copies: parent ? [...parent.copies] : [],
      });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) continue;
    if (instruction.keyword === 'WORKDIR') {
      stage.workdir = resolveInImage(stage.workdir, instruction.args.trim());
    } else if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
      const destination = copyDestination(instruction.args);
      const resolved = destination === undefined ? undefined : resolveInImage(stage.workdir, destination);
      if (resolved !== undefined) stage.copies.push({ line: instruction.line, destination: resolved });
    }
  }
  const final = stages.at(-1);
  return final ? { finalFromLine: final.fromLine, copies: final.copies } : { copies: [] };
}

/** The line of the last COPY/ADD whose destination holds `path` (an in-image path without a leading slash). */
export function lineOfImagePath(map: DockerfileLineMap, path: string): number | undefined {
  const target = path.replace(/^\/+/, '');
  for (let i = map.copies.length - 1; i >= 0; i--) {
    const { destination, line } = map.copies[i]!;
    if (destination === '' || target === destination || target.startsWith(`${destination}/`)) return line;
  }
  return undefined;
}

function copyDestination(args: string): string | undefined {
  let words: string[];
  const trimmed = args.trim().replace(/^(?:--\S+\s+)+/, '');
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (!Array.isArray(parsed) || !parsed.every((w) => typeof w === 'string')) return undefined;
      words = parsed;
    } catch {
      return undefined;
    }
  } else {
    words = trimmed.split(/\s+/).filter((w) => !w.startsWith('--'));
  }
  if (words.length < 2) return undefined;
  return words.at(-1);
}

/** `dir` joined onto `base` as a path without a leading slash (`''` is the root); undefined when it holds a variable. */
function resolveInImage(base: string | undefined, dir: string): string | undefined {
  if (dir.includes('$') || dir === '') return undefined;
  const absolute = dir.startsWith('/');
  if (!absolute && base === undefined) return undefined;
  const parts = absolute ? [] : (base ?? '').split('/').filter(Boolean);
  for (const segment of dir.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') parts.pop();
    else parts.push(segment);
  }
  return parts.join('/');
}
