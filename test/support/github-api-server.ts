import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * A stand-in for api.github.com on 127.0.0.1 (random port) that CHECKS every request against GitHub's official
 * OpenAPI description (@octokit/openapi, generated/api.github.com.json): the method and path must be a documented
 * operation, path and query parameters must have their documented types, and the JSON body must satisfy the
 * operation's request schema (required fields, types, formats, no unknown fields where the schema says so). A request
 * that does not gets a 422 and is recorded in `violations`, which every test asserts empty. Replies are the ones
 * GitHub documents for the operation, and are themselves validated against the documented response schema.
 */

export type UploadReply =
  | 'accept'
  | 'forbidden-fork'
  | 'forbidden-no-ghas'
  | 'not-found'
  | 'too-large'
  | 'rate-limited'
  | 'server-error'
  | 'unavailable';

export type CommentReply = 'ok' | 'forbidden-fork';

export interface GitHubApiScenario {
  /** Replies to successive SARIF uploads; once used up, every upload is accepted. */
  uploads?: UploadReply[];
  /** `pending` replies to status polls before the outcome. */
  pendingPolls?: number;
  /** What processing ends in. */
  processing?: { status: 'complete' } | { status: 'failed'; errors: string[] };
  /** Replies to comment writes (create and update); once used up, `ok`. */
  commentWrites?: CommentReply[];
  /** Unrelated comments already on each pull request (more than a page of 100 makes the client paginate). */
  existingComments?: number;
  /** Replies to attestation writes; once used up, each is stored. */
  attestationWrites?: 'forbidden'[];
  /** Workflow artifacts of the repository (list-artifacts-for-repo), each downloadable as its zip. */
  artifacts?: StoredArtifact[];
  /** The files each pull request changes (pulls/list-files); none when absent. `unprocessable` answers 422. */
  pullRequestFiles?: { filename: string; previous_filename?: string }[] | 'unprocessable';
}

export interface StoredArtifact {
  id: number;
  name: string;
  /** The branch of the run that uploaded it (`workflow_run.head_branch`). */
  branch: string;
  /** The run came from a fork's pull request (`workflow_run.head_repository_id` is another repository). */
  fromFork?: boolean;
  createdAt: string;
  expired?: boolean;
  zip: Buffer;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  operationId?: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  status: number;
}

export interface UploadedSarif {
  body: Record<string, unknown>;
  /** The SARIF log the upload carried, decoded from base64(gzip(json)). */
  sarif: unknown;
}

export interface IssueComment {
  id: number;
  body: string;
  [key: string]: unknown;
}

export interface GitHubApiServer {
  url: string;
  token: string;
  requests: RecordedRequest[];
  violations: string[];
  uploads: UploadedSarif[];
  /** Comments per issue number, in creation order. */
  comments: Map<number, IssueComment[]>;
  /** Bundles stored with POST /repos/{owner}/{repo}/attestations, in order. */
  attestations: { owner: string; repo: string; bundle: Record<string, unknown> }[];
  scenario: GitHubApiScenario;
  close(): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is explored freely, checked by ajv where it matters.
type OpenApiNode = any;

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  literalSegments: number;
  operationId: string;
  spec: OpenApiNode;
}

const SPEC_PATH = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
const SPEC_ID = 'https://api.github.com/openapi.json';
const IMPLEMENTED = new Set([
  'code-scanning/upload-sarif',
  'code-scanning/get-sarif',
  'issues/list-comments',
  'issues/create-comment',
  'issues/update-comment',
  'repos/create-attestation',
  'actions/list-artifacts-for-repo',
  'actions/download-artifact',
  'pulls/list-files',
]);

// ajv-formats is CommonJS: under NodeNext its default import is the module object or the plugin itself.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => void;

let loaded:
  | { operations: Operation[]; ajv: Ajv; validators: Map<string, ValidateFunction>; spec: OpenApiNode }
  | undefined;

