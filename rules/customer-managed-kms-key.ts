import { defineRule } from '../src/engine/rule.js';
import { bucketLabel, bucketResource, generalPurposeBuckets } from '../src/engine/rule-helpers.js';
import { accessLogTargetReason } from './support/buckets.js';

export default defineRule({
  meta: {
    id: 'S3L019',
    name: 'customer-managed-kms-key',
    title: 'Default encryption uses a customer-managed KMS key (opt-in)',
    defaultSeverity: 'medium',
    securitySeverity: 3.0,
    tags: ['security', 'encryption', 'kms', 'opt-in'],
    enabledByDefault: false,
    presets: ['strict'],
    peers: {
      checkov: ['CKV_AWS_145'],
      trivy: ['AWS-0132'],
      prowler: ['s3_bucket_kms_encryption'],
      securityHub: ['S3.17'],
    },
    docs: {
      what:
        'Opt-in. Checks that default encryption is SSE-KMS or DSSE-KMS with a key of your own: SSE-S3 (AES256, also the default when nothing is configured), SSE-KMS without a key (the AWS managed key aws/s3) and the alias alias/aws/s3 are reported. Buckets that receive server access logs (the target of another bucket in the scan, or whose ACL or policy lets S3 log delivery write) are skipped, because log delivery supports SSE-S3 only (see S3L018). Whether a written key ARN is customer managed rather than AWS managed cannot be told from the ARN; only alias/aws/s3 and the absent key are recognised as AWS managed.',
      why:
        'All objects are encrypted at rest since January 2023, so this is not about encryption being on. A customer-managed key adds a second, independent access check (the key policy), lets you audit every decrypt in CloudTrail, disable the key to cut off access, and share data across accounts with grants, which the AWS managed aws/s3 key does not allow. It costs KMS requests (use S3 Bucket Keys, S3L005) and key management, which is why the rule is a policy choice and off by default.',
      example: {
        terraform: 'resource "aws_s3_bucket_server_side_encryption_configuration" "this" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm = "AES256"\n    }\n  }\n}',
        cloudformation: 'BucketEncryption:\n  ServerSideEncryptionConfiguration:\n    - ServerSideEncryptionByDefault:\n        SSEAlgorithm: aws:kms   # no KMSMasterKeyID: the AWS managed key aws/s3',
        snapshot: '"encryption": { "Rules": [ { "ApplyServerSideEncryptionByDefault": { "SSEAlgorithm": "AES256" } } ] }',
      },
      fix: {
        terraform: 'resource "aws_s3_bucket_server_side_encryption_configuration" "this" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm     = "aws:kms"\n      kms_master_key_id = aws_kms_key.data.arn\n    }\n    bucket_key_enabled = true\n  }\n}',
        cloudformation: 'BucketEncryption:\n  ServerSideEncryptionConfiguration:\n    - ServerSideEncryptionByDefault:\n        SSEAlgorithm: aws:kms\n        KMSMasterKeyID: !GetAtt DataKey.Arn\n      BucketKeyEnabled: true',
      },
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html',
        'https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-mgmt',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html',
      ],
    },
  },
  check(ctx) {
    for (const bucket of generalPurposeBuckets(ctx.estate)) {
      const resource = bucketResource(bucket);
      const label = bucketLabel(bucket);
      if (accessLogTargetReason(ctx.estate, bucket) !== undefined) continue;
      const encryption = bucket.encryption;
      if (!encryption.known) {
        ctx.report({ resource, path: 'encryption', kind: 'unknown', at: encryption.at, message: `Cannot tell which key encrypts bucket ${label}: ${encryption.reason}.` });
        continue;
      }
      if (encryption.value === null || encryption.value.rules.length === 0) {
        ctx.report({ resource, path: 'encryption', at: bucket.at, message: `Bucket ${label} declares no default encryption, so S3 encrypts with SSE-S3 (S3-managed keys), not a customer-managed KMS key.` });
        continue;
      }
      encryption.value.rules.forEach((rule, index) => {
        const path = `encryption.rules[${index}]`;
        const alg = rule.sseAlgorithm;
        if (!alg.known) {
          ctx.report({ resource, path, kind: 'unknown', at: alg.at, message: `Cannot tell which key encrypts bucket ${label}: ${alg.reason}.` });
          return;
        }
        if (alg.value !== 'aws:kms' && alg.value !== 'aws:kms:dsse') {
          ctx.report({ resource, path, at: alg.at, message: `Bucket ${label} encrypts with ${alg.value === 'AES256' ? 'SSE-S3 (AES256, S3-managed keys)' : alg.value}, not a customer-managed KMS key.` });
          return;
        }
        const key = rule.kmsMasterKeyId;
        if (key === undefined) {
          ctx.report({ resource, path, at: alg.at, message: `Bucket ${label} uses ${alg.value} without a key, so S3 uses the AWS managed key aws/s3: its key policy cannot be changed and it cannot be shared across accounts. Name a customer-managed key by ARN.` });
          return;
        }
        if (!key.known) {
          ctx.report({ resource, path, kind: 'unknown', at: key.at, message: `Cannot tell whether bucket ${label} uses a customer-managed KMS key: ${key.reason}.` });
          return;
        }
        if (/(^|:)alias\/aws\/s3$/i.test(key.value)) {
          ctx.report({ resource, path, at: key.at, message: `Bucket ${label} names the AWS managed key alias/aws/s3, not a customer-managed KMS key.` });
        }
      });
    }
  },
});
