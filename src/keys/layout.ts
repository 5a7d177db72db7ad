/**
 * Layout classification: walks a key layout from the left (the order S3 sorts and partitions keys in) and
 * decides what the first part that varies is. Works on steps, which come from a neutral template
 * (analyseTemplate) or from a tree of real keys (sample-layout.ts).
 *
 * Classes:
 *   date-first              a date/time part is the first thing that varies: the current period's traffic
 *                           shares one prefix (times the few values of any low-cardinality part before it)
 *   time-ordered-id-first   the same with ULIDs, KSUIDs, UUIDv7, Snowflake ids, counters, epoch-ordered ids
 *   hash-first              a hash or random shard comes first: traffic spreads evenly
 *   high-cardinality-first  customer ids, UUIDv4, shard=N... come first: traffic spreads
 *   fine                    nothing time-ordered (static or low-cardinality only), or an AWS log delivery
 *                           layout partitioned by account and region (low volume per prefix)
 *   unknown                 a variable of unknown kind comes before a date: cannot tell
 */
import { parseTemplate, renderTemplate } from './template-syntax.js';
import type { TemplatePart } from './template-syntax.js';

export const LAYOUT_CLASSES = ['date-first', 'time-ordered-id-first', 'hash-first', 'high-cardinality-first', 'fine', 'unknown'] as const;
export type LayoutClass = (typeof LAYOUT_CLASSES)[number];

export type StepKind = 'static' | 'date' | 'time-ordered' | 'hash' | 'high-cardinality' | 'low-cardinality' | 'aws-partition' | 'unknown';

/** One part of a key layout, in key order. */
export interface LayoutStep {
  kind: StepKind;
  /** The template part for this step (literal text for static steps). */
  part: TemplatePart;
  /** What it is: "yyyy/MM/dd", "ULID", "customer_id", "1,204 distinct names"... */
  detail: string;
  /** Distinct values, when known (from samples or a projection). */
  cardinality?: number;
  /** For steps from samples: the share of traffic that takes the heaviest value of this step (0..1). */
  heaviestShare?: number;
}

export interface LayoutAnalysis {
  layout: LayoutClass;
  /** The layout as a neutral template. */
  template: string;
  steps: LayoutStep[];
  /** Index in `steps` of the part that decides the class (undefined for "fine" without one). */
  decisive?: number;
  /** Literal text before the first varying part. */
  staticPrefix: string;
  /**
   * How many prefixes the current period's traffic spreads over because of low-cardinality parts before the
   * decisive part (1 when there are none). Undefined when a part's cardinality is not known.
   */
  spread: number | undefined;
  /** The finest date unit of the decisive date run ("hour": each hour starts a new hot prefix). */
  period?: string;
  /** The decisive date part was assumed from an UNVERIFIED behaviour (`{date?:...}`). */
  assumed: boolean;
  /** One sentence explaining the class. */
  reason: string;
}

const HASH_NAME = /hash|shard|random|digest|salt|hex/i;
const AWS_PARTITION_NAME = /^(source[-_]|aws[-_])?(account([-_]?id)?|region)$/i;

/** The kind of a `{var:...}` part for the walk. */
export function varStepKind(name: string, kind: string): StepKind {
  switch (kind) {
    case 'date':
      return 'date';
    case 'time-ordered':
      return 'time-ordered';
    case 'high-cardinality':
      return HASH_NAME.test(name) ? 'hash' : 'high-cardinality';
    case 'low-cardinality':
      return AWS_PARTITION_NAME.test(name) ? 'aws-partition' : 'low-cardinality';
    default:
      return AWS_PARTITION_NAME.test(name) ? 'aws-partition' : 'unknown';
  }
}

const UNIT_ORDER = ['year', 'month', 'day', 'hour', 'minute', 'second'] as const;

/** The finest unit a date format reaches ("yyyy/MM/dd/HH" → "hour"). */
export function finestDateUnit(format: string): string | undefined {
  if (format.startsWith('epoch')) return 'second';
  // Drop quoted literals ('year=') before looking at pattern letters.
  const f = format.replace(/'[^']*'/g, '');
  if (/s/.test(f)) return 'second';
  if (/m/.test(f)) return 'minute';
  if (/[Hhk]/.test(f)) return 'hour';
  if (/d/.test(f)) return 'day';
  if (/M|L/.test(f)) return 'month';
  if (/[yu]/.test(f)) return 'year';
  return undefined;
}

function finer(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return UNIT_ORDER.indexOf(a as (typeof UNIT_ORDER)[number]) >= UNIT_ORDER.indexOf(b as (typeof UNIT_ORDER)[number]) ? a : b;
}

const NAME_UNITS: [RegExp, string][] = [
  [/^(yyyy|year|yr|y)$/i, 'year'],
  [/^(MM|month|mon)$/, 'month'],
  [/^(dd|day|d|dt|date|ds|.*_date|date_.*)$/i, 'day'],
  [/^(HH|hour|hr|h)$/i, 'hour'],
  [/^(mm|minute|min)$/, 'minute'],
  [/^(ss|second|sec|ts|timestamp|time|datetime|.*_time|epoch.*)$/i, 'second'],
];

/** The unit of a date variable or sampled date step from its name or detail ("month", "dd", "event_date"). */
function unitOfName(name: string): string | undefined {
  return NAME_UNITS.find(([re]) => re.test(name))?.[1];
}

function stepLabel(step: LayoutStep): string {
  return step.part.type === 'literal' ? step.part.text : renderTemplate([step.part]);
}

