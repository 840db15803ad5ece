import type { Finding } from '../../core/finding.js';
import { hardeningFinding } from '../finding.js';
import type { YamlPath } from './documents.js';
import type { ManifestObjects, NetworkPolicyObject } from './objects.js';

const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

/**
 * A default-deny policy for a direction selects every pod (empty podSelector), covers the direction, and
 * allows nothing in it. When policyTypes is absent Kubernetes infers Ingress, plus Egress if egress rules exist.
 */
export function isDefaultDeny(policy: NetworkPolicyObject, direction: 'Ingress' | 'Egress'): boolean {
  const { spec } = policy;
  const selector = spec.podSelector ?? {};
  const selectsAll =
    Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
  const rules = direction === 'Ingress' ? spec.ingress : spec.egress;
  const types = spec.policyTypes ?? (spec.egress != null ? ['Ingress', 'Egress'] : ['Ingress']);
  return selectsAll && types.includes(direction) && (rules ?? []).length === 0;
}

/**
 * Network isolation is judged per namespace, over every manifest given: one finding per namespace that has
 * workloads and no default-deny, at its first workload. Egress is reported only once ingress is denied, so a
 * namespace without any policy gets one finding whose fix covers both.
 */
export function checkNamespaces(objects: ManifestObjects): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const workload of objects.workloads) {
    if (seen.has(workload.namespace)) continue;
    seen.add(workload.namespace);
    const policies = objects.networkPolicies.filter((policy) => policy.namespace === workload.namespace);
    const line = workload.doc.lineOf([...workload.base, 'kind']);
    const site = { target: workload.doc.path, path: workload.doc.path, startLine: line, endLine: line };
    const where = `namespace '${workload.namespace}' (first workload: ${workload.kind} '${workload.name}')`;
    if (!policies.some((policy) => isDefaultDeny(policy, 'Ingress'))) {
      findings.push(
        hardeningFinding(
          'CG-K018',
          site,
          `${where} has no default-deny ingress NetworkPolicy in these manifests`,
        ),
      );
    } else if (!policies.some((policy) => isDefaultDeny(policy, 'Egress'))) {
      findings.push(hardeningFinding('CG-K019', site, `${where} denies ingress by default but not egress`));
    }
  }
  for (const namespace of objects.namespaces) {
    const value = namespace.labels[ENFORCE_LABEL];
    if (value === 'restricted') continue;
    const path: YamlPath = [...namespace.base, 'metadata', 'labels', ENFORCE_LABEL];
    const line = namespace.doc.lineOf(value == null ? [...namespace.base, 'metadata', 'name'] : path);
    const why = value == null ? `has no ${ENFORCE_LABEL} label` : `has ${ENFORCE_LABEL}: ${String(value)}`;
    findings.push(
      hardeningFinding(
        'CG-K020',
        { target: namespace.doc.path, path: namespace.doc.path, startLine: line, endLine: line },
        `Namespace '${namespace.name}' ${why}`,
      ),
    );
  }
  return findings;
}
