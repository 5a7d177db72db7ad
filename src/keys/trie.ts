/**
 * A bounded prefix tree of key segments, fed one key at a time (streaming). Depth, fan-out per node and the
 * total number of nodes are capped; values beyond a node's fan-out go to one overflow child that keeps a
 * tally of their kinds and an (approximate, capped) count of distinct values. Memory therefore stays bounded
 * whatever the number of keys.
 */
import { classifySegment } from './segments.js';
import type { SegmentClass, SegmentKind } from './segments.js';

export interface TrieLimits {
  /** Segments per key kept in the tree; deeper segments are only counted. */
  maxDepth: number;
  /** Distinct children per node before values go to the overflow child. */
  maxFanout: number;
  /** Total nodes in the tree. */
  maxNodes: number;
  /** Distinct overflow values remembered (as 32-bit hashes) per overflow node. */
  maxOverflowDistinct: number;
}

export const DEFAULT_TRIE_LIMITS: TrieLimits = { maxDepth: 8, maxFanout: 64, maxNodes: 100_000, maxOverflowDistinct: 128 };

/** Overflow values classified one by one up to this many, then one in OVERFLOW_SAMPLE_EVERY. */
const OVERFLOW_CLASSIFY_ALL = 32;
const OVERFLOW_SAMPLE_EVERY = 64;

export class TrieNode {
  /** Keys that reach this node. */
  count = 0;
  /** Keys that end exactly here. */
  ends = 0;
  /** Keys that continue below maxDepth. */
  deeper = 0;
  children: Map<string, TrieNode> | undefined;
  overflow: TrieNode | undefined;
  /** For overflow nodes: classified kinds of the values that went here, and the remembered distinct hashes. */
  kinds: Partial<Record<SegmentKind, number>> | undefined;
  distinct: Set<number> | undefined;
  /** Overflow values seen (classified or not). */
  overflowSeen = 0;

  constructor(
    /** The segment text (for the overflow child: the first value that overflowed). */
    readonly text: string,
    /** Classification of `text`, in the context of the parent. */
    readonly cls: SegmentClass,
    readonly isOverflow = false,
  ) {}

  childCount(): number {
    return this.children?.size ?? 0;
  }

  /** Distinct values below this node: exact without overflow, a lower bound with it. */
  distinctChildren(): { count: number; exact: boolean } {
    const own = this.children?.size ?? 0;
    if (!this.overflow) return { count: own, exact: true };
    const seen = this.overflow.distinct?.size ?? 1;
    return { count: own + seen, exact: false };
  }
}

/** FNV-1a, enough to approximate distinct overflow values without keeping the strings. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const ROOT_CLASS: SegmentClass = { kind: 'static', detail: 'root', lead: '', body: '', tail: '' };

export class KeyTrie {
  readonly root = new TrieNode('', ROOT_CLASS);
  readonly limits: TrieLimits;
  nodes = 1;
  keys = 0;

  constructor(limits: Partial<TrieLimits> = {}) {
    this.limits = { ...DEFAULT_TRIE_LIMITS, ...limits };
  }

  add(key: string): void {
    this.keys++;
    const { maxDepth } = this.limits;
    let node = this.root;
    node.count++;
    let start = 0;
    for (let depth = 0; ; depth++) {
      if (depth >= maxDepth) {
        node.deeper++;
        return;
      }
      const slash = key.indexOf('/', start);
      const segment = slash < 0 ? key.slice(start) : key.slice(start, slash);
      const next = this.child(node, segment);
      if (next === undefined) {
        // Node budget exhausted: the key is counted here, not below.
        node.deeper++;
        return;
      }
      node = next;
      node.count++;
      if (slash < 0) {
        node.ends++;
        return;
      }
      start = slash + 1;
    }
  }

  private child(parent: TrieNode, segment: string): TrieNode | undefined {
    const existing = parent.children?.get(segment);
    if (existing) return existing;
    const ctx = parent === this.root ? {} : { previous: parent.cls, previousText: parent.text };
    if (parent.childCount() < this.limits.maxFanout && this.nodes < this.limits.maxNodes) {
      const node = new TrieNode(segment, classifySegment(segment, ctx));
      (parent.children ??= new Map()).set(segment, node);
      this.nodes++;
      return node;
    }
    let overflow = parent.overflow;
    if (!overflow) {
      if (this.nodes >= this.limits.maxNodes) return undefined;
      overflow = new TrieNode(segment, classifySegment(segment, ctx), true);
      overflow.kinds = {};
      overflow.distinct = new Set();
      parent.overflow = overflow;
      this.nodes++;
    }
    overflow.overflowSeen++;
    if (overflow.overflowSeen <= OVERFLOW_CLASSIFY_ALL || overflow.overflowSeen % OVERFLOW_SAMPLE_EVERY === 0) {
      const kind = classifySegment(segment, ctx).kind;
      overflow.kinds![kind] = (overflow.kinds![kind] ?? 0) + 1;
    }
    if (overflow.distinct!.size < this.limits.maxOverflowDistinct) overflow.distinct!.add(hash32(segment));
    return overflow;
  }
}
