import { defineRule } from '../src/engine/rule.js';
import { bucketLabel, bucketResource, generalPurposeBuckets } from '../src/engine/rule-helpers.js';
import { analyzePublic, bucketPolicyState, effectiveFlag, locate, type EffectiveFlag, type PublicGrant } from '../src/policy/index.js';

/** A public grant that lets anonymous users read objects (what a website endpoint needs). */
function readsObjects(g: PublicGrant): boolean {
  return g.actions.future || g.actions.actions.some((a) => a.qualified === 's3:GetObject');
}

function levels(f: EffectiveFlag): string {
  return [...new Set(f.onAt.map((s) => s.level))].join(' and ');
}

export default defineRule({
  meta: {
    id: 'S3L024',
    name: 'website-hosting',
    title: 'Static website hosting can actually serve the site',
    defaultSeverity: 'medium',
    securitySeverity: 2.0,
    tags: ['availability', 'website', 'public-access'],
    enabledByDefault: true,
    presets: ['recommended', 'strict'],
    peers: {
      kics: ['42bb6b7f-6d54-4428-b707-666f669d94fb', '90501b1b-cded-4cc1-9e8b-206b85cda317'],
    },
    docs: {
      what:
        'Checks buckets with a static website configuration (index/error documents). Website endpoints serve only publicly readable content over HTTP. The rule reports a website whose bucket policy grants no public s3:GetObject (the endpoint answers 403 to everyone), a website whose public read grant is blocked by Block Public Access (RestrictPublicBuckets or BlockPublicPolicy at bucket, account or organization level), and, at low severity, a public website that declares no bucket-level Block Public Access configuration (new buckets get all four settings on, which rejects the public policy; older buckets have none). A website whose public read grant is in effect is the intended case: it is not reported here (S3L010 reports the public policy, so the bucket is not reported twice). Redirect-only websites (RedirectAllRequestsTo) are not checked: whether they need public read is not verified. Object ACLs are not visible to a configuration scan, so a site served through per-object public-read ACLs would be reported as broken.',
      why:
        'A website configuration with Block Public Access on (the default for every bucket created since April 2023) deploys without error and then serves nothing but 403 errors. When the site is meant to be private behind CloudFront, the website configuration is the wrong tool: CloudFront with Origin Access Control uses the REST endpoint, supports HTTPS and keeps the bucket private, and the website configuration should be removed.',
      example: {
        terraform: 'resource "aws_s3_bucket_website_configuration" "site" {\n  bucket = aws_s3_bucket.site.id\n  index_document {\n    suffix = "index.html"\n  }\n}\n# no public-read bucket policy; Block Public Access on',
        cloudformation: 'Site:\n  Type: AWS::S3::Bucket\n  Properties:\n    WebsiteConfiguration:\n      IndexDocument: index.html\n    PublicAccessBlockConfiguration:\n      BlockPublicAcls: true\n      IgnorePublicAcls: true\n      BlockPublicPolicy: true\n      RestrictPublicBuckets: true',
      },
      fix: {
        terraform: '# Either serve through CloudFront with Origin Access Control and remove the website configuration,\n# or make the site public on purpose:\nresource "aws_s3_bucket_public_access_block" "site" {\n  bucket                  = aws_s3_bucket.site.id\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = false\n  restrict_public_buckets = false\n}\nresource "aws_s3_bucket_policy" "site" {\n  bucket = aws_s3_bucket.site.id\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "${aws_s3_bucket.site.arn}/*" }] })\n}',
        cloudformation: '# Prefer CloudFront + Origin Access Control and drop WebsiteConfiguration; or, for an intended public site:\nPublicAccessBlockConfiguration:\n  BlockPublicAcls: true\n  IgnorePublicAcls: true\n  BlockPublicPolicy: false\n  RestrictPublicBuckets: false',
      },
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteAccessPermissionsReqd.html',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteEndpoints.html',
        'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html',
      ],
    },
  },
  check(ctx) {
    for (const bucket of generalPurposeBuckets(ctx.estate)) {
      const website = bucket.website;
      const resource = bucketResource(bucket);
      const label = bucketLabel(bucket);
      if (!website.known) {
        ctx.report({ resource, path: 'website', kind: 'unknown', at: website.at, message: `Cannot tell whether bucket ${label} hosts a website: ${website.reason}.` });
        continue;
      }
      if (website.value === null) continue;
      if (website.value.redirectAllRequestsTo !== undefined && website.value.indexDocument === undefined) continue;
      const at = website.value.at;
      const state = bucketPolicyState(bucket);
      if (state.kind === 'unknown') {
        ctx.report({ resource, path: 'website', kind: 'unknown', at, message: `Cannot tell whether the website of bucket ${label} is publicly readable: the bucket policy is unknown: ${state.reason}.` });
        continue;
      }
      const grants = state.kind === 'policy' ? analyzePublic(state.policy).grants.filter(readsObjects) : [];
      const open = grants.filter((g) => g.verdict === 'public');
      const undecided = grants.find((g) => g.verdict === 'unknown');
      if (open.length === 0) {
        if (undecided) {
          ctx.report({ resource, path: 'website', kind: 'unknown', at, message: `Cannot tell whether the website of bucket ${label} is publicly readable: ${undecided.statementLabel}: ${undecided.reason}.` });
          continue;
        }
        ctx.report({
          resource,
          path: 'website',
          at,
          message: `Bucket ${label} hosts a static website, but nothing grants public s3:GetObject: the website endpoint serves only publicly readable objects and will answer 403 Access Denied. If the site is served through CloudFront, use Origin Access Control on the REST endpoint and remove the website configuration; otherwise grant public read on purpose.`,
        });
        continue;
      }
      const restrict = effectiveFlag(ctx.estate, bucket, 'restrictPublicBuckets');
      const blockPolicy = effectiveFlag(ctx.estate, bucket, 'blockPublicPolicy');
      const blocking = [
        restrict.value === true ? `RestrictPublicBuckets (${levels(restrict)} level) restricts the public grant to principals of the bucket owner's account` : '',
        blockPolicy.value === true ? `BlockPublicPolicy (${levels(blockPolicy)} level) makes S3 reject the public policy when it is put` : '',
      ].filter(Boolean);
      if (blocking.length > 0) {
        ctx.report({
          resource,
          path: 'website',
          at,
          related: open.slice(0, 1).map((g) => ({ message: `public read grant (${g.statementLabel})`, at: state.kind === 'policy' ? locate(state.doc, g.pointer) : at })),
          message: `Bucket ${label} hosts a static website with a public read policy, but Block Public Access blocks it: ${blocking.join('; ')}. The website endpoint will answer 403 Access Denied. Decide: serve through CloudFront with Origin Access Control (and remove the website configuration and the public statement), or turn those settings off for this bucket on purpose.`,
        });
        continue;
      }
      const undecidedFlag = [restrict, blockPolicy].find((f) => f.value === 'unknown');
      if (undecidedFlag) {
        ctx.report({ resource, path: 'website', kind: 'unknown', at, message: `Cannot tell whether Block Public Access blocks the website of bucket ${label}: ${undecidedFlag.unknownReasons.join('; ')}.` });
        continue;
      }
      if (bucket.publicAccessBlock.known && bucket.publicAccessBlock.value === null) {
        ctx.report({
          resource,
          path: 'publicAccessBlock',
          severity: 'low',
          at,
          message: `Bucket ${label} hosts a public website but declares no Block Public Access configuration: on a bucket created since April 2023 all four settings are on by default, so S3 rejects the public bucket policy (the deployment fails with Access Denied) and the site answers 403. Declare the configuration with BlockPublicPolicy and RestrictPublicBuckets off for this bucket.`,
        });
      }
      // Otherwise: an intended public site. S3L010 reports the public policy; not reported twice.
    }
  },
});
