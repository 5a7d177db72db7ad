import picomatch from 'picomatch';
import type { Bucket } from '../src/model/index.js';
import { defineRule } from '../src/engine/rule.js';
import { bucketLabel, bucketResource, generalPurposeBuckets } from '../src/engine/rule-helpers.js';
import {
  bucketNameFor,
  bucketPolicyState,
  checkEndpointReferences,
  decidePerimeter,
  groupGaps,
  locate,
  policyReferencesPerimeter,
  SERVICE_EXCEPTION_KEYS,
} from '../src/policy/index.js';

export interface VpcEndpointOnlyOptions {
  /** Bucket name globs (picomatch) of buckets that must be reachable only through the allowed endpoints. */
  buckets: string[];
  /** Tags selecting such buckets: a value, a list of values, or "*" for any value. */
  tags: Record<string, string | string[]>;
  /** Endpoint ids requests may come through. Empty: the ids the bucket policy's own Deny names. */
  allowedVpcEndpoints: string[];
  /** VPC ids requests may come from. */
  allowedVpcs: string[];
}

const DEFAULTS: VpcEndpointOnlyOptions = { buckets: [], tags: {}, allowedVpcEndpoints: [], allowedVpcs: [] };

type Selection = { selected: true; why: string } | { selected: false } | { selected: 'unknown'; reason: string };

function select(bucket: Bucket, o: VpcEndpointOnlyOptions, referencesPerimeter: boolean): Selection {
  if (referencesPerimeter) return { selected: true, why: 'its policy references aws:SourceVpce / aws:SourceVpc' };
  const hasSelectors = o.buckets.length > 0 || Object.keys(o.tags).length > 0;
  if (!hasSelectors) {
    return o.allowedVpcEndpoints.length + o.allowedVpcs.length > 0
      ? { selected: true, why: 'the allowed endpoint/VPC list applies to every bucket' }
      : { selected: false };
  }
  const unknowns: string[] = [];
  if (o.buckets.length > 0) {
    if (!bucket.name.known) unknowns.push(`its name is unknown (${bucket.name.reason})`);
    else {
      const glob = o.buckets.find((g) => picomatch.isMatch(bucket.name.known ? bucket.name.value : '', g));
      if (glob) return { selected: true, why: `bucket name matches "${glob}"` };
    }
  }
  const tagKeys = Object.keys(o.tags);
  if (tagKeys.length > 0) {
    if (!bucket.tags.known) unknowns.push(`its tags are unknown (${bucket.tags.reason})`);
    else {
      const tags = bucket.tags.value ?? {};
      for (const k of tagKeys) {
        const want = o.tags[k]!;
        const have = tags[k];
        if (have === undefined) continue;
        const values = Array.isArray(want) ? want : [want];
        if (values.includes('*') || values.includes(have)) return { selected: true, why: `tag ${k}=${have}` };
      }
    }
  }
  return unknowns.length > 0 ? { selected: 'unknown', reason: unknowns.join('; ') } : { selected: false };
}

