/**
 * Key-layout evidence from the model (templates and sampled keys) → analysis, estimate, suggestion and the
 * wording used by rule S3L006.
 */
import type { KeyLayoutEvidence } from '../model/index.js';
import { describeEstimate, estimate, suggest } from './estimate.js';
import type { Estimate, Rates, Suggestion } from './estimate.js';
import type { LayoutAnalysis, LayoutClass } from './layout.js';
import { analyseTemplate } from './layout.js';
import { analyseSamples } from './sample-layout.js';

export interface EvidenceResult {
  origin: 'template' | 'sample';
  analysis: LayoutAnalysis;
  estimate: Estimate;
  suggestion: Suggestion | undefined;
  /** Where the rates came from, for messages. */
  ratesSource: string;
}

export const SOURCE_LABELS: Record<KeyLayoutEvidence['source'], string> = {
  firehose: 'Firehose prefix',
  'firehose-error': 'Firehose error output prefix',
  'access-log': 'server access log key format',
  dms: 'DMS S3 target folders',
  glue: 'Glue/Athena partition location template',
  object: 'object key written in IaC',
  cloudtrail: 'CloudTrail log keys',
  'flow-log': 'VPC flow log keys',
  alb: 'load balancer log keys',
  sample: 'sampled object keys',
  other: 'key layout',
};

export const LAYOUT_LABELS: Record<LayoutClass, string> = {
  'date-first': 'date-first',
  'time-ordered-id-first': 'time-ordered id first',
  'hash-first': 'hash-first',
  'high-cardinality-first': 'high-cardinality first',
  fine: 'low-volume/fine',
  unknown: 'undetermined',
};

export interface ConfiguredRates {
  put: number;
  get: number;
}

function ratesFor(evidence: KeyLayoutEvidence, configured: ConfiguredRates): { rates: Rates; source: string } {
  const put = evidence.expectedPutRate ?? configured.put;
  const get = evidence.expectedGetRate ?? configured.get;
  const fromEvidence = evidence.expectedPutRate !== undefined || evidence.expectedGetRate !== undefined;
  return { rates: { put, get }, source: fromEvidence ? 'expected rates of the source' : 'rule options putRate/getRate' };
}

function result(origin: EvidenceResult['origin'], analysis: LayoutAnalysis, rates: Rates, ratesSource: string): EvidenceResult {
  return { origin, analysis, estimate: estimate(analysis, rates), suggestion: suggest(analysis, rates), ratesSource };
}

/** Analyses the template (when known) and the sampled keys (when any) of one piece of evidence. */
export function analyseEvidence(evidence: KeyLayoutEvidence, configured: ConfiguredRates): EvidenceResult[] {
  const { rates, source } = ratesFor(evidence, configured);
  const out: EvidenceResult[] = [];
  if (evidence.template?.known) out.push(result('template', analyseTemplate(evidence.template.value), rates, source));
  if (evidence.sampleKeys && evidence.sampleKeys.length > 0) out.push(result('sample', analyseSamples(evidence.sampleKeys), rates, source));
  return out;
}

export const HEURISTIC_NOTE =
  'This is a throughput risk heuristic, not an AWS rule: S3 scales prefixes automatically and AWS says sequential names are fine in general (2018), but scaling is gradual and returns 503 Slow Down meanwhile.';

export const FIREHOSE_SHARD_HINT =
  'In Firehose, compute the shard as a dynamic partitioning key (!{partitionKeyFromQuery:...} or !{partitionKeyFromLambda:...}), or use !{firehose:random-string}.';

export const DMS_PLACEMENT_NOTE =
  'DMS documents the commit-date folders but not exactly where they go; s3lint assumes schema/table/date (UNVERIFIED), and the date comes before any high-cardinality part either way.';

export const ASSUMED_TIMESTAMP_NOTE =
  'The trailing timestamp is assumed: Firehose documents appending yyyy/MM/dd/HH/ to prefixes without a timestamp, but whether it still does with dynamic partitioning or for error prefixes is UNVERIFIED.';

/** The finding message for a risky result. `where` names the bucket/producer and the source. */
export function riskMessage(where: string, evidence: KeyLayoutEvidence, r: EvidenceResult): string {
  const what = r.origin === 'template' ? `key template ${r.analysis.template}` : `sampled keys (layout ${r.analysis.template})`;
  const source = evidence.sourceTemplate !== undefined ? ` (source: ${evidence.sourceTemplate})` : '';
  const firehose = (evidence.source === 'firehose' || evidence.source === 'firehose-error') && r.suggestion?.kind === 'hex-shard' ? ` ${FIREHOSE_SHARD_HINT}` : '';
  const suggestion = r.suggestion ? ` Suggested layout: ${r.suggestion.text}.${firehose}` : '';
  const assumed = r.analysis.assumed ? ` ${ASSUMED_TIMESTAMP_NOTE}` : evidence.source === 'dms' && r.origin === 'template' ? ` ${DMS_PLACEMENT_NOTE}` : '';
  return (
    `Throughput risk, ${LAYOUT_LABELS[r.analysis.layout]} key layout in ${where}: ${what}${source}. ${r.analysis.reason} ` +
    `${describeEstimate(r.estimate, r.ratesSource)}${suggestion}${assumed} ${HEURISTIC_NOTE}`
  );
}

/** JSON properties attached to findings (and printed by `s3lint keys --format json`). */
export function resultProperties(r: EvidenceResult): Record<string, unknown> {
  return {
    origin: r.origin,
    layout: r.analysis.layout,
    template: r.analysis.template,
    staticPrefix: r.analysis.staticPrefix,
    period: r.analysis.period ?? null,
    assumedTimestamp: r.analysis.assumed,
    estimate: {
      putRate: r.estimate.rates.put,
      getRate: r.estimate.rates.get,
      hotPrefixes: r.estimate.hotPrefixes,
      perPrefixPut: Math.round(r.estimate.perPrefixPut),
      perPrefixGet: Math.round(r.estimate.perPrefixGet),
      shareAboveCeiling: Math.round(r.estimate.shareAboveCeiling * 1000) / 1000,
      exceedsCeiling: r.estimate.exceedsCeiling,
    },
    suggestion: r.suggestion ? { kind: r.suggestion.kind, template: r.suggestion.template, prefixes: r.suggestion.prefixes } : null,
  };
}
