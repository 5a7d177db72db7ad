/**
 * Turns an evaluated policy value (jsonencode, aws_iam_policy_document, heredoc, file) into the model's
 * PolicyDocument: real JSON, unknown scalars as `$s3lint:unknown` markers, JSON pointers mapped to lines.
 */
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { known, unknown, unknownMarker, type JsonValue, type PolicyDocument, type Provenance, type SourceRange, type Value } from '../../model/index.js';
import { spanRange, type Span } from './source.js';
import { jsonTooDeepAt } from './tfjson.js';
import type { TemplateChunk, TV } from './values.js';

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function fromTV(v: TV, pointer: string, locations: Record<string, Provenance> | undefined): JsonValue {
  if (locations) locations[pointer] = spanRange(v.span);
  switch (v.k) {
    case 'str':
      return v.v;
    case 'num':
    case 'bool':
      return v.v;
    case 'null':
      return null;
    case 'list':
      return v.items.map((x, i) => fromTV(x, locations ? `${pointer}/${i}` : '', locations));
    case 'obj': {
      const o: Record<string, JsonValue> = {};
      for (const [k, x] of v.props) o[k] = fromTV(x, locations ? `${pointer}/${escapePointer(k)}` : '', locations);
      return o;
    }
    case 'unknown':
      if (v.doc) return fromTV(v.doc, pointer, locations);
      return unknownMarker(v.reason) as unknown as JsonValue;
    case 'ref':
      return unknownMarker(`${v.target.describe} is not a JSON value`) as unknown as JsonValue;
  }
}

/** The document of a structured value; its locations are computed on first read (most are never read). */
function documentOf(doc: TV, at: SourceRange): PolicyDocument {
  const json = fromTV(doc, '', undefined);
  let locations: Record<string, Provenance> | undefined;
  const out = { json, at } as PolicyDocument;
  Object.defineProperty(out, 'locations', {
    enumerable: true,
    get: () => {
      if (!locations) {
        locations = {};
        fromTV(doc, '', locations);
      }
      return locations;
    },
  });
  return out;
}

function mapJsonLocations(node: JsonNode, pointer: string, verbatim: Span, out: Record<string, Provenance>): void {
  out[pointer] = spanRange({ src: verbatim.src, s: verbatim.s + node.offset, e: verbatim.s + node.offset + node.length });
  if (node.type === 'object') {
    for (const prop of node.children ?? []) {
      const [k, val] = prop.children ?? [];
      if (k && val) mapJsonLocations(val, `${pointer}/${escapePointer(String(k.value))}`, verbatim, out);
    }
  } else if (node.type === 'array') {
    (node.children ?? []).forEach((c, i) => mapJsonLocations(c, `${pointer}/${i}`, verbatim, out));
  }
}

/** Real policies nest a handful of levels; far deeper documents are not evaluated (and cannot deploy). */
const POLICY_MAX_NESTING = 64;

const SENTINEL = /__s3lint_unknown_(\d+)__/;

/** JSON text with unknown interpolations: parse it with sentinels in place and turn those into markers. */
function fromChunks(chunks: TemplateChunk[]): JsonValue | undefined {
  const reasons: string[] = [];
  const text = chunks.map((c) => (typeof c === 'string' ? c : `__s3lint_unknown_${reasons.push(c.unknown) - 1}__`)).join('');
  if (jsonTooDeepAt(text, POLICY_MAX_NESTING) !== -1) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const restore = (x: unknown): JsonValue => {
    if (typeof x === 'string') {
      const m = SENTINEL.exec(x);
      return m ? (unknownMarker(reasons[Number(m[1])] ?? 'unknown') as unknown as JsonValue) : x;
    }
    if (Array.isArray(x)) return x.map(restore);
    if (x !== null && typeof x === 'object') {
      const o: Record<string, JsonValue> = {};
      for (const [k, v] of Object.entries(x)) o[k] = restore(v);
      return o;
    }
    return x as JsonValue;
  };
  return restore(parsed);
}

/** A policy attribute's value → Value<PolicyDocument | null>; `at` is the attribute. */
export function policyValue(v: TV | undefined, at: SourceRange): Value<PolicyDocument | null> {
  if (v === undefined || v.k === 'null') return known(null, at);
  if (v.k === 'str' && v.v.trim() === '') return known(null, at);
  const locations: Record<string, Provenance> = {};
  if ((v.k === 'str' || v.k === 'unknown') && v.doc) return known(documentOf(v.doc, at), at);
  if (v.k === 'obj') return known(documentOf(v, at), at);
  if (v.k === 'str') {
    if (jsonTooDeepAt(v.v, POLICY_MAX_NESTING) !== -1) return unknown(`the policy nests deeper than ${POLICY_MAX_NESTING} levels`, at);
    let json: JsonValue;
    try {
      json = JSON.parse(v.v) as JsonValue;
    } catch {
      return unknown('the policy is not valid JSON', at);
    }
    if (v.verbatim) {
      const tree = parseTree(v.verbatim.src.text.slice(v.verbatim.s, v.verbatim.e));
      if (tree) mapJsonLocations(tree, '', v.verbatim, locations);
    }
    return known({ json, at, locations }, at);
  }
  if (v.k === 'unknown' && v.chunks) {
    const json = fromChunks(v.chunks);
    if (json !== undefined) return known({ json, at }, at);
  }
  if (v.k === 'unknown') return unknown(`the policy is unknown: ${v.reason}`, at);
  return unknown(`the policy is a ${v.k}, not a JSON string`, at);
}
