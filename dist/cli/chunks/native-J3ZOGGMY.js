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
} from "./chunk-XMD4NF3Z.js";
import "./chunk-GWQPTNN5.js";
import "./chunk-S5B4G6MX.js";
import {
  compileMatcher
} from "./chunk-LMJJPHY5.js";
import "./chunk-K4AEV4DU.js";
import "./chunk-UYLAQBDD.js";
import "./chunk-H4CA45K4.js";
import "./chunk-3XNDOCZ7.js";
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
