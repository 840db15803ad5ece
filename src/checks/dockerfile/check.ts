import type { Arg, Flag, Instruction, JSONInstruction, Property, PropertyInstruction } from 'dockerfile-ast';
import type { Finding } from '../../core/finding.js';
import { hardeningFinding } from '../finding.js';
import { isUnresolved, parseImageReference, pinningOf } from '../image-reference.js';
import { isRootUser } from '../root-user.js';
import { judgeSecret, maskedAssignment } from '../secrets.js';
import type { CheckError, DockerfileInput } from '../types.js';
import { linesOf, type ParsedDockerfile, parseDockerfile } from './parse.js';
import { checkRunInstruction } from './run-rules.js';

export function checkDockerfile(input: DockerfileInput): { findings: Finding[]; errors: CheckError[] } {
  const { parsed, errors } = parseDockerfile(input);
  if (!parsed) return { findings: [], errors };
  const findings = [
    ...checkFinalUser(parsed),
    ...checkBaseImages(parsed),
    ...checkSecrets(parsed),
    ...checkCopyAndAdd(parsed),
    ...checkHealthcheck(parsed),
    ...parsed.stages.flatMap((stage) =>
      stage.instructions
        .filter((instruction) => instruction.getKeyword() === 'RUN')
        .flatMap((run) => checkRunInstruction(parsed, stage, run)),
    ),
  ];
  return { findings, errors };
}

function at(parsed: ParsedDockerfile, instruction: Instruction) {
  return { target: parsed.input.path, path: parsed.input.path, ...linesOf(instruction) };
}

/** The last USER of the final stage decides, inherited from the stage it is built FROM when it has none. */
function checkFinalUser(parsed: ParsedDockerfile): Finding[] {
  for (const stage of parsed.shipped) {
    const users = stage.instructions.filter((instruction) => instruction.getKeyword() === 'USER');
    const last = users.at(-1);
    if (!last) continue;
    const user = last.getExpandedArguments()[0]?.getValue() ?? '';
    // `USER $APP_UID` that no ARG resolves cannot be judged here; the image config rule sees the real value.
    if (isUnresolved(user) || !isRootUser(user)) return [];
    return [hardeningFinding('CG-D001', at(parsed, last), `the final stage sets USER ${user}`)];
  }
  const final = parsed.stages.at(-1)!;
  return [
    hardeningFinding(
      'CG-D001',
      at(parsed, final.from),
      'the final stage has no USER instruction, so it runs as root',
    ),
  ];
}

function checkBaseImages(parsed: ParsedDockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const stage of parsed.stages) {
    if (stage.parent || stage.base.toLowerCase() === 'scratch' || isUnresolved(stage.base)) continue;
    const reference = parseImageReference(stage.base);
    const pinning = pinningOf(reference);
    if (pinning === 'floating') {
      const what = reference.tag === undefined ? 'has no tag (so :latest)' : "uses ':latest'";
      findings.push(hardeningFinding('CG-D003', at(parsed, stage.from), `FROM ${stage.base} ${what}`));
    } else if (pinning === 'tag') {
      findings.push(
        hardeningFinding(
          'CG-D002',
          at(parsed, stage.from),
          `FROM ${stage.base} is pinned by tag, not by digest`,
        ),
      );
    }
  }
  return findings;
}

interface NamedValue {
  instruction: Instruction;
  keyword: string;
  name: string;
  value: string | undefined;
}

function namedValues(instructions: readonly Instruction[]): NamedValue[] {
  const values: NamedValue[] = [];
  for (const instruction of instructions) {
    const keyword = instruction.getKeyword();
    let properties: Property[] = [];
    if (keyword === 'ARG') {
      const property = (instruction as Arg).getProperty();
      properties = property ? [property] : [];
    } else if (keyword === 'ENV' || keyword === 'LABEL') {
      properties = (instruction as PropertyInstruction).getProperties();
    } else continue;
    for (const property of properties) {
      const value = property.getValue();
      values.push({ instruction, keyword, name: property.getName(), value: value ?? undefined });
    }
  }
  return values;
}

