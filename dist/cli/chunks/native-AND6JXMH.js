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
} from "./chunk-BS5Y3WGH.js";
import "./chunk-CWMFRAY3.js";
import "./chunk-7I4Y4Y75.js";
import {
  compileMatcher
} from "./chunk-FTE4UPAG.js";
import "./chunk-A54AFE5P.js";
import "./chunk-SSRK6GNI.js";
import "./chunk-H4CA45K4.js";
import "./chunk-BFUO6Y74.js";
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
