import { describe, expect, it } from 'vitest';
import { RULES, runChecks } from '../../../src/checks/index.js';
import {
  at,
  checkManifests as check,
  DEPLOYMENT,
  DEPLOYMENT_PATH,
  IMAGE,
  inContainerContext,
  inPod,
  inVolumes,
} from './secure-manifests.js';
import { lineOf, mutate, sites } from './support.js';

/** One seed rule broken in the otherwise secure Deployment: exactly that rule, at the field (or container). */
const FAILING: { name: string; text: string; rule: string; where: (text: string) => string }[] = [
  {
    name: 'pod runAsNonRoot: false',
    text: mutate(DEPLOYMENT, 'runAsNonRoot: true', 'runAsNonRoot: false'),
    rule: 'CG-K001',
    where: (t) => at(t, 'runAsNonRoot: false'),
  },
  {
    name: 'pod runAsUser: 0',
    text: mutate(DEPLOYMENT, 'runAsUser: 10001', 'runAsUser: 0'),
    rule: 'CG-K001',
    where: (t) => at(t, 'runAsUser: 0'),
  },
  {
    name: 'runAsNonRoot set nowhere',
    text: mutate(DEPLOYMENT, '        runAsNonRoot: true\n', ''),
    rule: 'CG-K001',
    where: (t) => at(t, 'securityContext:', 2),
  },
  {
    name: 'a container overriding the pod with runAsNonRoot: false',
    text: inContainerContext('            runAsNonRoot: false'),
    rule: 'CG-K001',
    where: (t) => at(t, 'runAsNonRoot: false'),
  },
  {
    name: 'readOnlyRootFilesystem: false',
    text: mutate(DEPLOYMENT, 'readOnlyRootFilesystem: true', 'readOnlyRootFilesystem: false'),
    rule: 'CG-K002',
    where: (t) => at(t, 'readOnlyRootFilesystem'),
  },
  {
    name: 'allowPrivilegeEscalation: true',
    text: mutate(DEPLOYMENT, 'allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: true'),
    rule: 'CG-K003',
    where: (t) => at(t, 'allowPrivilegeEscalation'),
  },
  {
    name: 'capabilities not dropping ALL',
    text: mutate(DEPLOYMENT, '- ALL', '- NET_RAW'),
    rule: 'CG-K004',
    where: (t) => at(t, 'drop:'),
  },
  {
    name: 'SYS_ADMIN added',
    text: mutate(
      DEPLOYMENT,
      '            capabilities:\n',
      '            capabilities:\n              add: [SYS_ADMIN]\n',
    ),
    rule: 'CG-K005',
    where: (t) => at(t, 'add: [SYS_ADMIN]'),
  },
  {
    name: 'seccomp Unconfined',
    text: mutate(DEPLOYMENT, 'type: RuntimeDefault', 'type: Unconfined'),
    rule: 'CG-K006',
    where: (t) => at(t, 'type: Unconfined'),
  },
  {
    name: 'no seccomp profile',
    text: mutate(DEPLOYMENT, '        seccompProfile:\n          type: RuntimeDefault\n', ''),
    rule: 'CG-K006',
    where: (t) => at(t, 'securityContext:', 2),
  },
  {
    name: 'no CPU limit',
    text: mutate(DEPLOYMENT, '            limits:\n              cpu: 500m\n', '            limits:\n'),
    rule: 'CG-K007',
    where: (t) => at(t, 'limits:'),
  },
  {
    name: 'no resources at all',
    text: mutate(
      DEPLOYMENT,
      DEPLOYMENT.slice(
        DEPLOYMENT.indexOf('          resources:'),
        DEPLOYMENT.indexOf('          volumeMounts:'),
      ),
      '',
    ),
    rule: 'CG-K007',
    where: (t) => at(t, '- name: api'),
  },
  {
    name: 'privileged: true',
    text: inContainerContext('            privileged: true'),
    rule: 'CG-K008',
    where: (t) => at(t, 'privileged: true'),
  },
  {
    name: 'a docker.sock hostPath',
    text: inVolumes('        - name: sock\n          hostPath:\n            path: /var/run/docker.sock\n'),
    rule: 'CG-K009',
    where: (t) => at(t, 'path: /var/run/docker.sock'),
  },
  {
    name: 'a hostPath of /run, which holds containerd.sock',
    text: inVolumes('        - name: run\n          hostPath:\n            path: /run/\n'),
    rule: 'CG-K009',
    where: (t) => at(t, 'path: /run/'),
  },
  {
    name: 'a hostPath of /data',
    text: inVolumes('        - name: data\n          hostPath:\n            path: /data\n'),
    rule: 'CG-K010',
    where: (t) => at(t, 'path: /data'),
  },
  {
    name: 'hostNetwork: true',
    text: inPod('      hostNetwork: true'),
    rule: 'CG-K011',
    where: (t) => at(t, 'hostNetwork'),
  },
  {
    name: 'hostPID: true',
    text: inPod('      hostPID: true'),
    rule: 'CG-K012',
    where: (t) => at(t, 'hostPID'),
  },
  {
    name: 'hostIPC: true',
    text: inPod('      hostIPC: true'),
    rule: 'CG-K013',
    where: (t) => at(t, 'hostIPC'),
  },
  {
    name: 'automountServiceAccountToken: true',
    text: mutate(DEPLOYMENT, 'automountServiceAccountToken: false', 'automountServiceAccountToken: true'),
    rule: 'CG-K014',
    where: (t) => at(t, 'automountServiceAccountToken'),
  },
  {
    name: 'automountServiceAccountToken unset',
    text: mutate(DEPLOYMENT, '      automountServiceAccountToken: false\n', ''),
    rule: 'CG-K014',
    where: (t) => at(t, '    spec:'),
  },
  {
    name: 'an image pinned by tag only',
    text: mutate(DEPLOYMENT, IMAGE, 'ghcr.io/acme/api:1.4.2'),
    rule: 'CG-K015',
    where: (t) => at(t, 'image:'),
  },
  {
    name: 'image :latest',
    text: mutate(DEPLOYMENT, IMAGE, 'ghcr.io/acme/api:latest'),
    rule: 'CG-K016',
    where: (t) => at(t, 'image:'),
  },
  {
    name: 'an image without a tag',
    text: mutate(DEPLOYMENT, IMAGE, 'ghcr.io/acme/api'),
    rule: 'CG-K016',
    where: (t) => at(t, 'image:'),
  },
  {
    name: 'a literal DB_PASSWORD in env',
    text: mutate(
      DEPLOYMENT,
      '          env:\n',
      '          env:\n            - name: DB_PASSWORD\n              value: hunter2hunter2\n',
    ),
    rule: 'CG-K017',
    where: (t) => at(t, 'value: hunter2hunter2'),
  },
  {
    name: 'an AWS-key-shaped env value',
    text: mutate(
      DEPLOYMENT,
      '          env:\n',
      '          env:\n            - name: GREETING\n              value: AKIAFAKEFAKEFAKEFAKE\n',
    ),
    rule: 'CG-K017',
    where: (t) => at(t, 'value: AKIA'),
  },
];

