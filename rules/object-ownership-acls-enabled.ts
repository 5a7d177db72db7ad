import { defineRule } from '../src/engine/rule.js';
import { bucketLabel, bucketResource, generalPurposeBuckets } from '../src/engine/rule-helpers.js';
import { PUBLIC_CANNED, ownershipState } from './support/acl.js';
import type { Bucket, Provenance } from '../src/model/index.js';
import { aclAllowsLogDelivery } from './support/buckets.js';

/** Canned ACLs S3 still accepts when ACLs are disabled (cfn-lint's list; s3-semantics.md §2.1). */
const ACCEPTED_WHEN_ENFORCED = new Set(['private', 'bucket-owner-full-control', 'bucket-owner-read']);

/** A non-public canned ACL that a BucketOwnerEnforced bucket rejects (public ones are S3L011's). */
function rejectedCannedAcl(bucket: Bucket): { value: string; at: Provenance } | undefined {
  const acl = bucket.acl;
  if (!acl.known || acl.value === null || !acl.value.canned?.known) return undefined;
  const value = acl.value.canned.value;
  if (ACCEPTED_WHEN_ENFORCED.has(value) || PUBLIC_CANNED[value]) return undefined;
  return { value, at: acl.value.canned.at };
}

export default defineRule({
  meta: {
    id: 'S3L014',
    name: 'object-ownership-acls-enabled',
    title: 'ACLs are disabled (Object Ownership BucketOwnerEnforced)',
    defaultSeverity: 'medium',
    securitySeverity: 5.0,
    tags: ['security', 'acl', 'ownership'],
    enabledByDefault: true,
    presets: ['recommended', 'strict', 'fsbp'],
    peers: {
      checkov: ['CKV2_AWS_65'],
      prowler: ['s3_bucket_acl_prohibited'],
      securityHub: ['S3.12'],
    },
    docs: {
      what:
        'Checks the Object Ownership setting. ObjectWriter and BucketOwnerPreferred keep ACLs in effect and are reported; BucketOwnerEnforced disables them. A bucket with no ownership controls is reported at low severity ("make it explicit"): S3 applies BucketOwnerEnforced to buckets created since April 2023, but a bucket created before has ACLs enabled (ObjectWriter), and a static scan cannot tell which one it is; a live audit of an old bucket reads the same "not configured". A bucket that still receives logs through the LogDelivery group ACL gets the finding with the migration path (a bucket policy for logging.s3.amazonaws.com). A non-public canned ACL other than private, bucket-owner-full-control or bucket-owner-read (e.g. log-delivery-write, aws-exec-read) on a bucket whose ownership is BucketOwnerEnforced, explicitly or by the 2023 default, is reported as a deployment failure (400 AccessControlListNotSupported; public canned ACLs are S3L011\'s).',
      why:
        'With ACLs enabled, objects uploaded by other accounts belong to the uploader, the bucket owner cannot read or delete them through its own policies, and any writer can attach a public ACL to its objects. AWS recommends disabling ACLs for almost every use case and managing access with policies only.',
      example: {
        terraform: 'resource "aws_s3_bucket_ownership_controls" "this" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    object_ownership = "ObjectWriter"\n  }\n}',
        cloudformation: 'OwnershipControls:\n  Rules:\n    - ObjectOwnership: BucketOwnerPreferred',
        snapshot: '"ownershipControls": { "Rules": [ { "ObjectOwnership": "ObjectWriter" } ] }',
      },
      fix: {
        terraform: 'resource "aws_s3_bucket_ownership_controls" "this" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    object_ownership = "BucketOwnerEnforced"\n  }\n}',
        cloudformation: 'OwnershipControls:\n  Rules:\n    - ObjectOwnership: BucketOwnerEnforced',
        cli: 'aws s3api put-bucket-ownership-controls --bucket my-bucket \\\n  --ownership-controls Rules=[{ObjectOwnership=BucketOwnerEnforced}]',
        snapshot: '"ownershipControls": { "Rules": [ { "ObjectOwnership": "BucketOwnerEnforced" } ] }',
      },
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-migrating-acls-prerequisites.html',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/create-bucket-faq.html',
      ],
    },
  },
  check(ctx) {
    for (const bucket of generalPurposeBuckets(ctx.estate)) {
      const resource = bucketResource(bucket);
      const label = bucketLabel(bucket);
      const state = ownershipState(bucket);
      const rejected = rejectedCannedAcl(bucket);
      if (rejected && (state.kind === 'enforced' || state.kind === 'default')) {
        ctx.report({
          resource,
          path: 'acl.canned',
          at: rejected.at,
          message:
            state.kind === 'enforced'
              ? `Bucket ${label} sets the canned ACL ${rejected.value}, but its Object Ownership is BucketOwnerEnforced (ACLs disabled): S3 rejects the ACL with 400 AccessControlListNotSupported, so the deployment fails.${rejected.value === 'log-delivery-write' ? ' Let logging.s3.amazonaws.com write through the bucket policy instead.' : ''} Remove the ACL.`
              : `Bucket ${label} sets the canned ACL ${rejected.value} without declaring Object Ownership: on a bucket created since April 2023 ACLs are disabled by default and S3 rejects the ACL with 400 AccessControlListNotSupported (the deployment fails).${rejected.value === 'log-delivery-write' ? ' Let logging.s3.amazonaws.com write through the bucket policy instead and remove the ACL.' : ' Remove the ACL, or declare the Object Ownership that needs it.'}`,
        });
        continue;
      }
      if (state.kind === 'enforced') continue;
      if (state.kind === 'unknown') {
        ctx.report({ resource, path: 'ownership', kind: 'unknown', at: state.at, message: `Cannot tell whether ACLs are disabled on bucket ${label}: ${state.reason}.` });
        continue;
      }
      if (state.kind === 'default') {
        ctx.report({
          resource,
          path: 'ownership',
          severity: 'low',
          at: bucket.at,
          message: `Bucket ${label} declares no Object Ownership and relies on the AWS default: BucketOwnerEnforced (ACLs disabled) for buckets created since April 2023, ObjectWriter (ACLs enabled) for older buckets. Set BucketOwnerEnforced explicitly.`,
        });
        continue;
      }
      const logNote = aclAllowsLogDelivery(bucket)
        ? ' It grants to the LogDelivery group: grant s3:PutObject to the logging.s3.amazonaws.com service principal in the bucket policy instead, then disable ACLs.'
        : '';
      ctx.report({
        resource,
        path: 'ownership.objectOwnership',
        at: state.at,
        message: `Bucket ${label} keeps ACLs enabled (Object Ownership ${state.value}): objects written by other accounts ${state.value === 'ObjectWriter' ? 'belong to the writer' : 'can still carry their own ACLs'}, and any writer can make its objects public with an ACL. Set BucketOwnerEnforced and manage access with policies.${logNote}`,
      });
    }
  },
});
