import type { z } from 'zod';
import type { CheckError } from '../types.js';
import type { ManifestDocument, YamlPath } from './documents.js';
import {
  KubernetesObject,
  NetworkPolicySpec,
  type NetworkPolicySpec as NetworkPolicySpecType,
  PodSpec,
  type PodSpec as PodSpecType,
  ServiceAccount,
} from './schema.js';

/**
 * Where each workload kind keeps its pod spec. Kinds not listed are not workloads and are ignored. A Map: `kind:
 * constructor`, `toString` or `__proto__` must find nothing, not Object.prototype's members (issue 14 item 10).
 */
const POD_SPEC_PATHS: ReadonlyMap<string, YamlPath> = new Map([
  ['Pod', ['spec']],
  ['Deployment', ['spec', 'template', 'spec']],
  ['StatefulSet', ['spec', 'template', 'spec']],
  ['DaemonSet', ['spec', 'template', 'spec']],
  ['ReplicaSet', ['spec', 'template', 'spec']],
  ['ReplicationController', ['spec', 'template', 'spec']],
  ['Job', ['spec', 'template', 'spec']],
  ['CronJob', ['spec', 'jobTemplate', 'spec', 'template', 'spec']],
]);

/** Manifests without a namespace land where kubectl puts them without `-n`. */
export const DEFAULT_NAMESPACE = 'default';

interface Located {
  doc: ManifestDocument;
  /** From the document root to the object (non-empty inside a `kind: List`). */
  base: YamlPath;
  name: string;
  namespace: string;
}

export interface Workload extends Located {
  kind: string;
  specPath: YamlPath;
  spec: PodSpecType;
}

export interface NetworkPolicyObject extends Located {
  spec: NetworkPolicySpecType;
}

export interface NamespaceObject extends Located {
  labels: Record<string, unknown>;
}

export interface ServiceAccountObject extends Located {
  automount: boolean | undefined;
}

export interface ManifestObjects {
  workloads: Workload[];
  networkPolicies: NetworkPolicyObject[];
  namespaces: NamespaceObject[];
  serviceAccounts: ServiceAccountObject[];
  errors: CheckError[];
}

export function collectObjects(documents: readonly ManifestDocument[]): ManifestObjects {
  const objects: ManifestObjects = {
    workloads: [],
    networkPolicies: [],
    namespaces: [],
    serviceAccounts: [],
    errors: [],
  };
  for (const doc of documents) {
    // Iterative: Lists inside Lists, however deep, cannot exhaust the stack.
    const pending: { value: unknown; base: YamlPath }[] = [{ value: doc.value, base: [] }];
    while (pending.length > 0) {
      const { value, base } = pending.pop()!;
      const items = visit(doc, value, base, objects);
      for (let i = items.length - 1; i >= 0; i--)
        pending.push({ value: items[i], base: [...base, 'items', i] });
    }
  }
  return objects;
}

/** Records one object; a `kind: List` returns its items, to be visited in turn. */
function visit(
  doc: ManifestDocument,
  value: unknown,
  base: YamlPath,
  out: ManifestObjects,
): readonly unknown[] {
  const parsed = KubernetesObject.safeParse(value);
  // Not a Kubernetes object (a values file, a CI config, an empty document): nothing to check.
  if (!parsed.success) return [];
  const object = parsed.data;
  if (object.kind === 'List' && Array.isArray(object.items)) return object.items;
  const located: Located = {
    doc,
    base,
    name: object.metadata?.name ?? '(unnamed)',
    namespace: object.metadata?.namespace ?? DEFAULT_NAMESPACE,
  };
  const specPath = POD_SPEC_PATHS.get(object.kind);
  if (specPath) {
    const spec = validate(doc, [...base, ...specPath], at(value, specPath) ?? {}, PodSpec, out);
    if (spec) out.workloads.push({ ...located, kind: object.kind, specPath: [...base, ...specPath], spec });
  } else if (object.kind === 'NetworkPolicy') {
    const spec = validate(doc, [...base, 'spec'], at(value, ['spec']) ?? {}, NetworkPolicySpec, out);
    if (spec) out.networkPolicies.push({ ...located, spec });
  } else if (object.kind === 'Namespace') {
    out.namespaces.push({ ...located, namespace: located.name, labels: object.metadata?.labels ?? {} });
  } else if (object.kind === 'ServiceAccount') {
    const account = validate(doc, base, value, ServiceAccount, out);
    if (account)
      out.serviceAccounts.push({ ...located, automount: account.automountServiceAccountToken ?? undefined });
  }
  return [];
}

function validate<T extends z.ZodType>(
  doc: ManifestDocument,
  path: YamlPath,
  value: unknown,
  schema: T,
  out: ManifestObjects,
): z.infer<T> | undefined {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const issuePath = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const line = doc.lineOf([...path, ...issuePath]);
  const field = [...path, ...issuePath].join('.');
  out.errors.push({
    path: doc.path,
    line,
    message: `${field}: ${issue.message}; fix the field (Kubernetes would reject or misread it)`,
  });
  return undefined;
}

function at(value: unknown, path: YamlPath): unknown {
  let node = value;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}
