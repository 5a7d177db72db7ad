/**
 * The fast path for YAML templates: js-yaml (about 10x faster than `yaml` on a 1 MB template) with its parse
 * listener, whose open/close events give the offsets of every node. The event tree is turned into the same
 * positioned nodes as parse-yaml.ts. Whatever this path does not handle exactly — explicit `?` keys, merge
 * keys, keys that are not scalars, unknown tags, and every syntax error — returns undefined, and the caller
 * uses the `yaml` package instead (which also words the error messages).
 */
import { CORE_SCHEMA, load, Type, type State } from 'js-yaml';
import type { CfnEntry, CfnNode } from './node.js';
import { INTRINSIC_KEYS, longFormOfTag } from './intrinsics.js';
import { LineIndex } from './lines.js';
import type { ParseFailure, YamlLimits } from './parse-yaml.js';

const SCHEMA = CORE_SCHEMA.extend(
  [...INTRINSIC_KEYS].flatMap((long) => {
    const tag = `!${long.replace(/^Fn::/, '')}`;
    return (['scalar', 'sequence', 'mapping'] as const).map((kind) => new Type(tag, { kind, construct: (data: unknown) => data }));
  }),
);

interface ListenerState extends State {
  tag: string | null;
  anchor: string | null;
}

interface Event {
  start: number;
  end: number;
  kind: string | null;
  tag: string | null;
  anchor: string | null;
  result: unknown;
  children: Event[];
}

class Unsupported extends Error {}

/** `!Ref`-style local tags; `?` (plain scalars), `!` and the core schema's `tag:yaml.org,2002:*` are not. */
function isLocalTag(tag: string | null): tag is string {
  return tag !== null && tag.startsWith('!') && tag !== '!';
}

class BudgetExceeded extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

export function parseYamlFast(file: string, text: string, limits: YamlLimits): CfnNode | ParseFailure | undefined {
  const root: Event = { start: 0, end: 0, kind: null, tag: null, anchor: null, result: null, children: [] };
  const stack: Event[] = [root];
  try {
    load(text, {
      schema: SCHEMA,
      listener(type, state) {
        const s = state as ListenerState;
        if (type === 'open') {
          stack.push({ start: s.position, end: s.position, kind: null, tag: null, anchor: null, result: null, children: [] });
          return;
        }
        const ev = stack.pop()!;
        ev.end = s.position;
        ev.kind = s.kind;
        ev.tag = s.tag;
        ev.anchor = s.anchor;
        ev.result = s.result;
        stack[stack.length - 1]!.children.push(ev);
      },
    });
  } catch {
    return undefined;
  }
  const top = root.children[0];
  if (!top) return undefined;
  try {
    return new EventConverter(text, new LineIndex(file, text), limits).convert(top);
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    if (e instanceof BudgetExceeded) return { ...new LineIndex(file, text).position(e.offset), message: e.message };
    throw e;
  }
}

/**
 * js-yaml composes some collections twice, nested (a flow mapping as a block sequence item): the outer event
 * then has the inner one as its only child, with the same result object.
 */
function unwrap(ev: Event): Event {
  let cur = ev;
  while ((cur.kind === 'mapping' || cur.kind === 'sequence') && cur.children.length === 1 && cur.children[0]!.result === cur.result) {
    const inner: Event = cur.children[0]!;
    cur = { ...inner, start: cur.start, tag: inner.tag ?? cur.tag, anchor: inner.anchor ?? cur.anchor };
  }
  return cur;
}