describe('Kubernetes rules', () => {
  it('finds nothing in the seed secure Deployment, default-deny NetworkPolicy and restricted Namespace', () => {
    const outcome = check({});
    expect(outcome.errors).toEqual([]);
    expect(outcome.warnings).toEqual([]);
    expect(sites(outcome.findings)).toEqual([]);
  });

  for (const c of FAILING) {
    it(`reports ${c.rule} for ${c.name}, at that line, and nothing else`, () => {
      const outcome = check({ deployment: c.text });
      expect(outcome.errors).toEqual([]);
      expect(sites(outcome.findings)).toEqual([`${c.rule}@${c.where(c.text)}`]);
      expect(outcome.findings[0]).toMatchObject({
        kind: 'hardening',
        target: DEPLOYMENT_PATH,
        foundBy: ['container-gate'],
      });
    });
  }

  it('has a failing case for every Kubernetes rule of the catalogue (namespace rules below)', () => {
    const covered = new Set([...FAILING.map((c) => c.rule), 'CG-K018', 'CG-K019', 'CG-K020']);
    expect([...covered].sort()).toEqual(RULES.filter((r) => r.scope === 'kubernetes').map((r) => r.id));
  });

  it('never puts a literal env secret in a finding', () => {
    const text = FAILING.find((c) => c.name.includes('DB_PASSWORD'))!.text;
    const serialised = JSON.stringify(check({ deployment: text }));
    expect(serialised).not.toContain('hunter2hunter2');
    expect(serialised).toContain('DB_PASSWORD=***');
  });

  it('accepts NET_BIND_SERVICE as the one capability added back, and a $(VAR) reference in env', () => {
    const text = mutate(
      mutate(
        DEPLOYMENT,
        '            capabilities:\n',
        '            capabilities:\n              add: [NET_BIND_SERVICE]\n',
      ),
      '          env:\n',
      '          env:\n            - name: DB_PASSWORD\n              value: $(API_TOKEN)\n',
    );
    expect(sites(check({ deployment: text }).findings)).toEqual([]);
  });

  it('accepts an unset automountServiceAccountToken when the ServiceAccount in the manifests opts out', () => {
    const text = mutate(
      DEPLOYMENT,
      '      automountServiceAccountToken: false\n',
      '      serviceAccountName: api\n',
    );
    const account =
      'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: shop\nautomountServiceAccountToken: false\n';
    const outcome = check({ deployment: text, extra: [{ path: 'k8s/sa.yaml', text: account }] });
    expect(sites(outcome.findings)).toEqual([]);
    const elsewhere = account.replace('namespace: shop', 'namespace: other');
    expect(
      sites(check({ deployment: text, extra: [{ path: 'k8s/sa.yaml', text: elsewhere }] }).findings),
    ).toEqual([`CG-K014@${at(text, '    spec:')}`]);
  });

  it('checks init and ephemeral containers, each at its own line (no limits asked of ephemeral ones)', () => {
    const debug = '      ephemeralContainers:\n        - name: debug\n          image: busybox:1.36\n';
    const init = '      initContainers:\n        - name: migrate\n          image: ghcr.io/acme/migrate:2\n';
    const text = inPod(init + debug);
    const found = sites(check({ deployment: text }).findings);
    const initAt = at(text, '- name: migrate');
    const debugAt = at(text, '- name: debug');
    for (const rule of ['CG-K002', 'CG-K003', 'CG-K004']) {
      expect(found).toContain(`${rule}@${initAt}`);
      expect(found).toContain(`${rule}@${debugAt}`);
    }
    expect(found).toContain(`CG-K007@${initAt}`);
    expect(found).not.toContain(`CG-K007@${debugAt}`);
    expect(found).toContain(`CG-K015@${at(text, 'image: ghcr.io/acme/migrate')}`);
    expect(found).not.toContain(`CG-K001@${initAt}`);
  });

  it('reads CronJob, Job, StatefulSet, DaemonSet and ReplicaSet pod templates, and objects inside a List', () => {
    const pod = (indent: string) =>
      [
        'containers:',
        '  - name: web',
        '    image: nginx:1.27',
        '    securityContext:',
        '      privileged: true',
      ]
        .map((line) => indent + line)
        .join('\n');
    const cron = `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n${pod('          ')}\n`;
    const others = ['Job', 'StatefulSet', 'DaemonSet', 'ReplicaSet']
      .map(
        (kind) =>
          `---\napiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: ${kind.toLowerCase()}\nspec:\n  template:\n    spec:\n${pod('      ')}\n`,
      )
      .join('');
    const list = `---\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata:\n      name: listed\n    spec:\n${pod('      ')}\n`;
    const text = cron + others + list;
    const privileged = sites(runChecks({ manifests: [{ path: 'k8s/all.yaml', text }] }).findings).filter(
      (s) => s.startsWith('CG-K008'),
    );
    const expected = [1, 2, 3, 4, 5, 6].map(
      (n) => `CG-K008@k8s/all.yaml:${lineOf(text, 'privileged: true', n)}`,
    );
    expect(privileged.sort()).toEqual(expected.sort());
  });

  it('reads YAML anchors and merge keys as Kubernetes does', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: { name: anchors, namespace: shop }',
      'spec:',
      '  automountServiceAccountToken: false',
      '  securityContext: { runAsNonRoot: true, seccompProfile: { type: RuntimeDefault } }',
      '  containers:',
      `    - name: a`,
      `      image: ${IMAGE}`,
      '      resources: { limits: { cpu: 1, memory: 1Gi } }',
      '      securityContext: &hardened',
      '        allowPrivilegeEscalation: false',
      '        readOnlyRootFilesystem: true',
      '        capabilities: { drop: [ALL] }',
      `    - name: b`,
      `      image: ${IMAGE}`,
      '      resources: { limits: { cpu: 1, memory: 1Gi } }',
      '      securityContext:',
      '        <<: *hardened',
      '        privileged: true',
    ].join('\n');
    const outcome = runChecks({ manifests: [{ path: 'k8s/pod.yaml', text }] });
    expect(sites(outcome.findings).filter((s) => !s.startsWith('CG-K018'))).toEqual([
      `CG-K008@k8s/pod.yaml:${lineOf(text, 'privileged: true')}`,
    ]);
  });

  it('ignores kinds it does not know and documents that are not Kubernetes objects', () => {
    const text =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  hostNetwork: true\n---\n---\nimage: node:latest\nprivileged: true\n';
    const outcome = runChecks({ manifests: [{ path: 'k8s/misc.yaml', text }] });
    expect(outcome).toEqual({ findings: [], errors: [], warnings: [], notChecked: [] });
  });
});
