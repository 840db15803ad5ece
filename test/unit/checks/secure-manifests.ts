import { type ManifestInput, runChecks } from '../../../src/checks/index.js';
import { lineOf, mutate, readRepoFile } from './support.js';

/** The seed secure manifests (examples/secure/k8s) and ways to break one thing in them. */
export const DEPLOYMENT_PATH = 'examples/secure/k8s/deployment.yaml';
export const NAMESPACE_PATH = 'examples/secure/k8s/namespace.yaml';
export const POLICY_PATH = 'examples/secure/k8s/networkpolicy.yaml';
export const DEPLOYMENT = readRepoFile(DEPLOYMENT_PATH);
export const NAMESPACE = readRepoFile(NAMESPACE_PATH);
export const POLICY = readRepoFile(POLICY_PATH);
export const IMAGE =
  'ghcr.io/acme/api:1.4.2@sha256:f2795d2e8b4e206783962bf2b31dd977460070f821868ce95ebf283591cf3307';

export function checkManifests(files: {
  deployment?: string;
  namespace?: string | null;
  policy?: string | null;
  extra?: ManifestInput[];
}) {
  const manifests: ManifestInput[] = [{ path: DEPLOYMENT_PATH, text: files.deployment ?? DEPLOYMENT }];
  if (files.namespace !== null) manifests.push({ path: NAMESPACE_PATH, text: files.namespace ?? NAMESPACE });
  if (files.policy !== null) manifests.push({ path: POLICY_PATH, text: files.policy ?? POLICY });
  return runChecks({ manifests: [...manifests, ...(files.extra ?? [])] });
}

export const inPod = (lines: string) =>
  mutate(
    DEPLOYMENT,
    '      automountServiceAccountToken: false',
    `      automountServiceAccountToken: false\n${lines}`,
  );
export const inContainerContext = (lines: string) =>
  mutate(
    DEPLOYMENT,
    '            allowPrivilegeEscalation: false',
    `            allowPrivilegeEscalation: false\n${lines}`,
  );
export const inVolumes = (lines: string) =>
  mutate(DEPLOYMENT, '      volumes:\n', `      volumes:\n${lines}`);
export const at = (text: string, needle: string, occurrence = 1) =>
  `${DEPLOYMENT_PATH}:${lineOf(text, needle, occurrence)}`;
