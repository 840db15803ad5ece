#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);
import {
  Descriptor,
  ImageIndex,
  MAX_MANIFEST_BYTES,
  MEDIA_TYPES,
  RegistryClient,
  RegistryContentError,
  imageAt,
  parseChallenge,
  registryScheme,
  repositoryOf,
  safeJson,
  sha256Digest
} from "./chunk-CWMFRAY3.js";
import "./chunk-SSRK6GNI.js";
import "./chunk-H4CA45K4.js";
import "./chunk-BFUO6Y74.js";
import "./chunk-Q7IYEZLL.js";
export {
  Descriptor,
  ImageIndex,
  MAX_MANIFEST_BYTES,
  MEDIA_TYPES,
  RegistryClient,
  RegistryContentError,
  imageAt,
  parseChallenge,
  registryScheme,
  repositoryOf,
  safeJson,
  sha256Digest
};
