import { PUBLIC_ACCESS_BLOCK_FLAGS } from '../src/model/index.js';
import { defineRule } from '../src/engine/rule.js';
import { FLAG_LABELS, accountResource } from '../src/engine/rule-helpers.js';

export default defineRule({
  meta: {
    id: 'S3L003',
    name: 'account-public-access-block',
    title: 'Account-level Block Public Access has all four settings on',
    defaultSeverity: 'high',
    securitySeverity: 8.0,
    tags: ['security', 'public-access', 'core'],
    enabledByDefault: true,
    presets: ['recommended', 'strict', 'fsbp'],
    peers: { prowler: ['s3_account_level_public_access_blocks'], securityHub: ['S3.1'] },
    docs: {
      what:
        'Checks the account-level Block Public Access configuration (S3 Control) when the scan contains account settings: live audits always do, IaC when it declares them (Terraform aws_s3_account_public_access_block, CloudFormation organization S3 policies). All four settings must be on, or an organization S3 policy must enforce them ("all"); an organization S3 policy that assigns "none" fails.',
      why:
        'Account-level settings apply to every bucket in every Region of the account, including buckets created later and by other tools. AWS recommends setting BlockPublicPolicy at the account level because anyone allowed to change a bucket policy can also turn off the bucket-level setting.',
      example: {
        terraform: 'resource "aws_s3_account_public_access_block" "this" {\n  block_public_acls = true\n}',
      },
      fix: {
        terraform: 'resource "aws_s3_account_public_access_block" "this" {\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}',
        cli: 'aws s3control put-public-access-block --account-id 123456789012 \\\n  --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
        snapshot: '"accounts": [ { "id": "123456789012", "publicAccessBlock": { "BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true } } ]',
      },
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-account.html',
        'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_s3_syntax.html',
      ],
    },
  },
  check(ctx) {
    for (const account of ctx.estate.accounts) {
      const resource = accountResource(account);
      const label = account.id.known ? `account ${account.id.value}` : `account ${account.address}`;
      const org = account.organizationPublicAccessBlock;
      if (org?.known && org.value === 'all') continue;
      if (org?.known && org.value === 'none') {
        // While the S3 policy type is enabled the organization policy governs; accounts manage their own
        // settings only once it is disabled (Organizations S3 policy syntax).
        ctx.report({
          resource,
          path: 'organizationPublicAccessBlock',
          at: org.at,
          message: `The organization S3 policy for ${label} assigns public_access_block_configuration "none": Block Public Access is not enforced for the accounts it targets, and while the S3 policy type is enabled they cannot manage the setting themselves. Assign "all".`,
        });
        continue;
      }
      const pab = account.publicAccessBlock;
      if (!pab.known) {
        ctx.report({ resource, path: 'publicAccessBlock', kind: 'unknown', at: pab.at, message: `Cannot tell whether Block Public Access is on for ${label}: ${pab.reason}.` });
        continue;
      }
      if (pab.value === null) {
        ctx.report({
          resource,
          path: 'publicAccessBlock',
          at: account.at,
          message: `${label[0]!.toUpperCase()}${label.slice(1)} has no account-level Block Public Access configuration, so every bucket depends on its own settings.`,
        });
        continue;
      }
      for (const flag of PUBLIC_ACCESS_BLOCK_FLAGS) {
        const value = pab.value[flag];
        const name = FLAG_LABELS[flag];
        if (!value.known) {
          ctx.report({ resource, path: `publicAccessBlock.${flag}`, kind: 'unknown', at: value.at, message: `Cannot tell whether ${name} is on for ${label}: ${value.reason}.` });
        } else if (!value.value) {
          ctx.report({
            resource,
            path: `publicAccessBlock.${flag}`,
            at: value.at,
            message: value.implicit
              ? `The account-level Block Public Access of ${label} omits ${name}, which therefore is false.`
              : `The account-level Block Public Access of ${label} turns off ${name}.`,
          });
        }
      }
    }
  },
});