function loadSpec() {
  if (loaded) return loaded;
  const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8'));
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries<Record<string, OpenApiNode>>(spec.paths)) {
    for (const [method, op] of Object.entries<OpenApiNode>(item)) {
      if (!op?.operationId) continue;
      const segments = template.split('/').filter(Boolean);
      const regex = segments
        .map((s) => (/^\{.+\}$/.test(s) ? '([^/]+)' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
        .join('/');
      operations.push({
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(`^/${regex}$`),
        literalSegments: segments.filter((s) => !s.startsWith('{')).length,
        operationId: op.operationId,
        spec: op,
      });
    }
  }
  // OpenAPI 3.0 schemas: `nullable`, `example`, `readOnly` and vendor keys; formats like int64 are annotations.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
  addFormats(ajv);
  for (const format of ['int32', 'int64', 'binary', 'repo.nwo', 'uri-template', 'ssh-key'])
    ajv.addFormat(format, true);
  ajv.addSchema({ ...spec, $id: SPEC_ID });
  loaded = { operations, ajv, validators: new Map(), spec };
  return loaded;
}

function pointer(...segments: string[]): string {
  return segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');
}

function validatorFor(ref: string): ValidateFunction {
  const spec = loadSpec();
  let validate = spec.validators.get(ref);
  if (!validate) {
    validate = spec.ajv.compile({ $ref: `${SPEC_ID}#/${ref}` });
    spec.validators.set(ref, validate);
  }
  return validate;
}

function findOperation(
  method: string,
  path: string,
): { op: Operation; params: Record<string, string> } | undefined {
  const candidates = loadSpec()
    .operations.filter((op) => op.method === method)
    .map((op) => ({ op, match: op.pattern.exec(path) }))
    .filter((c): c is { op: Operation; match: RegExpExecArray } => c.match !== null)
    .sort((a, b) => b.op.literalSegments - a.op.literalSegments);
  const best = candidates[0];
  if (!best) return undefined;
  const names = [...best.op.template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(best.match[i + 1]!)]));
  return { op: best.op, params };
}

function resolveParameter(parameter: OpenApiNode): OpenApiNode {
  if (!parameter.$ref) return parameter;
  const name = parameter.$ref.replace('#/components/parameters/', '');
  return loadSpec().spec.components.parameters[name];
}

function checkValue(
  schema: { type?: string; enum?: unknown[] } | undefined,
  value: string,
): string | undefined {
  if (!schema) return undefined;
  if (schema.type === 'integer' && !/^-?\d+$/.test(value)) return 'is not an integer';
  if (schema.type === 'number' && !Number.isFinite(Number(value))) return 'is not a number';
  if (schema.type === 'boolean' && value !== 'true' && value !== 'false') return 'is not a boolean';
  if (schema.enum && !schema.enum.includes(value)) return `is not one of ${schema.enum.join(', ')}`;
  return undefined;
}

/** Checks one request against its documented operation; returns the problems (empty when valid). */
function checkRequest(
  op: Operation,
  pathParams: Record<string, string>,
  query: Record<string, string>,
  body: unknown,
): string[] {
  const problems: string[] = [];
  const parameters = (op.spec.parameters ?? []).map(resolveParameter);
  for (const p of parameters) {
    if (p.in === 'path') {
      const problem = checkValue(p.schema, pathParams[p.name] ?? '');
      if (problem) problems.push(`path parameter ${p.name}=${pathParams[p.name]} ${problem}`);
    }
    if (p.in === 'query' && query[p.name] !== undefined) {
      const problem = checkValue(p.schema, query[p.name]!);
      if (problem) problems.push(`query parameter ${p.name}=${query[p.name]} ${problem}`);
    }
    if (p.in === 'query' && p.required && query[p.name] === undefined)
      problems.push(`query parameter ${p.name} is required`);
  }
  for (const name of Object.keys(query)) {
    if (!parameters.some((p: { in: string; name: string }) => p.in === 'query' && p.name === name)) {
      problems.push(`query parameter ${name} is not documented for ${op.operationId}`);
    }
  }
  const requestBody = op.spec.requestBody;
  if (requestBody?.content?.['application/json']) {
    if (body === undefined) {
      if (requestBody.required) problems.push('a JSON body is required');
    } else {
      const validate = validatorFor(
        pointer(
          'paths',
          op.template,
          op.method.toLowerCase(),
          'requestBody',
          'content',
          'application/json',
          'schema',
        ),
      );
      if (!validate(body)) {
        for (const e of validate.errors ?? [])
          problems.push(
            `body${e.instancePath} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`,
          );
      }
    }
  } else if (body !== undefined) {
    problems.push(`${op.operationId} takes no body`);
  }
  return problems;
}

