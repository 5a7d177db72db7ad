/**
 * The layout of real keys: walks the heaviest path of a KeyTrie and turns each level into a layout step,
 * deciding from all the values at that level (not from one key) whether the level is static, a date, an id...
 */
import { classifySteps } from './layout.js';
import type { LayoutAnalysis, LayoutStep, StepKind } from './layout.js';
import type { SegmentClass, SegmentKind } from './segments.js';
import { KeyTrie, TrieNode } from './trie.js';
import type { TrieLimits } from './trie.js';
import type { TemplatePart, VarKind } from './template-syntax.js';

/** A level with this many distinct plain words is a high-cardinality level (customer names...). */
export const HIGH_CARDINALITY_DISTINCT = 16;
/** At a low-cardinality level, a value with more than this share of the keys is followed as a literal (its spread would round to 1 anyway). */
const DOMINANT_SHARE = 0.5;
/** Fewer than HIGH_CARDINALITY_DISTINCT hash-looking values over at least this many keys are labels. */
const LABEL_MIN_KEYS = 1_000;
/** A single id-looking value shared by at least this many keys is a constant, not a varying part. */
const CONSTANT_MIN_KEYS = 20;

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'value';
}

function childrenOf(node: TrieNode): TrieNode[] {
  const out = node.children ? [...node.children.values()] : [];
  if (node.overflow) out.push(node.overflow);
  return out;
}

/** Fixed-width hex values (00..ff, 0a3...): a hex shard, even though "00" alone reads as a number and "ab" as a word. */
function isHexShardLevel(children: TrieNode[]): boolean {
  const named = children.filter((c) => !c.isOverflow);
  const width = named[0]?.text.length ?? 0;
  if (width === 0 || width > 8) return false;
  return named.every((c) => c.text.length === width && /^[0-9a-f]+$/.test(c.text)) && named.some((c) => /[a-f]/.test(c.text));
}

/**
 * How a level's values are weighed.
 * - 'keys': the keys are a complete list (an inventory): key counts are the traffic proxy.
 * - 'values': the keys are a sample (a sorted listing's first pages, keys written in IaC): counts say more about
 *   the listing order than about traffic, so every distinct value weighs the same and an id-looking value is
 *   never taken for a constant.
 */
export type Weighting = 'keys' | 'values';

/** Kind tally of a level. */
function kindTally(children: TrieNode[], weighting: Weighting): Map<SegmentKind, number> {
  const tally = new Map<SegmentKind, number>();
  for (const c of children) {
    if (c.isOverflow && c.kinds) {
      const classified = Object.values(c.kinds).reduce((a, b) => a + (b ?? 0), 0) || 1;
      const weight = weighting === 'keys' ? c.count : (c.distinct?.size ?? 1);
      for (const [kind, n] of Object.entries(c.kinds) as [SegmentKind, number][]) {
        tally.set(kind, (tally.get(kind) ?? 0) + (weight * n) / classified);
      }
    } else {
      tally.set(c.cls.kind, (tally.get(c.cls.kind) ?? 0) + (weighting === 'keys' ? c.count : 1));
    }
  }
  return tally;
}

function dominant(tally: Map<SegmentKind, number>): SegmentKind {
  let best: SegmentKind = 'static';
  let bestCount = -1;
  for (const [kind, n] of tally) {
    if (n > bestCount) {
      best = kind;
      bestCount = n;
    }
  }
  return best;
}

const EXTENSION_ONLY = /^(\.[A-Za-z0-9]{1,8})+$/;

function withLeadAndTail(cls: SegmentClass, placeholder: TemplatePart, parts: TemplatePart[]): void {
  if (cls.lead) parts.push({ type: 'literal', text: cls.lead });
  parts.push(placeholder);
  if (cls.tail === '') return;
  if (EXTENSION_ONLY.test(cls.tail)) parts.push({ type: 'literal', text: cls.tail });
  else parts.push({ type: 'var', name: 'suffix', kind: 'unknown' });
}

