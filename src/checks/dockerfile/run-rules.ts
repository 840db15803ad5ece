import type { Flag, Instruction, PropertyInstruction } from 'dockerfile-ast';
import type { Finding } from '../../core/finding.js';
import { hardeningFinding } from '../finding.js';
import type { ParsedDockerfile, Stage } from './parse.js';
import {
  hasFlag,
  installedPackages,
  lineAt,
  type RunScript,
  remoteScriptPipes,
  runScript,
  type ShellCommand,
  splitCommands,
} from './shell.js';

/** Compilers, build systems and headers: needed to build, not to run. */
const BUILD_PACKAGE =
  /^(?:gcc(?:-\d+)?|g\+\+(?:-\d+)?|gcc-c\+\+|clang(?:-\d+)?|llvm(?:-\d+)?|make|cmake|ninja-build|build-essential|build-base|autoconf|automake|libtool|pkg-?config|pkgconf|musl-dev|libc6?-dev|linux-headers|golang(?:-go|-[\d.]+)?|go|rustc|cargo|rust|maven|gradle|default-jdk|openjdk-?\d+-jdk(?:-headless)?|openjdk\d+-jdk|java-[\d.]+-openjdk-devel|[a-z0-9.+]+(?:-[a-z0-9.+]+)*-(?:dev|devel))$/;

/** Commands that compile or bundle in the stage that ships. */
const BUILD_COMMANDS: readonly { test: (words: readonly string[]) => boolean; label: string }[] = [
  { test: (w) => w[0] === 'go' && (w[1] === 'build' || w[1] === 'install'), label: 'go build' },
  { test: (w) => w[0] === 'cargo' && (w[1] === 'build' || w[1] === 'install'), label: 'cargo build' },
  { test: (w) => w[0] === 'mvn' || w[0] === './mvnw', label: 'mvn' },
  { test: (w) => /^(?:\.\/)?gradlew?$/.test(w[0] ?? ''), label: 'gradle' },
  { test: (w) => w[0] === 'dotnet' && (w[1] === 'build' || w[1] === 'publish'), label: 'dotnet build' },
  { test: (w) => w[0] === 'make', label: 'make' },
  { test: (w) => ['gcc', 'g++', 'cc', 'c++', 'clang'].includes(w[0] ?? ''), label: 'a C compiler' },
  {
    test: (w) => ['npm', 'yarn', 'pnpm'].includes(w[0] ?? '') && w.includes('run') && w.includes('build'),
    label: 'npm run build',
  },
];

export function checkRunInstruction(parsed: ParsedDockerfile, stage: Stage, run: Instruction): Finding[] {
  const range = run.getRange();
  const script = runScript(
    parsed.sourceLines,
    range.start.line,
    range.end.line,
    parsed.dockerfile.getEscapeCharacter(),
  );
  const commands = splitCommands(script);
  const site = (offset: number) => {
    const line = lineAt(script, offset);
    return { target: parsed.input.path, path: parsed.input.path, startLine: line, endLine: line };
  };

  const findings: Finding[] = remoteScriptPipes(script).map((offset) =>
    hardeningFinding('CG-D011', site(offset), 'RUN pipes a downloaded script into a shell'),
  );
  // Package hygiene and build tools only matter in what ships; a builder stage may be as fat as it likes.
  if (!parsed.shipped.includes(stage)) return findings;

  const cacheMounts = mountTargets(run);
  const aptInstalls = commands.filter((c) => isAptInstall(c));
  for (const command of aptInstalls) {
    if (!installsRecommends(command, parsed)) continue;
    findings.push(
      hardeningFinding(
        'CG-D009',
        site(command.offset),
        `${command.words[0]} install without --no-install-recommends`,
      ),
    );
  }
  const firstApt = aptInstalls[0];
  if (firstApt && !removesAptLists(script, cacheMounts)) {
    findings.push(
      hardeningFinding(
        'CG-D010',
        site(firstApt.offset),
        'the RUN installs with apt but does not remove /var/lib/apt/lists/*',
      ),
    );
  }
  for (const command of commands) {
    if (command.words[0] !== 'apk' || !command.words.includes('add') || hasFlag(command, '--no-cache'))
      continue;
    if (
      /\/var\/cache\/apk/.test(script.text) ||
      cacheMounts.some((t) => /^\/(?:var\/cache|etc)\/apk/.test(t))
    )
      continue;
    findings.push(hardeningFinding('CG-D012', site(command.offset), 'apk add without --no-cache'));
  }

  const build = buildToolHits(commands, parsed, run);
  if (build.length > 0) {
    findings.push(
      hardeningFinding(
        'CG-D008',
        site(build[0]!.offset),
        `the shipped stage ${build.map((hit) => hit.label).join(', ')}`,
      ),
    );
  }
  return findings;
}

