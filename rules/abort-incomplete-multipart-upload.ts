import type { Bucket, LifecycleRule } from '../src/model/index.js';
import { defineRule, type RuleContext } from '../src/engine/rule.js';
import { bucketLabel, bucketResource } from '../src/engine/rule-helpers.js';

interface Options {
  /** DaysAfterInitiation above this is reported (lower severity). */
  maxDaysAfterInitiation: number;
}

const DOC_REFS = [
  'https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpu-abort-incomplete-mpu-lifecycle-config.html',
  'https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html',
];

/** A lifecycle rule's scope: the whole bucket, a prefix, or a filter AWS rejects for this action. */
function scopeOf(rule: LifecycleRule): { kind: 'bucket' } | { kind: 'prefix'; prefix: string } | { kind: 'unknown'; reason: string } {
  const prefix = rule.filter.prefix;
  if (prefix === undefined) return { kind: 'bucket' };
  if (!prefix.known) return { kind: 'unknown', reason: prefix.reason };
  return prefix.value === '' ? { kind: 'bucket' } : { kind: 'prefix', prefix: prefix.value };
}

/** Tag and object-size filters cannot be combined with AbortIncompleteMultipartUpload (400 at deploy time). */
function rejectedFilter(rule: LifecycleRule): { what: string; awsError: string } | undefined {
  const f = rule.filter;
  if (f.tags && (!f.tags.known || Object.keys(f.tags.value).length > 0)) {
    return { what: 'a tag filter', awsError: 'AbortIncompleteMultipartUpload cannot be specified with Tags.' };
  }
  if (f.objectSizeGreaterThan || f.objectSizeLessThan) {
    return { what: 'an object-size filter', awsError: 'AbortIncompleteMultipartUpload cannot be specified with Object Size.' };
  }
  return undefined;
}

function checkBucket(ctx: RuleContext<Options>, bucket: Bucket): void {
  const resource = bucketResource(bucket);
  const label = bucketLabel(bucket);
  const lifecycle = bucket.lifecycle;
  if (!lifecycle.known) {
    ctx.report({ resource, path: 'lifecycle', kind: 'unknown', at: lifecycle.at, message: `Cannot tell whether incomplete multipart uploads of bucket ${label} are aborted: ${lifecycle.reason}.` });
    return;
  }
  if (lifecycle.value === null) {
    ctx.report({
      resource,
      path: 'lifecycle',
      at: bucket.at,
      message: `Bucket ${label} has no lifecycle configuration, so incomplete multipart uploads are never aborted and their parts are billed until deleted. Add an enabled rule with AbortIncompleteMultipartUpload (e.g. DaysAfterInitiation 7) and an empty filter.`,
    });
    return;
  }
  const rules = lifecycle.value.rules;
  if (!rules.known) {
    ctx.report({ resource, path: 'lifecycle.rules', kind: 'unknown', at: rules.at, message: `Cannot tell whether incomplete multipart uploads of bucket ${label} are aborted: ${rules.reason}.` });
    return;
  }

  let coversBucket = false;
  const prefixRules: { rule: LifecycleRule; prefix: string }[] = [];
  const disabled: LifecycleRule[] = [];
  const undetermined: string[] = [];
  let rejectedAtDeploy = false;

  rules.value.forEach((rule, index) => {
    const abort = rule.abortIncompleteMultipartUpload;
    if (!abort) return;
    const ruleName = rule.id?.known ? `"${rule.id.value}"` : `#${index + 1}`;
    const rejected = rejectedFilter(rule);
    if (rejected) {
      ctx.report({
        resource,
        path: `lifecycle.rules[${index}].abortIncompleteMultipartUpload`,
        severity: 'high',
        at: abort.at,
        message: `Lifecycle rule ${ruleName} of bucket ${label} combines AbortIncompleteMultipartUpload with ${rejected.what}; S3 rejects this configuration at deploy time ("${rejected.awsError}"). Move the abort action to its own rule with an empty filter.`,
      });
      rejectedAtDeploy = true;
      return;
    }
    if (!rule.status.known) {
      undetermined.push(`status of rule ${ruleName}: ${rule.status.reason}`);
      return;
    }
    if (rule.status.value === 'Disabled') {
      disabled.push(rule);
      return;
    }
    const scope = scopeOf(rule);
    if (scope.kind === 'unknown') {
      undetermined.push(`prefix of rule ${ruleName}: ${scope.reason}`);
      return;
    }
    if (scope.kind === 'prefix') {
      prefixRules.push({ rule, prefix: scope.prefix });
      return;
    }
    coversBucket = true;
    const days = abort.daysAfterInitiation;
    if (!days.known) {
      ctx.report({ resource, path: `lifecycle.rules[${index}].abortIncompleteMultipartUpload.daysAfterInitiation`, kind: 'unknown', at: days.at, message: `Cannot tell after how many days incomplete multipart uploads of bucket ${label} are aborted: ${days.reason}.` });
    } else if (days.value > ctx.options.maxDaysAfterInitiation) {
      ctx.report({
        resource,
        path: `lifecycle.rules[${index}].abortIncompleteMultipartUpload.daysAfterInitiation`,
        severity: 'low',
        at: days.at,
        message: `Lifecycle rule ${ruleName} of bucket ${label} aborts incomplete multipart uploads only after ${days.value} days (configured maximum: ${ctx.options.maxDaysAfterInitiation}); their parts are billed until then.`,
      });
    }
  });

  // A configuration S3 rejects never deploys: the deploy error above is the finding that matters.
  if (coversBucket || rejectedAtDeploy) return;
  if (undetermined.length > 0) {
    ctx.report({ resource, path: 'lifecycle.rules', kind: 'unknown', at: lifecycle.value.at, message: `Cannot tell whether incomplete multipart uploads of bucket ${label} are aborted for the whole bucket: ${undetermined.join('; ')}.` });
    return;
  }
  const firstPrefix = prefixRules[0];
  if (firstPrefix) {
    const prefixes = prefixRules.map((p) => `"${p.prefix}"`).join(', ');
    ctx.report({
      resource,
      path: 'lifecycle.abortIncompleteMultipartUpload',
      at: firstPrefix.rule.abortIncompleteMultipartUpload!.at,
      message: `Bucket ${label} aborts incomplete multipart uploads only under ${prefixes}; uploads to every other key are never aborted and their parts are billed until deleted. Add an enabled rule with an empty filter.`,
    });
    return;
  }
  const firstDisabled = disabled[0];
  if (firstDisabled) {
    ctx.report({
      resource,
      path: 'lifecycle.abortIncompleteMultipartUpload',
      at: firstDisabled.status.at,
      message: `The lifecycle rule of bucket ${label} that aborts incomplete multipart uploads is Disabled, so it is not applied. Set its status to Enabled.`,
    });
    return;
  }
  ctx.report({
    resource,
    path: 'lifecycle.abortIncompleteMultipartUpload',
    at: lifecycle.value.at,
    message: `The lifecycle configuration of bucket ${label} has no AbortIncompleteMultipartUpload action, so incomplete multipart uploads are never aborted (expiration actions do not remove them). Add an enabled rule with AbortIncompleteMultipartUpload and an empty filter.`,
  });
}

