import { describe, expect, it } from 'vitest';
import { policyFiles } from '../../../src/action/policy-change.js';
import { defaultOptions } from '../../../src/options.js';

describe('policyFiles: the repository files the policy was read from', () => {
  it('lists each policy file once, repository-relative, resolved as the options name them (from cwd)', () => {
    const options = defaultOptions();
    options.policy.exceptionsFile = 'security/exceptions.yaml';
    options.policy.vexFiles = ['vex/a.json', '/ws/vex/b.json', 'vex/a.json'];
    options.policy.kevCatalog = 'data/kev.json';
    options.policy.baseline = '/runner-temp/container-gate/baseline.json';
    expect(policyFiles(options, 'container-gate.yaml', '/ws', '/ws')).toEqual([
      'container-gate.yaml',
      'data/kev.json',
      'security/exceptions.yaml',
      'vex/a.json',
      'vex/b.json',
    ]);
  });

  it('leaves out what lies outside the workspace: a downloaded baseline, a file given by another path', () => {
    const options = defaultOptions();
    options.policy.baseline = '../runner-temp/baseline.json';
    options.policy.vexFiles = ['/elsewhere/vex.json', '..'];
    expect(policyFiles(options, undefined, '/ws', '/ws')).toEqual([]);
    // A cwd other than the workspace: the options' relative paths are from the cwd.
    expect(policyFiles(options, 'ws/container-gate.yaml', '/ws', '/')).toEqual(['container-gate.yaml']);
  });
});
