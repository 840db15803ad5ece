import { type RegisterCommand, supplyChain } from './command.js';

/** `build <tag>`: an image built with provenance labels, printed by digest. */
export const registerBuild: RegisterCommand = (cli, exit) =>
  cli.command(
    'build <tag>',
    'build an image (docker buildx, podman or buildah) with provenance labels; prints name@sha256:…',
    (y) =>
      y
        .positional('tag', { type: 'string', demandOption: true })
        .option('dockerfile', { type: 'string', default: 'Dockerfile' })
        .option('context', { type: 'string', default: '.' })
        .option('builder', { type: 'string', default: 'auto', describe: 'auto, buildx, podman or buildah' })
        .option('build-arg', { type: 'string', array: true, default: [] as string[] })
        .option('label', { type: 'string', array: true, default: [] as string[] }),
    async (args) => {
      exit(await (await supplyChain()).runBuildCommand(args));
    },
  );
