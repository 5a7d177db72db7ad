import { defineRule } from '../src/engine/rule.js';
import { bucketLabel, bucketResource } from '../src/engine/rule-helpers.js';

export default defineRule({
  meta: {
    id: 'S3L005',
    name: 'sse-kms-without-bucket-key',
    title: 'SSE-KMS default encryption uses S3 Bucket Keys',
    defaultSeverity: 'medium',
    securitySeverity: 2.0,
    tags: ['cost', 'encryption', 'kms', 'availability', 'core'],
    enabledByDefault: true,
    presets: ['recommended', 'strict'],
    peers: {},
    docs: {
      what:
        'Checks that a bucket whose default encryption is SSE-KMS (aws:kms) enables S3 Bucket Keys. DSSE-KMS (aws:kms:dsse) does not support Bucket Keys, so it is not reported; BucketKeyEnabled set with DSSE-KMS is reported as misleading (a no-op).',
      why:
        'Without a Bucket Key every PUT calls KMS GenerateDataKey and every GET calls Decrypt. Those calls are billed and count against the account\'s shared KMS cryptographic request quota per Region (10,000/s by default, 20,000 or 100,000/s in some Regions), so busy buckets throttle each other and everything else that uses KMS. Bucket Keys cut KMS requests by up to 99%. They apply to new objects only, and change the encryption context to the bucket ARN (check key policies conditioned on object ARNs).',
      example: {
        terraform: 'resource "aws_s3_bucket_server_side_encryption_configuration" "this" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm     = "aws:kms"\n      kms_master_key_id = aws_kms_key.this.arn\n    }\n  }\n}',
        cloudformation: 'BucketEncryption:\n  ServerSideEncryptionConfiguration:\n    - ServerSideEncryptionByDefault:\n        SSEAlgorithm: aws:kms\n        KMSMasterKeyID: !GetAtt Key.Arn',
      },
      fix: {
        terraform: 'resource "aws_s3_bucket_server_side_encryption_configuration" "this" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm     = "aws:kms"\n      kms_master_key_id = aws_kms_key.this.arn\n    }\n    bucket_key_enabled = true\n  }\n}',
        cloudformation: 'BucketEncryption:\n  ServerSideEncryptionConfiguration:\n    - ServerSideEncryptionByDefault:\n        SSEAlgorithm: aws:kms\n        KMSMasterKeyID: !GetAtt Key.Arn\n      BucketKeyEnabled: true',
        snapshot: '"encryption": { "Rules": [ { "ApplyServerSideEncryptionByDefault": { "SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "arn:aws:kms:eu-west-1:123456789012:key/…" }, "BucketKeyEnabled": true } ] }',
      },
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html',
        'https://docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html',
      ],
    },
  },
  check(ctx) {
    for (const bucket of ctx.estate.buckets) {
      const resource = bucketResource(bucket);
      const label = bucketLabel(bucket);
      const encryption = bucket.encryption;
      if (!encryption.known) {
        ctx.report({ resource, path: 'encryption', kind: 'unknown', at: encryption.at, message: `Cannot tell whether bucket ${label} uses SSE-KMS without a Bucket Key: ${encryption.reason}.` });
        continue;
      }
      // No configuration: the SSE-S3 default applies, which needs no KMS calls.
      if (encryption.value === null) continue;
      encryption.value.rules.forEach((rule, index) => {
        const algorithm = rule.sseAlgorithm;
        const path = `encryption.rules[${index}].bucketKeyEnabled`;
        if (!algorithm.known) {
          ctx.report({ resource, path, kind: 'unknown', at: algorithm.at, message: `Cannot tell the default encryption algorithm of bucket ${label}: ${algorithm.reason}.` });
          return;
        }
        const bucketKey = rule.bucketKeyEnabled;
        if (algorithm.value === 'aws:kms') {
          if (bucketKey === undefined || (bucketKey.known && !bucketKey.value)) {
            ctx.report({
              resource,
              path,
              at: bucketKey?.known && !bucketKey.implicit ? bucketKey.at : algorithm.at,
              message: `Bucket ${label} encrypts with SSE-KMS without an S3 Bucket Key: every PUT and GET calls KMS, billed per request and counted against the Region's shared KMS request quota. Set BucketKeyEnabled to true (it cuts KMS requests by up to 99%).`,
            });
          } else if (!bucketKey.known) {
            ctx.report({ resource, path, kind: 'unknown', at: bucketKey.at, message: `Cannot tell whether bucket ${label} enables an S3 Bucket Key for SSE-KMS: ${bucketKey.reason}.` });
          }
        } else if (algorithm.value === 'aws:kms:dsse' && bucketKey?.known && bucketKey.value && !bucketKey.implicit) {
          ctx.report({
            resource,
            path,
            severity: 'low',
            at: bucketKey.at,
            message: `Bucket ${label} sets BucketKeyEnabled with DSSE-KMS, which does not support S3 Bucket Keys: the setting has no effect and every request still calls KMS.`,
          });
        }
      });
    }
  },
});
