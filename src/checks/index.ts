import type { Finding } from '../core/finding.js';
import { compareStrings } from '../core/identity.js';
import { errorMessage, oneLine } from '../util/errors.js';
import { checkDockerfile } from './dockerfile/check.js';
import { combineFindings } from './finding.js';
import { checkImageConfig } from './image-config.js';
import { checkManifests } from './kubernetes/check.js';
import type { CheckError, CheckInput, CheckOutcome } from './types.js';

export { CHECKS_SCANNER } from './finding.js';
export { imageConfigPath } from './image-config.js';
export { RULES, ruleById } from './rules.js';
export type {
  CheckError,
  CheckInput,
  CheckOutcome,
  DockerfileInput,
  ImageConfigInput,
  ImageFileEntry,
  ManifestInput,
  RuleDefinition,
  RuleScope,
} from './types.js';

/** `k8s/deploy.yaml:12: YAML syntax error: …; fix …`: the one-line form of a check error. */
export function formatCheckError(error: CheckError): string {
  return `${error.path}${error.line === undefined ? '' : `:${error.line}`}: ${error.message}`;
}

/**
 * container-gate's own checks over Dockerfiles, Kubernetes manifests and image configs. Pure: the caller
 * reads the files (see load.ts). An input that cannot be read as what it claims to be is an entry in
 * `errors` (the run must not pass on it); every other input is still checked.
 */
export function runChecks(input: CheckInput): CheckOutcome {
  const findings: Finding[] = [];
  const errors: CheckError[] = [];
  const warnings: string[] = [];
  const notChecked: string[] = [];
  const collect = (
    path: string,
    check: () => { findings: Finding[]; errors: CheckError[]; warnings?: string[]; notChecked?: string[] },
  ) => {
    try {
      const result = check();
      for (const finding of result.findings) findings.push(finding);
      // Loops, not push(...): a spread of 180,000 findings or errors exceeds the call stack (issue 14 item 10).
      for (const error of result.errors) errors.push(error);
      for (const warning of result.warnings ?? []) warnings.push(warning);
      for (const path of result.notChecked ?? []) notChecked.push(path);
    } catch (error) {
      // A bug of ours on one input must not pass the gate, nor stop the other inputs from being checked.
      const what = errorMessage(error);
      errors.push({
        path,
        message: `container-gate could not check it (${oneLine(what)}); please report this`,
        internal: true,
      });
    }
  };
  for (const dockerfile of input.dockerfiles ?? [])
    collect(dockerfile.path, () => checkDockerfile(dockerfile));
  const manifests = input.manifests ?? [];
  if (manifests.length > 0) collect(manifests.map((m) => m.path).join(', '), () => checkManifests(manifests));
  for (const imageConfig of input.imageConfigs ?? [])
    collect(imageConfig.target, () => checkImageConfig(imageConfig));
  return {
    findings: combineFindings(findings),
    errors: errors.sort((a, b) => compareStrings(a.path, b.path) || (a.line ?? 0) - (b.line ?? 0)),
    warnings: warnings.sort(compareStrings),
    notChecked: notChecked.sort(compareStrings),
  };
}
