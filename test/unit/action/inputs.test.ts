import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { INPUT_DEFAULTS, type InputName, readActionInputs } from '../../../src/action/inputs.js';
import { OUTPUT_NAMES } from '../../../src/action/outputs.js';
import { toRunOptions } from '../../../src/action/run-options.js';
import { DEFAULT_SCANNERS } from '../../../src/options.js';
import { UsageError } from '../../../src/util/errors.js';
import { REPO_ROOT } from './support.js';

const actionYml = parse(readFileSync(path.resolve(REPO_ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string; description: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
};

/** An input source with the given values; everything else empty, as on a runner that passes no default. */
function source(values: Partial<Record<InputName, string>> = {}) {
  const read: string[] = [];
  return {
    read,
    get: (name: InputName) => {
      read.push(name);
      return values[name] ?? '';
    },
  };
}

function errorOf(values: Partial<Record<InputName, string>>): Error {
  try {
    readActionInputs(source(values).get);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the inputs to be refused');
}

describe('action.yml and the input reader agree', () => {
  it('reads exactly the inputs action.yml declares, no more, no fewer', () => {
    const s = source();
    readActionInputs(s.get);
    expect([...new Set(s.read)].sort()).toEqual(Object.keys(actionYml.inputs).sort());
  });

  it('applies the same defaults as action.yml when an input is empty', () => {
    for (const [name, input] of Object.entries(actionYml.inputs)) {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JavaScript template.
      if (name === 'token') expect(input.default).toBe('${{ github.token }}');
      else expect(INPUT_DEFAULTS[name as InputName], name).toBe(input.default);
    }
  });

  it('documents every input in docs/action.md, and no input that does not exist', () => {
    const doc = readFileSync(path.resolve(REPO_ROOT, 'docs/action.md'), 'utf8');
    const table = doc.slice(doc.indexOf('## Inputs'), doc.indexOf('\n## ', doc.indexOf('## Inputs') + 1));
    const documented = table
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .flatMap((line) => [...line.split('|')[1]!.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]!));
    expect(documented.sort()).toEqual(Object.keys(actionYml.inputs).sort());
  });

  it('leaves what the config file can set absent when the input is empty (inputs > file > defaults)', () => {
    const inputs = readActionInputs(source().get);
    for (const key of [
      'scanners',
      'threshold',
      'ignoreUnfixed',
      'unknownSeverity',
      'timeoutMs',
      'images',
    ] as const)
      expect(inputs[key], key).toBeUndefined();
  });

  it('defaults to the CLI default scanners', () => {
    const inputs = readActionInputs(source().get);
    const context = {
      runnerTemp: '/tmp/rt',
      workspace: '/w',
      serverUrl: '',
      apiUrl: '',
      eventName: 'push',
      runAttempt: 1,
    };
    expect(toRunOptions(inputs, context).scanners).toEqual(DEFAULT_SCANNERS);
  });

  it('declares exactly the outputs the Action sets, on node24 from dist/action/index.js', () => {
    expect(Object.keys(actionYml.outputs).sort()).toEqual([...OUTPUT_NAMES].sort());
    expect(actionYml.runs).toEqual({ using: 'node24', main: 'dist/action/index.js' });
  });
});

describe('reading inputs', () => {
  it('a bad severity is a one-line usage error naming severity and the accepted values', () => {
    const error = errorOf({ severity: 'extreme' });
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(
      'input severity: "extreme" is not a severity — use one of critical, high, medium, low, negligible',
    );
  });

  it('refuses unknown as a threshold: the gate never treats it as at or above anything', () => {
    expect(errorOf({ severity: 'unknown' }).message).toMatch(/^input severity: "unknown"/);
  });

  it.each([
    ['build', 'yes', /^input build: "yes" is not a boolean — use true or false$/],
    ['upload-sarif', 'maybe', /^input upload-sarif: "maybe" is not one of true, false, auto$/],
    ['comment', 'sometimes', /^input comment: "sometimes" is not one of off, on-failure, always$/],
    ['unknown-severity', 'loud', /^input unknown-severity: "loud" is not one of fail, warn, ignore$/],
    ['scanners', 'trivy,clair', /^input scanners: "clair" is not a scanner — choose from trivy, /],
    ['sbom', 'cyclonedx-xml', /^input sbom: "cyclonedx-xml" is not an SBOM format/],
    ['timeout', '10 minutes', /^input timeout: "10 minutes" is not a duration/],
    ['timeout', '0', /^input timeout: "0" is not a duration/],
    ['timeout', '2147484', /^input timeout: "2147484" is longer than a week/],
    ['timeout', '200h', /^input timeout: "200h" is longer than a week/],
    ['platform', 'arm64', /^input platform: "arm64" is not a platform/],
    ['sarif-category-prefix', 'a//b', /^input sarif-category-prefix: "a\/\/b" may hold only/],
    ['dockerfile', '--output=/etc/passwd', /^input dockerfile: "--output=\/etc\/passwd" starts with "-"/],
  ] as const)('input %s: %s is refused in one line', (name, value, message) => {
    const error = errorOf({ [name]: value });
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  it('takes sbom:<file> in the image input as an SBOM to re-scan, apart from the sbom input', () => {
    const inputs = readActionInputs(
      source({ image: 'sbom:out/app.cdx.json\nalpine:3.19', sbom: 'spdx-json' }).get,
    );
    expect(inputs.images).toEqual(['sbom:out/app.cdx.json', 'alpine:3.19']);
    expect(inputs.sbomFormats).toEqual(['spdx-json']);
  });

  it('refuses an image that is not a reference, naming the image input', () => {
    const error = errorOf({ image: 'alpine:3.19\n$(id)' });
    expect(error.message).toMatch(/^input image: "\$\(id\)": not an image reference/);
  });

  it('refuses control characters anywhere, which could forge workflow commands', () => {
    expect(errorOf({ exceptions: 'x\u001b[31m.yaml' }).message).toMatch(
      /^input exceptions: .* contains control characters/,
    );
  });

  it('reads several images, one per line or comma-separated, and trims them', () => {
    const inputs = readActionInputs(
      source({ image: ` alpine:3.19 \n\nghcr.io/acme/api@sha256:${'a'.repeat(64)}, busybox` }).get,
    );
    expect(inputs.images).toEqual(['alpine:3.19', `ghcr.io/acme/api@sha256:${'a'.repeat(64)}`, 'busybox']);
  });

  it('reads booleans in the YAML 1.2 spellings @actions/core accepts', () => {
    expect(readActionInputs(source({ build: 'True', summary: 'FALSE' }).get)).toMatchObject({
      build: true,
      summary: false,
    });
  });

  it('reads timeouts in seconds or with a unit', () => {
    expect(readActionInputs(source({ timeout: '90' }).get).timeoutMs).toBe(90_000);
    expect(readActionInputs(source({ timeout: '10m' }).get).timeoutMs).toBe(600_000);
    expect(readActionInputs(source({ timeout: '1h' }).get).timeoutMs).toBe(3_600_000);
  });

  it('reads the signing inputs: native by default, a KMS key only with cosign, private instance URLs', () => {
    const defaults = readActionInputs(source().get);
    expect(defaults).toMatchObject({
      signer: 'sigstore',
      sigstore: 'public-good',
      githubAttestations: 'auto',
    });
    expect(defaults.sigstoreEndpoints).toEqual({});
    expect(errorOf({ 'sign-key': 'awskms:///arn:aws:kms:us-east-1:1:key/k' }).message).toMatch(
      /^input sign-key: "awskms:.*" is a KMS key, which native signing cannot use — set signer: cosign$/,
    );
    expect(
      readActionInputs(
        source({ 'sign-key': 'awskms:///arn:aws:kms:us-east-1:1:key/k', signer: 'cosign' }).get,
      ).signKey,
    ).toBe('awskms:///arn:aws:kms:us-east-1:1:key/k');
    expect(readActionInputs(source({ 'sign-key': 'env://SIGNING_KEY' }).get).signKey).toBe(
      'env://SIGNING_KEY',
    );
    expect(readActionInputs(source({ 'tsa-url': 'https://tsa.example.com' }).get).sigstoreEndpoints).toEqual({
      tsaURL: 'https://tsa.example.com',
    });
    expect(errorOf({ 'fulcio-url': 'fulcio.example.com' })).toBeInstanceOf(UsageError);
    expect(errorOf({ sigstore: 'private' }).message).toMatch(
      /input sigstore: "private" is not one of public-good, github/,
    );
    expect(errorOf({ signer: 'notary' }).message).toMatch(/is not one of sigstore, cosign/);
  });

  describe('rescan: true and the policy its SBOM attestations are verified with', () => {
    const deployed = `ghcr.io/acme/api@sha256:${'a'.repeat(64)}`;
    const keyless = {
      rescan: 'true',
      image: deployed,
      'certificate-identity': 'https://github.com/acme/api/.github/workflows/release.yml@refs/heads/main',
      'certificate-oidc-issuer': 'https://token.actions.githubusercontent.com',
    } as const;

    it('reads a keyless policy, exact or regexp, and a key policy', () => {
      expect(readActionInputs(source(keyless).get).rescan).toEqual({
        identity: { exact: keyless['certificate-identity'] },
        issuer: { exact: keyless['certificate-oidc-issuer'] },
      });
      const regexp = readActionInputs(
        source({
          ...keyless,
          'certificate-identity': '',
          'certificate-identity-regexp': 'https://github\\.com/acme/.*',
          'trusted-root': 'trusted_root.json',
        }).get,
      ).rescan;
      expect(regexp).toMatchObject({
        identity: { regexp: 'https://github\\.com/acme/.*' },
        trustedRoot: 'trusted_root.json',
      });
      expect(
        readActionInputs(
          source({
            rescan: 'true',
            image: deployed,
            'verify-key': 'cosign.pub',
            'insecure-ignore-tlog': 'true',
          }).get,
        ).rescan,
      ).toEqual({ key: 'cosign.pub', ignoreTlog: true });
      expect(readActionInputs(source().get).rescan).toBeUndefined();
    });

    it.each([
      [
        { ...keyless, image: '' },
        /^input image: "" is empty: with rescan: true list the deployed images by digest/,
      ],
      [
        { rescan: 'true', image: deployed },
        /^rescan: keyless verify needs certificate-identity .* or pass verify-key$/,
      ],
      [
        { ...keyless, 'verify-key': 'cosign.pub' },
        /^rescan: verify-key and certificate-identity\/certificate-oidc-issuer do not go together/,
      ],
      [
        { ...keyless, 'certificate-identity-regexp': '.*' },
        /^rescan: certificate-identity and certificate-identity-regexp: pass one of them$/,
      ],
      [
        { ...keyless, 'certificate-identity': '', 'certificate-identity-regexp': '(' },
        /^rescan: certificate-identity-regexp "\(": not a regular expression/,
      ],
      [
        // ^(?:x)|(.*)$ would match any identity: the `)|(` escapes the anchors.
        { ...keyless, 'certificate-identity': '', 'certificate-identity-regexp': 'x)|(.*' },
        /^rescan: certificate-identity-regexp "x\)\|\(\.\*": not a regular expression/,
      ],
      [
        { ...keyless, 'tuf-mirror': 'https://tuf.example.com' },
        /^rescan: tuf-mirror and tuf-root go together/,
      ],
      [
        { ...keyless, image: 'ghcr.io/acme/api:1.2' },
        /^input image: ghcr\.io\/acme\/api:1\.2: re-scan by digest/,
      ],
      [
        { ...keyless, image: 'sbom:app.cdx.json' },
        /^input image: "sbom:app\.cdx\.json": rescan reads the SBOM attested/,
      ],
      [{ ...keyless, build: 'true' }, /^input build: "true" does not go with rescan: true/],
      [{ ...keyless, sign: 'true' }, /^input sign: "true" does not go with rescan: true/],
      [
        { ...keyless, dockerfile: 'Dockerfile' },
        /^input dockerfile: "Dockerfile" does not go with rescan: true/,
      ],
      [{ ...keyless, manifests: 'k8s/' }, /^input manifests: "k8s\/" does not go with rescan: true/],
      [
        { 'certificate-identity': keyless['certificate-identity'] },
        /^input certificate-identity: .* applies to rescan: true only/,
      ],
    ])('refuses %j with one line naming the input', (values, message) => {
      const error = errorOf(values as Partial<Record<InputName, string>>);
      expect(error).toBeInstanceOf(UsageError);
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain('\n');
    });
  });

  it('reads sbom: none as no SBOM at all', () => {
    expect(readActionInputs(source({ sbom: 'none' }).get).sbomFormats).toEqual([]);
  });

  it('turns the category prefix into a lower-case category segment', () => {
    expect(
      readActionInputs(source({ 'sarif-category-prefix': 'Services/API' }).get).sarifCategoryPrefix,
    ).toBe('services/api/');
  });
});
