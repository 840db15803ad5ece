import type { Finding } from '../core/finding.js';
import type { Severity } from '../core/severity.js';

/** Which input a rule reads: a Dockerfile, an OCI image config, or Kubernetes manifests. */
export type RuleScope = 'dockerfile' | 'image' | 'kubernetes';

/** One rule of the catalogue: one practice, one severity, one fix. docs/rules.md is generated from these. */
export interface RuleDefinition {
  /** `CG-D001`… Dockerfile, `CG-I001`… image config, `CG-K001`… Kubernetes. Never renumbered. */
  id: string;
  scope: RuleScope;
  title: string;
  severity: Severity;
  /** The practice of the seed checklist this rule enforces, by name. */
  practice: string;
  /** Why it matters, in a sentence or two. */
  description: string;
  /** What to change. */
  remediation: string;
  /** A fixed example, in the language of the input (Dockerfile, YAML, JSON). */
  example: string;
  links: string[];
}

export interface DockerfileInput {
  /** As the user named it (repository-relative); findings use it as target and location path. */
  path: string;
  text: string;
  /** Whether a `.dockerignore` sits beside the Dockerfile (the loader looks). */
  dockerignore: boolean;
}

export interface ManifestInput {
  path: string;
  text: string;
}

/** A file of the image's filesystem, for the setuid/setgid rule: `mode` as stat or tar give it. */
export interface ImageFileEntry {
  path: string;
  mode: number;
}

export interface ImageConfigInput {
  /** The image display name; findings use it as target. */
  target: string;
  /** The OCI image config JSON (`{config: {User, Env, …}, rootfs, …}`), or `docker inspect` output. */
  config: unknown;
  files?: ImageFileEntry[];
}

export interface CheckInput {
  dockerfiles?: DockerfileInput[];
  manifests?: ManifestInput[];
  imageConfigs?: ImageConfigInput[];
}

/** An input that could not be checked (syntax error, wrong shape): the run must not pass on it. */
export interface CheckError {
  path: string;
  line?: number;
  /** One line, without the location: shown as `formatCheckError` renders it (`k8s/deploy.yaml:12: …`). */
  message: string;
  /** A failure of container-gate's own, not of the input: the run fails (exit 2), not a usage error (exit 3). */
  internal?: boolean;
}

export interface CheckOutcome {
  findings: Finding[];
  errors: CheckError[];
  /** Inputs skipped on purpose (Helm templates), one line each. */
  warnings: string[];
  /** The paths of the inputs that were not checked (templates): never a clean pass of those files. */
  notChecked: string[];
}

/** Where in a file a finding points; lines are 1-based. */
export interface FindingSite {
  target: string;
  path: string;
  startLine?: number;
  endLine?: number;
}
