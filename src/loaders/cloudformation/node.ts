/**
 * A template as a tree of positioned nodes, the same for YAML and JSON sources. Short-form YAML intrinsics
 * (`!Ref X`) are normalised to their long form (`{ "Ref": "X" }`) so the evaluator sees one shape.
 */
import type { SourceRange } from '../../model/index.js';

export type CfnScalarValue = string | number | boolean | null;

export interface CfnScalar {
  kind: 'scalar';
  value: CfnScalarValue;
  range: SourceRange;
}

export interface CfnEntry {
  key: string;
  keyRange: SourceRange;
  /** From the key's start to the value's end: what a finding about this property points at. */
  range: SourceRange;
  value: CfnNode;
}

export interface CfnMap {
  kind: 'map';
  entries: CfnEntry[];
  range: SourceRange;
}

export interface CfnSeq {
  kind: 'seq';
  items: CfnNode[];
  range: SourceRange;
}

export type CfnNode = CfnScalar | CfnMap | CfnSeq;

export function entry(node: CfnNode | undefined, key: string): CfnEntry | undefined {
  if (node?.kind !== 'map') return undefined;
  for (const e of node.entries) if (e.key === key) return e;
  return undefined;
}

export function child(node: CfnNode | undefined, key: string): CfnNode | undefined {
  return entry(node, key)?.value;
}

export function scalarString(node: CfnNode | undefined): string | undefined {
  if (node?.kind !== 'scalar' || node.value === null) return undefined;
  return String(node.value);
}

/** Sets an own property; `__proto__` as a key (legal in templates) must not change the prototype. */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Plain JSON of a node, ignoring positions (for sniffing, metadata and tests). */
export function toPlain(node: CfnNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const e of node.entries) setOwn(out, e.key, toPlain(e.value));
      return out;
    }
  }
}

export function spanRange(start: SourceRange, end: SourceRange): SourceRange {
  return { ...start, endLine: end.endLine, endColumn: end.endColumn };
}
