import { describe, expect, it } from 'vitest';
import { formatCheckError, RULES, runChecks } from '../../../src/checks/index.js';
import { lineOf, mutate, readRepoFile, sites } from './support.js';

const SECURE_PATH = 'examples/secure/Dockerfile';
const SECURE = readRepoFile(SECURE_PATH);
const FINAL_FROM = 'FROM gcr.io/distroless/static-debian12@sha256:';
const DISTROLESS =
  'gcr.io/distroless/static-debian12@sha256:82210ab1af21663a296cae41599c3229c45ef769540aa689398bdea47c3e9c02';
const GOLANG = 'golang:1.23-bookworm@sha256:e33bc81f41383d5ba0903963df8cc380d2dc1a9b97ed80cb03871c8fbe4500ba';
const IN_BUILD_STAGE = 'WORKDIR /src';
const IN_FINAL_STAGE = 'COPY --from=build /out/server /app/server';

function check(text: string, dockerignore = false) {
  return runChecks({ dockerfiles: [{ path: 'app/Dockerfile', text, dockerignore }] });
}

/** One seed rule broken in the otherwise secure Dockerfile: exactly that rule, at the line that breaks it. */
interface Case {
  name: string;
  text: string;
  rule: string;
  line: number;
  dockerignore?: boolean;
}

function insertAfter(anchor: string, lines: string): string {
  return mutate(SECURE, anchor, `${anchor}\n${lines}`);
}

function failing(): Case[] {
  const cases: Case[] = [];
  const add = (name: string, text: string, rule: string, needle: string, occurrence = 1) =>
    cases.push({ name, text, rule, line: lineOf(text, needle, occurrence) });

  add(
    'USER root in the final stage',
    mutate(SECURE, 'USER 65532:65532', 'USER root'),
    'CG-D001',
    'USER root',
  );
  add('USER 0:0 in the final stage', mutate(SECURE, 'USER 65532:65532', 'USER 0:0'), 'CG-D001', 'USER 0:0');
  add('no USER in the final stage', mutate(SECURE, 'USER 65532:65532\n', ''), 'CG-D001', FINAL_FROM);
  add(
    'a final base pinned by tag only',
    mutate(SECURE, DISTROLESS, 'gcr.io/distroless/static-debian12:nonroot'),
    'CG-D002',
    'static-debian12:nonroot',
  );
  add(
    'a build base pinned by tag only',
    mutate(SECURE, GOLANG, 'golang:1.23-bookworm'),
    'CG-D002',
    'FROM golang',
  );
  add('FROM node:latest', mutate(SECURE, DISTROLESS, 'node:latest'), 'CG-D003', 'FROM node:latest');
  add('FROM without a tag', mutate(SECURE, DISTROLESS, 'node'), 'CG-D003', 'FROM node');
  add(
    'ENV API_KEY=secret123',
    insertAfter('USER 65532:65532', 'ENV API_KEY=secret123'),
    'CG-D004',
    'ENV API_KEY',
  );
  add(
    'a GitHub-token-shaped ARG default in a build stage',
    insertAfter(IN_BUILD_STAGE, 'ARG GREETING=ghp_FAKEtokenForContainerGateDemo0000000'),
    'CG-D004',
    'ARG GREETING',
  );
  add(
    'a secret in a LABEL',
    insertAfter(IN_FINAL_STAGE, 'LABEL deploy.password="hunter2hunter2"'),
    'CG-D004',
    'LABEL',
  );
  add(
    'ARG NPM_TOKEN in the shipped stage',
    insertAfter(IN_FINAL_STAGE, 'ARG NPM_TOKEN'),
    'CG-D005',
    'ARG NPM_TOKEN',
  );
  add(
    'ADD of a remote URL',
    insertAfter(IN_BUILD_STAGE, 'ADD https://downloads.acme.test/tool-1.2.3.tar.gz /tmp/'),
    'CG-D006',
    'ADD https',
  );
  add(
    'COPY . . without a .dockerignore',
    mutate(SECURE, 'COPY cmd/ ./cmd/', 'COPY . .'),
    'CG-D007',
    'COPY . .',
  );
  add(
    'COPY in JSON form of the whole context',
    mutate(SECURE, 'COPY cmd/ ./cmd/', 'COPY [".", "/src/"]'),
    'CG-D007',
    'COPY [',
  );
  add(
    'gcc and make installed in the shipped stage',
    insertAfter(
      IN_FINAL_STAGE,
      'RUN apt-get update && apt-get install -y --no-install-recommends gcc make && rm -rf /var/lib/apt/lists/*',
    ),
    'CG-D008',
    'gcc make',
  );
  add(
    'npm ci with dev dependencies in the shipped stage',
    insertAfter(IN_FINAL_STAGE, 'RUN npm ci'),
    'CG-D008',
    'RUN npm ci',
  );
  add(
    'apt-get install without --no-install-recommends',
    insertAfter(
      IN_FINAL_STAGE,
      'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
    ),
    'CG-D009',
    'apt-get install -y curl',
  );
  add(
    'apt lists left behind',
    insertAfter(IN_FINAL_STAGE, 'RUN apt-get update && apt-get install -y --no-install-recommends curl'),
    'CG-D010',
    'apt-get install',
  );
  add(
    'curl piped into sh',
    insertAfter(IN_BUILD_STAGE, 'RUN curl -fsSL https://get.acme.test/install.sh | sh'),
    'CG-D011',
    'curl -fsSL',
  );
  add(
    'wget piped into bash on a continued line',
    insertAfter(
      IN_BUILD_STAGE,
      'RUN set -eux; \\\n    wget -qO- https://get.acme.test/i.sh \\\n      | bash',
    ),
    'CG-D011',
    'wget -qO-',
  );
  add(
    'apk add without --no-cache',
    insertAfter(IN_FINAL_STAGE, 'RUN apk add curl'),
    'CG-D012',
    'apk add curl',
  );
  const noHealthcheck = SECURE.split('\n')
    .filter((line) => !line.startsWith('HEALTHCHECK'))
    .join('\n');
  add('no HEALTHCHECK', noHealthcheck, 'CG-D013', FINAL_FROM);
  return cases;
}

