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
} from "./chunk-6MHB6KYL.js";
import "./chunk-FDBHMDJ6.js";
import "./chunk-CUAONOQS.js";
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
