import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../core/report.js';
import { oneLine } from '../errors.js';
import { attestImage, signImage } from '../sign/cosign.js';
import { githubInvocation, vulnPredicate } from '../sign/predicate.js';
import type { ToolCache } from '../tools/cache.js';
import { findOrInstallTool } from '../tools/install.js';
import { VERSION } from '../version.js';

export interface SignStepOptions {
  /** Key file, env://VAR or KMS URI; keyless (GitHub OIDC, `id-token: write`) when absent. */
  key?: string;
  installMissing: boolean;
  cache: ToolCache;
  /** Where the vuln predicate is written (RUNNER_TEMP on a runner). */
  tempDir?: string;
  log: (line: string) => void;
}

export interface SignStepResult {
  /** `name@sha256:…` of every image signed. */
  signed: string[];
  /** One line when signing failed: the step then fails as a run error (exit 2). */
  failure?: string;
}

/**
 * `sign: true`: after a passing gate, every scanned registry image is signed by the digest that was scanned, with
 * its CycloneDX SBOM and the scan result (cosign's vuln predicate, vulnerabilities only) attested. An image the
 * gate did not pass is never signed; an image known only by tag or as a local build has no digest to sign.
 */
export async function signStep(report: Report, opts: SignStepOptions): Promise<SignStepResult> {
  const targets = report.targets.filter((t) => t.kind === 'reference' && t.digest);
  if (targets.length === 0) {
    return {
      signed: [],
      failure:
        'sign: true, but no scanned image has a registry digest — push the image first and scan the pushed reference (name:tag or name@sha256:…)',
    };
  }
  const cosign = await findOrInstallTool('cosign', {
    installMissing: opts.installMissing,
    cache: opts.cache,
  }).catch((error: Error) => ({ error }));
  if (!cosign || 'error' in cosign) {
    const why = cosign && 'error' in cosign ? `: ${oneLine(cosign.error.message)}` : '';
    return {
      signed: [],
      failure: `sign: cosign not found${why} — add sigstore/cosign-installer before this step or set install-missing: true`,
    };
  }
  const dir = await mkdtemp(join(opts.tempDir ?? tmpdir(), 'container-gate-sign-'));
  const signed: string[] = [];
  try {
    for (const target of targets) {
      const reference = `${target.name}@${target.digest}`;
      const common = { cosign: cosign.path, ...(opts.key ? { key: opts.key } : {}) };
      await signImage(reference, common);
      opts.log(`signed ${reference}`);
      const sbom = report.sboms.find((s) => s.target === target.display && s.format === 'cyclonedx-json');
      if (sbom) {
        await attestImage(reference, { ...common, type: 'cyclonedx', predicate: sbom.path });
        opts.log(`attested the CycloneDX SBOM to ${reference}`);
      }
      const predicate = join(dir, `vuln-${signed.length}.json`);
      const now = new Date();
      const body = vulnPredicate(report, {
        version: VERSION,
        startedOn: now,
        finishedOn: now,
        target: target.display,
        invocation: githubInvocation(process.env),
      });
      await writeFile(predicate, `${JSON.stringify(body, null, 2)}\n`);
      await attestImage(reference, { ...common, type: 'vuln', predicate });
      opts.log(`attested the scan result to ${reference}`);
      signed.push(reference);
    }
    return { signed };
  } catch (error) {
    return { signed, failure: `sign: ${oneLine((error as Error).message)}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