/** Template steps: literal text is static, except an AWS account id right after `AWSLogs/`. */
export function templateSteps(template: string): LayoutStep[] {
  const steps: LayoutStep[] = [];
  for (const part of parseTemplate(template)) {
    if (part.type === 'literal') {
      const m = /^(.*?(?:^|\/)AWSLogs\/)((?:o-[a-z0-9]{10,32}\/)?(?:aws-account-id=)?\d{12})(\/.*)?$/s.exec(part.text);
      if (m) {
        const [, before, account, after] = m;
        steps.push({ kind: 'static', part: { type: 'literal', text: before ?? '' }, detail: 'literal' });
        steps.push({ kind: 'aws-partition', part: { type: 'literal', text: account ?? '' }, detail: 'account id', cardinality: 1 });
        if (after) steps.push({ kind: 'static', part: { type: 'literal', text: after }, detail: 'literal' });
        continue;
      }
      steps.push({ kind: 'static', part, detail: 'literal' });
    } else if (part.type === 'date') {
      steps.push({ kind: 'date', part, detail: part.format });
    } else {
      steps.push({ kind: varStepKind(part.name, part.kind), part, detail: part.name });
    }
  }
  return steps;
}

function isTimeOrdered(kind: StepKind): boolean {
  return kind === 'date' || kind === 'time-ordered';
}

/** Classifies a sequence of steps. */
export function classifySteps(steps: LayoutStep[]): LayoutAnalysis {
  let staticPrefix = '';
  let spread: number | undefined = 1;
  let awsDelivery = false;
  let firstUnknown: number | undefined;
  /** Labels of the low-cardinality/partition/unknown parts met before the decisive one. */
  const varyingBefore: string[] = [];
  const template = renderTemplate(steps.map((s) => s.part));
  const base = { template, steps };

  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const label = stepLabel(step);
    if (step.kind !== 'static' && step.kind !== 'hash' && step.kind !== 'high-cardinality' && step.kind !== 'date' && step.kind !== 'time-ordered') {
      varyingBefore.push(label);
    }
    switch (step.kind) {
      case 'static':
        if (varyingBefore.length === 0) staticPrefix += label;
        continue;
      case 'aws-partition':
        // A Region alone (logs/eu-west-1/2026/...) is a low-cardinality part; after an account id it is the
        // AWS log delivery layout.
        if (awsDelivery || !/region/i.test(step.detail)) {
          awsDelivery = true;
          continue;
        }
        spread = spread === undefined || step.cardinality === undefined ? undefined : spread * step.cardinality;
        continue;
      case 'low-cardinality':
        spread = spread === undefined || step.cardinality === undefined ? undefined : spread * step.cardinality;
        continue;
      case 'unknown':
        firstUnknown ??= i;
        continue;
      case 'hash':
      case 'high-cardinality': {
        const layout: LayoutClass = step.kind === 'hash' ? 'hash-first' : 'high-cardinality-first';
        return {
          ...base,
          layout,
          decisive: i,
          staticPrefix,
          spread: step.cardinality,
          assumed: false,
          reason: `${label} (${step.detail}) is the first part that varies, so traffic spreads over its values.`,
        };
      }
      case 'date':
      case 'time-ordered': {
        let period: string | undefined;
        let assumed = false;
        for (let j = i; j < steps.length; j++) {
          const s = steps[j]!;
          if (s.kind === 'static' && s.part.type === 'literal' && /^[^A-Za-z0-9]*$/.test(s.part.text)) continue;
          if (s.kind !== 'date') break;
          if (s.part.type === 'date') {
            period = finer(period, finestDateUnit(s.part.format));
            assumed ||= s.part.assumed;
          } else {
            period = finer(period, unitOfName(s.detail));
          }
        }
        if (step.kind === 'time-ordered') period = undefined;
        if (awsDelivery) {
          return {
            ...base,
            layout: 'fine',
            decisive: i,
            staticPrefix,
            spread,
            period,
            assumed,
            reason: 'AWS log delivery layout: the account and Region come before the date, and AWS services deliver a bounded number of log objects per account and Region.',
          };
        }
        if (firstUnknown !== undefined) {
          const unknownLabel = stepLabel(steps[firstUnknown]!);
          return {
            ...base,
            layout: 'unknown',
            decisive: i,
            staticPrefix,
            spread: undefined,
            period,
            assumed,
            reason: `${unknownLabel} comes before ${label}, and its number of values is not known: cannot tell whether it spreads the traffic.`,
          };
        }
        const before =
          varyingBefore.length > 0
            ? `right after the low-cardinality part${varyingBefore.length === 1 ? '' : 's'} ${varyingBefore.join(', ')}`
            : staticPrefix === ''
              ? 'at the start of the key'
              : `right after the static prefix "${staticPrefix}"`;
        return {
          ...base,
          layout: step.kind === 'date' ? 'date-first' : 'time-ordered-id-first',
          decisive: i,
          staticPrefix,
          spread,
          period,
          assumed,
          reason:
            step.kind === 'date'
              ? `The date/time part ${label} comes ${before}, so ${
                  period === 'year' || period === 'month' || period === 'day' || period === 'hour'
                    ? `all writes of the current ${period} share one prefix`
                    : 'new keys always land at the end of the same key range'
                }.`
              : `The time-ordered identifier ${label} (${step.detail}) comes ${before}, so new keys always land at the end of the same key range.`,
        };
      }
    }
  }
  return {
    ...base,
    layout: 'fine',
    staticPrefix,
    spread,
    assumed: false,
    reason: awsDelivery
      ? 'AWS log delivery layout partitioned by account and Region, with no date or time-ordered part before them.'
      : 'No date or time-ordered part comes before the parts that vary.',
  };
}

export function analyseTemplate(template: string): LayoutAnalysis {
  return classifySteps(templateSteps(template));
}

/** True for the classes that concentrate the current traffic on one key range. */
export function isRisky(layout: LayoutClass): boolean {
  return layout === 'date-first' || layout === 'time-ordered-id-first';
}
