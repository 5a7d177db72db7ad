import type { AccessPoint, Bucket, Estate } from '../src/model/index.js';
import { defineRule } from '../src/engine/rule.js';
import type { Severity } from '../src/engine/severity.js';
import { bucketLabel, bucketResource, generalPurposeBuckets } from '../src/engine/rule-helpers.js';
import {
  accessPointPolicyNeutralisation,
  analyzePublic,
  bucketPolicyState,
  isWriteLevel,
  locate,
  normalizePolicy,
  publicPolicyNeutralisation,
  type EffectiveFlag,
  type PublicGrant,
  type PublicPolicyNeutralisation,
} from '../src/policy/index.js';

const LEVEL_NAMES = { 'access-point': 'access point', bucket: 'bucket', account: 'account', organization: 'organization' } as const;

interface Neutralisation {
  neutralised: boolean;
  text: string;
}

/** Message text for the Block Public Access state of the bucket (or access point). */
function neutralisation(estate: Estate, bucket: Bucket): Neutralisation {
  return neutralisationText(publicPolicyNeutralisation(estate, bucket), bucket.publicAccessBlock.known && bucket.publicAccessBlock.value === null);
}

function neutralisationText(n: PublicPolicyNeutralisation, bucketHasNoConfiguration: boolean): Neutralisation {
  const levels = (f: EffectiveFlag) => [...new Set(f.onAt.map((s) => LEVEL_NAMES[s.level]))].join(' and ');
  if (n.by === 'restrictPublicBuckets') {
    return {
      neutralised: true,
      text: ` RestrictPublicBuckets (${levels(n.restrictPublicBuckets)} level) neutralises it: only AWS service principals and the bucket owner's account keep access, and every cross-account grant in this policy is blocked too. Remove the public statement rather than rely on it.`,
    };
  }
  if (n.by === 'blockPublicPolicy') {
    return {
      neutralised: true,
      text: ` BlockPublicPolicy (${levels(n.blockPublicPolicy)} level) makes S3 reject this policy when it is put, so the deployment fails; a policy already in place stays public unless RestrictPublicBuckets is on.`,
    };
  }
  if (n.neutralised === 'unknown') {
    const reasons = [...new Set([...n.restrictPublicBuckets.unknownReasons, ...n.blockPublicPolicy.unknownReasons])];
    return { neutralised: false, text: ` Whether Block Public Access neutralises it could not be determined (${reasons.join('; ')}).` };
  }
  if (bucketHasNoConfiguration) {
    return {
      neutralised: false,
      text: ' The bucket declares no Block Public Access configuration: buckets created since April 2023 get all settings on by default (S3 would then reject this policy), older buckets have none.',
    };
  }
  return { neutralised: false, text: ' Block Public Access (RestrictPublicBuckets / BlockPublicPolicy) is off at every level that applies.' };
}

function severityOf(grant: PublicGrant, n: Neutralisation): Severity {
  if (n.neutralised || grant.verdict === 'uncertain') return 'low';
  return grant.actions.future || grant.actions.actions.some(isWriteLevel) ? 'critical' : 'high';
}

