import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type InputName, readActionInputs } from '../../../src/action/inputs.js';
import { UsageError } from '../../../src/util/errors.js';
import { readOutputs } from '../../integration/action/harness.js';
import { REPO_ROOT } from './support.js';

/**
 * The example workflows are what users copy: every container-gate step in them must pass the Action's own input
 * checks, and the scheduled re-scan must turn a list of deployed digests into the `image` input it documents.
 */
interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}

const WORKFLOWS = path.resolve(REPO_ROOT, 'examples/workflows');
const read = (file: string) => parse(readFileSync(path.join(WORKFLOWS, file), 'utf8')) as Workflow;
const actionInputs = Object.keys(
  (parse(readFileSync(path.resolve(REPO_ROOT, 'action.yml'), 'utf8')) as { inputs: object }).inputs,
);
const gateSteps = (workflow: Workflow) =>
  Object.values(workflow.jobs).flatMap((job) =>
    job.steps.filter((step) => step.uses?.startsWith('org/container-gate@')),
  );

const DEPLOYED = `ghcr.io/acme/api@sha256:${'a'.repeat(64)}`;

const EXPRESSION = /\$\{\{[^}]*\}\}/g;

/** `${{ … }}` as a runner would fill it in: `image` when it is one expression (the list), a plain word elsewhere. */
function substituted(values: Record<string, unknown>, image: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => {
      const text = String(value);
      const whole = name === 'image' && text.includes('${{') && text.replace(EXPRESSION, '') === '';
      return [name, whole ? image : text.replace(EXPRESSION, 'sample')];
    }),
  );
}

function readInputs(values: Record<string, string>) {
  return readActionInputs((name: InputName) => values[name] ?? '');
}

const temp = mkdtempSync(path.join(tmpdir(), 'cg-example-workflows-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('the example workflows', () => {
  const files = readdirSync(WORKFLOWS).filter((f) => f.endsWith('.yml'));

  it.each(files)('%s: every container-gate step uses declared inputs that pass their checks', (file) => {
    for (const step of gateSteps(read(file))) {
      const values = substituted(step.with ?? {}, DEPLOYED);
      expect(Object.keys(values).filter((name) => !actionInputs.includes(name))).toEqual([]);
      expect(() => readInputs(values)).not.toThrow();
    }
  });

  describe('rescan-deployed.yml: a scheduled re-scan of the production digests', () => {
    const workflow = read('rescan-deployed.yml');
    const [job] = Object.values(workflow.jobs);
    const listStep = job!.steps.find((s) => s.id === 'deployed')!;
    const [rescanStep] = gateSteps(workflow);

    /** The workflow's own shell step, run on a checkout holding `list`; what it writes to $GITHUB_OUTPUT. */
    function deployedList(list: string): string {
      const checkout = mkdtempSync(path.join(temp, 'checkout-'));
      mkdirSync(path.join(checkout, 'deploy'));
      writeFileSync(path.join(checkout, 'deploy/production-images.txt'), list);
      const output = path.join(checkout, 'github_output');
      writeFileSync(output, '');
      execFileSync('bash', ['-e', '-c', listStep.run!], {
        cwd: checkout,
        env: { PATH: process.env.PATH, GITHUB_OUTPUT: output },
      });
      return readOutputs(output).list!;
    }

    it('runs on a schedule with the permissions it needs and no id-token', () => {
      expect(Object.keys(workflow.on)).toEqual(['schedule', 'workflow_dispatch']);
      expect(job!.permissions).toEqual({
        contents: 'read',
        'security-events': 'write',
        packages: 'read',
      });
      expect(rescanStep!.with).toMatchObject({ rescan: true, 'upload-sarif': true });
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JavaScript template.
      expect(rescanStep!.with!.image).toBe('${{ steps.deployed.outputs.list }}');
    });

    it('re-scans each digest of the list, comments and blank lines left out, with its verification policy', () => {
      const web = `ghcr.io/acme/web@sha256:${'b'.repeat(64)}`;
      const list = deployedList(`# production, eu-west\n${DEPLOYED}\n\n  # canary\n${web}\n`);
      const inputs = readInputs(substituted(rescanStep!.with!, list));
      expect(inputs.images).toEqual([DEPLOYED, web]);
      expect(inputs.rescan).toEqual({
        identity: {
          regexp: 'https://github\\.com/acme/[^/]+/\\.github/workflows/release\\.yml@refs/tags/v.*',
        },
        issuer: { exact: 'https://token.actions.githubusercontent.com' },
      });
      // One category per image, under a prefix of its own.
      expect(inputs.sarifCategoryPrefix).toBe('deployed/');
    });

    it('fails the step, naming the input, when the list is empty: re-scanning nothing is never a pass', () => {
      const list = deployedList('# nothing deployed yet\n');
      expect(list).toBe('');
      expect(() => readInputs(substituted(rescanStep!.with!, list))).toThrow(UsageError);
      expect(() => readInputs(substituted(rescanStep!.with!, list))).toThrow(/^input image: "" is empty/);
    });

    it('refuses a tag in the list: a re-scan is of the digest that is deployed', () => {
      const list = deployedList('ghcr.io/acme/api:1.4.2\n');
      expect(() => readInputs(substituted(rescanStep!.with!, list))).toThrow(/re-scan by digest/);
    });
  });
});
