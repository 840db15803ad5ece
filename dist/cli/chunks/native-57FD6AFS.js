#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);
import {
  ANNOTATIONS,
  MAX_BUNDLE_BYTES,
  NoValidBundle,
  attestImageNative,
  readPredicateFile,
  resolveDigestNative,
  signImageNative,
  trustOnce,
  verifyImageNative
} from "./chunk-A3IILMGO.js";
import "./chunk-GZWENQFV.js";
import "./chunk-I4QPSV2J.js";
import {
  compileMatcher
} from "./chunk-XTBEBKNY.js";
import "./chunk-VKS2A33D.js";
import "./chunk-WU7OECN4.js";
import "./chunk-Q7IYEZLL.js";
export {
  ANNOTATIONS,
  MAX_BUNDLE_BYTES,
  NoValidBundle,
  attestImageNative,
  compileMatcher,
  readPredicateFile,
  resolveDigestNative,
  signImageNative,
  trustOnce,
  verifyImageNative
};
