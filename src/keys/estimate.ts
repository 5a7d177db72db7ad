/**
 * Throughput risk estimate for a key layout, and the smallest sharded layout that fits.
 *
 * Model (a heuristic, s3-semantics §6): S3 serves at least 3,500 PUT/COPY/POST/DELETE and 5,500 GET/HEAD
 * requests per second per partitioned prefix and scales partitions gradually (503 Slow Down meanwhile). A
 * date-first or time-ordered layout sends the current period's traffic to the same key range, which starts
 * unsplit every period. We assume the traffic spreads evenly over the prefixes the layout provides at once,
 * and count what exceeds one prefix's ceiling before auto-partitioning catches up.
 */
import type { LayoutAnalysis } from './layout.js';
import { isRisky } from './layout.js';
import { renderTemplate } from './template-syntax.js';
import type { TemplatePart } from './template-syntax.js';

export const PUT_CEILING_PER_PREFIX = 3_500;
export const GET_CEILING_PER_PREFIX = 5_500;
/** The suggested layout keeps each prefix at or under this share of the ceilings. */
export const TARGET_UTILISATION = 0.5;
export const DEFAULT_PUT_RATE = 1_000;
export const DEFAULT_GET_RATE = 2_000;

export interface Rates {
  put: number;
  get: number;
}

export interface Estimate {
  rates: Rates;
  /** The layout concentrates the current traffic (date-first, time-ordered first, or undecided). */
  concentrated: boolean;
  /** Prefixes the current period's traffic spreads over at once. */
  hotPrefixes: number;
  /** True when hotPrefixes is a floor because a part's number of values is not known. */
  hotPrefixesAssumed: boolean;
  perPrefixPut: number;
  perPrefixGet: number;
  /** Per-prefix load as a share of the ceilings (1 = at the ceiling). */
  putUtilisation: number;
  getUtilisation: number;
  /** Share of all requests above the ceilings before auto-partitioning (0..1). */
  shareAboveCeiling: number;
  exceedsCeiling: boolean;
}

export interface Suggestion {
  kind: 'hex-shard' | 'move-field-first';
  /** The rewritten neutral template. */
  template: string;
  /** For hex-shard: characters of hex (16^n prefixes). */
  shardChars?: number;
  /** Prefixes the suggested layout spreads the traffic over (for move-field-first: the values needed). */
  prefixes: number;
  /** What to change, without the template. */
  summary: string;
  /** One sentence for messages: the summary and the template. */
  text: string;
}

/** Prefixes needed to keep both request types at or under TARGET_UTILISATION of the ceilings. */
export function prefixesNeeded(rates: Rates): number {
  return Math.max(
    1,
    Math.ceil(rates.put / (PUT_CEILING_PER_PREFIX * TARGET_UTILISATION)),
    Math.ceil(rates.get / (GET_CEILING_PER_PREFIX * TARGET_UTILISATION)),
  );
}

export function estimate(analysis: LayoutAnalysis, rates: Rates): Estimate {
  const concentrated = isRisky(analysis.layout) || analysis.layout === 'unknown';
  const spread = analysis.spread;
  // Concentrated layouts: `spread` prefixes (1 when unknown: all traffic may be on one value).
  // Spreading layouts: the values of the first varying part when known, else as many as the rates need.
  const hotPrefixes = Math.max(1, concentrated ? (spread ?? 1) : (spread ?? prefixesNeeded(rates)));
  const perPrefixPut = rates.put / hotPrefixes;
  const perPrefixGet = rates.get / hotPrefixes;
  const excessPut = Math.max(0, rates.put - PUT_CEILING_PER_PREFIX * hotPrefixes);
  const excessGet = Math.max(0, rates.get - GET_CEILING_PER_PREFIX * hotPrefixes);
  const total = rates.put + rates.get;
  return {
    rates,
    concentrated,
    hotPrefixes,
    hotPrefixesAssumed: spread === undefined,
    perPrefixPut,
    perPrefixGet,
    putUtilisation: perPrefixPut / PUT_CEILING_PER_PREFIX,
    getUtilisation: perPrefixGet / GET_CEILING_PER_PREFIX,
    shareAboveCeiling: total === 0 ? 0 : (excessPut + excessGet) / total,
    exceedsCeiling: excessPut > 0 || excessGet > 0,
  };
}

/** Smallest n with 16^n ≥ needed (at least 1: a suggestion always shows a concrete shard). */
export function hexShardChars(needed: number): number {
  let n = 1;
  while (16 ** n < needed) n++;
  return n;
}

/** A template cut at its `/` separators; placeholders never split (a date format may contain `/`). */
interface Segmented {
  segments: TemplatePart[][];
  /** Segment index of each part of the input (for literals: the segment where the literal starts). */
  segmentOf: number[];
}

function segmentParts(parts: readonly TemplatePart[]): Segmented {
  const segments: TemplatePart[][] = [[]];
  const segmentOf: number[] = [];
  for (const part of parts) {
    segmentOf.push(segments.length - 1);
    if (part.type !== 'literal') {
      segments[segments.length - 1]!.push(part);
      continue;
    }
    const pieces = part.text.split('/');
    pieces.forEach((piece, i) => {
      if (i > 0) segments.push([]);
      if (piece !== '') segments[segments.length - 1]!.push({ type: 'literal', text: piece });
    });
  }
  return { segments, segmentOf };
}

