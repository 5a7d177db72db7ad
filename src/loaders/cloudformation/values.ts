/** From resolved nodes to model Values: every Value points at the property it was read from. */
import { known, unknown, unknownMarker, type JsonValue, type PolicyDocument, type Provenance, type SourceRange, type Value } from '../../model/index.js';
import { setOwn } from './node.js';
import { rEntry, rString, type RNode } from './resolved.js';

/** A property of a resolved map: absent, present (with the range of `Key: value`), or unknown. */
export type Field =
  | { kind: 'absent' }
  | { kind: 'present'; node: RNode; at: SourceRange }
  /** `node` is the unknown value itself when the property is written (it may carry a resource origin). */
  | { kind: 'unknown'; reason: string; at: SourceRange; node?: RNode };

export function field(parent: RNode | undefined, key: string): Field {
  if (parent === undefined || parent.t === 'novalue') return { kind: 'absent' };
  if (parent.t === 'unknown') return { kind: 'unknown', reason: parent.reason, at: parent.at };
  const e = rEntry(parent, key);
  if (!e) return { kind: 'absent' };
  if (e.value.t === 'unknown') return { kind: 'unknown', reason: e.value.reason, at: e.at, node: e.value };
  return { kind: 'present', node: e.value, at: e.at };
}

export function describe(node: RNode): string {
  switch (node.t) {
    case 'scalar':
      return JSON.stringify(node.v);
    case 'list':
      return 'a list';
    case 'map':
      return 'an object';
    default:
      return 'no value';
  }
}

export function stringValue(f: Field & { kind: 'present' | 'unknown' }): Value<string> {
  if (f.kind === 'unknown') return unknown(f.reason, f.at);
  const s = rString(f.node);
  return s !== undefined ? known(s, f.at) : unknown(`expected a string, found ${describe(f.node)}`, f.at);
}

export function boolValue(f: Field & { kind: 'present' | 'unknown' }): Value<boolean> {
  if (f.kind === 'unknown') return unknown(f.reason, f.at);
  const n = f.node;
  if (n.t === 'scalar') {
    if (typeof n.v === 'boolean') return known(n.v, f.at);
    // YAML 1.1 booleans (yes/no/on/off), as cfn-lint's PyYAML-based loader reads them (CloudFormation's own reading
    // is UNVERIFIED); the `yaml` package (YAML 1.2) keeps them as strings.
    if (typeof n.v === 'string' && /^(true|false|yes|no|on|off)$/i.test(n.v)) return known(/^(true|yes|on)$/i.test(n.v), f.at);
  }
  return unknown(`expected a Boolean, found ${describe(n)}`, f.at);
}

export function numberValue(f: Field & { kind: 'present' | 'unknown' }): Value<number> {
  if (f.kind === 'unknown') return unknown(f.reason, f.at);
  const n = f.node;
  if (n.t === 'scalar' && n.v !== null && n.v !== '' && Number.isFinite(Number(n.v))) return known(Number(n.v), f.at);
  return unknown(`expected a number, found ${describe(n)}`, f.at);
}

/** An enum string: known when it is one of `allowed`, else unknown with what was found. */
export function enumValue<T extends string>(f: Field & { kind: 'present' | 'unknown' }, allowed: readonly T[]): Value<T> {
  const s = stringValue(f);
  if (!s.known) return s;
  const match = allowed.find((a) => a === s.value);
  return match !== undefined ? known(match, s.at) : unknown(`"${s.value}" is not one of ${allowed.join(', ')}`, s.at);
}

/** The written value of a property, known or not (undefined when absent). */
export function writtenNode(f: Field): RNode | undefined {
  return f.kind === 'absent' ? undefined : f.node;
}

/** Optional Values: undefined when absent. */
export function opt<T>(f: Field, read: (f: Field & { kind: 'present' | 'unknown' }) => Value<T>): Value<T> | undefined {
  return f.kind === 'absent' ? undefined : read(f);
}

/** Items of a list property, or why it is not a list. */
export function listItems(f: Field & { kind: 'present' }): RNode[] | string {
  if (f.node.t === 'list') return f.node.items;
  return `expected a list, found ${describe(f.node)}`;
}

/**
 * A policy document as it deploys: unknown scalars become `{ "$s3lint:unknown": reason }` markers, and every
 * JSON pointer maps to where that part is written. A document given as a JSON string is parsed.
 */
export function policyDocument(f: Field & { kind: 'present' }): Value<PolicyDocument> {
  const node = f.node;
  if (node.t === 'scalar' && typeof node.v === 'string') {
    try {
      const json = JSON.parse(node.v) as JsonValue;
      return known({ json, at: f.at, locations: { '': f.at } }, f.at);
    } catch {
      return unknown('the policy document string is not valid JSON', f.at);
    }
  }
  if (node.t !== 'map') return unknown(`expected a policy document, found ${describe(node)}`, f.at);
  const locations: Record<string, Provenance> = {};
  const json = toJson(node, '', locations);
  return known({ json, at: f.at, locations }, f.at);
}

function toJson(node: RNode, pointer: string, locations: Record<string, Provenance>): JsonValue {
  locations[pointer] = node.at;
  switch (node.t) {
    case 'scalar':
      return node.v;
    case 'unknown':
      return unknownMarker(node.reason) as unknown as JsonValue;
    case 'novalue':
      return null;
    case 'list':
      return node.items.map((item, i) => toJson(item, `${pointer}/${i}`, locations));
    case 'map': {
      const out: { [k: string]: JsonValue } = {};
      for (const e of node.entries) {
        const p = `${pointer}/${/[~/]/.test(e.key) ? e.key.replace(/~/g, '~0').replace(/\//g, '~1') : e.key}`;
        const value = toJson(e.value, p, locations);
        locations[p] = e.at;
        setOwn(out, e.key, value);
      }
      return out;
    }
  }
}

/** A plain JSON object property (e.g. an Organizations policy's Content), parsed when it is a string. */
export function jsonObject(f: Field & { kind: 'present' }): { ok: true; value: JsonValue } | { ok: false; reason: string } {
  const n = f.node;
  if (n.t === 'scalar' && typeof n.v === 'string') {
    try {
      return { ok: true, value: JSON.parse(n.v) as JsonValue };
    } catch {
      return { ok: false, reason: 'not valid JSON' };
    }
  }
  const locations: Record<string, Provenance> = {};
  return { ok: true, value: toJson(n, '', locations) };
}
