import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { errorMessage } from '../util/errors.js';
import type { GitHubClient } from './github-client.js';

/**
 * SARIF to code scanning through the REST API, the way github/codeql-action's upload-lib does it:
 * `POST /repos/{owner}/{repo}/code-scanning/sarifs` with the file gzip-compressed and base64-encoded, then
 * `GET …/sarifs/{id}` until GitHub has processed it. Reasons the repository cannot take an upload (a fork's
 * read-only token, code scanning not enabled) come back as `skipped`, not as errors: they say nothing about the
 * image, and the gate's verdict is the step's exit code, never the upload.
 */
export interface SarifUploadRequest {
  owner: string;
  repo: string;
  commitSha: string;
  ref: string;
  /** `file:///…` of the checkout, so GitHub can relativise absolute paths. */
  checkoutUri?: string;
  toolName: string;
}

export interface PollingOptions {
  initialDelayMs: number;
  maxDelayMs: number;
  /** Bounded: processing normally takes seconds; past this the step moves on and says so. */
  maxWaitMs: number;
  signal?: AbortSignal;
}

export const DEFAULT_POLLING: PollingOptions = {
  initialDelayMs: 2000,
  maxDelayMs: 15_000,
  maxWaitMs: 120_000,
};

/** github/docs, "SARIF support for code scanning": at most 10 MB per gzip-compressed upload. */
export const MAX_SARIF_GZIP_BYTES = 10_000_000;

export type SkipReason = 'forbidden' | 'not-enabled' | 'not-found' | 'too-large';

export type SarifUploadResult =
  | { status: 'complete'; sarifId: string; analysesUrl?: string }
  | { status: 'pending'; sarifId: string; waitedMs: number }
  | { status: 'skipped'; reason: SkipReason; message: string }
  | { status: 'failed'; message: string; errors: string[] };

export function encodeSarif(text: string): { payload: string; gzipBytes: number } {
  const gzipped = gzipSync(Buffer.from(text, 'utf8'));
  return { payload: gzipped.toString('base64'), gzipBytes: gzipped.length };
}

export async function uploadSarif(
  client: GitHubClient,
  sarifText: string,
  request: SarifUploadRequest,
  polling: PollingOptions = DEFAULT_POLLING,
): Promise<SarifUploadResult> {
  const { payload, gzipBytes } = encodeSarif(sarifText);
  if (gzipBytes > MAX_SARIF_GZIP_BYTES) {
    return {
      status: 'skipped',
      reason: 'too-large',
      message: `the SARIF is ${formatMegabytes(gzipBytes)} gzip-compressed, over GitHub's ${formatMegabytes(MAX_SARIF_GZIP_BYTES)} limit`,
    };
  }
  let sarifId: string;
  try {
    const response = await client.rest.codeScanning.uploadSarif({
      owner: request.owner,
      repo: request.repo,
      commit_sha: request.commitSha,
      ref: request.ref,
      sarif: payload,
      tool_name: request.toolName,
      ...(request.checkoutUri ? { checkout_uri: request.checkoutUri } : {}),
    });
    if (!response.data.id)
      return { status: 'failed', message: 'GitHub accepted the upload but returned no id', errors: [] };
    sarifId = response.data.id;
  } catch (error) {
    return classifyUploadError(error, gzipBytes);
  }
  return waitForProcessing(client, request, sarifId, polling);
}

async function waitForProcessing(
  client: GitHubClient,
  request: SarifUploadRequest,
  sarifId: string,
  polling: PollingOptions,
): Promise<SarifUploadResult> {
  let waited = 0;
  let delay = polling.initialDelayMs;
  while (waited < polling.maxWaitMs) {
    const step = Math.min(delay, polling.maxWaitMs - waited);
    await sleep(step, undefined, polling.signal ? { signal: polling.signal } : undefined);
    waited += step;
    delay = Math.min(delay * 2, polling.maxDelayMs);
    try {
      const { data } = await client.rest.codeScanning.getSarif({
        owner: request.owner,
        repo: request.repo,
        sarif_id: sarifId,
      });
      if (data.processing_status === 'complete') {
        return {
          status: 'complete',
          sarifId,
          ...(data.analyses_url ? { analysesUrl: data.analyses_url } : {}),
        };
      }
      if (data.processing_status === 'failed') {
        const errors = [...(data.errors ?? [])];
        return {
          status: 'failed',
          message: `GitHub could not process the SARIF${errors.length > 0 ? `: ${errors.join('; ')}` : ''}`,
          errors,
        };
      }
    } catch (error) {
      // Right after the upload the id may not be visible yet (codeql-action keeps polling on 404 too).
      if (statusOf(error) !== 404) return classifyUploadError(error, undefined);
    }
  }
  return { status: 'pending', sarifId, waitedMs: waited };
}

function classifyUploadError(error: unknown, gzipBytes: number | undefined): SarifUploadResult {
  const status = statusOf(error);
  const message = apiMessage(error);
  if (status === 403) {
    if (
      /advanced security|code security|code scanning is not enabled|not enabled for this repository/i.test(
        message,
      )
    ) {
      return {
        status: 'skipped',
        reason: 'not-enabled',
        message: `code scanning is not enabled for this repository (private repositories need GitHub Code Security): ${message}`,
      };
    }
    return {
      status: 'skipped',
      reason: 'forbidden',
      message:
        `the token may not upload code scanning results (${message}): a pull request from a fork gets a read-only ` +
        'token, otherwise grant `permissions: security-events: write`',
    };
  }
  if (status === 404) {
    return {
      status: 'skipped',
      reason: 'not-found',
      message: `GitHub answered 404 (${message}): the repository or its code scanning is not visible to this token`,
    };
  }
  if (status === 413) {
    const size = gzipBytes === undefined ? '' : ` (${formatMegabytes(gzipBytes)} gzip-compressed)`;
    return {
      status: 'skipped',
      reason: 'too-large',
      message: `GitHub refused the SARIF as too large${size}: ${message}`,
    };
  }
  return {
    status: 'failed',
    message: `upload failed${status ? ` with HTTP ${status}` : ''}: ${message}`,
    errors: [],
  };
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** GitHub's own words (`response.data.message`) when it sent some, else the error's message. */
function apiMessage(error: unknown): string {
  const data = (error as { response?: { data?: unknown } } | undefined)?.response?.data;
  if (data && typeof data === 'object' && 'message' in data && typeof data.message === 'string')
    return data.message;
  return errorMessage(error);
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