function joinSegments(segments: TemplatePart[][]): string {
  return segments.map((seg) => renderTemplate(seg)).join('/');
}

/**
 * The smallest change that spreads the hot range: move a later high-cardinality segment before the date
 * segment when the layout has one, otherwise insert an n-character hex shard (a hash of the object name)
 * as a new segment right before it. Whole segments move, so `dt=`-style names stay with their values.
 */
export function suggest(analysis: LayoutAnalysis, rates: Rates): Suggestion | undefined {
  if (!isRisky(analysis.layout) || analysis.decisive === undefined) return undefined;
  const steps = analysis.steps;
  const decisive = analysis.decisive;
  const needed = Math.ceil(prefixesNeeded(rates) / Math.max(1, analysis.spread ?? 1));
  const { segments, segmentOf } = segmentParts(steps.map((s) => s.part));
  const target = segmentOf[decisive]!;

  const laterIndex = steps.findIndex(
    (s, i) => i > decisive && (s.kind === 'high-cardinality' || s.kind === 'hash') && s.part.type === 'var' && s.part.name !== 'suffix',
  );
  const later = laterIndex >= 0 ? steps[laterIndex] : undefined;
  const laterSegment = laterIndex >= 0 ? segmentOf[laterIndex]! : -1;
  const enough = later !== undefined && (later.cardinality === undefined || later.cardinality >= needed);
  // Only a field in its own folder can move; one glued to the file name cannot.
  if (later && enough && laterSegment > target && laterSegment < segments.length - 1) {
    const moved = segments[laterSegment]!;
    const rest = segments.filter((_, i) => i !== laterSegment);
    rest.splice(target, 0, moved);
    const template = joinSegments(rest);
    const label = renderTemplate([later.part]);
    const values =
      later.cardinality === undefined
        ? `at least ${Math.max(needed, 2).toLocaleString('en-US')} values with evenly spread traffic`
        : `${later.cardinality.toLocaleString('en-US')}${later.cardinality >= 64 ? '+' : ''} values seen`;
    const summary = `move ${label} before the ${analysis.layout === 'date-first' ? 'date' : 'identifier'} (it needs ${values})`;
    return { kind: 'move-field-first', template, prefixes: needed, summary, text: `${summary}: ${template}` };
  }

  const n = hexShardChars(needed);
  const shard: TemplatePart = { type: 'var', name: `hash-hex${n}`, kind: 'high-cardinality' };
  const out = [...segments];
  out.splice(target, 0, [shard]);
  const template = joinSegments(out);
  const prefixes = 16 ** n;
  const summary = `insert ${n} hex character${n === 1 ? '' : 's'} of a hash of the object name before the ${analysis.layout === 'date-first' ? 'date' : 'identifier'} (${prefixes.toLocaleString('en-US')} prefixes)`;
  return { kind: 'hex-shard', template, shardChars: n, prefixes, summary, text: `${summary}: ${template}` };
}

function pct(x: number): string {
  if (x > 0 && x < 0.01) return '<1%';
  return `${Math.round(x * 100)}%`;
}

function num(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

/** The estimate in one or two sentences, as used in findings and the keys command. */
export function describeEstimate(e: Estimate, ratesSource: string): string {
  const rates = `At ${num(e.rates.put)} PUT/s and ${num(e.rates.get)} GET/s (${ratesSource})`;
  if (!e.concentrated) {
    if (e.hotPrefixesAssumed) return `${rates} no date or time-ordered part comes first, so S3 can partition the key range by the parts that vary.`;
    const each = `${num(e.perPrefixPut)} PUT/s and ${num(e.perPrefixGet)} GET/s each when evenly spread`;
    return e.exceedsCeiling
      ? `${rates} the traffic spreads over about ${num(e.hotPrefixes)} prefixes (${each}), still above the per-prefix ceilings of ${num(PUT_CEILING_PER_PREFIX)} PUT/s and ${num(GET_CEILING_PER_PREFIX)} GET/s: about ${pct(e.shareAboveCeiling)} of requests until S3 partitions further.`
      : `${rates} the traffic spreads over about ${num(e.hotPrefixes)} prefixes (${each}), under the per-prefix ceilings, and S3 can partition it once and keep the partitions.`;
  }
  const prefixes = `${num(e.hotPrefixes)} prefix${e.hotPrefixes === 1 ? '' : 'es'}${e.hotPrefixesAssumed ? ' (assuming one busy value of the parts before it, whose number of values is not known)' : ''}`;
  const load =
    `${rates} the current traffic goes to ${prefixes}: ` +
    `${num(e.perPrefixPut)} PUT/s (${pct(e.putUtilisation)} of the ${num(PUT_CEILING_PER_PREFIX)} PUT/s per-prefix ceiling) and ` +
    `${num(e.perPrefixGet)} GET/s (${pct(e.getUtilisation)} of ${num(GET_CEILING_PER_PREFIX)}) each`;
  return e.exceedsCeiling
    ? `${load}; about ${pct(e.shareAboveCeiling)} of requests are above the ceilings until S3 auto-partitions (503 Slow Down meanwhile).`
    : `${load}; no request is above the ceilings at these rates, but the hot range moves with time and starts unsplit.`;
}
