import { DOCKERFILE_RULES } from './catalogue/dockerfile.js';
import { IMAGE_RULES } from './catalogue/image.js';
import { KUBERNETES_RULES } from './catalogue/kubernetes.js';
import type { RuleDefinition } from './types.js';

export type { RuleDefinition, RuleScope } from './types.js';

/** The catalogue of container-gate's own checks, in id order; docs/rules.md is rendered from it. */
export const RULES: readonly RuleDefinition[] = [...DOCKERFILE_RULES, ...IMAGE_RULES, ...KUBERNETES_RULES];

const BY_ID = new Map(RULES.map((rule) => [rule.id, rule]));

export function ruleById(id: string): RuleDefinition {
  const rule = BY_ID.get(id);
  // A rule id used in code but missing from the catalogue is a programming error, caught by the unit tests.
  if (!rule) throw new Error(`unknown rule id ${id}`);
  return rule;
}

/** What a finding's `remediation` says: the fix, then the fixed example. */
export function remediationText(rule: RuleDefinition): string {
  return `${rule.remediation}\nExample:\n${rule.example}`;
}
