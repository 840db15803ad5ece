#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);
import {
  ANNOTATIONS,
  MAX_BUNDLE_BYTES,
  attestImageNative,
  compileMatcher,
  readPredicateFile,
  resolveDigestNative,
  signImageNative,
  verifyImageNative
} from "./chunk-R2R3FL37.js";
import "./chunk-2MKBPBKP.js";
import "./chunk-TJW4DLXU.js";
import "./chunk-WQ7ANMPA.js";
import "./chunk-WU7OECN4.js";
import "./chunk-Q7IYEZLL.js";
export {
  ANNOTATIONS,
  MAX_BUNDLE_BYTES,
  attestImageNative,
  compileMatcher,
  readPredicateFile,
  resolveDigestNative,
  signImageNative,
  verifyImageNative
};