function passing(): { name: string; text: string; rule: string; dockerignore?: boolean }[] {
  return [
    {
      name: 'a later USER overrides USER root',
      text: mutate(SECURE, 'USER 65532:65532', 'USER root\nUSER 65532:65532'),
      rule: 'CG-D001',
    },
    {
      name: 'USER inherited from the stage the final stage is built FROM',
      text: `FROM ${DISTROLESS} AS base\nUSER 65532\nHEALTHCHECK NONE\nFROM base\nCOPY app /app\n`,
      rule: 'CG-D001',
    },
    {
      name: 'FROM scratch and FROM an earlier stage',
      text: 'FROM scratch AS base\nCOPY app /app\nFROM base\nUSER 1\n',
      rule: 'CG-D002',
    },
    {
      name: 'a base pinned by digest with :latest kept for reading',
      text: mutate(SECURE, DISTROLESS, `node:latest@sha256:${'a'.repeat(64)}`),
      rule: 'CG-D003',
    },
    {
      name: 'an empty placeholder ENV',
      text: insertAfter(IN_FINAL_STAGE, 'ENV API_KEY=""'),
      rule: 'CG-D004',
    },
    {
      name: 'a secret file path, not a secret',
      text: insertAfter(IN_FINAL_STAGE, 'ENV DB_PASSWORD_FILE=/run/secrets/db'),
      rule: 'CG-D004',
    },
    {
      name: 'ARG NPM_TOKEN in a build stage only',
      text: insertAfter(IN_BUILD_STAGE, 'ARG NPM_TOKEN'),
      rule: 'CG-D005',
    },
    {
      name: 'ADD with --checksum',
      text: insertAfter(
        IN_BUILD_STAGE,
        `ADD --checksum=sha256:${'b'.repeat(64)} https://downloads.acme.test/t.tgz /tmp/`,
      ),
      rule: 'CG-D006',
    },
    {
      name: 'COPY . . with a .dockerignore',
      text: mutate(SECURE, 'COPY cmd/ ./cmd/', 'COPY . .'),
      rule: 'CG-D007',
      dockerignore: true,
    },
    {
      name: 'COPY --from=build . . copies from a stage, not the context',
      text: insertAfter(IN_FINAL_STAGE, 'COPY --from=build . /srv/'),
      rule: 'CG-D007',
    },
    {
      name: 'build tools in a build stage',
      text: insertAfter(IN_BUILD_STAGE, 'RUN apt-get update && apt-get install -y gcc make'),
      rule: 'CG-D008',
    },
    {
      name: 'npm ci --omit=dev',
      text: insertAfter(IN_FINAL_STAGE, 'RUN npm ci --omit=dev'),
      rule: 'CG-D008',
    },
    {
      name: 'apt-get install --no-install-recommends, lists removed',
      text: insertAfter(
        IN_FINAL_STAGE,
        'RUN apt-get update \\\n && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*',
      ),
      rule: 'CG-D010',
    },
    {
      name: 'a download verified before it runs',
      text: insertAfter(
        IN_BUILD_STAGE,
        'RUN curl -fsSLo i.sh https://get.acme.test/i.sh && sha256sum -c i.sh.sha256 && sh i.sh',
      ),
      rule: 'CG-D011',
    },
    {
      name: 'apk add --no-cache',
      text: insertAfter(IN_FINAL_STAGE, 'RUN apk add --no-cache curl'),
      rule: 'CG-D012',
    },
    {
      name: 'HEALTHCHECK NONE as a decision',
      text: mutate(SECURE, SECURE.split('\n').find((l) => l.startsWith('HEALTHCHECK'))!, 'HEALTHCHECK NONE'),
      rule: 'CG-D013',
    },
  ];
}