const rule = defineRule({
  meta: {
    id: 'S3L010',
    name: 'public-bucket-policy',
    title: 'Bucket policy is not public by AWS\'s definition',
    defaultSeverity: 'high',
    securitySeverity: 9.0,
    tags: ['security', 'public-access', 'bucket-policy'],
    enabledByDefault: true,
    presets: ['recommended', 'strict', 'fsbp'],
    peers: {
      checkov: ['CKV_AWS_70'],
      kics: [
        '7af43613-6bb9-4a0e-8c4d-1314b799425e',
        '7772bb8c-c0f3-42d4-8e4e-f1b8939ad085',
        'a4966c4f-9141-48b8-a564-ffe9959945bc',
        '4ae8af91-5108-42cb-9471-3bdbe596eac9',
        '1df37f4b-7197-45ce-83f8-9994d2fcf885',
        'f97b7d23-568f-4bcc-9ac9-02df0d57fbba',
        '66c6f96f-2d9e-417e-a998-9058aeeecd44',
        'faa8fddf-c0aa-4b2d-84ff-e993e233ebe9',
        'd24c0755-c028-44b1-b503-8e719c898832',
        'f6397a20-4cf1-4540-a997-1d363c25ef58',
        'ffdf4b37-7703-4dfe-a682-9d2e99bc6c09',
        'acc78859-765e-4011-a229-a65ea57db252',
        '456b00a3-1072-4149-9740-6b8bb60251b0',
      ],
      cfnNag: ['F16', 'F9'],
      prowler: ['s3_bucket_public_access', 's3_bucket_policy_public_write_access'],
      securityHub: ['S3.2', 'S3.3'],
    },
    docs: {
      what:
        'Decides whether the bucket policy is public exactly as S3 Block Public Access does: a policy is public unless every Allow grant is limited to fixed principals or to fixed values (no wildcard, no policy variable) of aws:SourceVpce, aws:SourceVpc, aws:SourceIp (no broader than /8 IPv4 or /32 IPv6, RFC 1918 excepted), aws:SourceArn, aws:SourceOwner, aws:SourceAccount, aws:PrincipalOrgID, aws:userid, s3:DataAccessPointArn, s3:DataAccessPointAccount or the SSE-KMS key id. NotPrincipal with Allow is public; "*" and {"AWS":"*"} are the same; Deny statements never make a policy public. Each finding names the statement, the principal and the actions, and says whether Block Public Access (bucket, account or organization level) neutralises it, in which case it is reported at low severity.',
      why:
        'A public grant lets anyone on the internet, anonymous or from any AWS account, read or change the data. Peers decide by string matching ("Principal": "*" plus a few condition names) and disagree on conditions such as StringLike aws:SourceVpc "vpc-*" or ...IfExists forms, which AWS treats as public. BPA reviews policies for current and future actions, so harmless-looking actions do not make a grant safe.',
      example: {
        snapshot: '"policy": { "Statement": [ { "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",\n  "Resource": "arn:aws:s3:::site/*",\n  "Condition": { "StringEqualsIfExists": { "aws:SourceVpce": "vpce-1a2b3c4d" } } } ] }',
        cloudformation: 'PolicyDocument:\n  Statement:\n    - Effect: Allow\n      Principal: "*"\n      Action: s3:GetObject\n      Resource: !Sub "${Site.Arn}/*"',
      },
      fix: {
        snapshot: '"policy": { "Statement": [ { "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",\n  "Resource": "arn:aws:s3:::site/*",\n  "Condition": { "StringEquals": { "aws:SourceVpce": "vpce-1a2b3c4d" } } } ] }',
        cloudformation: 'PolicyDocument:\n  Statement:\n    - Effect: Allow\n      Principal: { Service: cloudfront.amazonaws.com }\n      Action: s3:GetObject\n      Resource: !Sub "${Site.Arn}/*"\n      Condition:\n        StringEquals:\n          aws:SourceArn: !Sub "arn:aws:cloudfront::${AWS::AccountId}:distribution/${Distribution}"',
      },
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html',
      ],
    },
  },
  check(ctx) {
    for (const bucket of generalPurposeBuckets(ctx.estate)) {
      const resource = bucketResource(bucket);
      const label = bucketLabel(bucket);
      const state = bucketPolicyState(bucket);
      if (state.kind === 'unknown') {
        ctx.report({ resource, path: 'policy', kind: 'unknown', at: state.at, message: `Cannot tell whether the policy of bucket ${label} is public: ${state.reason}.` });
        continue;
      }
      if (state.kind === 'none') continue;
      const { doc, policy } = state;
      const analysis = analyzePublic(policy, 'bucket');
      const n = neutralisation(ctx.estate, bucket);
      // Live audits: S3's own verdict (GetBucketPolicyStatus) is BPA's evaluation, so a disagreement lowers severity.
      const s3SaysPrivate = bucket.policyStatusIsPublic?.known === true && bucket.policyStatusIsPublic.value === false;
      for (const g of analysis.grants) {
        const where = g.statementIndex < 0 ? '' : `${g.statementLabel} `;
        if (g.verdict === 'unknown') {
          ctx.report({
            resource,
            path: 'policy',
            kind: 'unknown',
            discriminator: `${g.statementIndex}:${g.principalPointer}`,
            at: locate(doc, g.principalPointer || g.pointer),
            message: `Cannot tell whether ${where ? `${where}of ` : ''}the policy of bucket ${label} is public: ${g.reason}.`,
          });
          continue;
        }
        const uncertainNote = g.verdict === 'uncertain' ? ` s3lint reports it conservatively: ${g.reason}.` : ` (${g.reason}).`;
        ctx.report({
          resource,
          path: 'policy',
          discriminator: `${g.statementIndex}:${g.principalPointer}`,
          severity: s3SaysPrivate ? 'low' : severityOf(g, n),
          at: locate(doc, g.principalPointer),
          message: `Bucket ${label}: ${where}grants ${g.actionSummary} to ${g.principal}, which makes the policy public by AWS's definition${uncertainNote}${n.text}${s3SaysPrivate ? ' S3 itself reports the policy as not public (GetBucketPolicyStatus IsPublic = false): review the statement, s3lint\'s reading is stricter here.' : ''}`,
          properties: { statementIndex: g.statementIndex, sid: g.sid, principal: g.principal, actions: g.actionSummary, verdict: g.verdict, neutralisedByBlockPublicAccess: n.neutralised },
        });
      }
      const status = bucket.policyStatusIsPublic;
      if (status?.known && status.value && !analysis.isPublic && !analysis.grants.some((g) => g.verdict !== 'public')) {
        ctx.report({
          resource,
          path: 'policyStatus',
          at: status.at,
          message: `Bucket ${label}: S3 reports the bucket policy as public (GetBucketPolicyStatus IsPublic = true) although s3lint found no public statement; trust S3's verdict and review the policy.${n.text}`,
        });
      }
    }
    for (const ap of ctx.estate.accessPoints) checkAccessPoint(ctx, ap);
  },
});

