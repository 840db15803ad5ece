#!/usr/bin/env node
import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);
import {
  UsageError
} from "./chunk-BFUO6Y74.js";

// src/image/reference.ts
import { basename } from "node:path";
var ALNUM = "[a-z0-9]+";
var SEPARATOR = "(?:[._]|__|[-]+)";
var PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
var DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
var DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?`;
var NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
var TAG = "[\\w][\\w.-]{0,127}";
var DIGEST = "[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}";
var REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
var MAX_REFERENCE_LENGTH = 255 + 128 + 72;
var ARCHIVE_SCHEMES = ["oci-archive", "docker-archive"];
var SBOM_SCHEME = "sbom:";
function parseImageReference(input) {
  if (input.length > MAX_REFERENCE_LENGTH) return void 0;
  const match = REFERENCE.exec(input);
  if (!match) return void 0;
  const [, name, tag, digest] = match;
  const path = name.includes("/") && looksLikeDomain(name.split("/", 1)[0]) ? name.slice(name.indexOf("/") + 1) : name;
  if (path !== path.toLowerCase()) return void 0;
  return { name, ...tag ? { tag } : {}, ...digest ? { digest } : {} };
}
function looksLikeDomain(component) {
  return component.includes(".") || component.includes(":") || component === "localhost" || component !== component.toLowerCase();
}
function parseTarget(input, platform) {
  const raw = input;
  if (raw.trim() === "" || /[\u0000-\u001f\u007f]/.test(raw)) {
    throw new UsageError(
      `image ${JSON.stringify(raw)}: empty or contains control characters \u2014 pass an image like myapp:1.2 or oci-archive:image.tar`
    );
  }
  if (raw.startsWith(SBOM_SCHEME)) {
    const path = raw.slice(SBOM_SCHEME.length);
    if (path === "" || path.startsWith("-")) {
      throw new UsageError(
        `image ${JSON.stringify(raw)}: sbom: needs an SBOM file path, e.g. sbom:build/app.cdx.json`
      );
    }
    return { display: raw, name: basename(path), kind: "sbom", path };
  }
  for (const scheme of ARCHIVE_SCHEMES) {
    if (raw.startsWith(`${scheme}:`)) {
      const path = raw.slice(scheme.length + 1);
      if (path === "" || path.startsWith("-")) {
        throw new UsageError(
          `image ${JSON.stringify(raw)}: ${scheme}: needs a file path, e.g. ${scheme}:build/image.tar`
        );
      }
      return {
        display: raw,
        name: archiveName(path),
        kind: scheme,
        path,
        ...platform ? { platform } : {}
      };
    }
  }
  const parsed = parseImageReference(raw);
  if (!parsed) {
    throw new UsageError(
      `image ${JSON.stringify(raw)}: not an image reference \u2014 use name:tag, name@sha256:<digest>, oci-archive:<file>, docker-archive:<file> or sbom:<file>`
    );
  }
  return {
    display: raw,
    name: parsed.name,
    kind: "reference",
    reference: raw,
    ...parsed.digest ? { digest: parsed.digest } : {},
    ...platform ? { platform } : {}
  };
}
function archiveName(path) {
  const file = basename(path.split(":", 1)[0] ?? path);
  return file.replace(/\.(tar|tar\.gz|tgz|oci)$/i, "") || "image";
}
function dockerHubQualified(reference) {
  const parsed = parseImageReference(reference);
  if (!parsed) return reference;
  const first = parsed.name.split("/", 1)[0];
  if (parsed.name.includes("/") && looksLikeDomain(first)) return reference;
  const path = parsed.name.includes("/") ? parsed.name : `library/${parsed.name}`;
  return `docker.io/${path}${reference.slice(parsed.name.length)}`;
}

export {
  parseImageReference,
  parseTarget,
  dockerHubQualified
};
