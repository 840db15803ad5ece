import type { Finding } from '../../core/finding.js';
import type { CheckError, ManifestInput } from '../types.js';
import { type ManifestDocument, parseManifest } from './documents.js';
import { checkNamespaces } from './namespace-rules.js';
import { collectObjects } from './objects.js';
import { checkWorkload } from './pod-rules.js';

/**
 * All manifests are read together: a NetworkPolicy or ServiceAccount in one file applies to workloads in
 * another. A file with a syntax error is reported and left out; the others are still checked.
 */
export function checkManifests(manifests: readonly ManifestInput[]): {
  findings: Finding[];
  errors: CheckError[];
  warnings: string[];
  notChecked: string[];
} {
  const documents: ManifestDocument[] = [];
  const errors: CheckError[] = [];
  const warnings: string[] = [];
  const notChecked: string[] = [];
  for (const manifest of manifests) {
    const parsed = parseManifest(manifest);
    if (parsed.kind === 'documents') {
      for (const document of parsed.documents) documents.push(document);
    } else if (parsed.kind === 'skipped') {
      warnings.push(parsed.warning);
      notChecked.push(manifest.path);
    } else for (const error of parsed.errors) errors.push(error);
  }
  const objects = collectObjects(documents);
  for (const error of objects.errors) errors.push(error);
  // A workload whose spec failed validation is not in `objects`; its file is in `errors`, so the run fails.
  const findings = [
    ...objects.workloads.flatMap((workload) => checkWorkload(workload, objects.serviceAccounts)),
    ...checkNamespaces(objects),
  ];
  return { findings, errors, warnings, notChecked };
}