type Ctx = Parameters<(typeof rule)['check']>[0];

/** Access point policies: public by the same definition, except a VPC network origin is never public (§1.2). */
function checkAccessPoint(ctx: Ctx, ap: AccessPoint): void {
  const label = ap.name.known ? `"${ap.name.value}"` : ap.address;
  const resource = ap.name.known
    ? { kind: 'access-point' as const, address: ap.address, name: ap.name.value }
    : { kind: 'access-point' as const, address: ap.address };
  if (ap.networkOrigin.known && ap.networkOrigin.value === 'VPC') return;
  const p = ap.policy;
  if (!p.known) {
    ctx.report({ resource, path: 'policy', kind: 'unknown', at: p.at, message: `Cannot tell whether the policy of access point ${label} is public: ${p.reason}.` });
    return;
  }
  if (p.value === null) return;
  const doc = p.value;
  const analysis = analyzePublic(normalizePolicy(doc.json), 'access-point');
  const n = neutralisationText(accessPointPolicyNeutralisation(ctx.estate, ap), false);
  const origin = ap.networkOrigin.known ? '' : ` Its network origin is unknown (${ap.networkOrigin.reason}); a VPC origin would make it non-public.`;
  for (const g of analysis.grants) {
    const where = g.statementIndex < 0 ? '' : `${g.statementLabel} `;
    if (g.verdict === 'unknown') {
      ctx.report({ resource, path: 'policy', kind: 'unknown', discriminator: `${g.statementIndex}:${g.principalPointer}`, at: locate(doc, g.principalPointer || g.pointer), message: `Cannot tell whether the policy of access point ${label} is public: ${g.reason}.` });
      continue;
    }
    ctx.report({
      resource,
      path: 'policy',
      discriminator: `${g.statementIndex}:${g.principalPointer}`,
      severity: severityOf(g, n),
      at: locate(doc, g.principalPointer),
      message: `Access point ${label}: ${where}grants ${g.actionSummary} to ${g.principal}, which makes the access point policy public by AWS's definition (${g.reason}).${origin}${n.text}`,
    });
  }
}

export default rule;
