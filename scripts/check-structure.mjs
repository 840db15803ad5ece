#!/usr/bin/env node
// The house rules that a reader cannot see at a glance and a refactoring can quietly break (issue 15): no function
// in src/ over MAX_FUNCTION_LINES lines, no import circle between src/ modules, no import that runs back up a floor
// (a folder reaching into the pipeline or a shell), and a pure core (no I/O, no process, no GitHub).
// Run by `npm run lint`; prints every breach with its place and exits 1 when there is one.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const MAX_FUNCTION_LINES = 80;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Floors, top to bottom: a module may import its own floor (no circles) or any floor below, never one above. */
const FLOORS = [
  { name: 'shells', match: (path) => path.startsWith('src/cli/') || path.startsWith('src/action/') },
  { name: 'pipeline', match: (path) => path === 'src/pipeline.ts' },
  { name: 'folders', match: () => true },
];
/** What src/core/ may import besides itself: parsing and hashing libraries, nothing that touches the world. */
/** The modules outside src/core/ that core may import: error classes and text formatting, pure both. */
const CORE_MAY_IMPORT = new Set(['src/util/errors.ts', 'src/util/format.ts']);
const CORE_ALLOWED = new Set([
  'node:crypto',
  'yaml',
  'zod',
  'spdx-license-ids/index.json',
  'spdx-license-ids/deprecated.json',
]);

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function floorOf(path) {
  return FLOORS.findIndex((floor) => floor.match(path));
}

function isFunctionLike(node) {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

function functionName(node, source) {
  if (node.name) return node.name.getText(source);
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && parent.name) {
    return parent.name.getText(source);
  }
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  return '(anonymous)';
}

export function longFunctions(path, text, limit = MAX_FUNCTION_LINES) {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found = [];
  const visit = (node) => {
    if (isFunctionLike(node) && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      const last = source.getLineAndCharacterOfPosition(node.end).line + 1;
      const lines = last - first + 1;
      if (lines > limit) found.push({ path, line: first, name: functionName(node, source), lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** An import that is erased at compile time: `import type {…}`, or every name in braces marked `type`. */
function isTypeOnly(node) {
  if (ts.isExportDeclaration(node)) return node.isTypeOnly;
  const clause = node.importClause;
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return (
    !clause.name &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((element) => element.isTypeOnly)
  );
}

function importsOf(path, text) {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const specifiers = [];
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      specifiers.push({ specifier: node.moduleSpecifier.text, typeOnly: isTypeOnly(node) });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      specifiers.push({ specifier: node.arguments[0].text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}

function circles(graph) {
  // Tarjan's strongly connected components: every component of more than one module is a circle.
  let index = 0;
  const stack = [];
  const state = new Map();
  const components = [];
  const connect = (node) => {
    state.set(node, { index, low: index, onStack: true });
    index++;
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!state.has(next)) {
        connect(next);
        state.get(node).low = Math.min(state.get(node).low, state.get(next).low);
      } else if (state.get(next).onStack) {
        state.get(node).low = Math.min(state.get(node).low, state.get(next).index);
      }
    }
    if (state.get(node).low === state.get(node).index) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        state.get(member).onStack = false;
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) components.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!state.has(node)) connect(node);
  return components;
}

export function checkStructure(srcDir = join(root, 'src')) {
  const breaches = [];
  const graph = new Map();
  const base = dirname(srcDir);
  for (const file of sourceFiles(srcDir)) {
    const path = relative(base, file);
    const text = readFileSync(file, 'utf8');
    for (const fn of longFunctions(path, text)) {
      breaches.push(
        `${fn.path}:${fn.line}: function ${fn.name} is ${fn.lines} lines (at most ${MAX_FUNCTION_LINES})`,
      );
    }
    const edges = [];
    for (const { specifier, typeOnly } of importsOf(path, text)) {
      if (!specifier.startsWith('.')) {
        if (path.startsWith('src/core/') && !CORE_ALLOWED.has(specifier)) {
          breaches.push(
            `${path}: core imports '${specifier}' (src/core/ is pure: no I/O, no process, no GitHub)`,
          );
        }
        continue;
      }
      const target = relative(base, resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      // A circle made of type imports alone is erased at compile time: no module runs before its dependency.
      if (!typeOnly) edges.push(target);
      if (path.startsWith('src/core/') && !target.startsWith('src/core/') && !CORE_MAY_IMPORT.has(target)) {
        breaches.push(
          `${path}: core imports ${target} (src/core/ imports only src/core/, src/util/errors.ts and src/util/format.ts)`,
        );
      }
      if (floorOf(target) < floorOf(path)) {
        breaches.push(`${path}: imports ${target}, a floor above it (${FLOORS[floorOf(target)].name})`);
      }
    }
    graph.set(path, edges);
  }
  for (const component of circles(graph)) breaches.push(`import circle: ${component.join(' → ')}`);
  return breaches;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const breaches = checkStructure();
  for (const breach of breaches) console.error(breach);
  if (breaches.length > 0) {
    console.error(
      `check-structure: ${breaches.length} breach(es) of the house rules (scripts/check-structure.mjs)`,
    );
    process.exit(1);
  }
  console.log('check-structure: functions ≤ 80 lines, no import circles, no imports up a floor, pure core');
}
