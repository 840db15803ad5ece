import type { Finding } from '../../core/finding.js';
import { hardeningFinding } from '../finding.js';
import { isUnresolved, parseImageReference, pinningOf } from '../image-reference.js';
import { judgeSecret, maskedAssignment } from '../secrets.js';
import type { YamlPath } from './documents.js';
import type { ServiceAccountObject, Workload } from './objects.js';
import type { Container } from './schema.js';

const CONTAINER_GROUPS = [
  { field: 'containers', label: 'container' },
  { field: 'initContainers', label: 'init container' },
  { field: 'ephemeralContainers', label: 'ephemeral container' },
] as const;

/** Container runtime sockets; a hostPath of one of them, or of a directory above one, hands over the node. */
const RUNTIME_SOCKETS = [
  '/var/run/docker.sock',
  '/run/docker.sock',
  '/var/run/containerd/containerd.sock',
  '/run/containerd/containerd.sock',
  '/var/run/crio/crio.sock',
  '/run/crio/crio.sock',
  '/var/run/cri-dockerd.sock',
  '/run/k3s/containerd/containerd.sock',
];

type Report = (ruleId: string, path: YamlPath, detail: string) => void;

export function checkWorkload(
  workload: Workload,
  serviceAccounts: readonly ServiceAccountObject[],
): Finding[] {
  const findings: Finding[] = [];
  const report: Report = (ruleId, path, detail) => {
    const line = workload.doc.lineOf(path);
    findings.push(
      hardeningFinding(
        ruleId,
        { target: workload.doc.path, path: workload.doc.path, startLine: line, endLine: line },
        detail,
      ),
    );
  };
  const owner = `${workload.kind} '${workload.name}'`;
  for (const group of CONTAINER_GROUPS) {
    (workload.spec[group.field] ?? []).forEach((container, index) => {
      const path = [...workload.specPath, group.field, index];
      const label = `${group.label} '${container.name ?? index}' of ${owner}`;
      checkContainer(workload, container, path, label, group.field === 'ephemeralContainers', report);
    });
  }
  checkPodLevel(workload, owner, serviceAccounts, report);
  return findings;
}

function checkContainer(
  workload: Workload,
  container: Container,
  path: YamlPath,
  label: string,
  ephemeral: boolean,
  report: Report,
): void {
  const own = container.securityContext ?? {};
  const pod = workload.spec.securityContext ?? {};
  const ownField = (field: string) => [...path, 'securityContext', field];
  const podField = (field: string) => [...workload.specPath, 'securityContext', field];
  // Pod Security Standards: runAsNonRoot, runAsUser and seccompProfile are inherited from the pod; the
  // container's own value wins.
  const inherited = (field: 'runAsNonRoot' | 'runAsUser' | 'seccompProfile') =>
    own[field] != null ? ownField(field) : pod[field] != null ? podField(field) : ownField(field);

  const uid = own.runAsUser ?? pod.runAsUser;
  const nonRoot = own.runAsNonRoot ?? pod.runAsNonRoot;
  if (uid === 0) report('CG-K001', inherited('runAsUser'), `${label} runs with runAsUser: 0`);
  else if (nonRoot !== true) {
    const why =
      nonRoot === false
        ? 'sets runAsNonRoot: false'
        : 'has runAsNonRoot set neither on itself nor on the pod';
    report('CG-K001', inherited('runAsNonRoot'), `${label} ${why}`);
  }
  if (own.readOnlyRootFilesystem !== true) {
    report(
      'CG-K002',
      ownField('readOnlyRootFilesystem'),
      `${label} does not set readOnlyRootFilesystem: true`,
    );
  }
  if (own.privileged === true) report('CG-K008', ownField('privileged'), `${label} sets privileged: true`);
  if (own.allowPrivilegeEscalation !== false) {
    report(
      'CG-K003',
      ownField('allowPrivilegeEscalation'),
      `${label} does not set allowPrivilegeEscalation: false`,
    );
  }
  const capabilities = [...path, 'securityContext', 'capabilities'];
  if (!(own.capabilities?.drop ?? []).some((cap) => normaliseCapability(cap) === 'ALL')) {
    report('CG-K004', [...capabilities, 'drop'], `${label} does not drop ALL capabilities`);
  }
  const added = (own.capabilities?.add ?? []).filter(
    (cap) => normaliseCapability(cap) !== 'NET_BIND_SERVICE',
  );
  if (added.length > 0) report('CG-K005', [...capabilities, 'add'], `${label} adds ${added.join(', ')}`);

  const seccomp = (own.seccompProfile ?? pod.seccompProfile)?.type;
  if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') {
    const why = seccomp ? `uses seccomp profile ${seccomp}` : 'has no seccomp profile on itself or the pod';
    const field = inherited('seccompProfile');
    report('CG-K006', seccomp ? [...field, 'type'] : field, `${label} ${why}`);
  }
  // Ephemeral containers cannot have resources; the API rejects them.
  if (!ephemeral) {
    const limits = container.resources?.limits ?? {};
    const missing = ['cpu', 'memory'].filter((name) => limits[name] == null || limits[name] === '');
    if (missing.length > 0) {
      report('CG-K007', [...path, 'resources', 'limits'], `${label} has no ${missing.join(' or ')} limit`);
    }
  }
  checkImage(container, path, label, report);
  checkEnv(container, path, label, report);
}

