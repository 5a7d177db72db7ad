/**
 * Evaluated Terraform values. Every value keeps the span of the expression that produced it, and values
 * derived from a resource attribute keep that resource's address (`origin`), which is how split resources
 * are linked to their bucket even when the bucket's name is unknown.
 */
import type { Span } from './source.js';

export interface Origin {
  /** Resource address, e.g. "module.logs.aws_s3_bucket.this[0]". */
  address: string;
  resourceType: string;
  attr: string;
}

/** Something that answers attribute reads lazily: a resource or module instance, or a namespace (var, local...). */
export interface Referable {
  describe: string;
  get(attr: string, span: Span): TV;
}

/** A string template with unknown interpolations, kept so policy JSON can still be read around them. */
export type TemplateChunk = string | { unknown: string };

export type TV =
  | { k: 'str'; v: string; span: Span; origin?: Origin; doc?: TV; verbatim?: Span }
  | { k: 'num'; v: number; span: Span }
  | { k: 'bool'; v: boolean; span: Span }
  | { k: 'null'; span: Span }
  | { k: 'list'; items: TV[]; span: Span }
  | { k: 'obj'; props: Map<string, TV>; span: Span }
  | {
      k: 'unknown';
      reason: string;
      span: Span;
      origin?: Origin;
      /** Structured document for jsonencode() of partially unknown values. */
      doc?: TV;
      /** String template with unknown parts. */
      chunks?: TemplateChunk[];
      /** A representative element when a collection's size is unknown (count/for_each over unknowns). */
      any?: TV;
      /** Terraform would fail here (missing attribute, bad index); try() and can() look at this. */
      error?: boolean;
    }
  | { k: 'ref'; target: Referable; span: Span };

export type UnknownTV = Extract<TV, { k: 'unknown' }>;

export function unknownTV(reason: string, span: Span, extra: Partial<UnknownTV> = {}): UnknownTV {
  return { k: 'unknown', reason, span, ...extra };
}

/** The first unknown inside a value (deep), or undefined when the value is fully known. */
export function firstUnknown(v: TV): UnknownTV | undefined {
  switch (v.k) {
    case 'unknown':
      return v;
    case 'list':
      for (const x of v.items) {
        const u = firstUnknown(x);
        if (u) return u;
      }
      return undefined;
    case 'obj':
      for (const x of v.props.values()) {
        const u = firstUnknown(x);
        if (u) return u;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** Plain JSON of a fully known value (refs become null); unknowns are replaced by `onUnknown`. */
export function toPlain(v: TV, onUnknown: (u: UnknownTV) => unknown = () => undefined): unknown {
  switch (v.k) {
    case 'str':
    case 'num':
    case 'bool':
      return v.v;
    case 'null':
      return null;
    case 'list':
      return v.items.map((x) => toPlain(x, onUnknown));
    case 'obj': {
      const o: Record<string, unknown> = {};
      for (const [key, x] of v.props) o[key] = toPlain(x, onUnknown);
      return o;
    }
    case 'unknown':
      return onUnknown(v);
    case 'ref':
      return null;
  }
}

/** Convert plain JSON into values, all spanning `span`. */
export function fromPlain(x: unknown, span: Span): TV {
  if (x === null || x === undefined) return { k: 'null', span };
  if (typeof x === 'string') return { k: 'str', v: x, span };
  if (typeof x === 'number') return { k: 'num', v: x, span };
  if (typeof x === 'boolean') return { k: 'bool', v: x, span };
  if (Array.isArray(x)) return { k: 'list', items: x.map((i) => fromPlain(i, span)), span };
  const props = new Map<string, TV>();
  for (const [key, val] of Object.entries(x as Record<string, unknown>)) props.set(key, fromPlain(val, span));
  return { k: 'obj', props, span };
}

/** Terraform's string conversion for template interpolation and string arguments. */
export function asString(v: TV): string | undefined {
  if (v.k === 'str') return v.v;
  if (v.k === 'num') return String(v.v);
  if (v.k === 'bool') return v.v ? 'true' : 'false';
  return undefined;
}

export function typeName(v: TV): string {
  switch (v.k) {
    case 'str':
      return 'string';
    case 'num':
      return 'number';
    case 'bool':
      return 'bool';
    case 'null':
      return 'null';
    case 'list':
      return 'tuple';
    case 'obj':
      return 'object';
    case 'unknown':
      return 'unknown';
    case 'ref':
      return 'object';
  }
}
