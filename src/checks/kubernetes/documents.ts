import {
  type Document,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
} from 'yaml';
import { errorMessage } from '../../util/errors.js';
import type { CheckError, ManifestInput } from '../types.js';

export type YamlPath = readonly (string | number)[];

/** One YAML document of a manifest file: its plain value, and the line of any field in it. */
export interface ManifestDocument {
  path: string;
  /** 0-based position of the document in its file, for ordering. */
  index: number;
  value: unknown;
  /**
   * The 1-based line of the field at `path` (the line of its key, or of the item for a sequence index); when
   * the field is absent, the line of its nearest present ancestor.
   */
  lineOf(path: YamlPath): number;
}

export type ParsedManifest =
  | { kind: 'documents'; documents: ManifestDocument[] }
  | { kind: 'skipped'; warning: string }
  | { kind: 'error'; errors: CheckError[] };

/** Whether the text holds Go/Helm template syntax: a `{{` outside a comment (it may also be inside a string). */
export function hasTemplateSyntax(text: string): boolean {
  return text.split(/\r?\n/).some((line) => {
    const at = line.indexOf('{{');
    if (at === -1) return false;
    const comment = line.search(/(?:^|\s)#/);
    return comment === -1 || comment > at;
  });
}

/**
 * Decided by parsing (issue 14 item 2): a file that reads as plain YAML is checked, whatever its strings hold (a
 * ConfigMap's `format: '{{ .Time }}'` does not hide the privileged Deployment beside it). A Helm (or other Go)
 * template is not YAML until rendered: one that does not parse, or parses only because `{{ x }}` reads as a mapping
 * used as a key (which no Kubernetes object has), is reported as not checked — a warning on the run, never a clean
 * pass of that file.
 */
export function parseManifest(input: ManifestInput): ParsedManifest {
  const lineCounter = new LineCounter();
  // Kubernetes' YAML reader (go-yaml) honours `<<` merge keys; without them a merged securityContext would vanish.
  const docs = parseAllDocuments(input.text, { lineCounter, uniqueKeys: true, merge: true });
  const all: Document.Parsed[] = Array.isArray(docs) ? docs : [docs];
  const template =
    hasTemplateSyntax(input.text) &&
    all.some((doc) => doc.errors.length > 0 || hasCollectionKey(doc.contents));
  if (template) {
    return {
      kind: 'skipped',
      warning: `${input.path}: a template, not plain YAML (template syntax '{{' outside a string): not checked — render it first (helm template …) and check the output`,
    };
  }
  const errors: CheckError[] = [];
  for (const doc of all) {
    for (const error of doc.errors) {
      const line = error.linePos?.[0].line ?? lineCounter.linePos(error.pos[0]).line;
      const what = error.message.split('\n', 1)[0]!.replace(/ at line \d+, column \d+:?$/, '');
      errors.push({
        path: input.path,
        line,
        message: `YAML syntax error: ${what}; fix the file so that the whole file can be checked`,
      });
    }
  }
  // A file with a syntax error is not checked at all: its document boundaries cannot be trusted.
  if (errors.length > 0) return { kind: 'error', errors };

  const documents: ManifestDocument[] = [];
  for (const [index, doc] of all.entries()) {
    const lineOf = (path: YamlPath) => lineCounter.linePos(offsetOf(doc.contents, path)).line;
    try {
      documents.push({ path: input.path, index, value: doc.toJS({ maxAliasCount: 1000 }), lineOf });
    } catch (error) {
      // toJS throws on alias bombs (more than maxAliasCount expansions) and on unresolvable aliases.
      const line = lineOf([]);
      const what = errorMessage(error);
      errors.push({
        path: input.path,
        line,
        message: `YAML document cannot be read: ${what}; simplify its anchors and aliases`,
      });
    }
  }
  if (errors.length > 0) return { kind: 'error', errors };
  return { kind: 'documents', documents };
}

/** A mapping whose key is itself a mapping or sequence, anywhere: `{{ x }}` unquoted parses as one. Iterative. */
function hasCollectionKey(root: Node | null): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isCollection(pair.key)) return true;
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return false;
}

function offsetOf(root: Node | null, path: YamlPath): number {
  let node: unknown = root;
  let offset = rangeStart(root) ?? 0;
  for (const segment of path) {
    if (isMap(node) && typeof segment === 'string') {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && item.key.value === segment,
      );
      if (!pair) break;
      offset = rangeStart(pair.key as Node) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      offset = rangeStart(item as Node) ?? offset;
      node = item;
    } else break;
  }
  return offset;
}

function rangeStart(node: Node | null | undefined): number | undefined {
  return node && 'range' in node && node.range ? node.range[0] : undefined;
}
