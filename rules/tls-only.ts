import { defineRule } from '../src/engine/rule.js';
import { bucketLabel, bucketResource, generalPurposeBuckets } from '../src/engine/rule-helpers.js';
import { bucketNameFor, bucketPolicyState, decideTlsOnly, groupGaps, locate } from '../src/policy/index.js';

export default defineRule({
  meta: {
    id: 'S3L012',
    name: 'tls-only',
    title: 'Bucket policy denies every request over plain HTTP',
    defaultSeverity: 'medium',
    securitySeverity: 5.5,
    tags: ['security', 'encryption-in-transit', 'bucket-policy'],
    enabledByDefault: true,
    presets: ['recommended', 'strict', 'fsbp'],
    peers: {
      checkov: ['CKV_AWS_379'],
      kics: ['4bc4dd4c-7d8d-405e-a0fb-57fa4c31b4d9', '38c64e76-c71e-4d92-a337-60174d1de1c9'],
      prowler: ['s3_bucket_secure_transport_policy'],
      securityHub: ['S3.5'],
    },
    docs: {
      what:
        'Requires an explicit Deny in the bucket policy that covers every principal, every action, and both the bucket and bucket/* ARNs whenever aws:SecureTransport is "false". A Deny limited to some actions, principals or resources, a condition with extra ANDed keys, or an Allow conditioned on aws:SecureTransport "true" does not count. A bucket without a policy is reported at the bucket. Website buckets are reported at low severity: S3 website endpoints serve HTTP only, so the fix there is CloudFront over HTTPS.',
      why:
        'S3 accepts plain-HTTP requests unless a policy refuses them, exposing data and credentials-signed requests to interception. An Allow with aws:SecureTransport "true" does not stop HTTP: identity policies and other statements can still grant it, which is why AWS Config s3-bucket-ssl-requests-only (Security Hub S3.5) requires the explicit Deny. aws:SecureTransport is always present in the request context.',
      example: {
        snapshot: '"policy": { "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" },\n  "Action": "s3:*", "Resource": "arn:aws:s3:::data/*",\n  "Condition": { "Bool": { "aws:SecureTransport": "true" } } } ] }',
        cloudformation: 'PolicyDocument:\n  Statement:\n    - Effect: Deny\n      Principal: "*"\n      Action: s3:PutObject\n      Resource: !Sub "${Data.Arn}/*"\n      Condition:\n        Bool:\n          aws:SecureTransport: false',
      },
      fix: {
        snapshot: '"policy": { "Statement": [ { "Effect": "Deny", "Principal": "*", "Action": "s3:*",\n  "Resource": ["arn:aws:s3:::data", "arn:aws:s3:::data/*"],\n  "Condition": { "Bool": { "aws:SecureTransport": "false" } } } ] }',
        cloudformation: 'PolicyDocument:\n  Statement:\n    - Effect: Deny\n      Principal: "*"\n      Action: "s3:*"\n      Resource: [!GetAtt Data.Arn, !Sub "${Data.Arn}/*"]\n      Condition:\n        Bool:\n          aws:SecureTransport: false',
        terraform: 'statement {\n  effect    = "Deny"\n  actions   = ["s3:*"]\n  resources = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"]\n  principals { type = "*" identifiers = ["*"] }\n  condition {\n    test     = "Bool"\n    variable = "aws:SecureTransport"\n    values   = ["false"]\n  }\n}',
      },
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html',
        'https://repost.aws/knowledge-center/s3-bucket-policy-for-config-rule',
        'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-5',
      ],
    },
  },
  check(ctx) {
    for (const bucket of generalPurposeBuckets(ctx.estate)) {
      const resource = bucketResource(bucket);
      const label = bucketLabel(bucket);
      const state = bucketPolicyState(bucket);
      // S3 website endpoints are HTTP only: a TLS-only Deny breaks them, so the fix is CloudFront, and the finding is low.
      const website = bucket.website.known && bucket.website.value !== null;
      const websiteNote = website
        ? ' The bucket hosts a website, and S3 website endpoints serve HTTP only: a TLS-only Deny would break that endpoint, so serve the site through CloudFront over HTTPS and then deny HTTP.'
        : '';
      const websiteSeverity = website ? { severity: 'low' as const } : {};
      if (state.kind === 'unknown') {
        ctx.report({ resource, path: 'policy', kind: 'unknown', at: state.at, message: `Cannot tell whether bucket ${label} refuses plain-HTTP requests: ${state.reason}.` });
        continue;
      }
      if (state.kind === 'none') {
        ctx.report({
          resource,
          path: 'policy',
          ...websiteSeverity,
          at: bucket.at,
          message: `Bucket ${label} has no bucket policy, so nothing refuses requests over plain HTTP. Add a Deny for every principal and action on the bucket and bucket/* ARNs when aws:SecureTransport is "false".${websiteNote}`,
        });
        continue;
      }
      const { doc, policy } = state;
      const d = decideTlsOnly(policy, bucketNameFor(bucket));
      if (d.status === 'unknown' && d.unknown) {
        ctx.report({ resource, path: 'policy', kind: 'unknown', at: locate(doc, d.unknown.pointer), message: `Cannot tell whether bucket ${label} refuses every plain-HTTP request: ${d.unknown.reason}.` });
        continue;
      }
      if (d.status !== 'not-enforced') continue;
      const notCounted = d.notCounted.length > 0 ? ` ${d.notCounted.map((g) => g.message).join('; ')}.` : '';
      for (const group of groupGaps(doc, d.gaps)) {
        ctx.report({
          resource,
          path: 'policy.secureTransport',
          discriminator: group.pointer,
          ...websiteSeverity,
          at: group.at,
          message: `Bucket ${label} accepts some requests over plain HTTP: ${group.messages.join('; ')}.${group.pointer === '' ? notCounted : ''}${websiteNote}`,
        });
      }
    }
  },
});
