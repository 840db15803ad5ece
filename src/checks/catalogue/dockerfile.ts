import type { RuleDefinition } from '../types.js';

const BEST_PRACTICES = 'https://docs.docker.com/build/building/best-practices/';

export const DOCKERFILE_RULES: readonly RuleDefinition[] = [
  {
    id: 'CG-D001',
    scope: 'dockerfile',
    title: 'Final stage runs as root',
    severity: 'high',
    practice: 'non-root user',
    description:
      'The image that ships has no USER, or sets USER root/0: every process in the container runs as root, ' +
      'so any code execution bug is one kernel or runtime flaw away from the host.',
    remediation:
      'Create an unprivileged user in the final stage (or use a base that has one) and switch to it with a numeric ' +
      'USER, so that Kubernetes runAsNonRoot can verify it.',
    example:
      'FROM gcr.io/distroless/static-debian12@sha256:<digest>\nCOPY --from=build /out/app /app\nUSER 65532:65532',
    links: [`${BEST_PRACTICES}#user`, 'https://docs.docker.com/reference/dockerfile/#user'],
  },
  {
    id: 'CG-D002',
    scope: 'dockerfile',
    title: 'Base image not pinned by digest',
    severity: 'medium',
    practice: 'digest-pinned base images',
    description:
      'A tag can be moved to other content at any time: the image scanned today is not the one built tomorrow, ' +
      'and a compromised registry account can swap the base under you.',
    remediation:
      'Pin every FROM by digest (keep the tag for readability) and let a bot such as Renovate or Dependabot update ' +
      'the digest.',
    example: 'FROM node:22.11-bookworm-slim@sha256:<64 hex digits>',
    links: [
      `${BEST_PRACTICES}#pin-base-image-versions`,
      'https://docs.docker.com/reference/dockerfile/#from',
    ],
  },
  {
    // Higher than an unpinned tag: `latest` (or no tag) moves across major versions without notice, so the
    // result of this very scan says nothing about the next build.
    id: 'CG-D003',
    scope: 'dockerfile',
    title: "Base image uses ':latest' or no tag",
    severity: 'high',
    practice: 'digest-pinned base images',
    description:
      "FROM without a tag means ':latest', which changes whenever upstream publishes, including new major " +
      'versions: builds are neither reproducible nor reviewable.',
    remediation: 'Name a specific version and pin it by digest.',
    example: 'FROM node:22.11-bookworm-slim@sha256:<64 hex digits>',
    links: [
      `${BEST_PRACTICES}#pin-base-image-versions`,
      'https://docs.docker.com/reference/dockerfile/#from',
    ],
  },
  {
    id: 'CG-D004',
    scope: 'dockerfile',
    title: 'Secret value in ENV, ARG or LABEL',
    severity: 'critical',
    practice: 'no secrets in images or env',
    description:
      'A literal secret in the Dockerfile is in the repository, in every image layer and in `docker history`: ' +
      'anyone who can pull the image or read the repository has it.',
    remediation:
      'Remove the value, rotate the secret, and pass it at build time as a BuildKit secret mount (or at run time ' +
      'from the orchestrator’s secret store).',
    example:
      '# docker build --secret id=npm_token,env=NPM_TOKEN .\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci --omit=dev',
    links: [
      'https://docs.docker.com/build/building/secrets/',
      'https://docs.docker.com/reference/dockerfile/#env',
    ],
  },
  {
    id: 'CG-D005',
    scope: 'dockerfile',
    title: 'Secret passed as a build argument or environment variable',
    severity: 'high',
    practice: 'no secrets in images or env',
    description:
      'A secret-named ARG or ENV in the shipped stage ends up in the image: ENV values in the config, build ' +
      'arguments in the history of every RUN that uses them.',
    remediation:
      'Use a BuildKit secret mount for build-time secrets; inject run-time secrets from the orchestrator.',
    example: 'RUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN ./fetch-private-deps.sh',
    links: [
      'https://docs.docker.com/build/building/secrets/',
      'https://docs.docker.com/reference/dockerfile/#arg',
    ],
  },
  {
    id: 'CG-D006',
    scope: 'dockerfile',
    title: 'ADD downloads a remote URL without a checksum',
    severity: 'medium',
    practice: 'verified build inputs',
    description:
      'ADD <url> fetches whatever the server returns at build time, unverified: a compromised or moved download ' +
      'goes into the image silently.',
    remediation: 'Give ADD a --checksum, or download with a verified checksum in a build stage.',
    example: 'ADD --checksum=sha256:<64 hex digits> https://example.com/tool-1.2.3.tar.gz /tmp/tool.tar.gz',
    links: [`${BEST_PRACTICES}#add-or-copy`, 'https://docs.docker.com/reference/dockerfile/#add---checksum'],
  },
  {
    id: 'CG-D007',
    scope: 'dockerfile',
    title: 'Whole build context copied without a .dockerignore',
    severity: 'medium',
    practice: 'no secrets in images or env',
    description:
      'COPY . copies everything in the build context: .git, .env files, local credentials, test data. Without a ' +
      '.dockerignore nothing is excluded.',
    remediation:
      'Add a .dockerignore beside the Dockerfile that excludes VCS data, secrets and local artifacts, or copy ' +
      'only the paths the image needs.',
    example:
      '# .dockerignore\n.git\n.env*\n**/*.pem\nnode_modules\n\n# Dockerfile\nCOPY package.json package-lock.json ./\nCOPY src/ ./src/',
    links: [
      `${BEST_PRACTICES}#exclude-with-dockerignore`,
      'https://docs.docker.com/build/concepts/context/#dockerignore-files',
    ],
  },
  {
    // Medium, not low: compilers and dev dependencies in a runtime image are tools an attacker can use, and
    // each one adds packages (and CVEs) to gate on.
    id: 'CG-D008',
    scope: 'dockerfile',
    title: 'Shipped image installs build tools',
    severity: 'medium',
    practice: 'multi-stage builds',
    description:
      'The stage that ships installs compilers, build systems or development dependencies: they stay in the ' +
      'image, adding attack surface and vulnerabilities the application never needs at run time.',
    remediation: 'Build in a first stage and copy only the artifacts into a minimal final stage.',
    example:
      'FROM golang:1.23@sha256:<digest> AS build\nRUN go build -o /out/app ./cmd/app\n\n' +
      'FROM gcr.io/distroless/static-debian12@sha256:<digest>\nCOPY --from=build /out/app /app\nUSER 65532:65532',
    links: [
      'https://docs.docker.com/build/building/multi-stage/',
      `${BEST_PRACTICES}#use-multi-stage-builds`,
    ],
  },
  {
    id: 'CG-D009',
    scope: 'dockerfile',
    title: "apt-get install without '--no-install-recommends'",
    severity: 'low',
    practice: 'minimal images',
    description:
      'Recommended packages are installed too: more software, more vulnerabilities, none of it asked for.',
    remediation: "Add '--no-install-recommends' to every apt-get install.",
    example:
      'RUN apt-get update \\\n && apt-get install -y --no-install-recommends ca-certificates \\\n && rm -rf /var/lib/apt/lists/*',
    links: [`${BEST_PRACTICES}#apt-get`],
  },
  {
    id: 'CG-D010',
    scope: 'dockerfile',
    title: 'apt package lists left in the image',
    severity: 'low',
    practice: 'minimal images',
    description:
      'The package index downloaded by apt-get update stays in the layer unless removed in the same RUN: size ' +
      'without value, and a stale index for anyone installing later.',
    remediation: "End the RUN that installs with 'rm -rf /var/lib/apt/lists/*' (or use a cache mount).",
    example:
      'RUN apt-get update \\\n && apt-get install -y --no-install-recommends ca-certificates \\\n && rm -rf /var/lib/apt/lists/*',
    links: [`${BEST_PRACTICES}#apt-get`],
  },
  {
    id: 'CG-D011',
    scope: 'dockerfile',
    title: 'Remote script piped into a shell',
    severity: 'high',
    practice: 'verified build inputs',
    description:
      'curl … | sh runs whatever the server sends, unverified, as root during the build: a compromised host or ' +
      'a truncated download becomes part of the image.',
    remediation: 'Download to a file, verify its checksum or signature, then run it.',
    example:
      'RUN curl -fsSLo /tmp/install.sh https://example.com/install-1.2.3.sh \\\n' +
      ' && echo "<sha256>  /tmp/install.sh" | sha256sum -c - \\\n && sh /tmp/install.sh',
    links: [`${BEST_PRACTICES}#add-or-copy`, 'https://docs.docker.com/reference/dockerfile/#add---checksum'],
  },
  {
    id: 'CG-D012',
    scope: 'dockerfile',
    title: "apk add without '--no-cache'",
    severity: 'low',
    practice: 'minimal images',
    description: 'The apk index cache stays in the layer: size without value.',
    remediation: "Use 'apk add --no-cache'.",
    example: 'RUN apk add --no-cache ca-certificates',
    links: ['https://github.com/gliderlabs/docker-alpine/blob/master/docs/usage.md#disabling-cache'],
  },
  {
    id: 'CG-D013',
    scope: 'dockerfile',
    title: 'No HEALTHCHECK in the shipped image',
    severity: 'low',
    practice: 'health checks',
    description:
      'Without a HEALTHCHECK, Docker and Compose cannot tell a hung process from a healthy one. (Kubernetes ignores ' +
      'it and uses probes; HEALTHCHECK NONE records that decision and passes.)',
    remediation:
      'Add a HEALTHCHECK that exercises the service, or HEALTHCHECK NONE when probes are used instead.',
    example: 'HEALTHCHECK --interval=30s --timeout=3s CMD ["/app", "healthcheck"]',
    links: ['https://docs.docker.com/reference/dockerfile/#healthcheck'],
  },
];
