import { RULES } from './rules.js';
import { TRIVY_EQUIVALENTS } from './trivy-equivalents.js';
import type { RuleDefinition, RuleScope } from './types.js';

const SCOPES: readonly { scope: RuleScope; heading: string; reads: string }[] = [
  {
    scope: 'dockerfile',
    heading: 'Dockerfile',
    reads:
      'Dockerfiles (`Dockerfile`, `*.Dockerfile`, `Dockerfile.*`, `Containerfile`) with a `.dockerignore` looked up ' +
      'beside each. Image contents rules look at the stages that ship: the final stage and the stages it is built ' +
      '`FROM`. Variables in `FROM` and `USER` are resolved from `ARG` defaults; one that stays unresolved is not ' +
      'judged. A Dockerfile Docker would refuse (no `FROM`, an unknown instruction, an instruction other than `ARG` ' +
      'before the first `FROM`) is an error, not a pass',
  },
  {
    scope: 'image',
    heading: 'Image config',
    reads:
      'the OCI image config of a built image, and optionally its file listing. Findings about the config point at ' +
      '`<image name>#config` (the name without tag or digest, stable across builds); setuid/setgid findings point at ' +
      'the in-image path',
  },
  {
    scope: 'kubernetes',
    heading: 'Kubernetes',
    reads:
      'manifests (`*.yaml`, `*.yml`; Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, ' +
      'Job, CronJob, NetworkPolicy, Namespace, ServiceAccount) with Pod Security Standards `restricted` semantics; ' +
      'pod-level `runAsNonRoot`, `runAsUser` and `seccompProfile` are inherited by containers. NetworkPolicy, ' +
      'Namespace and ServiceAccount objects count across all the files given; a manifest without a namespace is in ' +
      "`default`. A file that parses as YAML is checked, whatever its strings hold (`format: '{{ .Time }}'`); a Helm " +
      'template (`{{ … }}` that is not YAML until rendered) is reported as not checked, and a path holding nothing ' +
      'else is an input error; a file with a YAML error or a field of the wrong type is an error',
  },
];

/** The Trivy ids (short spelling) that fold into each of our rules. */
function trivyIdsByRule(): Map<string, string[]> {
  const byRule = new Map<string, string[]>();
  for (const [trivyId, ruleId] of Object.entries(TRIVY_EQUIVALENTS)) {
    if (!/^[A-Z]+\d+$/.test(trivyId)) continue;
    byRule.set(ruleId, [...(byRule.get(ruleId) ?? []), trivyId].sort());
  }
  return byRule;
}

function renderRule(rule: RuleDefinition, trivyIds: readonly string[]): string {
  const fence = rule.scope === 'kubernetes' ? 'yaml' : rule.scope === 'dockerfile' ? 'dockerfile' : '';
  const lines = [
    `### ${rule.id}: ${rule.title}`,
    '',
    `- Severity: **${rule.severity}**`,
    `- Practice: ${rule.practice}`,
    ...(trivyIds.length > 0 ? [`- Same as Trivy: ${trivyIds.join(', ')}`] : []),
    '',
    rule.description,
    '',
    `**Fix:** ${rule.remediation}`,
    '',
    `\`\`\`${fence}`,
    rule.example,
    '```',
    '',
    ...rule.links.map((link) => `- <${link}>`),
    '',
  ];
  return lines.join('\n');
}

/** docs/rules.md, from the catalogue. Pure; the test in test/unit/checks/rules-doc.test.ts keeps the file in sync. */
export function renderRulesDoc(): string {
  const trivy = trivyIdsByRule();
  const parts = [
    '# container-gate rules',
    '',
    '> Generated from the catalogue in `src/checks/rules.ts` by `renderRulesDoc()` (`src/checks/rules-doc.ts`); do',
    '> not edit by hand. After changing a rule, regenerate with',
    '> `UPDATE_DOCS=1 npx vitest run test/unit/checks/rules-doc.test.ts` (the same test fails when this file is stale).',
    '',
    "container-gate's own checks need no external tool and work offline. Each finding has",
    'kind `hardening`, is found by `container-gate`, and points at the file and line to change. When Trivy reports',
    'the same issue, the two are shown as one finding found by both (Trivy’s id in `aliases`).',
    '',
    ...table(
      ['Id', 'Title', 'Severity', 'Practice'],
      RULES.map((rule) => [`[${rule.id}](#${anchor(rule)})`, rule.title, rule.severity, rule.practice]),
    ),
    '',
  ];
  for (const { scope, heading, reads } of SCOPES) {
    parts.push(`## ${heading}`, '', `Reads ${reads}.`, '');
    for (const rule of RULES.filter((r) => r.scope === scope))
      parts.push(renderRule(rule, trivy.get(rule.id) ?? []));
  }
  return `${parts.join('\n').trimEnd()}\n`;
}

/** A table with padded columns, as the repository's formatter (Biome) writes Markdown tables. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchor(rule: RuleDefinition): string {
  return `${rule.id}: ${rule.title}`
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}
