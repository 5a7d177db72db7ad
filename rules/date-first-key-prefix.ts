import { defineRule } from '../src/engine/rule.js';
import type { FindingInput, RuleContext } from '../src/engine/rule.js';
import { bucketLabel, bucketResource } from '../src/engine/rule-helpers.js';
import { analyseEvidence, resultProperties, riskMessage, SOURCE_LABELS } from '../src/keys/evidence.js';
import type { ConfiguredRates } from '../src/keys/evidence.js';
import { DEFAULT_GET_RATE, DEFAULT_PUT_RATE, GET_CEILING_PER_PREFIX, PUT_CEILING_PER_PREFIX } from '../src/keys/estimate.js';
import { isRisky } from '../src/keys/layout.js';
import type { KeyLayoutEvidence } from '../src/model/index.js';
import { locationKey } from '../src/engine/location-key.js';

interface Options {
  putRate?: unknown;
  getRate?: unknown;
}

function rate(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

function evidenceKey(e: KeyLayoutEvidence): string {
  const template = e.template?.known ? e.template.value : '';
  return `${e.source}\u0000${locationKey(e.at)}\u0000${template}\u0000${(e.sampleKeys ?? []).length}`;
}

function checkEvidence(
  ctx: RuleContext<Options>,
  resource: FindingInput['resource'],
  where: string,
  evidence: KeyLayoutEvidence,
  rates: ConfiguredRates,
): void {
  const sourceLabel = SOURCE_LABELS[evidence.source];
  const producer = evidence.producer !== undefined ? ` of ${evidence.producer}` : '';
  const place = `${where} (${sourceLabel}${producer})`;
  const path = `keyLayouts.${evidence.source}`;
  // The evidence's identity, never its location: fingerprints must survive moved lines and match
  // between a live audit and `check` of its saved snapshot.
  const discriminatorBase = evidence.producer ?? evidence.sourceTemplate ?? (evidence.template?.known ? evidence.template.value : evidence.source);
  // Error output receives only the records Firehose failed to deliver or transform: low volume by design.
  if (evidence.source === 'firehose-error' && evidence.expectedPutRate === undefined && evidence.expectedGetRate === undefined) return;
  if (evidence.template !== undefined && !evidence.template.known) {
    ctx.report({
      resource,
      path,
      kind: 'unknown',
      at: evidence.template.at,
      discriminator: `${discriminatorBase}:template`,
      message: `Cannot tell the key layout of ${place}: ${evidence.template.reason}.`,
    });
  }
  for (const r of analyseEvidence(evidence, rates)) {
    const discriminator = `${discriminatorBase}:${r.origin}`;
    if (r.analysis.layout === 'unknown') {
      ctx.report({
        resource,
        path,
        kind: 'unknown',
        at: evidence.at,
        discriminator,
        message: `Cannot tell whether the key layout of ${place} concentrates traffic on one prefix: ${r.analysis.reason}`,
        properties: resultProperties(r),
      });
      continue;
    }
    if (!isRisky(r.analysis.layout)) continue;
    ctx.report({
      resource,
      path,
      at: evidence.at,
      severity: r.estimate.exceedsCeiling ? 'medium' : 'low',
      discriminator,
      message: riskMessage(place, evidence, r),
      properties: resultProperties(r),
    });
  }
}

export default defineRule<Options>({
  meta: {
    id: 'S3L006',
    name: 'date-first-key-prefix',
    title: 'Key layout puts a date or time-ordered id first (hot prefix risk)',
    defaultSeverity: 'low',
    securitySeverity: 1.5,
    tags: ['performance', 'availability', 'key-layout', 'heuristic', 'core'],
    enabledByDefault: true,
    presets: ['recommended', 'strict'],
    peers: {},
    docs: {
      what:
        'Reads the key-layout evidence of each bucket — Firehose prefixes (including the default yyyy/MM/dd/HH/ and the timestamp Firehose appends to a static prefix), server access log key formats, DMS date partitions, Glue/Athena projection templates, object keys written in IaC, and keys sampled by live audits — and reports layouts whose first varying part is a date/time (2026/01/15, dt=2026-01-15, year=2026/month=01, epoch seconds, hour buckets) or a time-ordered identifier (ULID, KSUID, UUIDv7, Snowflake ids, zero-padded counters). Each finding carries an estimate of how many prefixes the current traffic spreads over at the expected request rates (rule options putRate/getRate, or the rates recorded with the evidence), the share of requests above the per-prefix ceilings, and the smallest sharded layout that stays under half of them. Layouts that start with a hash, a shard or a high-cardinality id, AWS log layouts partitioned by account and Region (AWSLogs/<account>/<service>/<region>/..., PartitionedPrefix access logs), and Firehose error output prefixes (failed records only, unless the evidence carries expected rates) are not reported. A layout whose first varying part has an unknown kind, or a template that cannot be determined, is reported as unknown. Severity is medium when the estimate exceeds a ceiling, low otherwise.',
      why:
        `S3 serves at least ${PUT_CEILING_PER_PREFIX.toLocaleString('en-US')} PUT/COPY/POST/DELETE and ${GET_CEILING_PER_PREFIX.toLocaleString('en-US')} GET/HEAD requests per second per partitioned prefix and adds partitions gradually; while it scales it answers 503 Slow Down. A layout that starts with the date sends all of the current period's writes (and the reads of fresh data) to one key range that starts unsplit every period, so bursts hit one partition. This is a heuristic, not an AWS rule: since 2018 AWS says sequential or date-based names need no randomization in general, and auto-partitioning handles steady traffic. Treat a finding as a throughput risk to weigh against your request rates, not as a misconfiguration.`,
      example: {
        terraform:
          'resource "aws_kinesis_firehose_delivery_stream" "events" {\n  name        = "events"\n  destination = "extended_s3"\n  extended_s3_configuration {\n    bucket_arn = aws_s3_bucket.lake.arn\n    role_arn   = aws_iam_role.firehose.arn\n    prefix     = "events/"   # Firehose appends yyyy/MM/dd/HH/: events/2026/01/15/10/...\n  }\n}',
        cloudformation:
          'Events:\n  Type: AWS::KinesisFirehose::DeliveryStream\n  Properties:\n    ExtendedS3DestinationConfiguration:\n      BucketARN: !GetAtt Lake.Arn\n      RoleARN: !GetAtt FirehoseRole.Arn\n      Prefix: "events/!{timestamp:yyyy/MM/dd}/"',
        snapshot: '"keyLayouts": [ { "source": "firehose", "template": "events/{date:yyyy/MM/dd/HH}/" } ]',
      },
      fix: {
        terraform:
          'resource "aws_kinesis_firehose_delivery_stream" "events" {\n  name        = "events"\n  destination = "extended_s3"\n  extended_s3_configuration {\n    bucket_arn          = aws_s3_bucket.lake.arn\n    role_arn            = aws_iam_role.firehose.arn\n    prefix              = "events/!{partitionKeyFromQuery:customer_id}/!{timestamp:yyyy/MM/dd/HH}/"\n    error_output_prefix = "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/"\n    dynamic_partitioning_configuration {\n      enabled = true\n    }\n    # processing_configuration extracts customer_id (MetadataExtraction)\n  }\n}',
        cloudformation:
          'Events:\n  Type: AWS::KinesisFirehose::DeliveryStream\n  Properties:\n    ExtendedS3DestinationConfiguration:\n      BucketARN: !GetAtt Lake.Arn\n      RoleARN: !GetAtt FirehoseRole.Arn\n      Prefix: "events/!{partitionKeyFromQuery:customer_id}/!{timestamp:yyyy/MM/dd}/"\n      ErrorOutputPrefix: "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/"\n      DynamicPartitioningConfiguration:\n        Enabled: true',
        snapshot: '"keyLayouts": [ { "source": "firehose", "template": "events/{var:customer_id:high-cardinality}/{date:yyyy/MM/dd/HH}/" } ]',
        cli: 's3lint keys inventory.csv --put-rate 5000 --get-rate 20000   # prefix tree, layout and suggested shard for real keys',
      },
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html',
        'https://aws.amazon.com/about-aws/whats-new/2018/07/amazon-s3-announces-increased-request-rate-performance/',
        'https://docs.aws.amazon.com/firehose/latest/dev/s3-prefixes.html',
        'https://docs.aws.amazon.com/firehose/latest/dev/s3-object-name.html',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html',
        'https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html',
      ],
    },
    optionsSchema: {
      type: 'object',
      properties: {
        putRate: { type: 'number', minimum: 0, description: 'Expected PUT/COPY/POST/DELETE requests per second for a bucket layout, when the evidence does not say.' },
        getRate: { type: 'number', minimum: 0, description: 'Expected GET/HEAD requests per second for a bucket layout, when the evidence does not say.' },
      },
      additionalProperties: false,
    },
    defaultOptions: { putRate: DEFAULT_PUT_RATE, getRate: DEFAULT_GET_RATE },
  },
  check(ctx) {
    const rates: ConfiguredRates = {
      put: rate(ctx.options.putRate, DEFAULT_PUT_RATE),
      get: rate(ctx.options.getRate, DEFAULT_GET_RATE),
    };
    const seen = new Set<string>();
    for (const bucket of ctx.estate.buckets) {
      const resource = bucketResource(bucket);
      for (const evidence of bucket.keyLayouts) {
        seen.add(evidenceKey(evidence));
        checkEvidence(ctx, resource, `bucket ${bucketLabel(bucket)}`, evidence, rates);
      }
    }
    // Producers whose target bucket is not in the estate (or not linked): report on the producer itself.
    for (const producer of ctx.estate.keyProducers) {
      const target = producer.bucket.known ? `bucket "${producer.bucket.value}"` : 'an unresolved bucket';
      for (const evidence of producer.evidence) {
        const key = evidenceKey(evidence);
        if (seen.has(key)) continue;
        seen.add(key);
        checkEvidence(ctx, { kind: 'key-producer', address: producer.address }, `${target} written by ${producer.address}`, evidence, rates);
      }
    }
  },
});
