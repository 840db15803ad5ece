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
} from "./chunk-GZWENQFV.js";
import "./chunk-VKS2A33D.js";
import "./chunk-WU7OECN4.js";
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
