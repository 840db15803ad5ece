#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);
import {
  RunError
} from "./chunk-WU7OECN4.js";

// src/fs-atomic.ts
import { randomBytes } from "node:crypto";
import { mkdir, rename, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
async function writeFileAtomic(path, content, what) {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temp, content, { flag: "wx" });
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => void 0);
    const code = error.code;
    const cause = code === "ENOSPC" ? "disk full" : code === "EACCES" || code === "EPERM" ? "permission denied" : code ?? String(error);
    throw new RunError(`cannot write ${what} ${path}: ${cause} \u2014 choose a writable path with free space`);
  }
}

export {
  writeFileAtomic
};
