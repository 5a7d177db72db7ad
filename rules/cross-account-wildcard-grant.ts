import { defineRule } from '../src/engine/rule.js';
import { accountFor, bucketLabel, bucketResource, generalPurposeBuckets } from '../src/engine/rule-helpers.js';
import { analyzeCrossAccount, bucketPolicyState, describeWrites, locate } from '../src/policy/index.js';

const VIA_TEXT = {
  'wildcard-action': 'a wildcard action',
  'not-action': 'NotAction (everything except the listed actions)',
  'wildcard-principal': 'a wildcard principal narrowed only by account or organization',
} as const;

export interface CrossAccountOptions {
  /** Account ids that count as your own (besides the bucket's account, when known). */
  trustedAccounts: string[];
}

export default defineRule<CrossAccountOptions>({
  meta: {
    id: 'S3L023',
    name: 'cross-account-wildcard-grant',
    title: 'Bucket policy does not grant wildcard write access to other accounts',
    defaultSeverity: 'high',
    securitySeverity: 7.0,
    tags: ['security', 'cross-account', 'bucket-policy'],
    enabledByDefault: true,
    presets: ['recommended', 'strict', 'fsbp'],
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        trustedAccounts: {
          type: 'array',
          items: { type: 'string', pattern: '^\\d{12}$' },
          description: 'Account ids that count as your own, besides the bucket owner. Needed for IaC, where the deploying account is usually unknown.',
        },
      },
    },
    defaultOptions: { trustedAccounts: [] },
    peers: {
      cfnNag: ['F15', 'W20'],
      prowler: ['s3_bucket_cross_account_access'],
      securityHub: ['S3.6'],
    },
    docs: {
      what:
        'Flags Allow statements that give write or permission-management actions through a wildcard action ("s3:*", "s3:Put*", "*") or NotAction to principals of another AWS account, or to a wildcard principal narrowed only by aws:PrincipalOrgID / aws:PrincipalAccount (a whole organization or another account). Named actions are a deliberate grant and are not flagged. Action wildcards are expanded against the list of S3 actions, so "s3:Get*" (read only) is not flagged while "s3:Put*" is. Grants to the bucket owner\'s account or to the accounts listed in the trustedAccounts option, to AWS service principals, and public grants (reported by public-bucket-policy) are not. When neither the bucket\'s account nor trustedAccounts is known, grants to explicit accounts are reported as unknown.',
      why:
        'A wildcard hands another account every current and future write action, including s3:PutBucketPolicy, s3:PutBucketAcl and s3:PutObjectAcl: that account can then rewrite the policy, take over objects or lock the owner out. Security Hub S3.6 flags exactly these actions when granted to other accounts. Name the actions the partner needs instead.',
      example: {
        snapshot: '"policy": { "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::444455556666:root" },\n  "Action": "s3:*", "Resource": ["arn:aws:s3:::shared", "arn:aws:s3:::shared/*"] } ] }',
        cloudformation: 'PolicyDocument:\n  Statement:\n    - Effect: Allow\n      Principal: { AWS: "arn:aws:iam::444455556666:root" }\n      Action: "s3:*"\n      Resource: [!GetAtt Shared.Arn, !Sub "${Shared.Arn}/*"]',
      },
      fix: {
        snapshot: '"policy": { "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::444455556666:role/ingest" },\n  "Action": ["s3:PutObject"], "Resource": "arn:aws:s3:::shared/incoming/*" } ] }',
        cloudformation: 'PolicyDocument:\n  Statement:\n    - Effect: Allow\n      Principal: { AWS: "arn:aws:iam::444455556666:role/ingest" }\n      Action: [s3:PutObject]\n      Resource: !Sub "${Shared.Arn}/incoming/*"',
      },
      references: [
        'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-6',
        'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-walkthroughs-managing-access-example2.html',
      ],
    },
  },
  check(ctx) {
    for (const bucket of generalPurposeBuckets(ctx.estate)) {
      const state = bucketPolicyState(bucket);
      if (state.kind !== 'policy') continue; // unknown policies are reported by public-bucket-policy and tls-only
      const resource = bucketResource(bucket);
      const label = bucketLabel(bucket);
      const match = accountFor(ctx.estate, bucket);
      const owner = bucket.account?.known ? bucket.account.value : match?.account.id.known ? match.account.id.value : undefined;
      const trusted = ctx.options.trustedAccounts ?? [];
      for (const g of analyzeCrossAccount(state.policy, { owner, trusted })) {
        const how = g.via.map((v) => VIA_TEXT[v]).join(' and ');
        const at = locate(state.doc, g.via.includes('wildcard-principal') && g.via.length === 1 ? g.principalPointer : g.actionPointer);
        if (g.verdict === 'unknown') {
          ctx.report({
            resource,
            path: 'policy',
            kind: 'unknown',
            discriminator: `${g.statementIndex}:${g.principalPointer}`,
            at,
            message: `Cannot tell whether ${g.statementLabel} of bucket ${label} grants wildcard write access to another account (${g.grantee} through ${how}): ${g.reason}.`,
          });
          continue;
        }
        ctx.report({
          resource,
          path: 'policy',
          discriminator: `${g.statementIndex}:${g.principalPointer}`,
          at,
          message: `Bucket ${label}: ${g.statementLabel} gives ${g.grantee}, outside ${owner ? `the bucket owner's account ${owner}` : `the trusted accounts ${trusted.join(', ')}`}, ${describeWrites(g)} through ${how}. Grant only the actions the other account needs.`,
          properties: { statementIndex: g.statementIndex, sid: g.sid, grantee: g.grantee, via: g.via },
        });
      }
    }
  },
});