export default defineRule<Options>({
  meta: {
    id: 'S3L001',
    name: 'abort-incomplete-multipart-upload',
    title: 'Incomplete multipart uploads are aborted for the whole bucket',
    defaultSeverity: 'medium',
    securitySeverity: 2.0,
    tags: ['cost', 'lifecycle', 'core'],
    enabledByDefault: true,
    presets: ['recommended', 'strict'],
    peers: { checkov: ['CKV_AWS_300'] },
    optionsSchema: {
      type: 'object',
      properties: { maxDaysAfterInitiation: { type: 'integer', minimum: 0 } },
      additionalProperties: false,
    },
    defaultOptions: { maxDaysAfterInitiation: 7 },
    docs: {
      what:
        'Checks that every bucket has an Enabled lifecycle rule with AbortIncompleteMultipartUpload whose scope is the whole bucket (no prefix, empty filter). A rule scoped to a prefix covers only that prefix, so the gap is reported. A DaysAfterInitiation above the configured maximum (default 7) is a lower-severity finding. AbortIncompleteMultipartUpload combined with a tag or object-size filter is rejected by S3 at deploy time and is reported as an error.',
      why:
        'Parts of multipart uploads that never complete stay in the bucket, invisible to ListObjects, and are billed as storage until they are aborted. Only the AbortIncompleteMultipartUpload lifecycle action removes them; expiration actions do not. A rule with Status Disabled is not applied.',
      example: {
        terraform: 'resource "aws_s3_bucket_lifecycle_configuration" "this" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    id     = "archive"\n    status = "Enabled"\n    filter { prefix = "logs/" }\n    abort_incomplete_multipart_upload { days_after_initiation = 7 }\n  }\n}',
        cloudformation: 'LifecycleConfiguration:\n  Rules:\n    - Status: Enabled\n      TagFilters: [{ Key: class, Value: tmp }]\n      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }',
      },
      fix: {
        terraform: 'resource "aws_s3_bucket_lifecycle_configuration" "this" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    id     = "abort-incomplete-mpu"\n    status = "Enabled"\n    filter {}\n    abort_incomplete_multipart_upload { days_after_initiation = 7 }\n  }\n}',
        cloudformation: 'LifecycleConfiguration:\n  Rules:\n    - Id: abort-incomplete-mpu\n      Status: Enabled\n      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }',
        snapshot: '"lifecycle": { "Rules": [ { "ID": "abort-incomplete-mpu", "Status": "Enabled", "Filter": { "Prefix": "" }, "AbortIncompleteMultipartUpload": { "DaysAfterInitiation": 7 } } ] }',
      },
      references: DOC_REFS,
    },
  },
  check(ctx) {
    for (const bucket of ctx.estate.buckets) checkBucket(ctx, bucket);
  },
});