function varName(kind: StepKind, cls: SegmentClass, depth: number, leaf: boolean): string {
  const hive = /^([A-Za-z][A-Za-z0-9_-]*)=$/.exec(cls.lead);
  if (hive) return hive[1]!;
  if (kind === 'hash') return cls.detail === 'hex shard' ? 'hex-shard' : `hash-${slug(cls.detail)}`;
  if (kind === 'aws-partition') return cls.detail === 'region' ? 'region' : 'account-id';
  if (cls.kind === 'static' || cls.kind === 'hash') return leaf ? 'object-name' : `level${depth + 1}`;
  return slug(cls.detail);
}

const TEMPLATE_KIND: Record<Exclude<StepKind, 'static' | 'date'>, VarKind> = {
  'time-ordered': 'time-ordered',
  hash: 'high-cardinality',
  'high-cardinality': 'high-cardinality',
  'low-cardinality': 'low-cardinality',
  'aws-partition': 'low-cardinality',
  unknown: 'unknown',
};

/** What one level of the tree is, from all its values (see Weighting for how counts matter). */
function levelKind(children: TrieNode[], heaviest: TrieNode, distinct: number, going: number, weighting: Weighting): StepKind {
  const byKeys = weighting === 'keys';
  if (children.length === 1 && !heaviest.isOverflow) {
    const k = heaviest.cls.kind;
    // A hash-looking value stays a hash even when alone: a sorted listing of a sharded bucket shows the first shard only.
    const constant = byKeys && (k === 'high-cardinality' || k === 'low-cardinality') && heaviest.count >= CONSTANT_MIN_KEYS;
    return k === 'static' || constant ? 'static' : k;
  }
  let kind: StepKind = dominant(kindTally(children, weighting));
  if (kind === 'static' || kind === 'low-cardinality') {
    kind = distinct >= HIGH_CARDINALITY_DISTINCT ? 'high-cardinality' : 'low-cardinality';
  }
  // In a sample, a few fixed-width hex values are the shards the listing happened to reach.
  if ((kind === 'high-cardinality' || kind === 'low-cardinality') && (distinct >= HIGH_CARDINALITY_DISTINCT || !byKeys) && isHexShardLevel(children)) kind = 'hash';
  // A handful of hex-looking labels (a1, b2, b10...) are labels, not a shard: a shard has fixed-width values,
  // and many keys would show more than a handful of them.
  const shortHex = children.every((c) => c.isOverflow || c.cls.kind !== 'hash' || c.cls.detail === 'hex shard');
  if (kind === 'hash' && shortHex) {
    if (!isHexShardLevel(children)) kind = distinct >= HIGH_CARDINALITY_DISTINCT ? 'high-cardinality' : 'low-cardinality';
    else if (byKeys && distinct < HIGH_CARDINALITY_DISTINCT && going >= LABEL_MIN_KEYS) kind = 'low-cardinality';
  }
  // A few top-level folders where one holds most keys: describe the layout of that one.
  if (byKeys && kind === 'low-cardinality' && !heaviest.isOverflow && heaviest.count / going > DOMINANT_SHARE) kind = 'static';
  return kind;
}

