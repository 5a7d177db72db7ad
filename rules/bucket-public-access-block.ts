import { PUBLIC_ACCESS_BLOCK_FLAGS } from '../src/model/index.js';
import { defineRule } from '../src/engine/rule.js';
import { FLAG_LABELS, accountFlag, accountFor, bucketLabel, bucketResource, generalPurposeBuckets } from '../src/engine/rule-helpers.js';

export default defineRule({
  meta: {
    id: 'S3L002',
    name: 'bucket-public-access-block',
    title: 'Bucket-level Block Public Access has all four settings on',
    defaultSeverity: 'high',
    securitySeverity: 7.5,
    tags: ['security', 'public-access', 'core'],
    enabledByDefault: true,
    presets: ['recommended', 'strict', 'fsbp'],
    peers: {
      checkov: ['CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56', 'CKV2_AWS_6'],
      trivy: ['AWS-0086', 'AWS-0087', 'AWS-0091', 'AWS-0093', 'AWS-0094'],
      kics: [
        'd0cc8694-fcad-43ff-ac86-32331d7e867f',
        '1a4bc881-9f69-4d44-8c9a-d37d08f54c50',
        '4fa66806-0dd9-4f8d-9480-3174d39c7c91',
        '1ec253ab-c220-4d63-b2de-5b40e0af9293',
        '48f100d9-f499-4c6d-b2b8-deafe47ffb26',
        '860ba89b-b8de-4e72-af54-d6aee4138a69',
        '6c8d51af-218d-4bfb-94a9-94eabaa0703a',
        '350cd468-0e2c-44ef-9d22-cfb73a62523c',
      ],
      prowler: ['s3_bucket_level_public_access_block'],
      securityHub: ['S3.8'],
    },
    docs: {
      what:
        'Checks the four bucket-level Block Public Access settings (BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets). An explicit false, or a partial configuration (omitted settings become false), fails. A bucket with no configuration at all relies on the AWS default and gets a low-severity "make it explicit" finding. Account-level (and organization-level) settings that are on satisfy the bucket-level ones: S3 applies the most restrictive combination.',
      why:
        'Block Public Access is the backstop that keeps a mistaken ACL or bucket policy from exposing data. Since April 2023 new buckets get all four settings on, but buckets created before have none, and declaring the configuration with only some settings turns the others off (PutPublicAccessBlock replaces the whole configuration).',
      example: {
        terraform: 'resource "aws_s3_bucket_public_access_block" "this" {\n  bucket            = aws_s3_bucket.this.id\n  block_public_policy = true\n}',
        cloudformation: 'PublicAccessBlockConfiguration:\n  BlockPublicAcls: false\n  BlockPublicPolicy: true',
      },
      fix: {
        terraform: 'resource "aws_s3_bucket_public_access_block" "this" {\n  bucket                  = aws_s3_bucket.this.id\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}',
        cloudformation: 'PublicAccessBlockConfiguration:\n  BlockPublicAcls: true\n  IgnorePublicAcls: true\n  BlockPublicPolicy: true\n  RestrictPublicBuckets: true',
        snapshot: '"publicAccessBlock": { "BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true }',
      },
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/create-bucket-faq.html',
      ],
    },
  },
  check(ctx) {
    for (const bucket of generalPurposeBuckets(ctx.estate)) {
      const resource = bucketResource(bucket);
      const label = bucketLabel(bucket);
      const match = accountFor(ctx.estate, bucket);
      const accountNote = match?.assumed ? ' (assuming the bucket belongs to the only account in the scan)' : '';
      const coveredByAccount = (flag: (typeof PUBLIC_ACCESS_BLOCK_FLAGS)[number]) => accountFlag(match?.account, flag);
      const accountCoversAll = PUBLIC_ACCESS_BLOCK_FLAGS.every((f) => coveredByAccount(f) === true);
      const pab = bucket.publicAccessBlock;

      if (!pab.known) {
        if (!accountCoversAll) {
          ctx.report({ resource, path: 'publicAccessBlock', kind: 'unknown', at: pab.at, message: `Cannot tell whether Block Public Access is on for bucket ${label}: ${pab.reason}.` });
        }
        continue;
      }
      if (pab.value === null) {
        if (accountCoversAll) continue;
        ctx.report({
          resource,
          path: 'publicAccessBlock',
          severity: 'low',
          at: bucket.at,
          message: `Bucket ${label} declares no Block Public Access configuration and relies on the AWS default: all four settings are on for buckets created since April 2023, none for older buckets. Declare all four settings explicitly so the intent survives imports and older buckets.`,
        });
        continue;
      }
      for (const flag of PUBLIC_ACCESS_BLOCK_FLAGS) {
        const value = pab.value[flag];
        const atAccount = coveredByAccount(flag);
        if (atAccount === true) continue;
        const name = FLAG_LABELS[flag];
        const accountText =
          atAccount === 'unknown'
            ? ' The account-level setting could not be determined.'
            : match
              ? ` The account-level setting is off too${accountNote}.`
              : '';
        if (!value.known) {
          ctx.report({ resource, path: `publicAccessBlock.${flag}`, kind: 'unknown', at: value.at, message: `Cannot tell whether ${name} is on for bucket ${label}: ${value.reason}.` });
          continue;
        }
        if (value.value) continue;
        ctx.report({
          resource,
          path: `publicAccessBlock.${flag}`,
          at: value.at,
          message: value.implicit
            ? `Bucket ${label} declares Block Public Access without ${name}, which therefore is false: a partial configuration turns off the settings it omits.${accountText}`
            : `Bucket ${label} turns off Block Public Access setting ${name}.${accountText}`,
        });
      }
    }
  },
});
