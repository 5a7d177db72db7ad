/**
 * Issue 3 acceptance: every split aws_s3_bucket_* resource type links to its bucket in every linking form
 * (reference .id/.bucket, literal name, local, variable, count, for_each, local module call). Each form is
 * a generated Terraform configuration holding all twelve split resources; the test asserts that every
 * bucket the configuration declares ends up with each setting known and configured.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPaths } from '../../src/engine/scan.js';
import type { Bucket } from '../../src/model/index.js';

/** Split resource type → its body (without `bucket`) and the model field it fills. */
const SPLIT: Record<string, { field: keyof Bucket; body: string }> = {
  public_access_block: { field: 'publicAccessBlock', body: 'block_public_acls = true\n  ignore_public_acls = true\n  block_public_policy = true\n  restrict_public_buckets = true' },
  policy: { field: 'policy', body: 'policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "*", Condition = { Bool = { "aws:SecureTransport" = "false" } } }] })' },
  lifecycle_configuration: { field: 'lifecycle', body: 'rule {\n    id     = "abort"\n    status = "Enabled"\n    filter {}\n    abort_incomplete_multipart_upload { days_after_initiation = 7 }\n  }' },
  server_side_encryption_configuration: { field: 'encryption', body: 'rule {\n    apply_server_side_encryption_by_default { sse_algorithm = "AES256" }\n  }' },
  versioning: { field: 'versioning', body: 'versioning_configuration { status = "Enabled" }' },
  logging: { field: 'logging', body: 'target_bucket = "central-logs"\n  target_prefix = "s3/"' },
  acl: { field: 'acl', body: 'acl = "private"' },
  ownership_controls: { field: 'ownership', body: 'rule { object_ownership = "BucketOwnerEnforced" }' },
  website_configuration: { field: 'website', body: 'index_document { suffix = "index.html" }' },
  object_lock_configuration: { field: 'objectLock', body: 'rule {\n    default_retention {\n      mode = "GOVERNANCE"\n      days = 1\n    }\n  }' },
  replication_configuration: { field: 'replication', body: 'role = "arn:aws:iam::123456789012:role/replication"\n  rule {\n    id     = "all"\n    status = "Enabled"\n    destination { bucket = "arn:aws:s3:::replica" }\n  }' },
  notification: { field: 'notification', body: 'queue {\n    queue_arn = "arn:aws:sqs:eu-west-1:123456789012:events"\n    events    = ["s3:ObjectCreated:*"]\n  }' },
};

/** All twelve split resources; `bucketExpr` is the `bucket` argument, `meta` an optional count/for_each line. */
function splitResources(bucketExpr: string, meta = ''): string {
  return Object.entries(SPLIT)
    .map(([type, { body }]) => `resource "aws_s3_bucket_${type}" "this" {\n  ${meta}${meta ? '\n  ' : ''}bucket = ${bucketExpr}\n  ${body}\n}\n`)
    .join('\n');
}

/** Linking form → files of the configuration and the bucket count it declares. */
const FORMS: Record<string, { files: Record<string, string>; buckets: number }> = {
  'reference .id': { buckets: 1, files: { 'main.tf': `resource "aws_s3_bucket" "b" {\n  bucket = "matrix-id"\n}\n\n${splitResources('aws_s3_bucket.b.id')}` } },
  'reference .bucket': { buckets: 1, files: { 'main.tf': `resource "aws_s3_bucket" "b" {\n  bucket = "matrix-bucket-attr"\n}\n\n${splitResources('aws_s3_bucket.b.bucket')}` } },
  'generated name by reference': { buckets: 1, files: { 'main.tf': `resource "aws_s3_bucket" "b" {\n  bucket_prefix = "matrix-"\n}\n\n${splitResources('aws_s3_bucket.b.id')}` } },
  'literal name': { buckets: 1, files: { 'main.tf': `resource "aws_s3_bucket" "b" {\n  bucket = "matrix-literal"\n}\n\n${splitResources('"matrix-literal"')}` } },
  local: { buckets: 1, files: { 'main.tf': `locals {\n  name = "matrix-local"\n}\n\nresource "aws_s3_bucket" "b" {\n  bucket = local.name\n}\n\n${splitResources('local.name')}` } },
  variable: {
    buckets: 1,
    files: {
      'variables.tf': 'variable "name" {\n  type = string\n}\n',
      'terraform.tfvars': 'name = "matrix-var"\n',
      'main.tf': `resource "aws_s3_bucket" "b" {\n  bucket = var.name\n}\n\n${splitResources('var.name')}`,
    },
  },
  'count index': { buckets: 2, files: { 'main.tf': `resource "aws_s3_bucket" "b" {\n  count  = 2\n  bucket = "matrix-count-\${count.index}"\n}\n\n${splitResources('aws_s3_bucket.b[count.index].id', 'count = 2')}` } },
  'for_each each.value': {
    buckets: 2,
    files: { 'main.tf': `resource "aws_s3_bucket" "b" {\n  for_each = toset(["a", "b"])\n  bucket   = "matrix-fe-\${each.key}"\n}\n\n${splitResources('each.value.id', 'for_each = aws_s3_bucket.b')}` },
  },
  'for_each each.key': {
    buckets: 2,
    files: { 'main.tf': `resource "aws_s3_bucket" "b" {\n  for_each = toset(["a", "b"])\n  bucket   = "matrix-fk-\${each.key}"\n}\n\n${splitResources('aws_s3_bucket.b[each.key].id', 'for_each = toset(["a", "b"])')}` },
  },
  'local module call': {
    buckets: 2,
    files: {
      'main.tf': 'module "first" {\n  source = "./modules/bucket"\n  name   = "matrix-module-1"\n}\n\nmodule "second" {\n  source = "./modules/bucket"\n  name   = "matrix-module-2"\n}\n',
      'modules/bucket/main.tf': `variable "name" {\n  type = string\n}\n\nresource "aws_s3_bucket" "b" {\n  bucket = var.name\n}\n\n${splitResources('aws_s3_bucket.b.id')}`,
    },
  },
};

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

describe('split resources link to their bucket in every form', () => {
  for (const [form, { files, buckets }] of Object.entries(FORMS)) {
    it(form, async () => {
      const root = mkdtempSync(join(tmpdir(), 's3lint-link-'));
      roots.push(root);
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, name)), { recursive: true });
        writeFileSync(join(root, name), text);
      }
      const loaded = await loadPaths(['.'], { cwd: root });
      expect(loaded.errors.filter((e) => (e.level ?? 'error') === 'error')).toEqual([]);
      expect(loaded.estate.buckets.map((b) => b.address)).toHaveLength(buckets);
      const missing: string[] = [];
      for (const bucket of loaded.estate.buckets) {
        for (const [type, { field }] of Object.entries(SPLIT)) {
          const v = bucket[field] as { known: boolean; value?: unknown; reason?: string } | undefined;
          if (!v || !v.known || v.value === null) missing.push(`${bucket.address}: aws_s3_bucket_${type} → ${String(field)} ${v?.known ? 'not configured' : `unknown (${v?.reason ?? 'absent'})`}`);
        }
      }
      expect(missing).toEqual([]);
    });
  }
});
