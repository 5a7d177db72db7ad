/**
 * A template node after intrinsic evaluation: known scalars, lists and maps keep the range they were written
 * at; what cannot be determined is `unknown` with a reason. `origin` remembers that a value is a reference to
 * a resource of the template (`!Ref Bucket`, `!GetAtt Bucket.Arn`), which is how resources are linked even
 * when the physical name is only assigned at deploy time.
 */
import type { SourceRange } from '../../model/index.js';

export interface RefOrigin {
  logicalId: string;
  /** Undefined for `Ref`; the attribute name for `Fn::GetAtt`. */
  attribute?: string;
}

export type RScalarValue = string | number | boolean | null;

export interface RScalar {
  t: 'scalar';
  v: RScalarValue;
  at: SourceRange;
  origin?: RefOrigin;
}

export interface RList {
  t: 'list';
  items: RNode[];
  at: SourceRange;
}

export interface REntry {
  key: string;
  /** From the key to the end of the value, as written. */
  at: SourceRange;
  value: RNode;
}

export interface RMap {
  t: 'map';
  entries: REntry[];
  at: SourceRange;
}

export interface RUnknown {
  t: 'unknown';
  reason: string;
  at: SourceRange;
  origin?: RefOrigin;
}

/** `!Ref AWS::NoValue`: the property is removed. */
export interface RNoValue {
  t: 'novalue';
  at: SourceRange;
}

export type RNode = RScalar | RList | RMap | RUnknown | RNoValue;

export function rEntry(node: RNode | undefined, key: string): REntry | undefined {
  if (node?.t !== 'map') return undefined;
  for (const e of node.entries) if (e.key === key) return e;
  return undefined;
}

export function rUnknown(reason: string, at: SourceRange, origin?: RefOrigin): RUnknown {
  return origin ? { t: 'unknown', reason, at, origin } : { t: 'unknown', reason, at };
}

/** The scalar as a string, or undefined when it is not a known scalar. */
export function rString(node: RNode | undefined): string | undefined {
  if (node?.t !== 'scalar' || node.v === null) return undefined;
  return String(node.v);
}
