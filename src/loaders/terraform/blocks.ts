/** Nested blocks of a resource, with `dynamic` blocks expanded when their for_each is known. */
import { entries, evaluate, type Scope } from './eval.js';
import type { HclBlock, HclBody } from './hcl.js';
import type { Span } from './source.js';
import type { TV } from './values.js';

export interface BlockItem {
  block: HclBlock;
  body: HclBody;
  scope: Scope;
  /** The block itself, or the `dynamic` block that produced it. */
  span: Span;
  header: Span;
}

export type BlockList = { items: BlockItem[] } | { unknown: string; span: Span };

export function blocksOf(body: HclBody, type: string, scope: Scope): BlockList {
  const items: BlockItem[] = [];
  for (const b of body.blocks) {
    if (b.type === type) {
      items.push({ block: b, body: b.body, scope, span: b.span, header: b.header });
      continue;
    }
    if (b.type !== 'dynamic' || b.labels[0] !== type) continue;
    const content = b.body.blocks.find((c) => c.type === 'content');
    const fe = b.body.attrs.get('for_each');
    if (!content || !fe) continue;
    const coll = evaluate(fe.expr(), fe.span.src, scope);
    const pairs = coll.k === 'list' ? coll.items.map((v, i) => [{ k: 'num', v: i, span: v.span } as TV, v] as [TV, TV]) : entries(coll);
    if (!Array.isArray(pairs)) return { unknown: `dynamic "${type}" block: for_each is unknown (${pairs.reason})`, span: b.header };
    const iterAttr = b.body.attrs.get('iterator');
    const iterNode = iterAttr?.expr();
    const iterator = iterNode?.n === 'var' ? iterNode.name : type;
    for (const [k, v] of pairs) {
      const it: TV = { k: 'obj', props: new Map([['key', k], ['value', v]]), span: b.header };
      items.push({ block: content, body: content.body, scope: scope.with(new Map([[iterator, it]])), span: b.span, header: b.header });
    }
  }
  return { items };
}

/** Evaluates an argument of a (possibly dynamic) block; undefined when absent. */
export function argOf(item: { body: HclBody; scope: Scope }, name: string): TV | undefined {
  const a = item.body.attrs.get(name);
  return a ? evaluate(a.expr(), a.span.src, item.scope) : undefined;
}
