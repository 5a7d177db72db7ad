import { defineRule, type RelatedLocation } from '../src/engine/rule.js';
import { bucketLabel, bucketResource, generalPurposeBuckets } from '../src/engine/rule-helpers.js';
import type { Bucket, Value } from '../src/model/index.js';
import { bucketsNamed } from './support/buckets.js';

type Check = { ok: true } | { ok: false; problem: string; related: RelatedLocation } | { unknown: string; related: RelatedLocation };

function sameValue(what: string, source: Value<string> | undefined, target: Value<string> | undefined, targetLabel: string): Check {
  // Not recorded at all (e.g. a Terraform provider Region that is not set): nothing to compare, nothing to say.
  if (source === undefined || target === undefined) return { ok: true };
  if (!source.known) return { unknown: `the source bucket's ${what} is unknown: ${source.reason}`, related: { message: `source ${what}`, at: source.at } };
  if (!target.known) return { unknown: `the ${what} of target ${targetLabel} is unknown: ${target.reason}`, related: { message: `target ${what}`, at: target.at } };
  if (source.value === target.value) return { ok: true };
  return {
    ok: false,
    problem: `the target ${targetLabel} is in ${what} ${target.value}, the source in ${source.value}: S3 delivers server access logs only to a bucket in the same ${what}`,
    related: { message: `target bucket ${what}`, at: target.at },
  };
}

function targetEncryption(target: Bucket, targetLabel: string): Check {
  const enc = target.encryption;
  if (!enc.known) return { unknown: `the default encryption of target ${targetLabel} is unknown: ${enc.reason}`, related: { message: 'target encryption', at: enc.at } };
  if (enc.value === null) return { ok: true };
  for (const rule of enc.value.rules) {
    const alg = rule.sseAlgorithm;
    if (!alg.known) return { unknown: `the default encryption algorithm of target ${targetLabel} is unknown: ${alg.reason}`, related: { message: 'target encryption algorithm', at: alg.at } };
    if (alg.value === 'aws:kms' || alg.value === 'aws:kms:dsse') {
      return {
        ok: false,
        problem: `the target ${targetLabel} uses ${alg.value === 'aws:kms' ? 'SSE-KMS' : 'DSSE-KMS'} default encryption, which server access log delivery does not support (the target must use SSE-S3)`,
        related: { message: 'target default encryption', at: alg.at },
      };
    }
  }
  return { ok: true };
}

function targetObjectLock(target: Bucket, targetLabel: string): Check {
  const lock = target.objectLock;
  if (!lock.known) return { unknown: `whether target ${targetLabel} has Object Lock is unknown: ${lock.reason}`, related: { message: 'target Object Lock', at: lock.at } };
  if (lock.value === null) return { ok: true };
  const enabled = lock.value.enabled;
  if (!enabled.known) return { unknown: `whether target ${targetLabel} has Object Lock is unknown: ${enabled.reason}`, related: { message: 'target Object Lock', at: enabled.at } };
  if (!enabled.value) return { ok: true };
  return {
    ok: false,
    problem: `the target ${targetLabel} has Object Lock enabled, and S3 does not deliver server access logs to Object Lock buckets`,
    related: { message: 'target Object Lock', at: enabled.at },
  };
}

export default defineRule({
  meta: {
    id: 'S3L018',
    name: 'log-target-constraints',
    title: 'Server access logs go to a bucket that can receive them',
    defaultSeverity: 'medium',
    securitySeverity: 4.0,
    tags: ['security', 'logging', 'availability'],
    enabledByDefault: true,
    presets: ['recommended', 'strict'],
    peers: {},
    docs: {
      what:
        'For every bucket with server access logging, checks the target bucket against the delivery constraints S3 documents: not the bucket itself (CloudFormation delivers to the bucket itself when DestinationBucketName is omitted), the same Region and the same account as the source, no SSE-KMS or DSSE-KMS default encryption (SSE-S3 only), and no Object Lock. The target is looked up by name in the scan; a target outside the scan is not checked. Region and account are compared only when both are recorded.',
      why:
        'A logging configuration whose target breaks one of these constraints is either rejected at deployment or accepted and then delivers nothing (which of the two, per constraint, is not documented consistently): a logging setup that looks compliant produces no logs exactly when they are needed. A bucket that logs into itself writes a log object for every delivered log object, so the logs grow without end and bury the real requests.',
      example: {
        terraform: 'resource "aws_s3_bucket_logging" "this" {\n  bucket        = aws_s3_bucket.data.id\n  target_bucket = aws_s3_bucket.data.id\n  target_prefix = "logs/"\n}',
        cloudformation: 'Data:\n  Type: AWS::S3::Bucket\n  Properties:\n    LoggingConfiguration:\n      LogFilePrefix: logs/   # no DestinationBucketName: logs into itself',
        snapshot: '"logging": { "LoggingEnabled": { "TargetBucket": "kms-encrypted-logs", "TargetPrefix": "s3/" } }',
      },
      fix: {
        terraform: 'resource "aws_s3_bucket_logging" "this" {\n  bucket        = aws_s3_bucket.data.id\n  target_bucket = aws_s3_bucket.logs.id # same account and Region, SSE-S3, no Object Lock\n  target_prefix = "s3/data/"\n}',
        cloudformation: 'LoggingConfiguration:\n  DestinationBucketName: !Ref Logs   # same account and Region, SSE-S3, no Object Lock\n  LogFilePrefix: s3/data/',
      },
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshooting-server-access-logging.html',
      ],
    },
  },
  check(ctx) {
    for (const bucket of generalPurposeBuckets(ctx.estate)) {
      const logging = bucket.logging;
      if (!logging.known || logging.value === null) continue;
      const resource = bucketResource(bucket);
      const label = bucketLabel(bucket);
      const target = logging.value.targetBucket;
      if (!target.known) continue; // S3L017 owns "is there logging"; an unknown target has nothing to check against
      if (bucket.name.known && bucket.name.value === target.value) {
        ctx.report({
          resource,
          path: 'logging.targetBucket',
          at: target.at,
          message: target.implicit
            ? `Bucket ${label} configures logging without a destination bucket, so CloudFormation delivers the logs into the bucket itself: every delivered log object is a new request that is logged again. Set DestinationBucketName to a separate log bucket.`
            : `Bucket ${label} delivers its server access logs into itself: every delivered log object is a new request that is logged again. Deliver to a separate log bucket.`,
        });
        continue;
      }
      const targetBucket = bucketsNamed(ctx.estate, target.value)[0];
      if (!targetBucket) continue;
      const targetLabel = bucketLabel(targetBucket);
      const checks: [string, Check][] = [
        ['region', sameValue('Region', bucket.region, targetBucket.region, targetLabel)],
        ['account', sameValue('account', bucket.account, targetBucket.account, targetLabel)],
        ['encryption', targetEncryption(targetBucket, targetLabel)],
        ['objectLock', targetObjectLock(targetBucket, targetLabel)],
      ];
      for (const [name, c] of checks) {
        if ('unknown' in c) {
          ctx.report({ resource, path: `logging.targetBucket.${name}`, kind: 'unknown', at: target.at, related: [c.related], message: `Cannot tell whether bucket ${label} can deliver its access logs to ${targetLabel}: ${c.unknown}.` });
        } else if (!c.ok) {
          ctx.report({
            resource,
            path: `logging.targetBucket.${name}`,
            at: target.at,
            related: [c.related],
            message: `Bucket ${label} sends its server access logs to ${targetLabel}, but ${c.problem}. No logs will reach it.`,
          });
        }
      }
    }
  },
});
