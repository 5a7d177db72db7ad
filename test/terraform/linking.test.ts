import { describe, expect, it } from 'vitest';
import { scanPaths } from '../../src/engine/scan.js';
import { load, tree } from './helpers.js';

describe('linking split resources to buckets', () => {
  it('gives every module instance its own addresses and names the calling module blocks', async () => {
    const r = await load({
      'main.tf': 'module "outer" {\n  source = "./outer"\n  count  = 2\n  env    = "e${count.index}"\n}\n',
      'outer/main.tf': 'variable "env" {}\nmodule "logs" {\n  source   = "../logs"\n  for_each = toset(["a", "b"])\n  name     = "${var.env}-${each.key}"\n}\n',
      'logs/main.tf': 'variable "name" {}\nresource "aws_s3_bucket" "this" {\n  bucket = var.name\n}\nresource "aws_s3_bucket_versioning" "this" {\n  bucket = aws_s3_bucket.this.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n',
    });
    expect(r.errors).toEqual([]);
    const got = r.estate.buckets.map((b) => [b.address, b.name.known ? b.name.value : '?', b.versioning.known && b.versioning.value?.status.known ? b.versioning.value.status.value : '?']);
    expect(got).toEqual([
      ['module.outer[0].module.logs["a"].aws_s3_bucket.this', 'e0-a', 'Enabled'],
      ['module.outer[0].module.logs["b"].aws_s3_bucket.this', 'e0-b', 'Enabled'],
      ['module.outer[1].module.logs["a"].aws_s3_bucket.this', 'e1-a', 'Enabled'],
      ['module.outer[1].module.logs["b"].aws_s3_bucket.this', 'e1-b', 'Enabled'],
    ]);
    const first = r.estate.buckets[0]!;
    expect(first.at).toMatchObject({ file: 'logs/main.tf', startLine: 2 });
    expect(first.context?.via?.map((v) => [v.label, v.at.kind === 'source' ? `${v.at.file}:${v.at.startLine}` : ''])).toEqual([
      ['module.outer[0]', 'main.tf:1'],
      ['module.outer[0].module.logs["a"]', 'outer/main.tf:2'],
    ]);
  });

  it('links by reference even when the bucket name is generated', async () => {
    const r = await load({
      'main.tf': 'resource "aws_s3_bucket" "gen" {\n  bucket_prefix = "tmp-"\n}\nresource "aws_s3_bucket_public_access_block" "gen" {\n  bucket = aws_s3_bucket.gen.id\n  block_public_acls = true\n}\n',
    });
    const b = r.estate.buckets[0]!;
    expect(b.name).toMatchObject({ known: false, reason: expect.stringContaining('bucket_prefix') });
    expect(b.publicAccessBlock.known && b.publicAccessBlock.value?.blockPublicAcls).toMatchObject({ known: true, value: true });
    expect(b.publicAccessBlock.known && b.publicAccessBlock.value?.ignorePublicAcls).toMatchObject({ known: true, value: false, implicit: true, at: { startLine: 4 } });
  });

  it('makes a setting unknown (not absent) when a split resource of that type cannot be linked', async () => {
    const r = await load({
      'main.tf': 'variable "target" {}\nresource "aws_s3_bucket" "b" {\n  bucket = "acme-b"\n}\nresource "aws_s3_bucket_public_access_block" "p" {\n  bucket = var.target\n  block_public_acls = true\n}\n',
    });
    const b = r.estate.buckets[0]!;
    expect(b.publicAccessBlock).toMatchObject({ known: false, reason: expect.stringContaining('var.target has no value'), at: { startLine: 5 } });
    expect(b.lifecycle).toMatchObject({ known: true, value: null });
  });

  it('keeps one representative instance when count is unknown', async () => {
    const r = await load({
      'main.tf': 'variable "n" {}\nresource "aws_s3_bucket" "b" {\n  count  = var.n\n  bucket = "acme-${count.index}"\n}\nresource "aws_s3_bucket_ownership_controls" "b" {\n  count  = var.n\n  bucket = aws_s3_bucket.b[count.index].id\n  rule {\n    object_ownership = "BucketOwnerEnforced"\n  }\n}\n',
    });
    expect(r.estate.buckets.map((b) => b.address)).toEqual(['aws_s3_bucket.b[*]']);
    const b = r.estate.buckets[0]!;
    expect(b.name).toMatchObject({ known: false, reason: expect.stringContaining('var.n has no value') });
    expect(b.ownership.known && b.ownership.value?.objectOwnership).toMatchObject({ known: true, value: 'BucketOwnerEnforced' });
  });

  it('loads a resource with count = 200000 next to a bucket (instances are collected without spreading them into one call)', async () => {
    const r = await load({ 'main.tf': 'resource "null_resource" "x" {\n  count = 200000\n}\nresource "aws_s3_bucket" "b" {\n  bucket = "acme-b"\n}\n' });
    expect(r.errors).toEqual([]);
    expect(r.estate.buckets.map((b) => b.address)).toEqual(['aws_s3_bucket.b']);
  });

  it('skips count = 0 and conditionally created resources', async () => {
    const r = await load({
      'main.tf': 'variable "create" {\n  default = false\n}\nresource "aws_s3_bucket" "b" {\n  count  = var.create ? 1 : 0\n  bucket = "acme-off"\n}\n',
    });
    expect(r.estate.buckets).toEqual([]);
  });

  it('reports remote modules once as a note and syntax errors with their position, and still loads the rest', async () => {
    const r = await load({
      'main.tf': 'module "s3" {\n  source  = "terraform-aws-modules/s3-bucket/aws"\n  version = "4.0.0"\n}\nresource "aws_s3_bucket" "ok" {\n  bucket = "acme-ok"\n}\n',
      'broken.tf': 'resource "aws_s3_bucket" "bad" {\n  bucket = \n}\n',
    });
    expect(r.errors).toEqual([
      { file: 'broken.tf', line: 2, column: 12, level: 'error', message: expect.stringContaining('HCL syntax error: Invalid expression') },
      { file: 'main.tf', line: 1, column: 1, level: 'note', message: expect.stringContaining('module "s3" (source terraform-aws-modules/s3-bucket/aws) is not on disk') },
    ]);
    expect(r.estate.buckets.map((b) => b.address)).toEqual(['aws_s3_bucket.ok']);
  });

  it('checks a tree larger than one parser worker\'s backlog: every syntax error at its position, every other file loaded', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) {
      const dir = `stack-${String(Math.floor(i / 6)).padStart(2, '0')}`;
      files[`${dir}/b${String(i).padStart(2, '0')}.tf`] = i % 20 === 7 ? `resource "aws_s3_bucket" "b${i}" {\n  bucket = \n}\n` : `resource "aws_s3_bucket" "b${i}" {\n  bucket = "acme-${i}"\n}\n`;
    }
    const r = await load(files);
    expect(r.errors.map((e) => [e.file, e.line, e.column])).toEqual([
      ['stack-01/b07.tf', 2, 12],
      ['stack-04/b27.tf', 2, 12],
      ['stack-07/b47.tf', 2, 12],
    ]);
    expect(r.estate.buckets).toHaveLength(57);
  });

  it('reads modules that were not passed in from disk, and does not scan a called module as a root', async () => {
    const r = await load({
      'live/main.tf': 'module "b" {\n  source = "../modules/b"\n  name   = "acme-live"\n}\n',
      'modules/b/main.tf': 'variable "name" {}\nresource "aws_s3_bucket" "this" {\n  bucket = var.name\n}\n',
    });
    expect(r.estate.buckets.map((b) => [b.address, b.name.known && b.name.value])).toEqual([['module.b.aws_s3_bucket.this', 'acme-live']]);
  });

  it('parses a directory again when a directory read after it turns out to call it', async () => {
    const r = await load({
      'a-module/main.tf': 'variable "name" {}\nresource "aws_s3_bucket" "this" {\n  bucket = var.name\n}\nresource "aws_s3_bucket_versioning" "this" {\n  bucket = aws_s3_bucket.this.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n',
      'z-live/main.tf': 'module "m" {\n  source = "../a-module"\n  name   = "acme-late-caller"\n}\n',
    });
    expect(r.errors).toEqual([]);
    expect(r.estate.buckets.map((b) => [b.address, b.name.known && b.name.value, b.versioning.known && b.versioning.value?.status.known && b.versioning.value.status.value])).toEqual([
      ['module.m.aws_s3_bucket.this', 'acme-late-caller', 'Enabled'],
    ]);
    expect(r.estate.buckets[0]!.versioning.at).toMatchObject({ file: 'a-module/main.tf', startLine: 5 });
  });

  it('keeps root directories apart: the same address in two of them links inside its own directory', async () => {
    const bucket = (name: string) => `resource "aws_s3_bucket" "this" {\n  bucket = "${name}"\n}\n`;
    const pab = 'resource "aws_s3_bucket_public_access_block" "this" {\n  bucket                  = aws_s3_bucket.this.id\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}\n';
    const r = await load({ 'a/main.tf': bucket('acme-a') + pab, 'b/main.tf': bucket('acme-b') });
    const byName = new Map(r.estate.buckets.map((b) => [b.name.known ? b.name.value : '?', b]));
    expect(byName.get('acme-a')?.publicAccessBlock).toMatchObject({ known: true, value: { at: { file: 'a/main.tf', startLine: 4 } } });
    expect(byName.get('acme-b')?.publicAccessBlock).toMatchObject({ known: true, value: null });
  });

  it('models a bucket named by an unknown expression once per root directory, not once for all', async () => {
    const versioning = 'variable "bucket" {}\nresource "aws_s3_bucket_versioning" "v" {\n  bucket = var.bucket\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n';
    const r = await load({ 'a/main.tf': versioning, 'b/main.tf': versioning });
    expect(r.estate.buckets.map((b) => [b.address, b.versioning.known, b.at.kind === 'source' && b.at.file])).toEqual([
      ['external bucket var.bucket', true, 'a/main.tf'],
      ['external bucket var.bucket', true, 'b/main.tf'],
    ]);
  });

  it('links a split resource to the bucket another root directory declares by that name, read before or after it', async () => {
    const pab = (name: string) => `resource "aws_s3_bucket_public_access_block" "p" {\n  bucket            = "${name}"\n  block_public_acls = true\n}\n`;
    const r = await load({
      'a/main.tf': pab('declared-later'),
      'b/main.tf': 'resource "aws_s3_bucket" "early" {\n  bucket = "declared-earlier"\n}\nresource "aws_s3_bucket" "late" {\n  bucket = "declared-later"\n}\n',
      'c/main.tf': pab('declared-earlier'),
    });
    expect(r.estate.buckets.map((b) => [b.address, b.publicAccessBlock.known && b.publicAccessBlock.value?.at])).toEqual([
      ['aws_s3_bucket.early', expect.objectContaining({ file: 'c/main.tf', startLine: 1 })],
      ['aws_s3_bucket.late', expect.objectContaining({ file: 'a/main.tf', startLine: 1 })],
    ]);
  });

  it('gives each root directory\'s finding the module path of its own directory when two declare the same address', async () => {
    const bucket = 'variable "name" {}\nresource "aws_s3_bucket" "this" {\n  bucket = var.name\n}\n';
    const dir = tree({
      'a/main.tf': 'module "s3" {\n  source = "../modules/x"\n  name   = "acme-a"\n}\n',
      'b/main.tf': '\n\nmodule "s3" {\n  source = "../modules/y"\n  name   = "acme-b"\n}\n',
      'modules/x/main.tf': bucket,
      'modules/y/main.tf': bucket,
    });
    const r = await scanPaths(['a', 'b'], { load: { cwd: dir } });
    const versioning = r.findings.filter((f) => f.ruleId === 'S3L015');
    expect(versioning.map((f) => [f.at.kind === 'source' && f.at.file, f.context?.via?.map((v) => v.at.kind === 'source' && `${v.at.file}:${v.at.startLine}`)])).toEqual([
      ['modules/x/main.tf', ['a/main.tf:1']],
      ['modules/y/main.tf', ['b/main.tf:3']],
    ]);
  });

  it('links VPC endpoints, account BPA, access points and key producers', async () => {
    const r = await load({
      'main.tf': `
resource "aws_s3_bucket" "lake" {
  bucket = "acme-lake"
}
resource "aws_vpc_endpoint" "s3" {
  vpc_id       = "vpc-1"
  service_name = "com.amazonaws.eu-west-1.s3"
  policy       = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:*", Resource = "*" }] })
}
resource "aws_s3_access_point" "ap" {
  bucket = aws_s3_bucket.lake.id
  name   = "lake-ap"
  vpc_configuration {
    vpc_id = "vpc-1"
  }
}
resource "aws_kinesis_firehose_delivery_stream" "events" {
  name        = "events"
  destination = "extended_s3"
  extended_s3_configuration {
    bucket_arn = aws_s3_bucket.lake.arn
    prefix     = "events/"
  }
}
resource "aws_s3_object" "seed" {
  bucket = aws_s3_bucket.lake.id
  key    = "reports/2026/01/15/a.csv"
}
`,
    });
    expect(r.estate.vpcEndpoints).toHaveLength(1);
    expect(r.estate.vpcEndpoints[0]).toMatchObject({ type: { known: true, value: 'Gateway', implicit: true }, vpcId: { value: 'vpc-1' } });
    expect(r.estate.accessPoints[0]).toMatchObject({ bucket: { known: true, value: 'acme-lake' }, networkOrigin: { value: 'VPC' } });
    const lake = r.estate.buckets[0]!;
    expect(lake.keyLayouts.map((k) => [k.source, k.template?.known && k.template.value])).toEqual([
      ['firehose', 'events/{date:yyyy/MM/dd/HH}/'],
      ['firehose-error', '{var:error-output-type:low-cardinality}/{date?:yyyy/MM/dd/HH}/'],
      ['object', 'reports/{date:yyyy/MM/dd}/a.csv'],
    ]);
    expect(r.estate.keyProducers.map((p) => [p.kind, p.bucket.known && p.bucket.value])).toEqual([
      ['firehose', 'acme-lake'],
      ['object', 'acme-lake'],
    ]);
  });

  it('models a bucket declared elsewhere from the split resources that configure it, the rest unknown', async () => {
    const r = await load({
      'main.tf': 'resource "aws_s3_bucket_public_access_block" "p" {\n  bucket            = "existing-bucket"\n  block_public_acls = false\n}\nresource "aws_s3_bucket_policy" "a" {\n  bucket = "existing-bucket"\n  policy = jsonencode({ Statement = [] })\n}\nresource "aws_s3_bucket_policy" "b" {\n  bucket = "existing-bucket"\n  policy = jsonencode({ Statement = [] })\n}\n',
    });
    expect(r.estate.buckets).toHaveLength(1);
    const b = r.estate.buckets[0]!;
    expect(b.address).toBe('external bucket existing-bucket');
    expect(b.publicAccessBlock.known && b.publicAccessBlock.value?.blockPublicAcls).toMatchObject({ known: true, value: false, at: { startLine: 3 } });
    expect(b.lifecycle).toMatchObject({ known: false, reason: expect.stringContaining('not declared in this configuration') });
    expect(b.policy).toMatchObject({ known: false, reason: expect.stringContaining('aws_s3_bucket_policy.a and aws_s3_bucket_policy.b all configure this bucket') });
  });

  it('reads registry modules that terraform init installed (.terraform/modules/modules.json)', async () => {
    const r = await load({
      'main.tf': 'module "s3" {\n  source  = "acme/bucket/aws"\n  version = "1.0.0"\n  name    = "acme-installed"\n}\n',
      '.terraform/modules/modules.json': JSON.stringify({ Modules: [{ Key: '', Source: '', Dir: '.' }, { Key: 's3', Source: 'registry.terraform.io/acme/bucket/aws', Version: '1.0.0', Dir: '.terraform/modules/s3' }] }),
      '.terraform/modules/s3/main.tf': 'variable "name" {}\nresource "aws_s3_bucket" "this" {\n  bucket = var.name\n}\n',
    });
    expect(r.errors).toEqual([]);
    expect(r.estate.buckets.map((b) => [b.address, b.name.known && b.name.value, b.at.kind === 'source' && b.at.file])).toEqual([
      ['module.s3.aws_s3_bucket.this', 'acme-installed', '.terraform/modules/s3/main.tf'],
    ]);
  });

  it('treats plan values known only after apply as unknown, not absent', async () => {
    const { loadPlans } = await import('../../src/loaders/terraform/plan.js');
    const { makeCandidate } = await import('../../src/loaders/discover.js');
    const { defaultLoadOptions } = await import('../../src/loaders/types.js');
    const plan = {
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            { address: 'aws_s3_bucket.b', mode: 'managed', type: 'aws_s3_bucket', name: 'b', values: { bucket: 'acme-plan' } },
            { address: 'aws_s3_bucket_policy.b', mode: 'managed', type: 'aws_s3_bucket_policy', name: 'b', values: {} },
          ],
        },
      },
      resource_changes: [{ address: 'aws_s3_bucket_policy.b', change: { actions: ['create'], after_unknown: { bucket: true, policy: true, id: true } } }],
      configuration: {
        root_module: {
          resources: [
            { address: 'aws_s3_bucket.b', mode: 'managed', type: 'aws_s3_bucket', name: 'b', expressions: { bucket: { constant_value: 'acme-plan' } } },
            {
              address: 'aws_s3_bucket_policy.b',
              mode: 'managed',
              type: 'aws_s3_bucket_policy',
              name: 'b',
              expressions: { bucket: { references: ['aws_s3_bucket.b.id', 'aws_s3_bucket.b'] }, policy: { references: ['data.aws_iam_policy_document.p.json'] } },
            },
          ],
        },
      },
    };
    const dir = tree({ 'plan.json': JSON.stringify(plan, null, 2) });
    const r = await loadPlans([makeCandidate(dir, `${dir}/plan.json`, 0, true)], defaultLoadOptions(dir));
    expect(r.errors).toEqual([]);
    const b = r.estate.buckets[0]!;
    expect(b.address).toBe('aws_s3_bucket.b');
    expect(b.context?.source).toBe('terraform-plan');
    expect(b.policy).toMatchObject({ known: false, reason: expect.stringContaining('known only after apply') });
  });

  it('records the Region from the resource or the aws provider it uses, and not through module providers maps', async () => {
    const r = await load({
      'main.tf': [
        'variable "region" {\n  default = "eu-west-1"\n}',
        'provider "aws" {\n  region = var.region\n}',
        'provider "aws" {\n  alias  = "us"\n  region = "us-east-1"\n}',
        'resource "aws_s3_bucket" "eu" {\n  bucket = "acme-eu"\n}',
        'resource "aws_s3_bucket" "us" {\n  provider = aws.us\n  bucket   = "acme-us"\n}',
        'module "m" {\n  source = "./m"\n}',
        'module "p" {\n  source    = "./m"\n  providers = { aws = aws.us }\n}',
        '',
      ].join('\n'),
      'm/main.tf': 'resource "aws_s3_bucket" "this" {\n  bucket_prefix = "acme-m"\n}\n',
    });
    expect(r.estate.buckets.map((b) => [b.address, b.region?.known ? b.region.value : b.region])).toEqual([
      ['aws_s3_bucket.eu', 'eu-west-1'],
      ['aws_s3_bucket.us', 'us-east-1'],
      ['module.m.aws_s3_bucket.this', 'eu-west-1'],
      ['module.p.aws_s3_bucket.this', undefined],
    ]);
  });

  it('merges override files into the blocks they name', async () => {
    const r = await load({
      'main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "acme-base"\n}\nresource "aws_s3_bucket_versioning" "b" {\n  bucket = aws_s3_bucket.b.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n',
      'main_override.tf': 'resource "aws_s3_bucket" "b" {\n  tags = { Env = "prod" }\n}\nresource "aws_s3_bucket_versioning" "b" {\n  versioning_configuration {\n    status = "Suspended"\n  }\n}\n',
    });
    const b = r.estate.buckets[0]!;
    expect(b.name).toMatchObject({ known: true, value: 'acme-base' });
    expect(b.tags).toMatchObject({ known: true, value: { Env: 'prod' } });
    expect(b.versioning.known && b.versioning.value?.status).toMatchObject({ value: 'Suspended', at: { file: 'main_override.tf', startLine: 6 } });
  });
});