/** The steps of the heaviest path, one level per trie depth. */
export function trieSteps(trie: KeyTrie, weighting: Weighting = 'keys'): LayoutStep[] {
  const byKeys = weighting === 'keys';
  const steps: LayoutStep[] = [];
  let node = trie.root;
  for (let depth = 0; ; depth++) {
    const children = childrenOf(node);
    if (children.length === 0) break;
    const going = children.reduce((a, c) => a + c.count, 0);
    if (going === 0) break;
    const heaviest = children.reduce((a, c) => (c.count > a.count ? c : a));
    const { count: distinct, exact } = node.distinctChildren();
    const kind = levelKind(children, heaviest, distinct, going, weighting);
    const cls = heaviest.cls;
    const parts: TemplatePart[] = [];
    if (kind === 'static') parts.push({ type: 'literal', text: heaviest.text });
    else if (kind === 'date' && cls.kind === 'date') {
      withLeadAndTail(cls, { type: 'date', format: cls.dateFormat ?? 'unknown', assumed: false }, parts);
    } else {
      const templateKind = kind === 'date' ? 'date' : TEMPLATE_KIND[kind];
      const useShape = cls.kind === kind || (kind === 'high-cardinality' && cls.kind === 'static');
      const shape = useShape ? cls : { ...cls, lead: '', tail: '' };
      withLeadAndTail(shape, { type: 'var', name: varName(kind, cls, depth, childrenOf(heaviest).length === 0), kind: templateKind }, parts);
    }
    const detail =
      kind === 'static'
        ? 'literal'
        : kind === 'date' && cls.kind === 'date'
          ? cls.dateFormat ?? cls.detail
          : children.length > 1 && (cls.kind === 'static' || cls.kind === 'low-cardinality')
            ? `${distinct.toLocaleString('en-US')}${exact ? '' : '+'} distinct values`
            : cls.detail;
    const share = heaviest.isOverflow || !byKeys ? 1 / Math.max(distinct, 1) : heaviest.count / going;
    const step: LayoutStep = { kind, part: parts.length === 1 ? parts[0]! : { type: 'literal', text: '' }, detail, heaviestShare: share };
    // A lower bound is no cardinality: "at least 192 values" must not read as "192 prefixes".
    if (exact) step.cardinality = distinct;
    if (parts.length === 1) steps.push(step);
    else {
      // lead/tail around the placeholder: keep them as static steps so the template stays exact.
      for (const p of parts) {
        if (p.type === 'literal') steps.push({ kind: 'static', part: p, detail: 'literal' });
        else steps.push({ ...step, part: p });
      }
    }
    node = heaviest;
    const continues = childrenOf(node).length > 0;
    if (!continues) break;
    steps.push({ kind: 'static', part: { type: 'literal', text: '/' }, detail: 'literal' });
  }
  return mergeDateRuns(steps);
}

/** `{date:yyyy}` `/` `{date:MM}` → `{date:yyyy/MM}`, so templates read like the sources write them. */
function mergeDateRuns(steps: LayoutStep[]): LayoutStep[] {
  const out: LayoutStep[] = [];
  for (const step of steps) {
    const prev = out[out.length - 1];
    const beforePrev = out[out.length - 2];
    if (
      step.part.type === 'date' &&
      prev?.part.type === 'literal' &&
      prev.part.text === '/' &&
      beforePrev?.part.type === 'date' &&
      !beforePrev.part.format.startsWith('epoch') &&
      !step.part.format.startsWith('epoch')
    ) {
      const format = `${beforePrev.part.format}/${step.part.format}`;
      out.splice(out.length - 2, 2, { ...beforePrev, part: { type: 'date', format, assumed: false }, detail: format });
      continue;
    }
    out.push(step);
  }
  return out;
}

/** Effective spread of a low-cardinality level: how many equal shares its traffic splits into. */
function withEffectiveSpread(steps: LayoutStep[]): LayoutStep[] {
  return steps.map((s) =>
    s.kind === 'low-cardinality' && s.heaviestShare !== undefined && s.heaviestShare > 0
      ? { ...s, cardinality: Math.max(1, Math.floor(1 / s.heaviestShare)) }
      : s,
  );
}

export function analyseTrie(trie: KeyTrie, weighting: Weighting = 'keys'): LayoutAnalysis {
  return classifySteps(withEffectiveSpread(trieSteps(trie, weighting)));
}

/** Layout of a set of keys; `weighting` says whether they are a complete list or a (biased) sample. */
export function analyseSamples(keys: Iterable<string>, weighting: Weighting = 'values', limits: Partial<TrieLimits> = {}): LayoutAnalysis {
  const trie = new KeyTrie(limits);
  for (const key of keys) trie.add(key);
  return analyseTrie(trie, weighting);
}
