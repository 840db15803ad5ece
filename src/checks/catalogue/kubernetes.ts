import type { RuleDefinition } from '../types.js';

const PSS = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/';
const SECURITY_CONTEXT = 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/';

export const KUBERNETES_RULES: readonly RuleDefinition[] = [
  {
    id: 'CG-K001',
    scope: 'kubernetes',
    title: 'Container may run as root',
    severity: 'high',
    practice: 'runAsNonRoot',
    description:
      'Neither the container nor the pod sets runAsNonRoot: true, or runAsUser is 0: the kubelet will start the ' +
      'container as root if the image says so.',
    remediation:
      'Set runAsNonRoot: true and a non-zero runAsUser in the pod securityContext (inherited by every container).',
    example: 'spec:\n  securityContext:\n    runAsNonRoot: true\n    runAsUser: 10001',
    links: [`${PSS}#restricted`, SECURITY_CONTEXT],
  },
  {
    id: 'CG-K002',
    scope: 'kubernetes',
    title: 'Root filesystem is writable',
    severity: 'medium',
    practice: 'readOnlyRootFilesystem',
    description:
      'An attacker who gets code execution can modify binaries and drop tools in the container filesystem.',
    remediation: 'Set readOnlyRootFilesystem: true and mount an emptyDir where the application must write.',
    example:
      'securityContext:\n  readOnlyRootFilesystem: true\nvolumeMounts:\n  - { name: tmp, mountPath: /tmp }',
    links: [SECURITY_CONTEXT],
  },
  {
    id: 'CG-K003',
    scope: 'kubernetes',
    title: 'Privilege escalation allowed',
    severity: 'medium',
    practice: 'allowPrivilegeEscalation false',
    description:
      'Without allowPrivilegeEscalation: false (no_new_privs), setuid binaries and file capabilities can raise a ' +
      "process's privileges inside the container.",
    remediation: 'Set allowPrivilegeEscalation: false on every container.',
    example: 'securityContext:\n  allowPrivilegeEscalation: false',
    links: [`${PSS}#restricted`, SECURITY_CONTEXT],
  },
  {
    id: 'CG-K004',
    scope: 'kubernetes',
    title: 'Capabilities not dropped',
    severity: 'medium',
    practice: 'drop ALL capabilities',
    description:
      'The container keeps the runtime’s default capabilities (CHOWN, DAC_OVERRIDE, NET_RAW, SETUID…), more ' +
      'than almost any application needs.',
    remediation:
      'Drop ALL capabilities; add back only NET_BIND_SERVICE if the process binds a port below 1024.',
    example: 'securityContext:\n  capabilities:\n    drop: [ALL]',
    links: [`${PSS}#restricted`, SECURITY_CONTEXT],
  },
  {
    // High: an added capability such as SYS_ADMIN or NET_ADMIN is a large part of what `privileged` grants.
    id: 'CG-K005',
    scope: 'kubernetes',
    title: 'Capabilities added beyond NET_BIND_SERVICE',
    severity: 'high',
    practice: 'drop ALL capabilities',
    description:
      'The Pod Security Standards (restricted) allow adding back only NET_BIND_SERVICE; SYS_ADMIN, NET_ADMIN, ' +
      'SYS_PTRACE and others give the container powers over the node.',
    remediation:
      'Remove the capabilities from capabilities.add, or isolate the workload that truly needs them.',
    example: 'securityContext:\n  capabilities:\n    drop: [ALL]\n    add: [NET_BIND_SERVICE]',
    links: [`${PSS}#restricted`, `${PSS}#baseline`],
  },
  {
    id: 'CG-K006',
    scope: 'kubernetes',
    title: 'Seccomp profile not RuntimeDefault or Localhost',
    severity: 'medium',
    practice: 'seccomp RuntimeDefault',
    description:
      'Without a seccomp profile the container can make every system call, including the rarely used ones most ' +
      'kernel exploits rely on.',
    remediation: 'Set seccompProfile.type: RuntimeDefault in the pod securityContext.',
    example: 'spec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault',
    links: [`${PSS}#restricted`, 'https://kubernetes.io/docs/tutorials/security/seccomp/'],
  },
  {
    id: 'CG-K007',
    scope: 'kubernetes',
    title: 'No CPU or memory limit',
    severity: 'medium',
    practice: 'resource limits',
    description:
      'A container without limits can take a node’s memory or CPU: one leak or one abused endpoint degrades ' +
      'every workload scheduled beside it.',
    remediation: 'Set resources.limits.cpu and resources.limits.memory (and requests) on every container.',
    example: 'resources:\n  requests: { cpu: 100m, memory: 128Mi }\n  limits: { cpu: 500m, memory: 256Mi }',
    links: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'],
  },
  {
    id: 'CG-K008',
    scope: 'kubernetes',
    title: 'Privileged container',
    severity: 'critical',
    practice: 'no privileged pods',
    description:
      'privileged: true gives the container every capability and access to the host’s devices: it is root on ' +
      'the node.',
    remediation: 'Remove privileged: true; grant the single capability the workload needs, if any.',
    example: 'securityContext:\n  privileged: false\n  allowPrivilegeEscalation: false',
    links: [`${PSS}#baseline`, SECURITY_CONTEXT],
  },
  {
    id: 'CG-K009',
    scope: 'kubernetes',
    title: 'Container runtime socket mounted',
    severity: 'critical',
    practice: 'no docker.sock mounts',
    description:
      'A hostPath to docker.sock, containerd.sock or crio.sock (or a directory holding one) lets the pod start ' +
      'privileged containers on the node: full control of the host.',
    remediation:
      'Remove the volume. Build images with a daemonless builder (BuildKit rootless, buildah, kaniko) instead.',
    example: 'volumes:\n  - name: work\n    emptyDir: {}',
    links: [`${PSS}#baseline`, 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath'],
  },
  {
    id: 'CG-K010',
    scope: 'kubernetes',
    title: 'hostPath volume',
    severity: 'medium',
    practice: 'no hostPath volumes',
    description:
      'A hostPath volume exposes the node’s filesystem to the pod; the Pod Security Standards forbid it.',
    remediation: 'Use emptyDir, a ConfigMap/Secret, or a PersistentVolumeClaim instead.',
    example: 'volumes:\n  - name: cache\n    emptyDir: {}',
    links: [`${PSS}#baseline`, 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath'],
  },
  {
    id: 'CG-K011',
    scope: 'kubernetes',
    title: 'Host network namespace shared',
    severity: 'high',
    practice: 'no host namespaces',
    description:
      'hostNetwork: true puts the pod on the node’s network: it can reach node-local services and sniff traffic.',
    remediation: 'Remove hostNetwork: true; expose the workload through a Service.',
    example: 'spec:\n  hostNetwork: false',
    links: [`${PSS}#baseline`],
  },
  {
    id: 'CG-K012',
    scope: 'kubernetes',
    title: 'Host PID namespace shared',
    severity: 'high',
    practice: 'no host namespaces',
    description: 'hostPID: true lets the pod see and signal every process on the node.',
    remediation: 'Remove hostPID: true.',
    example: 'spec:\n  hostPID: false',
    links: [`${PSS}#baseline`],
  },
  {
    id: 'CG-K013',
    scope: 'kubernetes',
    title: 'Host IPC namespace shared',
    severity: 'high',
    practice: 'no host namespaces',
    description: 'hostIPC: true lets the pod read and write the shared memory of processes on the node.',
    remediation: 'Remove hostIPC: true.',
    example: 'spec:\n  hostIPC: false',
    links: [`${PSS}#baseline`],
  },
  {
    // Medium: most pods never call the API, yet a mounted token is the usual first step from a compromised
    // pod to the cluster; the rule passes when the pod or its ServiceAccount (in the same manifests) opts out.
    id: 'CG-K014',
    scope: 'kubernetes',
    title: 'Service account token mounted automatically',
    severity: 'medium',
    practice: 'automountServiceAccountToken false',
    description:
      'The pod gets an API token it probably never uses; whoever compromises the pod can use it against the ' +
      'Kubernetes API with the service account’s permissions.',
    remediation:
      'Set automountServiceAccountToken: false on the pod (or its ServiceAccount); mount a projected token only ' +
      'in pods that call the API.',
    example: 'spec:\n  automountServiceAccountToken: false',
    links: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting',
    ],
  },
  {
    id: 'CG-K015',
    scope: 'kubernetes',
    title: 'Image not pinned by digest',
    severity: 'medium',
    practice: 'digest-pinned images',
    description:
      'A tag can be repointed: what runs can differ from what was scanned and approved, and nodes can run ' +
      'different images under one tag.',
    remediation: 'Reference the image by digest (keep the tag for readability).',
    example: 'image: ghcr.io/acme/api:1.4.2@sha256:<64 hex digits>',
    links: ['https://kubernetes.io/docs/concepts/containers/images/#image-names'],
  },
  {
    // High, as for Dockerfiles: ':latest' changes under a running Deployment and rollbacks are impossible.
    id: 'CG-K016',
    scope: 'kubernetes',
    title: "Image uses ':latest' or no tag",
    severity: 'high',
    practice: 'digest-pinned images',
    description:
      "':latest' (or no tag) is whatever the registry holds when a node pulls: replicas can disagree and a " +
      'rollback restores nothing.',
    remediation: 'Reference a specific version, pinned by digest.',
    example: 'image: ghcr.io/acme/api:1.4.2@sha256:<64 hex digits>',
    links: [
      'https://kubernetes.io/docs/concepts/containers/images/#image-names',
      'https://kubernetes.io/docs/concepts/configuration/overview/#container-images',
    ],
  },
  {
    id: 'CG-K017',
    scope: 'kubernetes',
    title: 'Secret as a literal env value',
    severity: 'critical',
    practice: 'no secrets in images or env',
    description:
      'The manifest holds the secret in plain text: it is in the repository, in the API server, and visible to ' +
      'anyone who can read the workload.',
    remediation:
      'Move the value into a Secret (or an external secret store), rotate it, and reference it with secretKeyRef.',
    example: 'env:\n  - name: API_TOKEN\n    valueFrom:\n      secretKeyRef: { name: api, key: token }',
    links: [
      'https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables',
    ],
  },
  {
    id: 'CG-K018',
    scope: 'kubernetes',
    title: 'No default-deny ingress NetworkPolicy in the namespace',
    severity: 'medium',
    practice: 'default-deny NetworkPolicy',
    description:
      'Without a default-deny policy every pod accepts traffic from every other pod in the cluster: one ' +
      'compromised pod can reach them all.',
    remediation:
      'Add a NetworkPolicy with an empty podSelector and policyTypes [Ingress, Egress] to the namespace, then ' +
      'allow the flows each workload needs.',
    example:
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: shop\n' +
      'spec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]',
    links: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies'],
  },
  {
    // Low: ingress isolation is what stops lateral movement; egress isolation mostly limits exfiltration.
    id: 'CG-K019',
    scope: 'kubernetes',
    title: 'No default-deny egress NetworkPolicy in the namespace',
    severity: 'low',
    practice: 'default-deny NetworkPolicy',
    description:
      'Pods may open connections anywhere: a compromised pod can exfiltrate data or fetch tools. Reported once a ' +
      'default-deny ingress policy exists (without any policy, CG-K018 covers both directions).',
    remediation:
      "Include Egress in the default-deny policy's policyTypes and allow DNS and the needed destinations.",
    example:
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: shop\n' +
      'spec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]',
    links: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-egress-traffic',
    ],
  },
  {
    id: 'CG-K020',
    scope: 'kubernetes',
    title: 'Namespace does not enforce the restricted Pod Security Standard',
    severity: 'medium',
    practice: 'Pod Security admission restricted',
    description:
      'Without the enforce label, the API server accepts any pod in the namespace: the rules above are only as ' +
      'good as every future review.',
    remediation: 'Label the Namespace with pod-security.kubernetes.io/enforce: restricted.',
    example:
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n' +
      '    pod-security.kubernetes.io/enforce: restricted',
    links: ['https://kubernetes.io/docs/concepts/security/pod-security-admission/', PSS],
  },
];
