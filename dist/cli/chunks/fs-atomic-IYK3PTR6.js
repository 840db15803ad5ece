#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);
import {
  writeAllOrNothing,
  writeFileAtomic
} from "./chunk-B3IEMHFJ.js";
import "./chunk-BFUO6Y74.js";
import "./chunk-Q7IYEZLL.js";
export {
  writeAllOrNothing,
  writeFileAtomic
};
