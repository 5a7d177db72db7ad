import { defineRule } from '../src/engine/rule.js';
import type { Severity } from '../src/engine/severity.js';
import { bucketLabel, bucketResource, generalPurposeBuckets } from '../src/engine/rule-helpers.js';
import { blockPublicAcls, grantsWrite, ignorePublicAcls, ownershipState, scanAcl } from './support/acl.js';

export default defineRule({
  meta: {
    id: 'S3L011',
    name: 'public-acl',
    title: 'Bucket ACL grants nothing to AllUsers or AuthenticatedUsers',
    defaultSeverity: 'high',
    securitySeverity: 8.0,
    tags: ['security', 'public-access', 'acl'],
    enabledByDefault: true,
    presets: ['recommended', 'strict', 'fsbp'],
    peers: {
      checkov: ['CKV_AWS_20', 'CKV_AWS_57', 'CKV2_AWS_43', 'CKV_AWS_375'],
      trivy: ['AWS-0092'],
      kics: [
        '38c5ee0d-7f22-4260-ab72-5073048df100',
        '57b9893d-33b1-4419-bcea-a717ea87e139',
        '64a222aa-7793-4e40-915f-4b302c76e4d4',
        'bf878b1a-7418-4de3-b13c-3a86cf894920',
        '07dda8de-d90d-469e-9b37-1aca53526ced',
        '219f4c95-aa50-44e0-97de-cf71f4641170',
        '835d5497-a526-4aea-a23f-98a9afd1635f',
      ],
      cfnNag: ['W31', 'F14'],
      prowler: ['s3_bucket_public_access', 's3_bucket_public_list_acl', 's3_bucket_public_write_acl'],
      securityHub: ['S3.2', 'S3.3'],
    },
    docs: {
      what:
        'Checks the bucket ACL, canned or explicit grants, for anything granted to the AllUsers or AuthenticatedUsers groups. Any permission counts (AWS: an ACL is public if it grants "any permissions" to those groups); AuthenticatedUsers means every AWS account in the world. LogDelivery grants and the log-delivery-write canned ACL are not public. A grant that IgnorePublicAcls neutralises (bucket or account level) is still reported at low severity, because it becomes effective again when the setting is turned off. A public ACL on a bucket whose Object Ownership is BucketOwnerEnforced is reported as a deployment failure: S3 rejects it with 400 AccessControlListNotSupported. Write-capable grants (WRITE, WRITE_ACP, FULL_CONTROL, public-read-write) are critical.',
      why:
        'A public-read ACL lets anyone on the internet list the bucket; WRITE lets anyone upload or overwrite objects at the owner\'s cost; WRITE_ACP lets anyone rewrite the ACL itself. Since April 2023 new buckets have ACLs disabled, so a public canned ACL in a template usually fails the deployment instead, which is just as much a defect.',
      example: {
        terraform: 'resource "aws_s3_bucket_acl" "this" {\n  bucket = aws_s3_bucket.this.id\n  acl    = "public-read"\n}',
        cloudformation: 'Bucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    AccessControl: PublicRead',
        snapshot: '"acl": { "Grants": [ { "Grantee": { "Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers" }, "Permission": "READ" } ] }',
      },
      fix: {
        terraform: 'resource "aws_s3_bucket_ownership_controls" "this" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    object_ownership = "BucketOwnerEnforced"\n  }\n}\n# and remove the aws_s3_bucket_acl resource; grant access with a bucket policy',
        cloudformation: 'Bucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    OwnershipControls:\n      Rules:\n        - ObjectOwnership: BucketOwnerEnforced',
        cli: 'aws s3api put-bucket-ownership-controls --bucket my-bucket \\\n  --ownership-controls Rules=[{ObjectOwnership=BucketOwnerEnforced}]',
      },
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html',
      ],
    },
  },
  check(ctx) {
    for (const bucket of generalPurposeBuckets(ctx.estate)) {
      const resource = bucketResource(bucket);
      const label = bucketLabel(bucket);
      const scan = scanAcl(bucket);
      if (scan.kind === 'none') continue;
      if (scan.kind === 'unknown') {
        ctx.report({ resource, path: scan.path, kind: 'unknown', at: scan.at, message: `Cannot tell whether the ACL of bucket ${label} is public: ${scan.reason}.` });
        continue;
      }
      for (const u of scan.unknowns) {
        ctx.report({ resource, path: u.path, kind: 'unknown', at: u.at, message: `Cannot tell whether the ACL of bucket ${label} is public: ${u.reason}.` });
      }
      const ownership = ownershipState(bucket);
      const ignore = ignorePublicAcls(ctx.estate, bucket);
      const ignoreText =
        ignore.value === true
          ? ` IgnorePublicAcls is on at the ${ignore.level} level${ignore.level === 'account' && ignore.assumedAccount ? ' (assuming the bucket belongs to the only account in the scan)' : ''}, so S3 ignores the grant today; it takes effect again if that setting is turned off.`
          : ignore.value === 'unknown'
            ? ' Whether IgnorePublicAcls neutralises it could not be determined.'
            : '';
      const blockText =
        blockPublicAcls(ctx.estate, bucket) === true
          ? ' BlockPublicAcls is on, so S3 rejects writing this ACL (a deployment that sets it fails), but an ACL already stored stays in effect.'
          : '';
      for (const entry of scan.entries) {
        const open: Severity = grantsWrite(entry.permissions) ? 'critical' : 'high';
        let message: string;
        let severity: Severity;
        if (ownership.kind === 'enforced') {
          severity = 'medium';
          message = `Bucket ${label} sets a public ${entry.what}, but its Object Ownership is BucketOwnerEnforced (ACLs disabled): S3 rejects the ACL with 400 AccessControlListNotSupported, so the deployment fails, and ACLs would have no effect anyway. Remove the ACL and grant access with a bucket policy.`;
        } else if (ownership.kind === 'default') {
          severity = ignore.value === true ? 'low' : open;
          message = `Bucket ${label} sets a public ${entry.what} and declares no Object Ownership. On a bucket created since April 2023 the default is BucketOwnerEnforced and S3 rejects the ACL with 400 AccessControlListNotSupported (the deployment fails); on an older bucket ACLs are enabled and this ACL makes the bucket public.${blockText}${ignoreText}`;
        } else {
          severity = ignore.value === true ? 'low' : open;
          const ownershipText = ownership.kind === 'unknown' ? ` Whether ACLs are disabled could not be determined: ${ownership.reason}.` : ` ACLs are enabled (Object Ownership ${ownership.value}).`;
          message = `Bucket ${label} has a public ${entry.what}: ${entry.what.includes('AuthenticatedUsers') ? 'every AWS account in the world' : 'anyone on the internet'} gets ${entry.permissions.length > 0 ? entry.permissions.join(' and ') : 'the granted'} access.${ownershipText}${blockText}${ignoreText}`;
        }
        ctx.report({ resource, path: entry.path, at: entry.at, severity, message, discriminator: entry.canned ?? entry.path });
      }
    }
  },
});