/** Validates a reply against the operation's documented response; a stand-in that drifts from GitHub is a bug too. */
function checkResponse(op: Operation, status: number, payload: unknown): string[] {
  const response = op.spec.responses?.[String(status)];
  if (!response) return [`${op.operationId} does not document HTTP ${status}`];
  const content = response.$ref
    ? loadSpec().spec.components.responses[response.$ref.replace('#/components/responses/', '')].content
    : response.content;
  if (!content?.['application/json'] || payload === undefined) return [];
  const ref = response.$ref
    ? pointer(
        'components',
        'responses',
        response.$ref.replace('#/components/responses/', ''),
        'content',
        'application/json',
        'schema',
      )
    : pointer(
        'paths',
        op.template,
        op.method.toLowerCase(),
        'responses',
        String(status),
        'content',
        'application/json',
        'schema',
      );
  const validate = validatorFor(ref);
  if (validate(payload)) return [];
  return (validate.errors ?? []).map(
    (e) => `reply ${status} of ${op.operationId}: ${e.instancePath} ${e.message}`,
  );
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startGitHubApiServer(scenario: GitHubApiScenario = {}): Promise<GitHubApiServer> {
  const spec = loadSpec().spec;
  const token = `ghs_loopback${Math.random().toString(36).slice(2)}`;
  const state: GitHubApiServer = {
    url: '',
    token,
    requests: [],
    violations: [],
    uploads: [],
    comments: new Map(),
    attestations: [],
    scenario,
    close: async () => {},
  };
  const polls = new Map<string, number>();
  let nextCommentId = 1000;
  const exampleComment = spec.components.examples['issue-comment'].value;

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      state.violations.push(`stand-in crashed: ${error.stack ?? error.message}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', state.url);
    const method = req.method ?? 'GET';
    // Where download-artifact redirects (GitHub: a signed blob storage URL, outside the REST API).
    const blob = /^\/_blobs\/(\d+)\.zip$/.exec(url.pathname);
    if (blob && method === 'GET') {
      const artifact = scenario.artifacts?.find((a) => a.id === Number(blob[1]));
      state.requests.push({
        method,
        path: url.pathname,
        query: {},
        headers: req.headers,
        status: artifact ? 200 : 404,
      });
      if (!artifact) return void res.writeHead(404).end();
      return void res.writeHead(200, { 'content-type': 'application/zip' }).end(artifact.zip);
    }
    const query = Object.fromEntries(url.searchParams);
    const raw = await readBody(req);
    let body: unknown;
    const record: RecordedRequest = { method, path: url.pathname, query, headers: req.headers, status: 0 };
    state.requests.push(record);
    const reply = (
      status: number,
      payload?: unknown,
      headers: Record<string, string> = {},
      op?: Operation,
    ) => {
      record.status = status;
      if (op && status !== 422) state.violations.push(...checkResponse(op, status, payload));
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
        record.body = body;
      } catch {
        state.violations.push(`${method} ${url.pathname}: body is not JSON`);
        return reply(400, { message: 'Problems parsing JSON' });
      }
    }
    const found = findOperation(method, url.pathname);
    if (!found) {
      state.violations.push(`${method} ${url.pathname}: not an operation of the GitHub REST API`);
      return reply(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    }
    const { op, params } = found;
    record.operationId = op.operationId;
    if (req.headers.authorization !== `token ${token}`) {
      state.violations.push(`${op.operationId}: Authorization header is not "token <the run's token>"`);
      return reply(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    }
    const problems = checkRequest(op, params, query, body);
    if (problems.length > 0) {
      state.violations.push(...problems.map((p) => `${op.operationId}: ${p}`));
      return reply(422, {
        message: 'Validation Failed',
        errors: problems,
        documentation_url: 'https://docs.github.com/rest',
      });
    }
    if (!IMPLEMENTED.has(op.operationId)) {
      state.violations.push(`${op.operationId}: the Action should not call this operation`);
      return reply(501, { message: 'not implemented by the stand-in' });
    }
    const repoUrl = `${state.url}/repos/${params.owner}/${params.repo}`;
    const docs = 'https://docs.github.com/rest';

    switch (op.operationId) {
      case 'code-scanning/upload-sarif': {
        const next = scenario.uploads?.shift() ?? 'accept';
        switch (next) {
          case 'forbidden-fork':
            return reply(
              403,
              { message: 'Resource not accessible by integration', documentation_url: docs, status: '403' },
              {},
              op,
            );
          case 'forbidden-no-ghas':
            return reply(
              403,
              {
                message: 'Advanced Security must be enabled for this repository to use code scanning.',
                documentation_url: docs,
                status: '403',
              },
              {},
              op,
            );
          case 'not-found':
            return reply(404, { message: 'Not Found', documentation_url: docs, status: '404' }, {}, op);
          case 'too-large':
            return reply(413, { message: 'Payload Too Large' }, {}, op);
          case 'rate-limited':
            // GitHub's secondary rate limit reply (docs: "Rate limits for the REST API"); not in the operation's list.
            record.status = 429;
            res.writeHead(429, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '1' });
            res.end(
              JSON.stringify({
                message:
                  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
                documentation_url:
                  'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits',
                status: '429',
              }),
            );
            return;
          case 'server-error':
            record.status = 500;
            res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
            res.end(JSON.stringify({ message: 'Server Error' }));
            return;
          case 'unavailable':
            return reply(
              503,
              { code: 'unavailable', message: 'Service unavailable', documentation_url: docs },
              { 'retry-after': '1' },
              op,
            );
          case 'accept': {
            const { sarif } = body as { sarif: string };
            let decoded: unknown;
            try {
              decoded = JSON.parse(gunzipSync(Buffer.from(sarif, 'base64')).toString('utf8'));
            } catch {
              state.violations.push('code-scanning/upload-sarif: sarif is not base64(gzip(json))');
              return reply(400, { message: 'Bad Request if the sarif field is invalid' });
            }
            state.uploads.push({ body: body as Record<string, unknown>, sarif: decoded });
            const id = `47177e22-5596-11eb-80a1-${String(state.uploads.length).padStart(12, '0')}`;
            polls.set(id, 0);
            return reply(202, { id, url: `${repoUrl}/code-scanning/sarifs/${id}` }, {}, op);
          }
        }
        return;
      }
      case 'code-scanning/get-sarif': {
        const id = params.sarif_id!;
        const seen = polls.get(id);
        if (seen === undefined) return reply(404, undefined, {}, op);
        polls.set(id, seen + 1);
        if (seen < (scenario.pendingPolls ?? 0))
          return reply(200, { processing_status: 'pending', analyses_url: null, errors: null }, {}, op);
        const outcome = scenario.processing ?? { status: 'complete' };
        if (outcome.status === 'failed') {
          return reply(
            200,
            { processing_status: 'failed', analyses_url: null, errors: outcome.errors },
            {},
            op,
          );
        }
        return reply(
          200,
          {
            processing_status: 'complete',
            analyses_url: `${repoUrl}/code-scanning/analyses?sarif_id=${id}`,
            errors: null,
          },
          {},
          op,
        );
      }
      case 'actions/list-artifacts-for-repo': {
        const example = spec.components.examples.artifact.value;
        const listed = (scenario.artifacts ?? []).filter(
          (a) => query.name === undefined || a.name === query.name,
        );
        const artifacts = listed.map((a) => ({
          ...structuredClone(example),
          id: a.id,
          node_id: `MDg6QXJ0aWZhY3Qx${a.id}`,
          name: a.name,
          size_in_bytes: a.zip.length,
          url: `${repoUrl}/actions/artifacts/${a.id}`,
          archive_download_url: `${repoUrl}/actions/artifacts/${a.id}/zip`,
          expired: a.expired ?? false,
          created_at: a.createdAt,
          updated_at: a.createdAt,
          workflow_run: {
            ...example.workflow_run,
            id: 9000 + a.id,
            head_branch: a.branch,
            ...(a.fromFork ? { head_repository_id: example.workflow_run.repository_id + 1 } : {}),
          },
        }));
        return reply(200, { total_count: artifacts.length, artifacts }, {}, op);
      }
      case 'actions/download-artifact': {
        const artifact = scenario.artifacts?.find((a) => a.id === Number(params.artifact_id));
        if (!artifact || artifact.expired)
          return reply(410, { message: 'Artifact has expired', documentation_url: docs }, {}, op);
        record.status = 302;
        res.writeHead(302, { location: `${state.url}/_blobs/${artifact.id}.zip` });
        res.end();
        return;
      }
      case 'pulls/list-files': {
        const files = scenario.pullRequestFiles ?? [];
        if (files === 'unprocessable')
          return reply(422, { message: 'Validation Failed', documentation_url: docs }, {}, op);
        const perPage = Number(query.per_page ?? 30);
        const page = Number(query.page ?? 1);
        const entries = files.map((f) => ({
          sha: '0'.repeat(40),
          filename: f.filename,
          status: f.previous_filename ? 'renamed' : 'modified',
          additions: 1,
          deletions: 1,
          changes: 2,
          blob_url: `https://github.com/${params.owner}/${params.repo}/blob/${'0'.repeat(40)}/${f.filename}`,
          raw_url: `https://github.com/${params.owner}/${params.repo}/raw/${'0'.repeat(40)}/${f.filename}`,
          contents_url: `${repoUrl}/contents/${f.filename}?ref=${'0'.repeat(40)}`,
          ...(f.previous_filename ? { previous_filename: f.previous_filename } : {}),
        }));
        const last = Math.max(1, Math.ceil(entries.length / perPage));
        const next = new URL(url);
        next.searchParams.set('page', String(page + 1));
        const headers: Record<string, string> = page < last ? { link: `<${next.href}>; rel="next"` } : {};
        return reply(200, entries.slice((page - 1) * perPage, page * perPage), headers, op);
      }
      case 'issues/list-comments': {
        const all = commentsOf(Number(params.issue_number));
        const perPage = Number(query.per_page ?? 30);
        const page = Number(query.page ?? 1);
        const slice = all.slice((page - 1) * perPage, page * perPage);
        const last = Math.max(1, Math.ceil(all.length / perPage));
        const link = (p: number, rel: string) => {
          const u = new URL(url);
          u.searchParams.set('page', String(p));
          return `<${u.href}>; rel="${rel}"`;
        };
        const links = [
          ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
          ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : []),
        ];
        return reply(200, slice, links.length > 0 ? { link: links.join(', ') } : {}, op);
      }
      case 'issues/create-comment': {
        if ((scenario.commentWrites?.shift() ?? 'ok') === 'forbidden-fork') {
          return reply(
            403,
            { message: 'Resource not accessible by integration', documentation_url: docs, status: '403' },
            {},
            op,
          );
        }
        const issue = Number(params.issue_number);
        const comment = makeComment(issue, (body as { body: string }).body, params.owner!, params.repo!);
        commentsOf(issue).push(comment);
        return reply(201, comment, { location: String(comment.url) }, op);
      }
      case 'repos/create-attestation': {
        if (scenario.attestationWrites?.shift() === 'forbidden') {
          return reply(
            403,
            { message: 'Resource not accessible by integration', documentation_url: docs, status: '403' },
            {},
            op,
          );
        }
        const { bundle } = body as { bundle: Record<string, unknown> };
        state.attestations.push({ owner: params.owner!, repo: params.repo!, bundle });
        return reply(201, { id: state.attestations.length }, {}, op);
      }
      case 'issues/update-comment': {
        const id = Number(params.comment_id);
        const comment = [...state.comments.values()].flat().find((c) => c.id === id);
        if (!comment) return reply(422, { message: 'Validation Failed', documentation_url: docs });
        if ((scenario.commentWrites?.shift() ?? 'ok') === 'forbidden-fork') {
          state.violations.push('issues/update-comment: GitHub documents no 403 here; the scenario is wrong');
          return reply(422, { message: 'Validation Failed', documentation_url: docs });
        }
        comment.body = (body as { body: string }).body;
        comment.updated_at = '2026-11-23T12:00:00Z';
        return reply(200, comment, {}, op);
      }
    }
  }

  function commentsOf(issue: number): IssueComment[] {
    let list = state.comments.get(issue);
    if (!list) {
      list = [];
      for (let i = 0; i < (scenario.existingComments ?? 0); i++) {
        list.push(makeComment(issue, `Unrelated comment ${i + 1}`, 'octocat', 'Hello-World'));
      }
      state.comments.set(issue, list);
    }
    return list;
  }

  /** GitHub's documented example comment (components/examples/issue-comment) with this comment's id, body and URLs. */
  function makeComment(issue: number, text: string, owner: string, repo: string): IssueComment {
    const id = nextCommentId++;
    return {
      ...structuredClone(exampleComment),
      id,
      node_id: Buffer.from(`IssueComment${id}`).toString('base64'),
      url: `${state.url}/repos/${owner}/${repo}/issues/comments/${id}`,
      html_url: `https://github.com/${owner}/${repo}/pull/${issue}#issuecomment-${id}`,
      issue_url: `${state.url}/repos/${owner}/${repo}/issues/${issue}`,
      body: text,
    };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    });
  return state;
}
