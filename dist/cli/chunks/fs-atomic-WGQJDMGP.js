#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);
import {
  writeAllOrNothing,
  writeFileAtomic
} from "./chunk-JYHEMALE.js";
import "./chunk-NXLQHW5S.js";
import "./chunk-Q7IYEZLL.js";
export {
  writeAllOrNothing,
  writeFileAtomic
};
