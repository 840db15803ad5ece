import { z } from 'zod';
import type { Finding } from '../core/finding.js';
import { hardeningFinding } from './finding.js';
import { parseImageReference } from './image-reference.js';
import { isRootUser } from './root-user.js';
import { judgeSecret, maskedAssignment } from './secrets.js';
import type { CheckError, FindingSite, ImageConfigInput } from './types.js';

/** The runtime part of an OCI image config (`config`), as Docker's `docker inspect` also spells it (`Config`). */
const RuntimeConfig = z.looseObject({
  User: z.string().nullish(),
  Env: z.array(z.string()).nullish(),
  ExposedPorts: z.record(z.string(), z.unknown()).nullish(),
  Healthcheck: z.looseObject({ Test: z.array(z.string()).nullish() }).nullish(),
});
type RuntimeConfig = z.infer<typeof RuntimeConfig>;

const ImageConfig = z.union([
  z
    .looseObject({ config: RuntimeConfig.nullish(), rootfs: z.unknown() })
    .refine((c) => 'config' in c || 'rootfs' in c),
  z.looseObject({ Config: RuntimeConfig }),
]);

/**
 * Locations: rules about the config point at `<image name>#config` (the name without tag or digest, so that
 * the path is stable from build to build, as SARIF alert tracking needs); setuid/setgid findings point at the
 * file's in-image path without the leading slash.
 */
export function imageConfigPath(target: string): string {
  return `${parseImageReference(target).name}#config`;
}

export function checkImageConfig(input: ImageConfigInput): { findings: Finding[]; errors: CheckError[] } {
  const raw = Array.isArray(input.config) && input.config.length === 1 ? input.config[0] : input.config;
  const parsed = ImageConfig.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return {
      findings: [],
      errors: [
        {
          path: input.target,
          message: `not an OCI image config${where} (${issue?.message ?? 'unexpected shape'}); pass the image's config blob or docker inspect output`,
        },
      ],
    };
  }
  const config = (('Config' in parsed.data ? parsed.data.Config : parsed.data.config) ?? {}) as RuntimeConfig;
  const site: FindingSite = { target: input.target, path: imageConfigPath(input.target) };
  return {
    findings: [
      ...checkUser(config, site),
      ...checkEnv(config, site),
      ...checkHealthcheck(config, site),
      ...checkPorts(config, site),
      ...checkSpecialBits(input),
    ],
    errors: [],
  };
}

function checkUser(config: RuntimeConfig, site: FindingSite): Finding[] {
  const user = (config.User ?? '').trim();
  if (!isRootUser(user)) return [];
  const detail = user === '' ? 'User is not set, so the image runs as root' : `User is ${user}`;
  return [hardeningFinding('CG-I001', site, detail)];
}

function checkEnv(config: RuntimeConfig, site: FindingSite): Finding[] {
  const details: string[] = [];
  for (const entry of config.Env ?? []) {
    const equals = entry.indexOf('=');
    const name = equals === -1 ? entry : entry.slice(0, equals);
    const value = equals === -1 ? '' : entry.slice(equals + 1);
    // Every Env value is literal in the image, so a secret name with any non-empty value counts.
    const verdict = judgeSecret(name, value);
    if (verdict) details.push(`Env ${maskedAssignment(name)} ${verdict.reason}`);
  }
  return details.length === 0 ? [] : [hardeningFinding('CG-I002', site, details.sort().join('; '))];
}

function checkHealthcheck(config: RuntimeConfig, site: FindingSite): Finding[] {
  const test = config.Healthcheck?.Test ?? [];
  if (test.length > 0) return [];
  return [hardeningFinding('CG-I003', site, 'the image config has no Healthcheck')];
}

function checkPorts(config: RuntimeConfig, site: FindingSite): Finding[] {
  const privileged = Object.keys(config.ExposedPorts ?? {})
    .filter((key) => {
      const port = Number.parseInt(key.split('/', 1)[0]!, 10);
      return Number.isInteger(port) && port > 0 && port < 1024;
    })
    .sort();
  if (privileged.length === 0) return [];
  return [hardeningFinding('CG-I004', site, `ExposedPorts includes ${privileged.join(', ')}`)];
}

const SETUID = 0o4000;
const SETGID = 0o2000;
const FILE_TYPE = 0o170000;
const DIRECTORY = 0o040000;

/** setgid on a directory only makes new files inherit its group: not a privilege, not reported. */
function checkSpecialBits(input: ImageConfigInput): Finding[] {
  const findings: Finding[] = [];
  for (const file of input.files ?? []) {
    if ((file.mode & FILE_TYPE) === DIRECTORY || file.path.endsWith('/')) continue;
    const bits = [file.mode & SETUID ? 'setuid' : '', file.mode & SETGID ? 'setgid' : ''].filter(Boolean);
    if (bits.length === 0) continue;
    const path = file.path.replace(/^\/+/, '');
    findings.push(
      hardeningFinding(
        'CG-I005',
        { target: input.target, path },
        `/${path} is ${bits.join(' and ')} (mode ${(file.mode & 0o7777).toString(8).padStart(4, '0')})`,
      ),
    );
  }
  return findings;
}
