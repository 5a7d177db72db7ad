/**
 * data "aws_iam_policy_document" rendered the way the AWS provider renders it: statements, principals,
 * conditions, and source/override documents merged by Sid. The result is a structured value whose parts
 * keep the spans of the HCL that wrote them (for PolicyDocument.locations).
 */
import { argOf, blocksOf, type BlockItem } from './blocks.js';
import type { ResourceInstance } from './module.js';
import type { Span } from './source.js';
import { firstUnknown, fromPlain, toPlain, unknownTV, type TV } from './values.js';

function obj(entries: [string, TV][], span: Span): TV {
  return { k: 'obj', props: new Map(entries), span };
}

/** A list attribute as the provider writes it: one element becomes a plain string. */
function oneOrMany(v: TV): TV {
  if (v.k === 'list' && v.items.length === 1) return v.items[0] as TV;
  return v;
}

function principals(items: BlockItem[], span: Span): TV | undefined {
  if (items.length === 0) return undefined;
  const byType = new Map<string, TV[]>();
  let typeSpan = span;
  for (const item of items) {
    const type = argOf(item, 'type');
    const ids = argOf(item, 'identifiers');
    if (!type || type.k !== 'str') return unknownTV(type?.k === 'unknown' ? type.reason : 'principals type is not a string', item.span);
    typeSpan = item.span;
    if (!ids) continue;
    const list = ids.k === 'list' ? ids.items : [ids];
    byType.set(type.v, [...(byType.get(type.v) ?? []), ...list]);
  }
  const star = byType.get('*');
  if (star && byType.size === 1 && star.every((x) => x.k === 'str' && x.v === '*')) return { k: 'str', v: '*', span: typeSpan };
  return obj(
    [...byType].map(([t, ids]) => [t, oneOrMany({ k: 'list', items: ids, span: typeSpan })]),
    typeSpan,
  );
}

function conditions(items: BlockItem[], span: Span): TV | undefined {
  if (items.length === 0) return undefined;
  const byTest = new Map<string, [string, TV][]>();
  span = items[0]?.span ?? span;
  for (const item of items) {
    const test = argOf(item, 'test');
    const variable = argOf(item, 'variable');
    const values = argOf(item, 'values');
    if (test?.k !== 'str' || variable?.k !== 'str' || !values) {
      const u = [test, variable, values].find((x) => x?.k === 'unknown');
      return unknownTV(u?.k === 'unknown' ? u.reason : 'condition block is incomplete', item.span);
    }
    const entries = byTest.get(test.v) ?? [];
    entries.push([variable.v, oneOrMany({ ...values, span: item.span } as TV)]);
    byTest.set(test.v, entries);
  }
  return obj([...byTest].map(([t, e]) => [t, obj(e, span)]), span);
}

function statement(item: BlockItem): TV {
  const props: [string, TV][] = [];
  const sid = argOf(item, 'sid');
  if (sid && !(sid.k === 'str' && sid.v === '')) props.push(['Sid', sid]);
  props.push(['Effect', argOf(item, 'effect') ?? { k: 'str', v: 'Allow', span: item.header }]);
  for (const [arg, key] of [
    ['actions', 'Action'],
    ['not_actions', 'NotAction'],
    ['resources', 'Resource'],
    ['not_resources', 'NotResource'],
  ] as const) {
    const v = argOf(item, arg);
    if (v && !(v.k === 'list' && v.items.length === 0)) props.push([key, oneOrMany(v)]);
  }
  for (const [type, key] of [
    ['principals', 'Principal'],
    ['not_principals', 'NotPrincipal'],
  ] as const) {
    const list = blocksOf(item.body, type, item.scope);
    const p = 'unknown' in list ? unknownTV(list.unknown, list.span) : principals(list.items, item.span);
    if (p) props.push([key, p]);
  }
  const conds = blocksOf(item.body, 'condition', item.scope);
  const c = 'unknown' in conds ? unknownTV(conds.unknown, conds.span) : conditions(conds.items, item.span);
  if (c) props.push(['Condition', c]);
  return obj(props, item.span);
}

function sidOf(s: TV): string | undefined {
  if (s.k !== 'obj') return undefined;
  const sid = s.props.get('Sid');
  return sid?.k === 'str' ? sid.v : undefined;
}

/** Statements of a JSON policy string (source/override documents). */
function statementsOfJson(v: TV): TV[] | string {
  const doc = v.k === 'str' ? (v.doc ?? parseJson(v)) : v.k === 'unknown' && v.doc ? v.doc : undefined;
  if (!doc) return v.k === 'unknown' ? v.reason : 'a source/override document is not JSON';
  if (doc.k !== 'obj') return 'a source/override document is not a JSON object';
  const st = doc.props.get('Statement');
  if (!st) return [];
  if (st.k === 'list') return st.items;
  if (st.k === 'obj') return [st];
  return st.k === 'unknown' ? st.reason : 'Statement is not a list';
}

function parseJson(v: Extract<TV, { k: 'str' }>): TV | undefined {
  try {
    return fromPlain(JSON.parse(v.v), v.span);
  } catch {
    return undefined;
  }
}

function mergeBySid(base: TV[], over: TV[]): TV[] {
  const out = [...base];
  for (const s of over) {
    const sid = sidOf(s);
    const i = sid === undefined ? -1 : out.findIndex((b) => sidOf(b) === sid);
    if (i >= 0) out[i] = s;
    else out.push(s);
  }
  return out;
}

function documentList(inst: ResourceInstance, names: string[]): TV[] | string {
  const out: TV[] = [];
  for (const name of names) {
    const v = inst.arg(name);
    if (!v || v.k === 'null') continue;
    const docs = v.k === 'list' ? v.items : [v];
    for (const d of docs) {
      const st = statementsOfJson(d);
      if (typeof st === 'string') return st;
      out.push(...st);
    }
  }
  return out;
}

/** The rendered document as a structured value. */
export function renderPolicyDocument(inst: ResourceInstance): TV {
  const header = inst.def.block.header;
  const list = blocksOf(inst.body, 'statement', inst.scope);
  if ('unknown' in list) return unknownTV(list.unknown, list.span);
  const own = list.items.map(statement);
  const sources = documentList(inst, ['source_policy_documents', 'source_json']);
  if (typeof sources === 'string') return unknownTV(`a source policy document is unknown (${sources})`, header);
  const overrides = documentList(inst, ['override_policy_documents', 'override_json']);
  if (typeof overrides === 'string') return unknownTV(`an override policy document is unknown (${overrides})`, header);
  const statements = mergeBySid(mergeBySid(sources, own), overrides);
  const props: [string, TV][] = [['Version', inst.arg('version') ?? { k: 'str', v: '2012-10-17', span: header }]];
  const id = inst.arg('policy_id');
  if (id) props.push(['Id', id]);
  props.push(['Statement', { k: 'list', items: statements, span: inst.def.block.span }]);
  return obj(props, inst.def.block.span);
}

/** The `.json` attribute: a string carrying the structured document. */
export function policyDocumentJson(inst: ResourceInstance, span: Span): TV {
  const doc = renderPolicyDocument(inst);
  const u = firstUnknown(doc);
  if (u) return unknownTV(u.reason, span, { doc, origin: { address: inst.address, resourceType: inst.def.type, attr: 'json' } });
  return { k: 'str', v: JSON.stringify(toPlain(doc)), span, doc };
}
