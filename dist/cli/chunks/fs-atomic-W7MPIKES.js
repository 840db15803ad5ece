#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);
import {
  writeFileAtomic
} from "./chunk-WFSWWZ2O.js";
import "./chunk-WU7OECN4.js";
import "./chunk-Q7IYEZLL.js";
export {
  writeFileAtomic
};
