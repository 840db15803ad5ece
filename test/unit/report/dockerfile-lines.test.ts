import { describe, expect, it } from 'vitest';
import { lineOfImagePath, mapDockerfileLines, scanDockerfile } from '../../../src/report/dockerfile-lines.js';

/** Line numbers are 1-based; `lineOf` finds the first line of the text that starts with `start`. */
function lineOf(text: string, start: string): number {
  return text.split('\n').findIndex((l) => l.startsWith(start)) + 1;
}

const MULTI_STAGE = [
  '# syntax=docker/dockerfile:1',
  'FROM node:20 AS build',
  'WORKDIR /src',
  'COPY package.json .',
  'RUN npm ci',
  '',
  'FROM --platform=$TARGETPLATFORM alpine:3.19',
  'WORKDIR /app',
  'COPY --from=build /src/dist ./dist',
  'COPY --chown=app:app \\',
  '     config/ \\',
  '     /etc/app/',
  'ADD ["https://example.com/tool.tar.gz", "/opt/tool/"]',
  'USER app',
].join('\n');

describe('scanDockerfile', () => {
  it('joins continuation lines and keeps the line the instruction starts on', () => {
    const copy = scanDockerfile(MULTI_STAGE).find((i) => i.args.includes('config/'))!;
    expect(copy.keyword).toBe('COPY');
    expect(copy.line).toBe(lineOf(MULTI_STAGE, 'COPY --chown'));
    expect(copy.args).toMatch(/config\/\s+\/etc\/app\//);
  });

  it('honours the escape directive and skips heredoc bodies', () => {
    const text = [
      '# escape=`',
      'FROM scratch',
      'RUN <<EOF',
      'FROM not-an-instruction',
      'EOF',
      'COPY a `',
      '  /b',
      '',
    ].join('\n');
    const instructions = scanDockerfile(text);
    expect(instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUN', 'COPY']);
    expect(instructions[2]!.args).toMatch(/^a\s+\/b$/);
  });
});

describe('mapDockerfileLines', () => {
  const map = mapDockerfileLines(MULTI_STAGE);

  it('finds the final stage FROM', () => {
    expect(map.finalFromLine).toBe(lineOf(MULTI_STAGE, 'FROM --platform'));
  });

  it('resolves COPY destinations against WORKDIR and points a path at the COPY that brought it', () => {
    expect(lineOfImagePath(map, 'app/dist/index.js')).toBe(lineOf(MULTI_STAGE, 'COPY --from=build'));
    expect(lineOfImagePath(map, '/etc/app/settings.yaml')).toBe(lineOf(MULTI_STAGE, 'COPY --chown'));
    expect(lineOfImagePath(map, 'opt/tool/bin/tool')).toBe(lineOf(MULTI_STAGE, 'ADD'));
  });

  it('does not point at COPYs of an earlier stage, nor guess for paths nothing copied', () => {
    expect(lineOfImagePath(map, 'src/package.json')).toBeUndefined();
    expect(lineOfImagePath(map, 'usr/lib/libssl.so.3')).toBeUndefined();
  });

  it('follows a final stage built FROM an earlier stage, and skips destinations with variables', () => {
    const text = [
      'FROM alpine AS base',
      'COPY app /app',
      'FROM base',
      'WORKDIR $HOME',
      'COPY a .',
      'COPY b /b',
      'COPY c $C',
      '',
    ].join('\n');
    const inherited = mapDockerfileLines(text);
    expect(inherited.finalFromLine).toBe(3);
    expect(lineOfImagePath(inherited, 'app/x')).toBe(2);
    expect(lineOfImagePath(inherited, 'b/x')).toBe(6);
    expect(inherited.copies.map((c) => c.line)).toEqual([2, 6]);
  });

  it('lets a later COPY win over an earlier one for the same path', () => {
    const text = ['FROM scratch', 'COPY . /app', 'COPY dist /app/dist', ''].join('\n');
    const later = mapDockerfileLines(text);
    expect(lineOfImagePath(later, 'app/dist/a.js')).toBe(3);
    expect(lineOfImagePath(later, 'app/package.json')).toBe(2);
  });
});