describe('Dockerfile rules', () => {
  it('finds nothing in the seed secure Dockerfile (multi-stage, digest-pinned, distroless, USER 65532)', () => {
    const outcome = runChecks({ dockerfiles: [{ path: SECURE_PATH, text: SECURE, dockerignore: false }] });
    expect(outcome.errors).toEqual([]);
    expect(sites(outcome.findings)).toEqual([]);
  });

  for (const c of failing()) {
    it(`reports ${c.rule} for ${c.name}, at the line that breaks it, and nothing else`, () => {
      const outcome = check(c.text, c.dockerignore);
      expect(outcome.errors).toEqual([]);
      expect(sites(outcome.findings)).toEqual([`${c.rule}@app/Dockerfile:${c.line}`]);
      const finding = outcome.findings[0]!;
      expect(finding).toMatchObject({
        kind: 'hardening',
        foundBy: ['container-gate'],
        target: 'app/Dockerfile',
      });
    });
  }

  for (const c of passing()) {
    it(`does not report ${c.rule} for ${c.name}`, () => {
      const outcome = check(c.text, c.dockerignore);
      expect(outcome.errors).toEqual([]);
      expect(sites(outcome.findings).filter((s) => s.startsWith(c.rule))).toEqual([]);
    });
  }

  it('has a failing case for every Dockerfile rule of the catalogue', () => {
    const covered = new Set(failing().map((c) => c.rule));
    expect([...covered].sort()).toEqual(RULES.filter((r) => r.scope === 'dockerfile').map((r) => r.id));
  });

  it('points a multi-line RUN finding at the continued line where the command is', () => {
    const text = insertAfter(
      IN_FINAL_STAGE,
      'RUN apt-get update \\\n && apt-get install -y \\\n      curl \\\n && rm -rf /var/lib/apt/lists/*',
    );
    expect(sites(check(text).findings)).toEqual([
      `CG-D009@app/Dockerfile:${lineOf(text, '&& apt-get install')}`,
    ]);
  });

  it('resolves an ARG-substituted base image before judging its pinning', () => {
    const reference = '$' + '{BASE}'; // a Dockerfile variable, spelled so that no template literal is implied
    const text = `ARG BASE=node:22\n${mutate(SECURE, DISTROLESS, reference)}`;
    expect(sites(check(text).findings)).toEqual([
      `CG-D002@app/Dockerfile:${lineOf(text, `FROM ${reference}`)}`,
    ]);
  });

  it('never puts a secret value in a finding', () => {
    const token = 'ghp_FAKEtokenForContainerGateDemo0000000';
    const text = insertAfter(IN_FINAL_STAGE, `ENV API_KEY=secret123 GREETING=${token}`);
    const outcome = check(text);
    expect(sites(outcome.findings)).toEqual([`CG-D004@app/Dockerfile:${lineOf(text, 'ENV API_KEY')}`]);
    const serialised = JSON.stringify(outcome);
    expect(serialised).not.toContain('secret123');
    expect(serialised).not.toContain(token);
    expect(outcome.findings[0]!.description).toContain('API_KEY=***');
    expect(outcome.findings[0]!.description).toContain('GREETING=***');
  });

  it('gives each finding the rule’s severity, remediation with an example, and links', () => {
    const finding = check(mutate(SECURE, 'USER 65532:65532', 'USER root')).findings[0]!;
    expect(finding).toMatchObject({
      severity: 'high',
      severitySource: 'container-gate',
      fix: { state: 'unknown', versions: [] },
    });
    expect(finding.severities).toEqual([{ scanner: 'container-gate', severity: 'high' }]);
    expect(finding.remediation).toContain('Example:\nFROM');
    expect(finding.links.some((link) => link.startsWith('https://docs.docker.com/'))).toBe(true);
  });
});

describe('Dockerfile syntax errors', () => {
  const bad = readRepoFile('test/fixtures/checks/unknown-instruction.made.Dockerfile');

  it('reports an unknown instruction with the file and line, and still checks the other Dockerfiles', () => {
    const outcome = runChecks({
      dockerfiles: [
        { path: 'bad/Dockerfile', text: bad, dockerignore: true },
        {
          path: 'good/Dockerfile',
          text: mutate(SECURE, 'USER 65532:65532', 'USER root'),
          dockerignore: true,
        },
      ],
    });
    const line = lineOf(bad, 'RUNN apk');
    expect(outcome.errors.map(formatCheckError)).toEqual([
      expect.stringMatching(new RegExp(`^bad/Dockerfile:${line}: unknown instruction 'RUNN'; `)),
    ]);
    expect(outcome.errors[0]).toMatchObject({ path: 'bad/Dockerfile', line });
    expect(sites(outcome.findings)).toEqual([`CG-D001@good/Dockerfile:${lineOf(SECURE, 'USER 65532')}`]);
  });

  it('reports an instruction before the first FROM, and a file with no FROM at all', () => {
    const outcome = runChecks({
      dockerfiles: [
        { path: 'a/Dockerfile', text: '# comment\nRUN echo hi\nFROM scratch\n', dockerignore: true },
        { path: 'b/Dockerfile', text: '# only a comment\n', dockerignore: true },
      ],
    });
    expect(outcome.errors.map((e) => [e.path, e.line])).toEqual([
      ['a/Dockerfile', 2],
      ['b/Dockerfile', undefined],
    ]);
    expect(outcome.errors[1]!.message).toMatch(/no FROM instruction/);
  });
});
