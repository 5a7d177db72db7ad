import { defineRule } from '../src/engine/rule.js';
import { bucketLabel, bucketResource, generalPurposeBuckets } from '../src/engine/rule-helpers.js';
import { bucketNameFor, bucketPolicyState, decideMinimumTls, groupGaps, locate } from '../src/policy/index.js';

export interface MinimumTlsOptions {
  /** The oldest TLS version the bucket accepts. */
  minimumVersion: '1.2' | '1.3';
}

export default defineRule<MinimumTlsOptions>({
  meta: {
    id: 'S3L013',
    name: 'minimum-tls-version',
    title: 'Bucket policy denies TLS versions older than the minimum',
    defaultSeverity: 'info',
    securitySeverity: 2.0,
    tags: ['security', 'encryption-in-transit', 'bucket-policy'],
    // AWS already refuses TLS 1.0/1.1 on its API endpoints (2023), so a 1.2 floor is belt-and-braces: opt-in.
    enabledByDefault: false,
    presets: ['strict'],
    peers: {},
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { minimumVersion: { type: 'string', enum: ['1.2', '1.3'], description: 'The oldest TLS version the bucket accepts.' } },
    },
    defaultOptions: { minimumVersion: '1.2' },
    docs: {
      what:
        'Requires an explicit Deny covering every principal, every action and both bucket ARNs for requests whose s3:TlsVersion is below the configured minimum (default 1.2), for example NumericLessThan s3:TlsVersion 1.2. An Allow with NumericGreaterThanEquals does not count. Informational and off by default (enabled by the strict preset).',
      why:
        'AWS announced TLS 1.2 as the minimum for all AWS API endpoints (June 2023), so a 1.2 floor mostly documents intent and protects against regressions; a 1.3 floor is a real restriction some compliance regimes ask for. Only an explicit Deny enforces it.',
      example: {
        snapshot: '"policy": { "Statement": [ { "Effect": "Deny", "Principal": "*", "Action": "s3:*",\n  "Resource": ["arn:aws:s3:::data", "arn:aws:s3:::data/*"],\n  "Condition": { "NumericLessThan": { "s3:TlsVersion": "1.1" } } } ] }',
      },
      fix: {
        snapshot: '"policy": { "Statement": [ { "Effect": "Deny", "Principal": "*", "Action": "s3:*",\n  "Resource": ["arn:aws:s3:::data", "arn:aws:s3:::data/*"],\n  "Condition": { "NumericLessThan": { "s3:TlsVersion": "1.2" } } } ] }',
        cloudformation: 'Condition:\n  NumericLessThan:\n    s3:TlsVersion: 1.2',
        terraform: 'condition {\n  test     = "NumericLessThan"\n  variable = "s3:TlsVersion"\n  values   = ["1.2"]\n}',
      },
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html',
        'https://aws.amazon.com/blogs/security/tls-1-2-required-for-aws-endpoints/',
      ],
    },
  },
  check(ctx) {
    const minimum = ctx.options.minimumVersion ?? '1.2';
    for (const bucket of generalPurposeBuckets(ctx.estate)) {
      const resource = bucketResource(bucket);
      const label = bucketLabel(bucket);
      const state = bucketPolicyState(bucket);
      if (state.kind === 'unknown') {
        ctx.report({ resource, path: 'policy', kind: 'unknown', at: state.at, message: `Cannot tell whether bucket ${label} refuses TLS older than ${minimum}: ${state.reason}.` });
        continue;
      }
      if (state.kind === 'none') {
        ctx.report({ resource, path: 'policy', at: bucket.at, message: `Bucket ${label} has no bucket policy, so nothing refuses TLS versions older than ${minimum}. Add a Deny with NumericLessThan s3:TlsVersion ${minimum}.` });
        continue;
      }
      const { doc, policy } = state;
      const d = decideMinimumTls(policy, bucketNameFor(bucket), minimum);
      if (d.status === 'unknown' && d.unknown) {
        ctx.report({ resource, path: 'policy', kind: 'unknown', at: locate(doc, d.unknown.pointer), message: `Cannot tell whether bucket ${label} refuses TLS older than ${minimum}: ${d.unknown.reason}.` });
        continue;
      }
      if (d.status !== 'not-enforced') continue;
      for (const group of groupGaps(doc, d.gaps)) {
        ctx.report({
          resource,
          path: 'policy.tlsVersion',
          discriminator: group.pointer,
          at: group.at,
          message: `Bucket ${label} accepts TLS versions older than ${minimum}: ${group.messages.join('; ')}.`,
        });
      }
    }
  },
});
