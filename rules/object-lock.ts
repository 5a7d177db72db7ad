import { defineRule } from '../src/engine/rule.js';
import { bucketLabel, bucketResource, generalPurposeBuckets } from '../src/engine/rule-helpers.js';
import { accessLogTargetReason } from './support/buckets.js';

export default defineRule({
  meta: {
    id: 'S3L026',
    name: 'object-lock',
    title: 'Object Lock with a default retention (opt-in)',
    defaultSeverity: 'low',
    securitySeverity: 2.0,
    tags: ['data-protection', 'object-lock', 'opt-in'],
    enabledByDefault: false,
    presets: ['strict'],
    peers: {
      checkov: ['CKV_AWS_143'],
      prowler: ['s3_bucket_object_lock'],
      securityHub: ['S3.15'],
    },
    docs: {
      what:
        'Opt-in. Checks that Object Lock is enabled and has a default retention (mode and period), so every new object version is protected without each writer asking for it. Buckets that receive server access logs (the target of another bucket in the scan, or whose ACL or policy lets S3 log delivery write) are skipped: S3 does not deliver server access logs to Object Lock buckets (S3L018).',
      why:
        'Object Lock stores objects write-once-read-many: a locked version cannot be deleted or overwritten until its retention ends, in COMPLIANCE mode not even by the root user. It is the defence against ransomware and insider deletion, and a requirement of some record-keeping rules (SEC 17a-4, FINRA, CFTC). It cannot be disabled once enabled and makes deleting data impossible by design, which is why it is a policy choice and off by default.',
      example: {
        terraform: 'resource "aws_s3_bucket" "records" {\n  bucket = "my-records"\n}',
        cloudformation: 'Records:\n  Type: AWS::S3::Bucket\n  Properties:\n    VersioningConfiguration:\n      Status: Enabled',
        snapshot: '"objectLock": null',
      },
      fix: {
        terraform: 'resource "aws_s3_bucket" "records" {\n  bucket              = "my-records"\n  object_lock_enabled = true\n}\nresource "aws_s3_bucket_object_lock_configuration" "records" {\n  bucket = aws_s3_bucket.records.id\n  rule {\n    default_retention {\n      mode = "GOVERNANCE"\n      days = 30\n    }\n  }\n}',
        cloudformation: 'Records:\n  Type: AWS::S3::Bucket\n  Properties:\n    ObjectLockEnabled: true\n    ObjectLockConfiguration:\n      ObjectLockEnabled: Enabled\n      Rule:\n        DefaultRetention:\n          Mode: GOVERNANCE\n          Days: 30',
      },
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-configure.html',
      ],
    },
  },
  check(ctx) {
    for (const bucket of generalPurposeBuckets(ctx.estate)) {
      const resource = bucketResource(bucket);
      const label = bucketLabel(bucket);
      if (accessLogTargetReason(ctx.estate, bucket) !== undefined) continue;
      const lock = bucket.objectLock;
      if (!lock.known) {
        ctx.report({ resource, path: 'objectLock', kind: 'unknown', at: lock.at, message: `Cannot tell whether bucket ${label} has Object Lock: ${lock.reason}.` });
        continue;
      }
      if (lock.value === null) {
        ctx.report({ resource, path: 'objectLock', at: bucket.at, message: `Bucket ${label} does not enable Object Lock: any principal allowed to delete versions can destroy its data.` });
        continue;
      }
      const enabled = lock.value.enabled;
      if (!enabled.known) {
        ctx.report({ resource, path: 'objectLock.enabled', kind: 'unknown', at: enabled.at, message: `Cannot tell whether bucket ${label} has Object Lock: ${enabled.reason}.` });
        continue;
      }
      if (!enabled.value) {
        ctx.report({ resource, path: 'objectLock.enabled', at: enabled.implicit ? lock.value.at : enabled.at, message: `Bucket ${label} does not enable Object Lock: any principal allowed to delete versions can destroy its data.` });
        continue;
      }
      const retention = lock.value.defaultRetention;
      const period = retention?.days ?? retention?.years;
      if (retention === undefined || retention.mode === undefined || period === undefined) {
        ctx.report({
          resource,
          path: 'objectLock.defaultRetention',
          at: retention?.at ?? enabled.at,
          message: `Bucket ${label} enables Object Lock without a default retention (mode and period): only object versions whose writer sets a retention are protected.`,
        });
      }
    }
  },
});
