/**
 * YAML templates into positioned nodes. The fast path (parse-yaml-fast.ts, js-yaml) handles ordinary
 * templates; this file is the reference path and the fallback: the `yaml` package's document, whose short-form
 * intrinsic tags (`!Ref X`) are rewritten to long form here. Aliases are expanded by sharing the converted node,
 * with a budget so that an alias bomb fails fast instead of exhausting memory.
 */
import { parseDocument, isAlias, isMap, isPair, isScalar, isSeq, type Node as YamlNode, type Document, type Tags } from 'yaml';
import type { CfnEntry, CfnNode } from './node.js';
import { INTRINSIC_KEYS, longFormOfTag } from './intrinsics.js';
import { excessiveNestingOffset, MAX_NESTING_DEPTH } from '../json-source.js';
import { LineIndex } from './lines.js';
import { parseYamlFast } from './parse-yaml-fast.js';

export interface ParseFailure {
  line: number;
  column: number;
  message: string;
}

export interface YamlLimits {
  /** Alias references allowed in one document (yaml's own default is 100). */
  maxAliasCount: number;
  /** Nodes the document may expand to once aliases are followed. */
  maxExpandedNodes: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = { maxAliasCount: 100, maxExpandedNodes: 2_000_000 };

/**
 * Pass-through definitions of the short-form tags for scalars, sequences and maps, so that `yaml` does not
 * build an "unresolved tag" warning (an Error with a stack trace) for each of them.
 */
const SHORT_FORM_TAGS: Tags = [...INTRINSIC_KEYS].flatMap((long) => {
  const tag = `!${long.replace(/^Fn::/, '')}`;
  return [
    { tag, resolve: (value: string) => value },
    { tag, collection: 'seq' as const },
    { tag, collection: 'map' as const },
  ];
});

class ConversionError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/** Fast path first (parse-yaml-fast.ts); the `yaml` package for everything it leaves out, errors included. */
export function parseYamlTemplate(file: string, text: string, limits = DEFAULT_YAML_LIMITS): CfnNode | ParseFailure {
  const tooDeep = excessiveNestingOffset(text, MAX_NESTING_DEPTH, false);
  if (tooDeep !== -1) return { ...new LineIndex(file, text).position(tooDeep), message: `invalid YAML: nested more than ${MAX_NESTING_DEPTH} levels deep` };
  try {
    const result = parseYamlFast(file, text, limits) ?? parseYamlDocument(file, text, limits);
    // `yaml` records its own stack exhaustion as a document error: say what it means for the user.
    if (!('kind' in result) && result.message.includes('Maximum call stack size exceeded')) return { ...result, message: 'invalid YAML: nested too deeply to read' };
    return result;
  } catch (e) {
    // Block nesting (indentation, compact `- - -` sequences) can still exhaust the stack of a recursive parser.
    if (e instanceof RangeError) return { line: 1, column: 1, message: 'invalid YAML: nested too deeply to read' };
    throw e;
  }
}

/** The reference YAML path: the `yaml` package's document, converted node by node. */
export function parseYamlDocument(file: string, text: string, limits = DEFAULT_YAML_LIMITS): CfnNode | ParseFailure {
  const lines = new LineIndex(file, text);
  // Duplicate keys are detected while converting: yaml's own check compares every pair of keys of a map.
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, strict: true, customTags: SHORT_FORM_TAGS });
  const error = doc.errors[0];
  if (error) {
    const at = lines.position(error.pos[0]);
    if (error.code === 'MULTIPLE_DOCS') return { ...at, message: 'more than one YAML document in the file: CloudFormation reads one template per file' };
    return { ...at, message: `invalid YAML: ${firstLine(error.message)}` };
  }
  if (doc.contents === null) return { line: 1, column: 1, message: 'empty YAML document' };
  try {
    return new Converter(doc, lines, limits).convert(doc.contents as YamlNode);
  } catch (e) {
    if (e instanceof ConversionError) return { ...lines.position(e.offset), message: e.message };
    throw e;
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

class Converter {
  private aliasCount = 0;
  private expanded = 0;
  private readonly sizes = new WeakMap<CfnNode, number>();
  private readonly anchored = new Map<YamlNode, CfnNode>();

  constructor(
    private readonly doc: Document,
    private readonly lines: LineIndex,
    private readonly limits: YamlLimits,
  ) {}

  convert(node: YamlNode | null, fallbackOffset = 0): CfnNode {
    const before = this.expanded;
    const out = this.convertInner(node, fallbackOffset);
    this.sizes.set(out, this.expanded - before);
    return out;
  }

  private convertInner(node: YamlNode | null, fallbackOffset: number): CfnNode {
    if (node === null || node === undefined) {
      this.count(1, fallbackOffset);
      return { kind: 'scalar', value: null, range: this.lines.range(fallbackOffset, fallbackOffset) };
    }
    const [start, end] = node.range ?? [fallbackOffset, fallbackOffset];
    if (isAlias(node)) {
      this.aliasCount++;
      if (this.aliasCount > this.limits.maxAliasCount) {
        throw new ConversionError(`too many YAML aliases (more than ${this.limits.maxAliasCount}): refusing a possible alias bomb`, start);
      }
      const target = node.resolve(this.doc);
      const converted = target ? this.anchored.get(target as YamlNode) : undefined;
      if (!converted) throw new ConversionError(`YAML alias *${node.source} does not refer to an earlier anchor`, start);
      this.count(this.sizes.get(converted) ?? 1, start);
      return converted;
    }
    const range = this.lines.range(start, end);
    let out: CfnNode;
    if (isScalar(node)) {
      this.count(1, start);
      const v = node.value;
      const value = v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
      out = { kind: 'scalar', value, range };
    } else if (isSeq(node)) {
      this.count(1, start);
      out = { kind: 'seq', items: node.items.map((item) => this.convert(item as YamlNode, end)), range };
    } else if (isMap(node)) {
      this.count(1, start);
      const entries: CfnEntry[] = [];
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        const keyRangeOffsets = keyNode?.range ?? [start, start];
        const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
        if (seen.has(key)) throw new ConversionError(`invalid YAML: duplicate key "${key}"`, keyRangeOffsets[0]);
        seen.add(key);
        const value = this.convert(pair.value as YamlNode | null, keyRangeOffsets[1]);
        const keyRange = this.lines.range(keyRangeOffsets[0], keyRangeOffsets[1]);
        entries.push({ key, keyRange, value, range: { ...keyRange, endLine: value.range.endLine, endColumn: value.range.endColumn } });
      }
      out = { kind: 'map', entries, range };
    } else {
      this.count(1, start);
      out = { kind: 'scalar', value: null, range };
    }
    const long = node.tag ? longFormOfTag(node.tag) : undefined;
    if (long) {
      this.count(1, start);
      out = { kind: 'map', entries: [{ key: long, keyRange: range, range, value: out }], range };
    }
    if (node.anchor) this.anchored.set(node, out);
    return out;
  }

  private count(n: number, offset: number): void {
    this.expanded += n;
    if (this.expanded > this.limits.maxExpandedNodes) {
      throw new ConversionError(`YAML document expands to more than ${this.limits.maxExpandedNodes} nodes: refusing a possible alias bomb`, offset);
    }
  }
}
