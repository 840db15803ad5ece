import type { RuleDefinition } from '../types.js';

const OCI_CONFIG = 'https://github.com/opencontainers/image-spec/blob/main/config.md';

export const IMAGE_RULES: readonly RuleDefinition[] = [
  {
    id: 'CG-I001',
    scope: 'image',
    title: 'Image runs as root',
    severity: 'high',
    practice: 'non-root user',
    description:
      "The image config's User is empty, root or 0: unless the orchestrator overrides it, the container runs as root.",
    remediation: 'Set a numeric non-root USER in the final stage of the Dockerfile and rebuild.',
    example: 'USER 65532:65532\n# image config: "User": "65532:65532"',
    links: [OCI_CONFIG, 'https://docs.docker.com/build/building/best-practices/#user'],
  },
  {
    id: 'CG-I002',
    scope: 'image',
    title: 'Secret in the image environment',
    severity: 'critical',
    practice: 'no secrets in images or env',
    description:
      'An Env entry of the image config holds a secret-shaped value or a value under a secret name: anyone who can ' +
      'pull the image can read it with `docker inspect`.',
    remediation:
      'Remove the ENV from the Dockerfile, rotate the secret, and inject it at run time from a secret store.',
    example:
      '# Kubernetes\nenv:\n  - name: API_TOKEN\n    valueFrom:\n      secretKeyRef: { name: api, key: token }',
    links: ['https://docs.docker.com/build/building/secrets/', OCI_CONFIG],
  },
  {
    id: 'CG-I003',
    scope: 'image',
    title: 'No HEALTHCHECK in the image config',
    severity: 'low',
    practice: 'health checks',
    description:
      'Docker and Compose cannot tell a hung process from a healthy one. (Kubernetes uses probes instead; a ' +
      'HEALTHCHECK NONE records that decision and passes.)',
    remediation: 'Add a HEALTHCHECK to the Dockerfile, or HEALTHCHECK NONE when probes are used instead.',
    example: 'HEALTHCHECK --interval=30s --timeout=3s CMD ["/app", "healthcheck"]',
    links: ['https://docs.docker.com/reference/dockerfile/#healthcheck'],
  },
  {
    // Low: exposing a port binds nothing, but a port below 1024 usually means the process expects root or
    // NET_BIND_SERVICE, which the non-root and capability rules then have to grant.
    id: 'CG-I004',
    scope: 'image',
    title: 'Privileged port exposed',
    severity: 'low',
    practice: 'non-root user',
    description:
      'The image exposes a port below 1024: binding it needs root or CAP_NET_BIND_SERVICE, which a hardened ' +
      'runtime drops.',
    remediation:
      'Listen on an unprivileged port (8080, 8443…) and map it to 80/443 in the Service or load balancer.',
    example: 'EXPOSE 8080\n# Service: port 80 → targetPort 8080',
    links: [OCI_CONFIG, 'https://docs.docker.com/reference/dockerfile/#expose'],
  },
  {
    id: 'CG-I005',
    scope: 'image',
    title: 'setuid or setgid file in the image',
    severity: 'medium',
    practice: 'non-root user',
    description:
      'A setuid/setgid executable runs with its owner’s or group’s privileges: a way back to root for a process ' +
      'that was started unprivileged.',
    remediation:
      'Remove the bits in the Dockerfile (or remove the binary), and set allowPrivilegeEscalation: false so the ' +
      'kernel ignores them at run time.',
    example: 'RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +',
    links: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
      'https://man7.org/linux/man-pages/man2/execve.2.html',
    ],
  },
];
