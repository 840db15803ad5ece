import { describe, expect, it } from 'vitest';
import { type ImageConfigInput, imageConfigPath, RULES, runChecks } from '../../../src/checks/index.js';
import { sites } from './support.js';

const TARGET = 'ghcr.io/acme/api:1.4.2';
const CONFIG_PATH = 'ghcr.io/acme/api#config';

/** Hand-made: the OCI image config of a hardened image (non-root, healthcheck, unprivileged port). */
function secureConfig() {
  return {
    architecture: 'amd64',
    os: 'linux',
    config: {
      User: '65532:65532',
      Env: ['PATH=/usr/local/bin:/usr/bin:/bin', 'SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt'],
      ExposedPorts: { '8080/tcp': {} } as Record<string, object>,
      Healthcheck: { Test: ['CMD', '/app/server', '-healthcheck'] },
      Entrypoint: ['/app/server'],
    },
    rootfs: { type: 'layers', diff_ids: [] as string[] },
  };
}

function check(config: unknown, files?: ImageConfigInput['files']) {
  return runChecks({ imageConfigs: [{ target: TARGET, config, ...(files ? { files } : {}) }] });
}

function withConfig(change: (config: ReturnType<typeof secureConfig>['config']) => void) {
  const image = secureConfig();
  change(image.config);
  return image;
}

describe('image config rules', () => {
  it('finds nothing in a non-root image with a healthcheck and no secrets', () => {
    expect(check(secureConfig())).toEqual({ findings: [], errors: [], warnings: [], notChecked: [] });
  });

  it('reports root for an empty User, root, 0 and 0:0, at <image name>#config', () => {
    for (const user of ['', 'root', '0', '0:0', 'root:root']) {
      const outcome = check(
        withConfig((c) => {
          c.User = user;
        }),
      );
      expect(sites(outcome.findings)).toEqual([`CG-I001@${CONFIG_PATH}:-`]);
      expect(outcome.findings[0]!.target).toBe(TARGET);
    }
  });

  it('names the config location without tag or digest, so that it is stable from build to build', () => {
    expect(imageConfigPath(`ghcr.io/acme/api@sha256:${'c'.repeat(64)}`)).toBe(CONFIG_PATH);
    expect(imageConfigPath('localhost:5000/api:dev')).toBe('localhost:5000/api#config');
  });

  it('reports secrets in Env with the shared detector and never their values', () => {
    const token = 'ghp_FAKEtokenForContainerGateDemo0000000';
    const outcome = check(
      withConfig((c) => {
        c.Env.push('API_TOKEN=s3cr3t-value', `GREETING=${token}`, 'DB_PASSWORD=');
      }),
    );
    expect(sites(outcome.findings)).toEqual([`CG-I002@${CONFIG_PATH}:-`]);
    expect(outcome.findings[0]!.description).toContain('API_TOKEN=***');
    expect(outcome.findings[0]!.description).toContain('GREETING=***');
    expect(outcome.findings[0]!.description).not.toContain('DB_PASSWORD');
    const serialised = JSON.stringify(outcome);
    expect(serialised).not.toContain('s3cr3t-value');
    expect(serialised).not.toContain(token);
  });

  it('reports a missing Healthcheck, and accepts HEALTHCHECK NONE as a decision', () => {
    const none = check(
      withConfig((c) => {
        c.Healthcheck = { Test: ['NONE'] };
      }),
    );
    expect(none.findings).toEqual([]);
    const missing = secureConfig() as { config: Record<string, unknown> };
    delete missing.config.Healthcheck;
    expect(sites(check(missing).findings)).toEqual([`CG-I003@${CONFIG_PATH}:-`]);
  });

  it('reports exposed ports below 1024', () => {
    const outcome = check(
      withConfig((c) => {
        c.ExposedPorts = { '80/tcp': {}, '443/tcp': {}, '8080/tcp': {} };
      }),
    );
    expect(sites(outcome.findings)).toEqual([`CG-I004@${CONFIG_PATH}:-`]);
    expect(outcome.findings[0]!.description).toContain('443/tcp, 80/tcp');
  });

  it('reports setuid and setgid files at their in-image path, not directories with setgid', () => {
    const files = [
      { path: '/usr/bin/passwd', mode: 0o104755 },
      { path: 'usr/bin/wall', mode: 0o2755 },
      { path: '/var/mail/', mode: 0o042775 },
      { path: '/usr/local/share/fonts', mode: 0o042775 },
      { path: '/app/server', mode: 0o100755 },
    ];
    const outcome = check(secureConfig(), files);
    expect(sites(outcome.findings).sort()).toEqual(['CG-I005@usr/bin/passwd:-', 'CG-I005@usr/bin/wall:-']);
    expect(outcome.findings.find((f) => f.location?.path === 'usr/bin/passwd')!.description).toContain(
      'setuid',
    );
  });

  it('reads docker inspect output (Config, in a one-element array)', () => {
    const inspect = [
      { Id: 'sha256:x', Config: { User: '', Env: [], ExposedPorts: null, Healthcheck: null } },
    ];
    expect(sites(check(inspect).findings).sort()).toEqual([
      `CG-I001@${CONFIG_PATH}:-`,
      `CG-I003@${CONFIG_PATH}:-`,
    ]);
  });

  it('reports input that is not an image config as an error naming the image, not as zero findings', () => {
    for (const config of [{ hello: 'world' }, 'text', null, { config: { User: 7 } }]) {
      const outcome = check(config);
      expect(outcome.findings).toEqual([]);
      expect(outcome.errors).toEqual([
        expect.objectContaining({ path: TARGET, message: expect.stringMatching(/^not an OCI image config/) }),
      ]);
    }
  });

  it('implements every image config rule of the catalogue', () => {
    const worst = withConfig((c) => {
      c.User = '';
      c.Env.push('API_TOKEN=s3cr3t-value');
      c.ExposedPorts = { '22/tcp': {} };
      c.Healthcheck = { Test: [] };
    });
    const found = new Set(check(worst, [{ path: '/bin/su', mode: 0o104755 }]).findings.map((f) => f.id));
    expect([...found].sort()).toEqual(RULES.filter((r) => r.scope === 'image').map((r) => r.id));
  });
});