/**
 * A literal secret anywhere in the file is in the repository (CG-D004). A secret-named ARG or ENV without one
 * (`ARG NPM_TOKEN`) only matters where it reaches the image: the shipped stages (CG-D005).
 */
function checkSecrets(parsed: ParsedDockerfile): Finding[] {
  const findings: Finding[] = [];
  const globalArgs = parsed.dockerfile.getInitialARGs();
  const shipped = new Set(parsed.shipped);
  const groups: { instructions: readonly Instruction[]; shipped: boolean }[] = [
    { instructions: globalArgs, shipped: false },
    ...parsed.stages.map((stage) => ({ instructions: stage.instructions, shipped: shipped.has(stage) })),
  ];
  for (const group of groups) {
    for (const entry of namedValues(group.instructions)) {
      const verdict = judgeSecret(entry.name, entry.value);
      if (!verdict) continue;
      const detail = `${entry.keyword} ${maskedAssignment(entry.name)} ${verdict.reason}`;
      if (verdict.kind === 'literal') {
        findings.push(hardeningFinding('CG-D004', at(parsed, entry.instruction), detail));
      } else if (group.shipped && entry.keyword !== 'LABEL') {
        findings.push(
          hardeningFinding(
            'CG-D005',
            at(parsed, entry.instruction),
            `${entry.keyword} ${entry.name} ${verdict.reason} and reaches the shipped image`,
          ),
        );
      }
    }
  }
  return findings;
}

function flag(instruction: Instruction, name: string): Flag | undefined {
  const withFlags = instruction as Instruction & { getFlags?: () => Flag[] };
  return withFlags.getFlags?.().find((f) => f.getName() === name);
}

/** The arguments without flags, read from the JSON form (`COPY [".", "/app"]`) when it is used. */
function argumentValues(instruction: Instruction): string[] {
  const json = (instruction as Partial<JSONInstruction>).getJSONStrings?.() ?? [];
  if (json.length > 0) return json.map((argument) => argument.getJSONValue());
  return instruction.getArguments().map((argument) => argument.getValue());
}

const WHOLE_CONTEXT = new Set(['.', './', '*', './*']);

function checkCopyAndAdd(parsed: ParsedDockerfile): Finding[] {
  const findings: Finding[] = [];
  for (const stage of parsed.stages) {
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword !== 'COPY' && keyword !== 'ADD') continue;
      const args = argumentValues(instruction);
      const sources = args.slice(0, -1);
      if (keyword === 'ADD' && !flag(instruction, 'checksum')) {
        const remote = sources.find((source) => /^(?:https?:\/\/|git@|git:\/\/)/i.test(source));
        if (remote) {
          findings.push(
            hardeningFinding(
              'CG-D006',
              at(parsed, instruction),
              `ADD ${remote} is fetched without --checksum`,
            ),
          );
        }
      }
      const copiesContext = !flag(instruction, 'from') && sources.some((source) => WHOLE_CONTEXT.has(source));
      if (copiesContext && !parsed.input.dockerignore) {
        findings.push(
          hardeningFinding(
            'CG-D007',
            at(parsed, instruction),
            `${keyword} ${args.join(' ')} copies the whole build context and no .dockerignore sits beside the Dockerfile`,
          ),
        );
      }
    }
  }
  return findings;
}

/** HEALTHCHECK is inherited from the stage an image is built FROM; HEALTHCHECK NONE is a decision and passes. */
function checkHealthcheck(parsed: ParsedDockerfile): Finding[] {
  for (const stage of parsed.shipped) {
    if (stage.instructions.some((instruction) => instruction.getKeyword() === 'HEALTHCHECK')) return [];
  }
  const final = parsed.stages.at(-1)!;
  return [
    hardeningFinding('CG-D013', at(parsed, final.from), 'the shipped stage has no HEALTHCHECK instruction'),
  ];
}
