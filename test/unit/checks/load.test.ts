import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyCheckFile, loadCheckInputs } from '../../../src/checks/load.js';
import { UsageError } from '../../../src/util/errors.js';

let root: string;
const FILES: Record<string, string> = {
  Dockerfile: 'FROM scratch\n',
  'api.Dockerfile': 'FROM scratch\n',
  'Dockerfile.prod': 'FROM scratch\n',
  Containerfile: 'FROM scratch\n',
  'README.md': '# not checked\n',
  'k8s/a.yaml': 'kind: Namespace\n',
  'k8s/b.yml': 'kind: Namespace\n',
  'with-ignore/Dockerfile': 'FROM scratch\n',
  'with-ignore/.dockerignore': '.git\n',
  'per-file-ignore/web.Dockerfile': 'FROM scratch\n',
  'per-file-ignore/web.Dockerfile.dockerignore': '.git\n',
  'node_modules/pkg/Dockerfile': 'FROM scratch\n',
  '.git/hooks/x.yaml': 'kind: Namespace\n',
};

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'cg-load-'));
  for (const [file, text] of Object.entries(FILES)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  await symlink(path.join(root, 'k8s'), path.join(root, 'k8s-link'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const shown = (file: string) => path.join(root, file).split(path.sep).join('/');

describe('loadCheckInputs', () => {
  it('walks a directory for Dockerfiles and manifests, sorted, skipping node_modules, .git and linked directories', async () => {
    const input = await loadCheckInputs([root]);
    const expectedDockerfiles = [
      'Containerfile',
      'Dockerfile',
      'Dockerfile.prod',
      'api.Dockerfile',
      'per-file-ignore/web.Dockerfile',
      'with-ignore/Dockerfile',
    ];
    expect(input.dockerfiles?.map((d) => d.path)).toEqual(expectedDockerfiles.map(shown));
    expect(input.manifests?.map((m) => m.path)).toEqual(['k8s/a.yaml', 'k8s/b.yml'].map(shown));
    expect(input.manifests?.[0]?.text).toBe(FILES['k8s/a.yaml']);
  });

  it('looks for .dockerignore beside each Dockerfile, also as <name>.dockerignore', async () => {
    const input = await loadCheckInputs([root]);
    const ignored = Object.fromEntries(input.dockerfiles!.map((d) => [d.path, d.dockerignore]));
    expect(ignored[shown('with-ignore/Dockerfile')]).toBe(true);
    expect(ignored[shown('per-file-ignore/web.Dockerfile')]).toBe(true);
    expect(ignored[shown('Dockerfile')]).toBe(false);
  });

  it('takes single files, once each, and names them as given relative to the working directory', async () => {
    const input = await loadCheckInputs([
      path.join(root, 'Dockerfile'),
      path.join(root, 'k8s/a.yaml'),
      path.join(root, 'Dockerfile'),
    ]);
    expect(input.dockerfiles?.map((d) => d.path)).toEqual([shown('Dockerfile')]);
    expect(input.manifests?.map((m) => m.path)).toEqual([shown('k8s/a.yaml')]);
    const relative = await loadCheckInputs(['examples/secure/Dockerfile']);
    expect(relative.dockerfiles?.map((d) => d.path)).toEqual(['examples/secure/Dockerfile']);
  });

  it('throws a UsageError naming a missing path', async () => {
    const missing = path.join(root, 'nope');
    await expect(loadCheckInputs([missing])).rejects.toThrow(UsageError);
    await expect(loadCheckInputs([missing])).rejects.toThrow(`${missing}: no such file or directory`);
  });

  it('throws a UsageError for a file that is neither a Dockerfile nor a manifest', async () => {
    await expect(loadCheckInputs([path.join(root, 'README.md')])).rejects.toThrow(
      /README\.md: neither a Dockerfile .* nor a YAML manifest/,
    );
  });

  it('throws a UsageError for a directory with nothing to check, rather than pass having checked nothing', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'cg-load-empty-'));
    await writeFile(path.join(empty, 'notes.txt'), 'nothing to check here');
    await expect(loadCheckInputs([empty])).rejects.toThrow(UsageError);
    await expect(loadCheckInputs([empty])).rejects.toThrow(/no Dockerfile .* or manifest .* in it/);
  });

  it('classifies file names', () => {
    expect(
      ['Dockerfile', 'dockerfile', 'Containerfile', 'x.Dockerfile', 'Dockerfile.dev'].map(classifyCheckFile),
    ).toEqual(Array(5).fill('dockerfile'));
    expect(['a.yaml', 'b.YML'].map(classifyCheckFile)).toEqual(['manifest', 'manifest']);
    expect(
      ['.dockerignore', 'Dockerfile.dockerignore', 'main.go', 'values.json'].map(classifyCheckFile),
    ).toEqual(Array(4).fill(undefined));
  });
});
