/**
 * Strict JSON with positions: parse once with jsonc-parser, then answer "where is the node at this JSON
 * pointer" as a SourceRange. Shared by JSON-based loaders (snapshots, plan files).
 */
import { parseTree, findNodeAtLocation, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { JsonValue, SourceRange } from '../model/index.js';
import { sourceRange } from '../model/index.js';
import { LineIndex } from './line-index.js';


export interface JsonSyntaxError {
  line: number;
  column: number;
  message: string;
}

export interface JsonSource {
  value: JsonValue;
  root: Node;
  /** Range of the node at `pointer`, or of its nearest existing ancestor. */
  locate(pointer: string): SourceRange;
}

export function pointerSegments(pointer: string): (string | number)[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

export function joinPointer(base: string, ...segments: (string | number)[]): string {
  return base + segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/**
 * Deeper than any real configuration (IAM policies nest about 6 levels, plan JSON about 30) and far below
 * what recursive parsers and rule code survive on a default stack.
 */
export const MAX_NESTING_DEPTH = 500;

/**
 * Offset of the bracket that opens nesting level `maxDepth + 1`, or -1 when the text stays within the limit.
 * With `jsonStrings`, brackets inside JSON double-quoted strings are skipped (exact for JSON); otherwise every
 * `[`, `{` and `(` counts, which over-estimates the depth of YAML flow collections and HCL expressions (safe:
 * a false alarm needs hundreds of unbalanced brackets inside strings).
 */
export function excessiveNestingOffset(text: string, maxDepth = MAX_NESTING_DEPTH, jsonStrings = true): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22 && jsonStrings) inString = true;
    else if (c === 0x5b || c === 0x7b || (c === 0x28 && !jsonStrings)) {
      if (++depth > maxDepth) return i;
    } else if ((c === 0x5d || c === 0x7d || (c === 0x29 && !jsonStrings)) && depth > 0) depth--;
  }
  return -1;
}

/** Parse strict JSON. Returns the syntax errors (with positions) instead of throwing. */
export function parseJsonWithPositions(file: string, text: string): JsonSource | { errors: JsonSyntaxError[] } {
  const tooDeep = excessiveNestingOffset(text);
  if (tooDeep !== -1) {
    return { errors: [{ ...new LineIndex(text).position(tooDeep), message: `invalid JSON: nested more than ${MAX_NESTING_DEPTH} levels deep` }] };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const lines = new LineIndex(text);
  if (errors.length > 0 || root === undefined) {
    if (errors.length === 0) return { errors: [{ line: 1, column: 1, message: 'empty JSON document' }] };
    return {
      errors: errors.slice(0, 5).map((e) => ({
        ...lines.position(e.offset),
        message: `invalid JSON: ${describeParseError(printParseErrorCode(e.error))}`,
      })),
    };
  }
  const duplicate = firstDuplicateKey(root);
  if (duplicate) {
    return { errors: [{ ...lines.position(duplicate.offset), message: `invalid JSON: duplicate key "${String(duplicate.value)}"` }] };
  }
  const value = nodeValue(root);
  const locate = (pointer: string): SourceRange => {
    const segments = pointerSegments(pointer);
    let node: Node | undefined;
    for (let n = segments.length; n >= 0 && node === undefined; n--) {
      node = findNodeAtLocation(root, segments.slice(0, n));
    }
    const target = node?.parent?.type === 'property' && node.parent.children?.[1] === node ? node.parent : node ?? root;
    const start = lines.position(target.offset);
    const end = lines.position(target.offset + target.length);
    return sourceRange(file, start.line, start.column, end.line, end.column);
  };
  return { value, root, locate };
}

function describeParseError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * The key node of the first duplicate key in any object of the tree (iterative: safe on deep input).
 * Duplicate keys are ambiguous (which one deploys?): report them rather than silently taking the last.
 */
export function firstDuplicateKey(root: Node): Node | undefined {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const prop of node.children ?? []) {
        const key = prop.children?.[0];
        if (key && typeof key.value === 'string') {
          if (seen.has(key.value)) return key;
          seen.add(key.value);
        }
      }
    }
    for (const child of node.children ?? []) stack.push(child);
  }
  return undefined;
}

/** Build the value without prototype pollution: objects are created with a null prototype-safe assignment. */
function nodeValue(node: Node): JsonValue {
  switch (node.type) {
    case 'object': {
      const out: { [k: string]: JsonValue } = {};
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (k && v) Object.defineProperty(out, String(k.value), { value: nodeValue(v), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value as JsonValue;
  }
}
