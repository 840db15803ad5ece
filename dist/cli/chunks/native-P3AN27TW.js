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
} from "./chunk-UBEYKXUZ.js";
import "./chunk-EW3JNGWT.js";
import "./chunk-DHWVASIS.js";
import "./chunk-WQ7ANMPA.js";
import "./chunk-NXLQHW5S.js";
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
