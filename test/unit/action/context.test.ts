import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readActionContext, runUrl } from '../../../src/action/context.js';
import { REPO_ROOT } from './support.js';

const EVENT = path.resolve(REPO_ROOT, 'test/integration/action/fixtures/pull_request.synchronize.json');
const dir = mkdtempSync(path.join(tmpdir(), 'cg-context-'));

function withEvent(payload: unknown, eventName = 'pull_request') {
  const file = path.join(dir, `${Math.random()}.json`);
  writeFileSync(file, typeof payload === 'string' ? payload : JSON.stringify(payload));
  return readActionContext({
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: file,
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
  });
}

describe('the run context', () => {
  it('reads the pull request number, head commit and base branch from the event payload', () => {
    const raw = JSON.parse(readFileSync(EVENT, 'utf8'));
    expect(withEvent(raw).pullRequest).toEqual({
      number: raw.pull_request.number,
      headSha: raw.pull_request.head.sha,
      isFork: false,
      baseRef: raw.pull_request.base.ref,
    });
  });

  it('knows a fork by its head repository, also when the fork was deleted (head.repo null)', () => {
    const raw = JSON.parse(readFileSync(EVENT, 'utf8'));
    raw.pull_request.head.repo.full_name = 'someone/Hello-World';
    expect(withEvent(raw).pullRequest?.isFork).toBe(true);
    raw.pull_request.head.repo = null;
    expect(withEvent(raw).pullRequest?.isFork).toBe(true);
  });

  it('says why a payload cannot be used instead of guessing', () => {
    expect(withEvent('{ not json').eventProblem).toMatch(/^cannot read the event payload/);
    expect(withEvent({ pull_request: { number: 'two' } }).eventProblem).toMatch(/has no usable pull_request/);
  });

  it('ignores the payload of events that are not about a pull request', () => {
    expect(withEvent({ pull_request: {} }, 'push')).not.toHaveProperty('pullRequest');
  });

  it('links to this attempt of the run', () => {
    const context = readActionContext({
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_RUN_ID: '9',
      GITHUB_RUN_ATTEMPT: '2',
    });
    expect(runUrl(context)).toBe('https://github.com/o/r/actions/runs/9/attempts/2');
  });
});
