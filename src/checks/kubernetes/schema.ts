import { z } from 'zod';

/**
 * The parts of Kubernetes objects the rules read, loose about everything else. A field of the wrong type
 * (`privileged: "yes"`) is an error for the file, not a pass: the API server would reject or coerce it.
 */
const Quantity = z.union([z.string(), z.number()]);

export const SecurityContext = z.looseObject({
  runAsNonRoot: z.boolean().nullish(),
  runAsUser: z.number().int().nullish(),
  readOnlyRootFilesystem: z.boolean().nullish(),
  allowPrivilegeEscalation: z.boolean().nullish(),
  privileged: z.boolean().nullish(),
  capabilities: z
    .looseObject({ add: z.array(z.string()).nullish(), drop: z.array(z.string()).nullish() })
    .nullish(),
  seccompProfile: z.looseObject({ type: z.string().nullish() }).nullish(),
});
export type SecurityContext = z.infer<typeof SecurityContext>;

export const EnvVar = z.looseObject({
  name: z.string(),
  value: z.union([z.string(), z.number(), z.boolean()]).nullish(),
  valueFrom: z.unknown().optional(),
});

export const Container = z.looseObject({
  name: z.string().nullish(),
  image: z.string().nullish(),
  env: z.array(EnvVar).nullish(),
  securityContext: SecurityContext.nullish(),
  resources: z
    .looseObject({
      limits: z.record(z.string(), Quantity.nullish()).nullish(),
      requests: z.record(z.string(), Quantity.nullish()).nullish(),
    })
    .nullish(),
});
export type Container = z.infer<typeof Container>;

export const Volume = z.looseObject({
  name: z.string().nullish(),
  hostPath: z.looseObject({ path: z.string() }).nullish(),
});

export const PodSpec = z.looseObject({
  containers: z.array(Container).nullish(),
  initContainers: z.array(Container).nullish(),
  ephemeralContainers: z.array(Container).nullish(),
  securityContext: SecurityContext.nullish(),
  hostNetwork: z.boolean().nullish(),
  hostPID: z.boolean().nullish(),
  hostIPC: z.boolean().nullish(),
  automountServiceAccountToken: z.boolean().nullish(),
  serviceAccountName: z.string().nullish(),
  serviceAccount: z.string().nullish(),
  volumes: z.array(Volume).nullish(),
});
export type PodSpec = z.infer<typeof PodSpec>;

export const Metadata = z.looseObject({
  name: z.string().nullish(),
  namespace: z.string().nullish(),
  labels: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).nullish()).nullish(),
});

/** Any object: what every document must at least be to be recognised. */
export const KubernetesObject = z.looseObject({
  apiVersion: z.string().nullish(),
  kind: z.string(),
  metadata: Metadata.nullish(),
});

const LabelSelector = z.looseObject({
  matchLabels: z.record(z.string(), z.unknown()).nullish(),
  matchExpressions: z.array(z.unknown()).nullish(),
});

export const NetworkPolicySpec = z.looseObject({
  podSelector: LabelSelector.nullish(),
  policyTypes: z.array(z.string()).nullish(),
  ingress: z.array(z.unknown()).nullish(),
  egress: z.array(z.unknown()).nullish(),
});
export type NetworkPolicySpec = z.infer<typeof NetworkPolicySpec>;

export const ServiceAccount = z.looseObject({ automountServiceAccountToken: z.boolean().nullish() });
