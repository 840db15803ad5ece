#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);
import {
  writeAllOrNothing,
  writeFileAtomic
} from "./chunk-4O2VGKSV.js";
import "./chunk-3XNDOCZ7.js";
import "./chunk-Q7IYEZLL.js";
export {
  writeAllOrNothing,
  writeFileAtomic
};
