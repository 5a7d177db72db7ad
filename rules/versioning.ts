import { defineRule } from '../src/engine/rule.js';
import { bucketLabel, bucketResource, generalPurposeBuckets } from '../src/engine/rule-helpers.js';

export default defineRule({
  meta: {
    id: 'S3L015',
    name: 'versioning',
    title: 'Bucket versioning is enabled',
    defaultSeverity: 'medium',
    securitySeverity: 4.0,
    tags: ['data-protection', 'versioning'],
    enabledByDefault: true,
    presets: ['recommended', 'strict'],
    peers: {
      checkov: ['CKV_AWS_21'],
      trivy: ['AWS-0090'],
      kics: ['568a4d22-3517-44a6-a7ad-6a7eed88722c', 'a227ec01-f97a-4084-91a4-47b350c1db54'],
      prowler: ['s3_bucket_object_versioning'],
      securityHub: ['S3.14'],
    },
    docs: {
      what:
        'Checks that versioning is Enabled. A bucket whose versioning was never configured, or is Suspended (or Disabled, the Terraform spelling for "never enabled"), is reported. Suspended is reported at the versioning status; never configured at the bucket declaration. A bucket with Object Lock enabled and no versioning configuration is not reported: enabling Object Lock enables versioning.',
      why:
        'Without versioning, an overwrite or a delete destroys the only copy of an object: there is nothing to restore after a mistake, a faulty deployment or ransomware. Versioning is also a prerequisite for replication and Object Lock. Once enabled, versioning can only be suspended, never removed, and Suspended keeps existing versions but stops protecting new writes. Pair it with noncurrent-version expiration so old versions do not accumulate cost.',
      example: {
        terraform: 'resource "aws_s3_bucket_versioning" "this" {\n  bucket = aws_s3_bucket.this.id\n  versioning_configuration {\n    status = "Suspended"\n  }\n}',
        cloudformation: 'Bucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    VersioningConfiguration:\n      Status: Suspended',
        snapshot: '"versioning": { "Status": "Suspended" }',
      },
      fix: {
        terraform: 'resource "aws_s3_bucket_versioning" "this" {\n  bucket = aws_s3_bucket.this.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}',
        cloudformation: 'Bucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    VersioningConfiguration:\n      Status: Enabled',
        cli: 'aws s3api put-bucket-versioning --bucket my-bucket --versioning-configuration Status=Enabled',
        snapshot: '"versioning": { "Status": "Enabled" }',
      },
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/manage-versioning-examples.html',
      ],
    },
  },
  check(ctx) {
    for (const bucket of generalPurposeBuckets(ctx.estate)) {
      const resource = bucketResource(bucket);
      const label = bucketLabel(bucket);
      const versioning = bucket.versioning;
      if (!versioning.known) {
        ctx.report({ resource, path: 'versioning', kind: 'unknown', at: versioning.at, message: `Cannot tell whether versioning is enabled on bucket ${label}: ${versioning.reason}.` });
        continue;
      }
      const lock = bucket.objectLock;
      const objectLocked = lock.known && lock.value !== null && lock.value.enabled.known && lock.value.enabled.value;
      if (versioning.value === null) {
        // Enabling Object Lock enables versioning: nothing to declare.
        if (objectLocked) continue;
        ctx.report({
          resource,
          path: 'versioning.status',
          at: bucket.at,
          message: `Bucket ${label} does not enable versioning: an overwrite or delete destroys the only copy of an object. Enable versioning (and expire noncurrent versions with a lifecycle rule).`,
        });
        continue;
      }
      const status = versioning.value.status;
      if (!status.known) {
        ctx.report({ resource, path: 'versioning.status', kind: 'unknown', at: status.at, message: `Cannot tell whether versioning is enabled on bucket ${label}: ${status.reason}.` });
        continue;
      }
      if (status.value === 'Enabled') continue;
      ctx.report({
        resource,
        path: 'versioning.status',
        at: status.implicit ? versioning.value.at : status.at,
        message:
          status.value === 'Suspended'
            ? objectLocked
              ? `Bucket ${label} has Object Lock enabled and versioning Suspended: S3 does not allow suspending versioning on an Object Lock bucket, so the request fails. Set the status to Enabled.`
              : `Bucket ${label} has versioning Suspended: existing versions are kept, but new overwrites and deletes are no longer recoverable. Set the status to Enabled.`
            : `Bucket ${label} has versioning ${status.value}: an overwrite or delete destroys the only copy of an object. Set the status to Enabled.`,
      });
    }
  },
});