function isAptInstall(command: ShellCommand): boolean {
  const tool = command.words[0];
  return (tool === 'apt-get' || tool === 'apt') && installedPackages(command) !== undefined;
}

/** `--no-install-recommends`, `-o APT::Install-Recommends=false`, or an apt.conf written by the Dockerfile. */
function installsRecommends(command: ShellCommand, parsed: ParsedDockerfile): boolean {
  if (hasFlag(command, '--no-install-recommends')) return false;
  if (command.words.some((word) => /Install-Recommends=(?:false|0)/i.test(word))) return false;
  return !/Install-Recommends\s+["']?(?:false|0)/i.test(parsed.input.text);
}

function removesAptLists(script: RunScript, cacheMounts: readonly string[]): boolean {
  if (cacheMounts.some((target) => target.startsWith('/var/lib/apt'))) return true;
  return /\brm\s+(?:-\S+\s+)*[^\n;&|]*\/var\/lib\/apt\/lists/.test(script.text);
}

function mountTargets(run: Instruction): string[] {
  const flags = (run as Instruction & { getFlags?: () => Flag[] }).getFlags?.() ?? [];
  return flags
    .filter((f) => f.getName() === 'mount')
    .map((f) => f.getValue() ?? '')
    .filter((value) => /(?:^|,)type=cache(?:,|$)/.test(value))
    .map((value) => /(?:^|,)(?:target|dst|destination)=([^,]+)/.exec(value)?.[1] ?? '');
}

function buildToolHits(
  commands: readonly ShellCommand[],
  parsed: ParsedDockerfile,
  run: Instruction,
): { offset: number; label: string }[] {
  const hits: { offset: number; label: string }[] = [];
  const productionByEnv = nodeEnvIsProduction(parsed, run);
  for (const command of commands) {
    const install = installedPackages(command);
    const tools = install?.packages.filter((name) => BUILD_PACKAGE.test(name)) ?? [];
    if (tools.length > 0)
      hits.push({ offset: command.offset, label: `installs build tools (${tools.join(', ')})` });
    if (installsDevDependencies(command, productionByEnv)) {
      hits.push({
        offset: command.offset,
        label: `installs development dependencies (${command.words.slice(0, 2).join(' ')})`,
      });
    }
    const builder = BUILD_COMMANDS.find((candidate) => candidate.test(command.words));
    if (builder) hits.push({ offset: command.offset, label: `builds with ${builder.label}` });
  }
  return hits;
}

function installsDevDependencies(command: ShellCommand, productionByEnv: boolean): boolean {
  const [tool, sub] = command.words;
  if (productionByEnv || command.assignments.some((a) => /^NODE_ENV=["']?production/.test(a))) return false;
  if (hasFlag(command, '-g', '--global')) return false;
  if (tool === 'npm' && ['install', 'i', 'ci'].includes(sub ?? '')) {
    return !hasFlag(command, '--omit', '--production', '--only');
  }
  if (tool === 'yarn' && (sub === undefined || sub === 'install')) return !hasFlag(command, '--production');
  if (tool === 'pnpm' && (sub === 'install' || sub === 'i')) return !hasFlag(command, '--prod', '-P');
  return false;
}

/** npm, yarn and pnpm skip devDependencies when NODE_ENV=production is set before they run. */
function nodeEnvIsProduction(parsed: ParsedDockerfile, run: Instruction): boolean {
  const runLine = run.getRange().start.line;
  return parsed.shipped.some((stage) =>
    stage.instructions.some(
      (instruction) =>
        instruction.getKeyword() === 'ENV' &&
        instruction.getRange().start.line < runLine &&
        (instruction as PropertyInstruction)
          .getProperties()
          .some((p) => p.getName() === 'NODE_ENV' && p.getValue()?.replace(/["']/g, '') === 'production'),
    ),
  );
}