class EventConverter {
  private readonly anchored = new Map<string, CfnNode>();
  private readonly sizes = new WeakMap<CfnNode, number>();
  private aliasCount = 0;
  private expanded = 0;

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly limits: YamlLimits,
  ) {}

  convert(ev: Event): CfnNode {
    const before = this.expanded;
    const node = this.convertInner(ev);
    if (!this.sizes.has(node)) this.sizes.set(node, this.expanded - before);
    return node;
  }

  private convertInner(outer: Event): CfnNode {
    const ev = unwrap(outer);
    const start = this.skipProperties(this.contentStart(ev.start, ev.end), ev.end);
    const end = Math.max(start, this.contentEnd(start, ev.end));
    const first = this.text.charCodeAt(start);
    if (first === 42 /* '*' */) return this.alias(start);
    if (first === 63 /* '?' */ && /^\?[ \t\r\n]/.test(this.text.slice(start, start + 2))) throw new Unsupported('explicit key');
    this.count(1, start);
    const range = this.lines.range(start, end);
    let node: CfnNode;
    switch (ev.kind) {
      case 'mapping':
        node = { kind: 'map', entries: this.entries(ev), range };
        break;
      case 'sequence':
        node = { kind: 'seq', items: ev.children.map((c) => this.convert(c)), range };
        break;
      case 'scalar':
      case null: {
        const v = ev.result;
        if (!(v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) throw new Unsupported('scalar type');
        // An empty value sits where its key's `:` ends, as in parse-yaml.ts.
        node = { kind: 'scalar', value: v ?? null, range: ev.kind === null ? this.lines.range(ev.start, ev.start) : range };
        break;
      }
      default:
        throw new Unsupported(`node kind ${ev.kind}`);
    }
    if (isLocalTag(ev.tag)) {
      const long = longFormOfTag(ev.tag);
      if (!long) throw new Unsupported(`tag ${ev.tag}`);
      this.count(1, start);
      node = { kind: 'map', entries: [{ key: long, keyRange: range, range, value: node }], range };
    }
    if (ev.anchor !== null) this.anchored.set(ev.anchor, node);
    return node;
  }

  private entries(ev: Event): CfnEntry[] {
    if (ev.children.length % 2 !== 0) throw new Unsupported('mapping without a value event per key');
    const entries: CfnEntry[] = [];
    for (let i = 0; i < ev.children.length; i += 2) {
      const keyEv = ev.children[i]!;
      const valueEv = ev.children[i + 1]!;
      if (keyEv.kind !== 'scalar' || isLocalTag(keyEv.tag)) throw new Unsupported('non-scalar or tagged key');
      const key = String(keyEv.result);
      if (key === '<<') throw new Unsupported('merge key');
      const keyStart = this.contentStart(keyEv.start, keyEv.end);
      if (this.text.charCodeAt(keyStart) === 42 /* alias as key */) throw new Unsupported('alias key');
      const keyRange = this.lines.range(keyStart, this.contentEnd(keyStart, keyEv.end));
      const value = this.convert(valueEv);
      entries.push({ key, keyRange, value, range: { ...keyRange, endLine: value.range.endLine, endColumn: value.range.endColumn } });
    }
    return entries;
  }

  private alias(start: number): CfnNode {
    const name = /^\*([^\s,[\]{}]+)/.exec(this.text.slice(start, start + 1024))?.[1];
    const target = name === undefined ? undefined : this.anchored.get(name);
    if (!target) throw new Unsupported('alias');
    this.aliasCount++;
    if (this.aliasCount > this.limits.maxAliasCount) {
      throw new BudgetExceeded(`too many YAML aliases (more than ${this.limits.maxAliasCount}): refusing a possible alias bomb`, start);
    }
    this.count(this.sizes.get(target) ?? 1, start);
    return target;
  }

  private count(n: number, offset: number): void {
    this.expanded += n;
    if (this.expanded > this.limits.maxExpandedNodes) {
      throw new BudgetExceeded(`YAML document expands to more than ${this.limits.maxExpandedNodes} nodes: refusing a possible alias bomb`, offset);
    }
  }

  /** Open events fire before separation space is skipped: move to the first character of the node. */
  private contentStart(from: number, limit: number): number {
    const t = this.text;
    let i = from;
    for (;;) {
      while (i < limit && (t[i] === ' ' || t[i] === '\t' || t[i] === '\r' || t[i] === '\n')) i++;
      if (i < limit && t[i] === '#') {
        while (i < limit && t[i] !== '\n') i++;
        continue;
      }
      if (i + 3 <= limit && t.startsWith('---', i) && (i === 0 || t[i - 1] === '\n') && /[\s]/.test(t[i + 3] ?? ' ')) {
        i += 3;
        continue;
      }
      return i;
    }
  }

  /** Tags and anchors (`!Sub`, `&name`) precede a node's content; ranges start at the content, as in parse-yaml.ts. */
  private skipProperties(from: number, limit: number): number {
    let i = from;
    while (i < limit && (this.text[i] === '!' || this.text[i] === '&')) {
      while (i < limit && !/\s/.test(this.text[i]!)) i++;
      i = this.contentStart(i, limit);
    }
    return i;
  }

  /** Close events fire after trailing separation space: move back to the end of the content. */
  private contentEnd(start: number, end: number): number {
    const t = this.text;
    let i = end;
    while (i > start && (t[i - 1] === ' ' || t[i - 1] === '\t' || t[i - 1] === '\r' || t[i - 1] === '\n')) i--;
    return i;
  }
}
