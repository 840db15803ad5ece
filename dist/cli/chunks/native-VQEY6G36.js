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
} from "./chunk-PHKLMTE6.js";
import "./chunk-MTGIQBSW.js";
import "./chunk-HFVDL3FM.js";
import {
  compileMatcher
} from "./chunk-W5QH4CRT.js";
import "./chunk-A54AFE5P.js";
import "./chunk-DHWVASIS.js";
import "./chunk-H4CA45K4.js";
import "./chunk-NXLQHW5S.js";
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