function normaliseCapability(capability: string): string {
  return capability.toUpperCase().replace(/^CAP_/, '');
}

function checkImage(container: Container, path: YamlPath, label: string, report: Report): void {
  const image = container.image;
  if (!image || isUnresolved(image)) return;
  const pinning = pinningOf(parseImageReference(image));
  if (pinning === 'floating')
    report('CG-K016', [...path, 'image'], `${label} uses image ${image} (latest or no tag)`);
  else if (pinning === 'tag')
    report('CG-K015', [...path, 'image'], `${label} uses image ${image}, pinned by tag only`);
}

function checkEnv(container: Container, path: YamlPath, label: string, report: Report): void {
  (container.env ?? []).forEach((variable, index) => {
    if (variable.value == null) return;
    const verdict = judgeSecret(variable.name, String(variable.value));
    // Only literal values: a reference (`$(OTHER)`) or valueFrom keeps the secret out of the manifest.
    if (verdict?.kind !== 'literal') return;
    report(
      'CG-K017',
      [...path, 'env', index, 'value'],
      `${label}: env ${maskedAssignment(variable.name)} ${verdict.reason}`,
    );
  });
}

function checkPodLevel(
  workload: Workload,
  owner: string,
  serviceAccounts: readonly ServiceAccountObject[],
  report: Report,
): void {
  const spec = workload.spec;
  const field = (...path: (string | number)[]) => [...workload.specPath, ...path];
  (spec.volumes ?? []).forEach((volume, index) => {
    const hostPath = volume.hostPath?.path;
    if (hostPath === undefined) return;
    const at = field('volumes', index, 'hostPath', 'path');
    const normalised = hostPath.replace(/\/+$/, '') || '/';
    const socket = RUNTIME_SOCKETS.find(
      (candidate) =>
        candidate === normalised || candidate.startsWith(normalised === '/' ? '/' : `${normalised}/`),
    );
    if (socket) {
      const what = socket === normalised ? socket : `${hostPath}, which holds ${socket}`;
      report('CG-K009', at, `${owner} mounts the container runtime socket from the host: ${what}`);
    } else {
      report('CG-K010', at, `${owner} mounts hostPath ${hostPath} (volume '${volume.name ?? index}')`);
    }
  });
  if (spec.hostNetwork === true) report('CG-K011', field('hostNetwork'), `${owner} sets hostNetwork: true`);
  if (spec.hostPID === true) report('CG-K012', field('hostPID'), `${owner} sets hostPID: true`);
  if (spec.hostIPC === true) report('CG-K013', field('hostIPC'), `${owner} sets hostIPC: true`);

  if (spec.automountServiceAccountToken === true) {
    report(
      'CG-K014',
      field('automountServiceAccountToken'),
      `${owner} sets automountServiceAccountToken: true`,
    );
  } else if (spec.automountServiceAccountToken == null) {
    const accountName = spec.serviceAccountName ?? spec.serviceAccount ?? 'default';
    const account = serviceAccounts.find(
      (sa) => sa.name === accountName && sa.namespace === workload.namespace,
    );
    if (account?.automount !== false) {
      report(
        'CG-K014',
        field('automountServiceAccountToken'),
        `${owner} does not set automountServiceAccountToken: false, nor does its ServiceAccount '${accountName}' in these manifests`,
      );
    }
  }
}
