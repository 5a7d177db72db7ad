import { defineRule } from '../src/engine/rule.js';
import { bucketLabel, bucketResource, generalPurposeBuckets } from '../src/engine/rule-helpers.js';
import { accessLogTargetReason } from './support/buckets.js';

export default defineRule({
  meta: {
    id: 'S3L017',
    name: 'server-access-logging',
    title: 'Server access logging is enabled',
    defaultSeverity: 'low',
    securitySeverity: 3.0,
    tags: ['security', 'logging', 'audit'],
    enabledByDefault: true,
    presets: ['recommended', 'strict', 'fsbp'],
    peers: {
      checkov: ['CKV_AWS_18'],
      trivy: ['AWS-0089'],
      kics: ['f861041c-8c9f-4156-acfc-5e6e524f5884', '4552b71f-0a2a-4bc4-92dd-ed7ec1b4674c'],
      cfnNag: ['W35'],
      prowler: ['s3_bucket_server_access_logging_enabled'],
      securityHub: ['S3.9'],
    },
    docs: {
      what:
        'Checks that every bucket delivers server access logs somewhere. Buckets that themselves receive server access logs are not reported (the target of another bucket in the scan, or a bucket whose ACL grants the LogDelivery group write or whose policy lets logging.s3.amazonaws.com write): logging a log bucket into a further bucket only moves the question, and logging it into itself loops (see S3L018). Where the logs go, and whether that target can receive them, is S3L018.',
      why:
        'Server access logs are the only record of every request to a bucket (requester, operation, key, status, bytes), including anonymous ones and requests that CloudTrail data events do not cover unless separately enabled and paid for. Without them, an exposure or a deletion cannot be investigated after the fact. Delivery is best-effort and free apart from the storage of the logs.',
      example: {
        terraform: 'resource "aws_s3_bucket" "data" {\n  bucket = "my-data"\n}\n# no aws_s3_bucket_logging for it',
        cloudformation: 'Data:\n  Type: AWS::S3::Bucket\n  Properties:\n    BucketName: my-data',
        snapshot: '"logging": null',
      },
      fix: {
        terraform: 'resource "aws_s3_bucket_logging" "data" {\n  bucket        = aws_s3_bucket.data.id\n  target_bucket = aws_s3_bucket.logs.id\n  target_prefix = "s3/my-data/"\n}',
        cloudformation: 'Data:\n  Type: AWS::S3::Bucket\n  Properties:\n    LoggingConfiguration:\n      DestinationBucketName: !Ref Logs\n      LogFilePrefix: s3/my-data/',
        cli: 'aws s3api put-bucket-logging --bucket my-data --bucket-logging-status \'{"LoggingEnabled":{"TargetBucket":"my-logs","TargetPrefix":"s3/my-data/"}}\'',
        snapshot: '"logging": { "LoggingEnabled": { "TargetBucket": "my-logs", "TargetPrefix": "s3/my-data/" } }',
      },
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html',
      ],
    },
  },
  check(ctx) {
    for (const bucket of generalPurposeBuckets(ctx.estate)) {
      const resource = bucketResource(bucket);
      const label = bucketLabel(bucket);
      const logging = bucket.logging;
      if (!logging.known) {
        ctx.report({ resource, path: 'logging', kind: 'unknown', at: logging.at, message: `Cannot tell whether bucket ${label} has server access logging: ${logging.reason}.` });
        continue;
      }
      if (logging.value !== null) continue;
      if (accessLogTargetReason(ctx.estate, bucket) !== undefined) continue;
      ctx.report({
        resource,
        path: 'logging',
        at: bucket.at,
        message: `Bucket ${label} has no server access logging: requests to it (including anonymous ones) leave no record to investigate. Deliver its access logs to a dedicated log bucket in the same account and Region.`,
      });
    }
  },
});
