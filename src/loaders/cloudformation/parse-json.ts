/** JSON templates into positioned nodes with jsonc-parser. Duplicate keys are an error (which one deploys?). */
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { CfnEntry, CfnNode } from './node.js';
import { excessiveNestingOffset, MAX_NESTING_DEPTH } from '../json-source.js';
import { LineIndex } from './lines.js';
import type { ParseFailure } from './parse-yaml.js';

export function parseJsonTemplate(file: string, text: string): CfnNode | ParseFailure {
  const lines = new LineIndex(file, text);
  const tooDeep = excessiveNestingOffset(text);
  if (tooDeep !== -1) return { ...lines.position(tooDeep), message: `invalid JSON: nested more than ${MAX_NESTING_DEPTH} levels deep` };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first) {
    const message = printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    return { ...lines.position(first.offset), message: `invalid JSON: ${message}` };
  }
  if (!root) return { line: 1, column: 1, message: 'empty JSON document' };
  try {
    return convert(root, lines);
  } catch (e) {
    if (e instanceof DuplicateKey) return { ...lines.position(e.offset), message: `invalid JSON: duplicate key "${e.key}"` };
    throw e;
  }
}

class DuplicateKey extends Error {
  constructor(readonly key: string, readonly offset: number) {
    super(key);
  }
}

function convert(node: JsonNode, lines: LineIndex): CfnNode {
  const range = lines.range(node.offset, node.offset + node.length);
  switch (node.type) {
    case 'object': {
      const entries: CfnEntry[] = [];
      const seen = new Set<string>();
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k || !v) continue;
        const key = String(k.value);
        if (seen.has(key)) throw new DuplicateKey(key, k.offset);
        seen.add(key);
        entries.push({
          key,
          keyRange: lines.range(k.offset, k.offset + k.length),
          range: lines.range(prop.offset, prop.offset + prop.length),
          value: convert(v, lines),
        });
      }
      return { kind: 'map', entries, range };
    }
    case 'array':
      return { kind: 'seq', items: (node.children ?? []).map((c) => convert(c, lines)), range };
    default:
      return { kind: 'scalar', value: (node.value ?? null) as string | number | boolean | null, range };
  }
}
