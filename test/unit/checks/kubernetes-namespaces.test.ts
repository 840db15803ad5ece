import { describe, expect, it } from 'vitest';
import { formatCheckError, runChecks } from '../../../src/checks/index.js';
import {
  at,
  checkManifests as check,
  DEPLOYMENT,
  DEPLOYMENT_PATH,
  inContainerContext,
  inPod,
  NAMESPACE,
  NAMESPACE_PATH,
  POLICY,
} from './secure-manifests.js';
import { lineOf, mutate, sites } from './support.js';

describe('namespace rules', () => {
  const deploymentKind = () => at(DEPLOYMENT, 'kind: Deployment');

  it('reports a namespace with workloads and no default-deny NetworkPolicy once, at its first workload', () => {
    const second = DEPLOYMENT.replace('name: api\n', 'name: worker\n');
    const outcome = check({ policy: null, extra: [{ path: 'k8s/worker.yaml', text: second }] });
    expect(sites(outcome.findings)).toEqual([`CG-K018@${deploymentKind()}`]);
  });

  it('does not count a policy that selects some pods, or that allows all ingress, as default-deny', () => {
    const selective = mutate(POLICY, 'podSelector: {}', 'podSelector:\n    matchLabels: { app: api }');
    const allowAll = `${POLICY}  ingress:\n    - {}\n`;
    for (const policy of [selective, allowAll]) {
      expect(sites(check({ policy }).findings)).toEqual([`CG-K018@${deploymentKind()}`]);
    }
  });

  it('reports egress left open once ingress is denied by default', () => {
    const ingressOnly = mutate(POLICY, '    - Ingress\n    - Egress\n', '    - Ingress\n');
    expect(sites(check({ policy: ingressOnly }).findings)).toEqual([`CG-K019@${deploymentKind()}`]);
  });

  it('does not let a policy in another namespace cover the workload', () => {
    const elsewhere = mutate(POLICY, 'namespace: shop', 'namespace: other');
    expect(sites(check({ policy: elsewhere }).findings)).toEqual([`CG-K018@${deploymentKind()}`]);
  });

  it('reports a Namespace not labelled enforce: restricted, at the label or at its name', () => {
    const baseline = mutate(NAMESPACE, 'enforce: restricted', 'enforce: baseline');
    expect(sites(check({ namespace: baseline }).findings)).toEqual([
      `CG-K020@${NAMESPACE_PATH}:${lineOf(baseline, 'enforce: baseline')}`,
    ]);
    const unlabelled = mutate(NAMESPACE, '    pod-security.kubernetes.io/enforce: restricted\n', '');
    expect(sites(check({ namespace: unlabelled }).findings)).toEqual([
      `CG-K020@${NAMESPACE_PATH}:${lineOf(unlabelled, 'name: shop')}`,
    ]);
  });
});

describe('manifests that cannot be checked', () => {
  // Hand-made, inline because the repository's formatter parses YAML files: a mapping key where a sequence
  // item was meant, and a Helm template that is not YAML until rendered.
  const badYaml = [
    '# Hand-made: not valid YAML (a mapping value where a sequence item was meant).',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: broken',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: nginx:1.27',
    '         securityContext: {}',
  ].join('\n');
  const helm = [
    '# Hand-made: a Helm template, not plain YAML until rendered.',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: {{ include "app.fullname" . }}',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
  ].join('\n');

  it('reports bad YAML with the file and line, and still checks the other files', () => {
    const outcome = check({
      deployment: mutate(DEPLOYMENT, 'runAsNonRoot: true', 'runAsNonRoot: false'),
      extra: [{ path: 'k8s/broken.yaml', text: badYaml }],
    });
    expect(outcome.errors).toHaveLength(1);
    const [error] = outcome.errors;
    expect(error).toMatchObject({ path: 'k8s/broken.yaml', line: lineOf(badYaml, 'securityContext: {}') });
    expect(formatCheckError(error!)).toMatch(/^k8s\/broken\.yaml:\d+: YAML syntax error: .+; fix the file/);
    expect(sites(outcome.findings)).toEqual([`CG-K001@${at(DEPLOYMENT, 'runAsNonRoot')}`]);
  });

  it('reports a field of the wrong type as an error at its line instead of passing it', () => {
    const text = inContainerContext('            privileged: "yes"');
    const outcome = check({ deployment: text });
    expect(outcome.errors).toEqual([
      expect.objectContaining({ path: DEPLOYMENT_PATH, line: lineOf(text, 'privileged: "yes"') }),
    ]);
    expect(outcome.errors[0]!.message).toMatch(
      /^spec\.template\.spec\.containers\.0\.securityContext\.privileged: /,
    );
  });

  it('reports a Helm template as not checked with a warning, not an error or a crash', () => {
    // `{{ include … }}` unquoted parses as a mapping used as a key: YAML, but no Kubernetes object.
    const outcome = runChecks({ manifests: [{ path: 'chart/templates/deployment.yaml', text: helm }] });
    expect(outcome.errors).toEqual([]);
    expect(outcome.findings).toEqual([]);
    expect(outcome.warnings).toEqual([
      expect.stringMatching(/^chart\/templates\/deployment\.yaml: a template, not plain YAML .*not checked/),
    ]);
    expect(outcome.notChecked).toEqual(['chart/templates/deployment.yaml']);
  });

  it('reports a template that does not parse at all ({{- if }} blocks) as not checked, not as a syntax error', () => {
    const text = ['{{- if .Values.enabled }}', 'apiVersion: v1', 'kind: Namespace', '{{- end }}'].join('\n');
    const outcome = runChecks({ manifests: [{ path: 'chart/templates/ns.yaml', text }] });
    expect(outcome.errors).toEqual([]);
    expect(outcome.notChecked).toEqual(['chart/templates/ns.yaml']);
  });

  it('checks a file that parses as YAML even when a string in it holds {{ (issue 14 item 2)', () => {
    // A privileged, hostPID Deployment next to a ConfigMap whose log format is a Go template string.
    const privileged = inPod('      hostPID: true').replace(
      '            allowPrivilegeEscalation: false',
      '            allowPrivilegeEscalation: false\n            privileged: true',
    );
    const configMap = [
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: logging',
      '  namespace: payments',
      'data:',
      "  format: '{{ .Time }} {{ .Level }}'",
      '  plain: logged as {{ .Message }} unquoted',
    ].join('\n');
    const outcome = check({ deployment: `${privileged}\n${configMap}\n` });
    expect(outcome.warnings).toEqual([]);
    expect(outcome.notChecked).toEqual([]);
    const rules = new Set(outcome.findings.map((f) => f.id));
    for (const rule of ['CG-K008', 'CG-K012']) expect(rules).toContain(rule);
  });
});
