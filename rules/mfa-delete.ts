import { defineRule } from '../src/engine/rule.js';
import { bucketLabel, bucketResource, generalPurposeBuckets } from '../src/engine/rule-helpers.js';
import type { Bucket } from '../src/model/index.js';

/** The first enabled lifecycle rule, when the bucket has one. */
function enabledLifecycleRule(bucket: Bucket) {
  const lifecycle = bucket.lifecycle;
  if (!lifecycle.known || lifecycle.value === null || !lifecycle.value.rules.known) return undefined;
  return lifecycle.value.rules.value.find((r) => r.status.known && r.status.value === 'Enabled');
}

export default defineRule({
  meta: {
    id: 'S3L016',
    name: 'mfa-delete',
    title: 'MFA delete on versioned buckets (informational)',
    defaultSeverity: 'info',
    securitySeverity: 1.0,
    tags: ['data-protection', 'versioning', 'mfa'],
    enabledByDefault: false,
    presets: ['strict'],
    peers: {
      trivy: ['AWS-0170'],
      kics: ['c5b31ab9-0f26-4a49-b8aa-4cc064392f4d'],
      prowler: ['s3_bucket_no_mfa_delete'],
      securityHub: ['S3.20'],
    },
    docs: {
      what:
        'For buckets with versioning Enabled, reports MFA delete Disabled (informational), whether written or the documented default of the source. A source that cannot express MFA delete is not reported: CloudFormation has no property for it (it can only be turned on by the root user with the API or CLI), so the template is not where it is fixed. The rule also reports, at medium severity, a bucket that has MFA delete Enabled together with an enabled lifecycle rule is reported at medium severity: S3 does not support lifecycle configuration on MFA-delete buckets. Off by default (enable the rule or use the strict preset).',
      why:
        'With MFA delete, permanently deleting an object version or changing the versioning state needs the root user\'s MFA code, so stolen credentials cannot wipe the version history. The cost is operational: only the root user can enable it, every such request needs a fresh MFA code, and lifecycle expiration cannot be used on the bucket. Object Lock is usually the better tool for undeletable data, which is why this is informational.',
      example: {
        terraform: 'resource "aws_s3_bucket_versioning" "this" {\n  bucket = aws_s3_bucket.this.id\n  versioning_configuration {\n    status     = "Enabled"\n    mfa_delete = "Disabled"\n  }\n}',
        snapshot: '"versioning": { "Status": "Enabled", "MFADelete": "Disabled" }',
      },
      fix: {
        cli: '# as the root user, with its MFA device\naws s3api put-bucket-versioning --bucket my-bucket \\\n  --versioning-configuration Status=Enabled,MFADelete=Enabled \\\n  --mfa "arn:aws:iam::123456789012:mfa/root-account-mfa-device 123456"',
        terraform: 'resource "aws_s3_bucket_versioning" "this" {\n  bucket = aws_s3_bucket.this.id\n  mfa    = "${var.root_mfa_serial} ${var.root_mfa_code}"\n  versioning_configuration {\n    status     = "Enabled"\n    mfa_delete = "Enabled"\n  }\n}',
      },
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-and-other-bucket-config.html',
      ],
    },
  },
  check(ctx) {
    for (const bucket of generalPurposeBuckets(ctx.estate)) {
      const versioning = bucket.versioning;
      if (!versioning.known || versioning.value === null) continue; // S3L015 reports versioning itself
      const status = versioning.value.status;
      if (!status.known || status.value !== 'Enabled') continue;
      const mfa = versioning.value.mfaDelete;
      // The source cannot express MFA delete (CloudFormation): nothing the configuration says to report.
      if (mfa === undefined) continue;
      const resource = bucketResource(bucket);
      const label = bucketLabel(bucket);
      if (!mfa.known) {
        ctx.report({ resource, path: 'versioning.mfaDelete', kind: 'unknown', at: mfa.at, message: `Cannot tell whether MFA delete is enabled on bucket ${label}: ${mfa.reason}.` });
        continue;
      }
      if (mfa.value === 'Enabled') {
        const lifecycleRule = enabledLifecycleRule(bucket);
        if (lifecycleRule) {
          ctx.report({
            resource,
            path: 'versioning.mfaDelete',
            severity: 'medium',
            at: mfa.at,
            related: [{ message: 'enabled lifecycle rule', at: lifecycleRule.at }],
            message: `Bucket ${label} has MFA delete enabled and an enabled lifecycle rule: S3 does not support lifecycle configuration on MFA-delete buckets, so expirations and transitions will not run as written. Choose one of the two.`,
          });
        }
        continue;
      }
      ctx.report({
        resource,
        path: 'versioning.mfaDelete',
        at: mfa.implicit ? versioning.value.at : mfa.at,
        message: `Bucket ${label} is versioned without MFA delete: anyone with s3:DeleteObjectVersion or s3:PutBucketVersioning can permanently remove versions. If the version history must survive stolen credentials, enable MFA delete (root user, CLI) or prefer Object Lock.`,
      });
    }
  },
});
