import { defineRule } from '../src/engine/rule.js';
import { bucketLabel, bucketResource, generalPurposeBuckets } from '../src/engine/rule-helpers.js';
import type { Bucket } from '../src/model/index.js';
import { bucketsNamed } from './support/buckets.js';

/** 'Enabled' | a reason it is not | undefined when it cannot be told. */
function versioningState(bucket: Bucket): { enabled: true } | { enabled: false; why: string } | { unknown: string } {
  const v = bucket.versioning;
  if (!v.known) return { unknown: v.reason };
  if (v.value === null) {
    // Enabling Object Lock enables versioning.
    const lock = bucket.objectLock;
    if (lock.known && lock.value !== null && lock.value.enabled.known && lock.value.enabled.value) return { enabled: true };
    return { enabled: false, why: 'versioning was never enabled' };
  }
  if (!v.value.status.known) return { unknown: v.value.status.reason };
  return v.value.status.value === 'Enabled' ? { enabled: true } : { enabled: false, why: `versioning is ${v.value.status.value}` };
}

export default defineRule({
  meta: {
    id: 'S3L025',
    name: 'replication',
    title: 'Bucket replicates to another bucket (opt-in)',
    defaultSeverity: 'low',
    securitySeverity: 2.0,
    tags: ['resilience', 'replication', 'opt-in'],
    enabledByDefault: false,
    presets: ['strict'],
    peers: {
      checkov: ['CKV_AWS_144'],
      prowler: ['s3_bucket_cross_region_replication'],
      securityHub: ['S3.7'],
    },
    docs: {
      what:
        'Opt-in. Checks that each bucket has a replication configuration with at least one enabled rule. When a bucket does replicate, it also checks what S3 requires for it to work: versioning Enabled on the source, and on every destination bucket that is in the scan (medium severity: without it S3 rejects the configuration or replication stops).',
      why:
        'Replication keeps a copy of the data in another bucket, Region or account, which protects against the loss of a Region, an account compromise or a mistaken bulk delete in the source account (with a destination in another account). It doubles storage and adds request and transfer costs, which is why it is a policy choice and off by default.',
      example: {
        terraform: 'resource "aws_s3_bucket" "data" {\n  bucket = "my-data"\n}\n# no aws_s3_bucket_replication_configuration',
        cloudformation: 'Data:\n  Type: AWS::S3::Bucket\n  Properties:\n    VersioningConfiguration:\n      Status: Enabled',
        snapshot: '"replication": null',
      },
      fix: {
        terraform: 'resource "aws_s3_bucket_replication_configuration" "data" {\n  bucket = aws_s3_bucket.data.id\n  role   = aws_iam_role.replication.arn\n  rule {\n    id     = "all"\n    status = "Enabled"\n    filter {}\n    delete_marker_replication {\n      status = "Enabled"\n    }\n    destination {\n      bucket = aws_s3_bucket.replica.arn\n    }\n  }\n  depends_on = [aws_s3_bucket_versioning.data]\n}',
        cloudformation: 'ReplicationConfiguration:\n  Role: !GetAtt ReplicationRole.Arn\n  Rules:\n    - Id: all\n      Status: Enabled\n      Prefix: ""\n      Destination:\n        Bucket: !Sub arn:aws:s3:::${ReplicaBucket}',
      },
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication.html',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html',
      ],
    },
  },
  check(ctx) {
    for (const bucket of generalPurposeBuckets(ctx.estate)) {
      const resource = bucketResource(bucket);
      const label = bucketLabel(bucket);
      const replication = bucket.replication;
      if (!replication.known) {
        ctx.report({ resource, path: 'replication', kind: 'unknown', at: replication.at, message: `Cannot tell whether bucket ${label} replicates: ${replication.reason}.` });
        continue;
      }
      if (replication.value === null) {
        ctx.report({ resource, path: 'replication', at: bucket.at, message: `Bucket ${label} is not replicated: a Regional outage, an account compromise or a bulk delete leaves no other copy.` });
        continue;
      }
      const rules = replication.value.rules;
      if (!rules.known) {
        ctx.report({ resource, path: 'replication.rules', kind: 'unknown', at: rules.at, message: `Cannot tell whether bucket ${label} replicates: ${rules.reason}.` });
        continue;
      }
      const enabled = rules.value.filter((r) => r.status.known && r.status.value === 'Enabled');
      const undecided = rules.value.find((r) => !r.status.known);
      if (enabled.length === 0) {
        if (undecided && !undecided.status.known) {
          ctx.report({ resource, path: 'replication.rules', kind: 'unknown', at: undecided.status.at, message: `Cannot tell whether bucket ${label} replicates: ${undecided.status.reason}.` });
        } else {
          ctx.report({ resource, path: 'replication.rules', at: replication.value.at, message: `Bucket ${label} has a replication configuration with no enabled rule: nothing is replicated.` });
        }
        continue;
      }
      const source = versioningState(bucket);
      if ('unknown' in source) {
        ctx.report({ resource, path: 'versioning', kind: 'unknown', at: bucket.versioning.at, message: `Cannot tell whether bucket ${label} has the versioning replication requires: ${source.unknown}.` });
      } else if (!source.enabled) {
        ctx.report({ resource, path: 'versioning', severity: 'medium', at: replication.value.at, message: `Bucket ${label} replicates but ${source.why}: S3 requires versioning on the source bucket and rejects the replication configuration.` });
      }
      for (const [i, rule] of rules.value.entries()) {
        if (!(rule.status.known && rule.status.value === 'Enabled') || !rule.destinationBucket.known) continue;
        const destination = bucketsNamed(ctx.estate, rule.destinationBucket.value)[0];
        if (!destination) continue;
        const state = versioningState(destination);
        const destLabel = bucketLabel(destination);
        if ('unknown' in state) {
          ctx.report({ resource, path: `replication.rules[${i}].destination`, kind: 'unknown', at: rule.destinationBucket.at, message: `Cannot tell whether destination ${destLabel} of bucket ${label} is versioned: ${state.unknown}.` });
        } else if (!state.enabled) {
          ctx.report({
            resource,
            path: `replication.rules[${i}].destination`,
            severity: 'medium',
            at: rule.destinationBucket.at,
            related: [{ message: 'destination bucket', at: destination.at }],
            message: `Bucket ${label} replicates to ${destLabel}, but on the destination ${state.why}: S3 requires versioning on both buckets, so replication fails.`,
          });
        }
      }
    }
  },
});
