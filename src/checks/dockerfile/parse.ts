import { type Dockerfile, DockerfileParser, type From, type Instruction, Keyword } from 'dockerfile-ast';
import type { CheckError, DockerfileInput } from '../types.js';

export interface Stage {
  index: number;
  from: From;
  /** `FROM … AS name`, lower-cased (stage names are case-insensitive). */
  name?: string;
  /** The base image reference after ARG expansion, as written otherwise. */
  base: string;
  /** The earlier stage this one is built FROM, if any. */
  parent?: Stage;
  /** The instructions after FROM, up to the next FROM. */
  instructions: Instruction[];
}

export interface ParsedDockerfile {
  input: DockerfileInput;
  dockerfile: Dockerfile;
  sourceLines: string[];
  stages: Stage[];
  /** The final stage and the stages it is built FROM: what ends up in the image. */
  shipped: Stage[];
}

const KEYWORDS: ReadonlySet<string> = new Set(Object.values(Keyword));

/**
 * dockerfile-ast accepts anything; what Docker itself would refuse is a syntax error here: no FROM, an
 * unknown instruction, an instruction other than ARG before the first FROM, a FROM without an image.
 */
export function parseDockerfile(input: DockerfileInput): { parsed?: ParsedDockerfile; errors: CheckError[] } {
  const dockerfile = DockerfileParser.parse(input.text);
  const errors: CheckError[] = [];
  const error = (line: number | undefined, what: string) =>
    errors.push({
      path: input.path,
      ...(line === undefined ? {} : { line }),
      message: what,
    });

  const stages: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    const line = instruction.getRange().start.line + 1;
    if (!KEYWORDS.has(keyword)) {
      error(
        line,
        `unknown instruction '${instruction.getInstruction()}'; fix the typo or continue the previous line with '${dockerfile.getEscapeCharacter()}'`,
      );
      continue;
    }
    if (keyword === 'FROM') {
      const from = instruction as From;
      const base = from.getExpandedArguments()[0]?.getValue();
      if (base === undefined || base === '') {
        error(line, 'FROM without an image; name the base image (or scratch)');
        continue;
      }
      const name = from.getBuildStage()?.toLowerCase();
      const parent = stages.find((stage) => stage.name !== undefined && stage.name === base.toLowerCase());
      stages.push({
        index: stages.length,
        from,
        base,
        instructions: [],
        ...(name ? { name } : {}),
        ...(parent ? { parent } : {}),
      });
      continue;
    }
    const current = stages.at(-1);
    if (!current) {
      if (keyword !== 'ARG') error(line, `${keyword} before the first FROM; only ARG may come before FROM`);
      continue;
    }
    current.instructions.push(instruction);
  }
  if (stages.length === 0 && errors.length === 0) {
    error(undefined, 'no FROM instruction; is this a Dockerfile? Every Dockerfile starts FROM a base image');
  }
  if (errors.length > 0) return { errors };

  const shipped: Stage[] = [];
  for (let stage: Stage | undefined = stages.at(-1); stage; stage = stage.parent) shipped.push(stage);
  return {
    parsed: { input, dockerfile, sourceLines: input.text.split(/\r?\n/), stages, shipped },
    errors,
  };
}

/** 1-based first and last line of an instruction. */
export function linesOf(instruction: Instruction): { startLine: number; endLine: number } {
  const range = instruction.getRange();
  return { startLine: range.start.line + 1, endLine: range.end.line + 1 };
}