export default defineRule<VpcEndpointOnlyOptions>({
  meta: {
    id: 'S3L004',
    name: 'vpc-endpoint-only-access',
    title: 'VPC-endpoint-only buckets deny every request from outside the allowed endpoints',
    defaultSeverity: 'high',
    securitySeverity: 7.5,
    tags: ['security', 'network', 'bucket-policy', 'core'],
    enabledByDefault: true,
    presets: ['recommended', 'strict'],
    peers: {},
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        buckets: { type: 'array', items: { type: 'string' }, description: 'Bucket name globs (picomatch) of buckets that must be VPC-endpoint-only.' },
        tags: {
          type: 'object',
          additionalProperties: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
          description: 'Tags selecting VPC-endpoint-only buckets; "*" matches any value.',
        },
        allowedVpcEndpoints: { type: 'array', items: { type: 'string', pattern: '^vpce-' }, description: 'Endpoint ids requests may come through.' },
        allowedVpcs: { type: 'array', items: { type: 'string', pattern: '^vpc-' }, description: 'VPC ids requests may come from.' },
      },
    },
    defaultOptions: { ...DEFAULTS },
    docs: {
      what:
        'For buckets that must be reachable only through VPC endpoints (selected by bucket name globs, tags, or an allowed endpoint/VPC list in the rule options) and for every bucket whose policy already references aws:SourceVpce or aws:SourceVpc, decides whether a request that does not come through the allowed endpoints can still be allowed. It requires a Deny that covers every principal, every action and both the bucket and bucket/* ARNs, with a condition that is true when the endpoint key is absent or different, and names each escape hatch: NotPrincipal, NotAction, partial actions or resources, extra ANDed condition keys (aws:PrincipalArn, aws:ViaAWSService...), wildcards and policy variables in endpoint ids, ids outside the allowed list, Allow statements using ...IfExists, Deny statements that also lock out the allowed endpoint (NotIpAddress on aws:SourceIp), and endpoint ids that do not exist or are not S3 endpoints in the scanned estate.',
      why:
        'A bucket policy cannot see identity policies, so an Allow conditioned on aws:SourceVpce proves nothing: any principal whose own policy grants S3 access can still reach the bucket from the internet. Only an explicit Deny closes that door, and every exception ANDed into it (a principal, an AWS service, an IP range) is a path around the endpoint. aws:SourceVpce and aws:SourceVpc are only present on requests through a VPC endpoint, aws:SourceIp only on requests that are not.',
      example: {
        snapshot:
          '"policy": { "Statement": [ { "Effect": "Deny", "Principal": "*", "NotAction": "s3:GetObject",\n  "Resource": ["arn:aws:s3:::data", "arn:aws:s3:::data/*"],\n  "Condition": { "StringNotLike": { "aws:SourceVpce": "vpce-*" } } } ] }',
        terraform:
          'statement {\n  effect  = "Deny"\n  actions = ["s3:GetObject"]\n  principals { type = "*" identifiers = ["*"] }\n  resources = [aws_s3_bucket.data.arn]\n  condition {\n    test     = "StringEqualsIfExists"\n    variable = "aws:SourceVpce"\n    values   = [aws_vpc_endpoint.s3.id]\n  }\n}',
      },
      fix: {
        snapshot:
          '"policy": { "Statement": [ { "Effect": "Deny", "Principal": "*", "Action": "s3:*",\n  "Resource": ["arn:aws:s3:::data", "arn:aws:s3:::data/*"],\n  "Condition": { "StringNotEquals": { "aws:SourceVpce": "vpce-1a2b3c4d" } } } ] }',
        terraform:
          'statement {\n  effect  = "Deny"\n  actions = ["s3:*"]\n  principals { type = "*" identifiers = ["*"] }\n  resources = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"]\n  condition {\n    test     = "StringNotEquals"\n    variable = "aws:SourceVpce"\n    values   = [aws_vpc_endpoint.s3.id]\n  }\n}',
        cloudformation:
          'PolicyDocument:\n  Statement:\n    - Effect: Deny\n      Principal: "*"\n      Action: "s3:*"\n      Resource: [!GetAtt Data.Arn, !Sub "${Data.Arn}/*"]\n      Condition:\n        StringNotEquals:\n          aws:SourceVpce: !Ref S3Endpoint',
      },
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
        'https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html',
        'https://github.com/aws-samples/data-perimeter-policy-examples',
      ],
    },
  },
  check(ctx) {
    const o: VpcEndpointOnlyOptions = { ...DEFAULTS, ...ctx.options };
    for (const bucket of generalPurposeBuckets(ctx.estate)) {
      const resource = bucketResource(bucket);
      const label = bucketLabel(bucket);
      const state = bucketPolicyState(bucket);
      const references = state.kind === 'policy' && policyReferencesPerimeter(state.policy);
      const sel = select(bucket, o, references);
      if (sel.selected === false) continue;
      if (sel.selected === 'unknown') {
        // Only worth saying when the answer matters: the bucket has no working perimeter of its own.
        if (state.kind === 'policy' && decidePerimeter({ policy: state.policy, bucketName: bucketNameFor(bucket), allowed: { vpcEndpoints: o.allowedVpcEndpoints, vpcs: o.allowedVpcs }, endpoints: ctx.estate.vpcEndpoints }).status === 'enforced') continue;
        ctx.report({ resource, path: 'policy', kind: 'unknown', at: bucket.at, message: `Cannot tell whether bucket ${label} must be VPC-endpoint-only: ${sel.reason}.` });
        continue;
      }
      const why = ` (VPC-endpoint-only because ${sel.why})`;
      if (state.kind === 'unknown') {
        ctx.report({ resource, path: 'policy', kind: 'unknown', at: state.at, message: `Cannot tell whether bucket ${label} denies requests from outside its VPC endpoints${why}: ${state.reason}.` });
        continue;
      }
      if (state.kind === 'none') {
        ctx.report({
          resource,
          path: 'policy',
          at: bucket.at,
          message: `Bucket ${label} has no bucket policy, so nothing denies requests from outside the allowed VPC endpoints${why}. Add a Deny for every principal and action on the bucket and bucket/* ARNs with StringNotEquals aws:SourceVpce.`,
        });
        continue;
      }
      const { doc, policy } = state;
      const decision = decidePerimeter({
        policy,
        bucketName: bucketNameFor(bucket),
        allowed: { vpcEndpoints: o.allowedVpcEndpoints, vpcs: o.allowedVpcs },
        endpoints: ctx.estate.vpcEndpoints,
      });
      if (decision.status === 'unknown' && decision.unknown) {
        ctx.report({
          resource,
          path: 'policy',
          kind: 'unknown',
          at: locate(doc, decision.unknown.pointer),
          message: `Cannot tell whether bucket ${label} denies every request from outside its VPC endpoints${why}: ${decision.unknown.reason}.`,
        });
      }
      if (decision.status === 'not-enforced') {
        for (const group of groupGaps(doc, decision.escapes)) {
          // AWS's data-perimeter examples exempt AWS services on purpose: still an exception, but a deliberate one.
          const serviceOnly = group.kinds.every((k) => k === 'condition') && group.keys.length === group.kinds.length && group.keys.every((k) => SERVICE_EXCEPTION_KEYS.has(k));
          ctx.report({
            resource,
            path: 'policy.perimeter',
            discriminator: `escape:${group.pointer}`,
            ...(serviceOnly ? { severity: 'low' as const } : {}),
            at: group.at,
            message: `Bucket ${label} can be reached from outside the allowed VPC endpoints${why}: ${group.messages.join('; ')}.${serviceOnly ? ' AWS\'s data-perimeter examples add this exception on purpose so services such as CloudTrail and log delivery keep working; keep it only if they must.' : ''}`,
            properties: { escapes: group.kinds, allowListSource: decision.allowListSource, allowedVpcEndpoints: decision.allowedEndpoints, allowedVpcs: decision.allowedVpcs },
          });
        }
      }
      for (const group of groupGaps(doc, decision.lockouts)) {
        ctx.report({
          resource,
          path: 'policy.perimeter',
          discriminator: `lockout:${group.pointer}`,
          severity: 'medium',
          at: group.at,
          message: `Bucket ${label}: ${group.messages.join('; ')}. Requests through the allowed endpoint are refused too.`,
        });
      }
      for (const note of checkEndpointReferences(policy, ctx.estate)) {
        ctx.report({
          resource,
          path: 'policy.perimeter',
          discriminator: `endpoint:${note.id}`,
          severity: 'medium',
          at: locate(doc, note.pointer),
          message: `Bucket ${label}: ${note.message}.`,
        });
      }
    }
  },
});
