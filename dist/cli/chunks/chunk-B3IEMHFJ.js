#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);
import {
  RunError
} from "./chunk-BFUO6Y74.js";

// src/util/fs-atomic.ts
import { randomBytes } from "node:crypto";
import { constants, openSync, writeFileSync } from "node:fs";
import { lstat, mkdir, open, readlink, rename, stat, unlink, writeFile } from "node:fs/promises";
import { Socket } from "node:net";
import { basename, dirname, join, resolve } from "node:path";
async function writeFileAtomic(path, content, what) {
  await writeAllOrNothing([{ path, content, what }]);
}
async function writeAllOrNothing(files) {
  const staged = [];
  try {
    for (const file of files) staged.push(await stageWrite(file));
    for (const write of [...staged.filter((s) => s.through), ...staged.filter((s) => !s.through)])
      await write.commit();
  } catch (error) {
    await Promise.all(staged.map((s) => s.discard()));
    throw error;
  }
}
async function stageWrite(file) {
  const { path, content, what } = file;
  const info = await lstat(path).catch((error) => {
    if (error.code === "ENOENT" || error.code === "ENOTDIR") return void 0;
    throw writeError(error, path, what);
  });
  if (info?.isDirectory()) throw writeError({ code: "EISDIR" }, path, what);
  const fd = info?.isSymbolicLink() ? await ownDescriptor(path) : void 0;
  if (fd !== void 0) {
    return {
      through: true,
      commit: () => writeToDescriptor(fd, content).catch((error) => {
        throw writeError(error, path, what);
      }),
      discard: async () => void 0
    };
  }
  if (info && !info.isFile()) {
    return {
      through: true,
      commit: async () => {
        try {
          if ((await stat(path).catch(() => void 0))?.isFIFO()) {
            await writeFifo(path, content);
            return;
          }
          const handle = await open(path, "w");
          try {
            await handle.writeFile(content);
          } finally {
            await handle.close();
          }
        } catch (error) {
          throw writeError(error, path, what);
        }
      },
      discard: async () => void 0
    };
  }
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temp, content, { flag: "wx" });
  } catch (error) {
    await unlink(temp).catch(() => void 0);
    throw writeError(error, path, what);
  }
  let done = false;
  return {
    through: false,
    commit: async () => {
      try {
        await rename(temp, path);
        done = true;
      } catch (error) {
        throw writeError(error, path, what);
      }
    },
    discard: async () => {
      if (!done) await unlink(temp).catch(() => void 0);
    }
  };
}
function writeError(error, path, what) {
  const code = error.code;
  const cause = code === "ENOSPC" ? "disk full" : code === "EACCES" || code === "EPERM" ? "permission denied" : code === "EISDIR" ? "it is a directory" : code ?? String(error);
  return new RunError(`cannot write ${what} ${path}: ${cause} \u2014 choose a writable path with free space`);
}
async function ownDescriptor(path) {
  let current = path;
  for (let hops = 0; hops < 40; hops++) {
    const named = /^\/dev\/std(out|err)$/.exec(current);
    if (named) return named[1] === "out" ? 1 : 2;
    const numbered = new RegExp(`^/(?:dev|proc/(?:self|${process.pid}))/fd/(\\d+)$`).exec(current);
    if (numbered) return Number(numbered[1]);
    const info = await lstat(current).catch(() => void 0);
    if (!info?.isSymbolicLink()) return void 0;
    current = resolve(dirname(current), await readlink(current));
  }
  return void 0;
}
function writeToDescriptor(fd, content) {
  const stream = fd === 1 ? process.stdout : fd === 2 ? process.stderr : void 0;
  if (stream) {
    return new Promise(
      (resolvePromise, reject) => stream.write(content, (error) => error ? reject(error) : resolvePromise())
    );
  }
  return Promise.resolve().then(() => writeFileSync(fd, content));
}
async function writeFifo(path, content) {
  let fd;
  while (fd === void 0) {
    try {
      fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (error) {
      if (error.code !== "ENXIO") throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const pipe = new Socket({ fd, readable: false, writable: true });
  await new Promise((resolvePromise, reject) => {
    pipe.once("error", reject);
    pipe.end(content, () => resolvePromise());
  }).finally(() => pipe.destroy());
}

export {
  writeFileAtomic,
  writeAllOrNothing
};
