import { describe, expect, it } from 'vitest';
import { evaluate, Scope, type EvalEnv } from '../../src/loaders/terraform/eval.js';
import { locate } from '../../src/loaders/terraform/hcl.js';
import { SourceText } from '../../src/loaders/terraform/source.js';
import { toPlain, type TV } from '../../src/loaders/terraform/values.js';
import { load } from './helpers.js';

/** Evaluates `locals { v = <expr> }` with var.* from `vars` and nothing else in scope. */
function ev(expr: string, vars: Record<string, unknown> = {}): TV {
  const src = new SourceText('t.tf', `locals {\n  v = ${expr}\n}\n`);
  const attr = locate(src).blocks[0]!.body.attrs.get('v')!;
  const env: EvalEnv = {
    moduleDir: '/nonexistent',
    rootDir: '/nonexistent',
    readFile: () => undefined,
    root: (name, span) => {
      if (name !== 'var') return undefined;
      return {
        k: 'ref',
        span,
        target: {
          describe: 'var',
          get: (n, s) => (n in vars ? toTV(vars[n], s) : { k: 'unknown', reason: `var.${n} has no value`, span: s }),
        },
      };
    },
  };
  return evaluate(attr.expr(), src, new Scope(env));
}

function toTV(x: unknown, span: TV['span']): TV {
  if (typeof x === 'string') return { k: 'str', v: x, span };
  if (typeof x === 'number') return { k: 'num', v: x, span };
  if (typeof x === 'boolean') return { k: 'bool', v: x, span };
  if (Array.isArray(x)) return { k: 'list', items: x.map((i) => toTV(i, span)), span };
  return { k: 'obj', props: new Map(Object.entries(x as object).map(([k, v]) => [k, toTV(v, span)])), span };
}

const plain = (expr: string, vars: Record<string, unknown> = {}) => toPlain(ev(expr, vars));

describe('expression evaluator', () => {
  it('evaluates literals, templates and escapes', () => {
    expect(plain('"a-${1 + 2}-b"')).toBe('a-3-b');
    expect(plain('"x\\"y\\n$${literal}"')).toBe('x"y\n${literal}');
    expect(plain('[1, "two", true, null]')).toEqual([1, 'two', true, null]);
    expect(plain('{ a = 1, "b" = [2] }')).toEqual({ a: 1, b: [2] });
    expect(plain('-3 * 2 + 10 % 4')).toBe(-4);
  });

  it('evaluates variables, conditionals with known predicates, and functions', () => {
    expect(plain('var.env == "prod" ? "on" : "off"', { env: 'prod' })).toBe('on');
    expect(plain('format("%s-%03d", lower(var.n), 7)', { n: 'LOGS' })).toBe('logs-007');
    expect(plain('merge({ a = 1 }, { b = 2 }, { a = 3 })')).toEqual({ a: 3, b: 2 });
    expect(plain('concat(["a"], ["b", "c"])')).toEqual(['a', 'b', 'c']);
    expect(plain('upper(join(",", ["a", "b"]))')).toBe('A,B');
    expect(plain('lookup({ k = "v" }, "x", "d")')).toBe('d');
    expect(plain('try(var.m.missing, "fallback")', { m: {} })).toBe('fallback');
    expect(plain('[for s in ["a", "b"] : "arn:aws:s3:::${s}/*"]')).toEqual(['arn:aws:s3:::a/*', 'arn:aws:s3:::b/*']);
    expect(plain('{ for k, v in { a = 1, b = 2 } : k => v * 10 if v > 1 }')).toEqual({ b: 20 });
    expect(plain('[{ n = 1 }, { n = 2 }][*].n')).toEqual([1, 2]);
  });

  it('renders jsonencode and keeps the structured document', () => {
    const v = ev('jsonencode({ Statement = [{ Effect = "Deny", Principal = "*" }] })');
    expect(v.k).toBe('str');
    if (v.k === 'str') {
      expect(JSON.parse(v.v)).toEqual({ Statement: [{ Effect: 'Deny', Principal: '*' }] });
      expect(v.doc?.k).toBe('obj');
    }
  });

  it('reads heredoc JSON, with <<- indentation stripped', () => {
    const v = ev('<<-EOT\n    {"a": [1,\n      2]}\n  EOT');
    expect(v.k === 'str' && JSON.parse(v.v)).toEqual({ a: [1, 2] });
  });

  it('is unknown, with the reason, for anything it cannot know', () => {
    expect(ev('var.vpce_id')).toMatchObject({ k: 'unknown', reason: 'var.vpce_id has no value' });
    expect(ev('"vpce-${var.vpce_id}"')).toMatchObject({ k: 'unknown', reason: 'var.vpce_id has no value' });
    expect(ev('var.flag ? "a" : "b"')).toMatchObject({ k: 'unknown', reason: expect.stringContaining('var.flag has no value') });
    expect(ev('var.flag ? "same" : "same"')).toMatchObject({ k: 'str', v: 'same' });
    expect(ev('timestamp()')).toMatchObject({ k: 'unknown', reason: 'function timestamp() is not evaluated by s3lint' });
    expect(ev('replace("a", "/a/", "b")')).toMatchObject({ k: 'unknown' });
    expect(ev('"%{ if true }x%{ endif }"')).toMatchObject({ k: 'unknown' });
  });

  it('keeps unknowns inside jsonencode documents instead of losing the whole policy', () => {
    const v = ev('jsonencode({ Condition = { StringNotEquals = { "aws:SourceVpce" = var.vpce } } })');
    expect(v.k).toBe('unknown');
    if (v.k === 'unknown') expect(v.doc).toBeDefined();
  });
});

describe('evaluation inside modules', () => {
  it('reads file() and templatefile() relative to the module and renders policies with markers and lines', async () => {
    const r = await load({
      'main.tf': `module "m" {\n  source = "./mod"\n}\n`,
      'mod/main.tf': [
        'variable "vpce" {}',
        'resource "aws_s3_bucket" "b" {',
        '  bucket = "acme-files"',
        '}',
        'resource "aws_s3_bucket_policy" "b" {',
        '  bucket = aws_s3_bucket.b.id',
        '  policy = templatefile("${path.module}/policy.json.tpl", { bucket = aws_s3_bucket.b.bucket, vpce = var.vpce })',
        '}',
        'resource "aws_s3_bucket" "c" {',
        '  bucket = "acme-file"',
        '  policy = file("${path.module}/static.json")',
        '}',
        '',
      ].join('\n'),
      'mod/policy.json.tpl': '{"Statement":[{"Effect":"Deny","Resource":"arn:aws:s3:::${bucket}/*","Condition":{"StringNotEquals":{"aws:SourceVpce":"${vpce}"}}}]}',
      'mod/static.json': '{\n  "Statement": [\n    {"Effect": "Allow", "Principal": "*"}\n  ]\n}\n',
    });
    expect(r.errors).toEqual([]);
    const b = r.estate.buckets.find((x) => x.address === 'module.m.aws_s3_bucket.b')!;
    expect(b.policy.known).toBe(true);
    if (b.policy.known && b.policy.value) {
      expect(b.policy.value.json).toEqual({
        Statement: [
          {
            Effect: 'Deny',
            Resource: 'arn:aws:s3:::acme-files/*',
            Condition: { StringNotEquals: { 'aws:SourceVpce': { '$s3lint:unknown': 'var.vpce has no value (the module block module.m does not set it)' } } },
          },
        ],
      });
      expect(b.policy.value.at).toMatchObject({ file: 'mod/main.tf', startLine: 7 });
    }
    const c = r.estate.buckets.find((x) => x.address === 'module.m.aws_s3_bucket.c')!;
    expect(c.policy.known && c.policy.value?.locations?.['/Statement/0/Principal']).toMatchObject({ file: 'mod/static.json', startLine: 3 });
  });

  it('renders aws_iam_policy_document with source and override documents merged by Sid', async () => {
    const r = await load({
      'main.tf': `
resource "aws_s3_bucket" "b" {
  bucket = "acme-doc"
}
data "aws_iam_policy_document" "base" {
  statement {
    sid     = "Keep"
    actions = ["s3:GetObject"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    resources = ["\${aws_s3_bucket.b.arn}/*"]
  }
  statement {
    sid       = "Replace"
    actions   = ["s3:PutObject"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "final" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
  statement {
    sid        = "Replace"
    effect     = "Deny"
    not_actions = ["s3:GetObject", "s3:ListBucket"]
    resources  = [aws_s3_bucket.b.arn]
    not_principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/admin"]
    }
    condition {
      test     = "StringNotEquals"
      variable = "aws:SourceVpce"
      values   = ["vpce-1"]
    }
  }
}
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.final.json
}
`,
    });
    const b = r.estate.buckets[0]!;
    expect(b.policy.known && b.policy.value?.json).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Keep', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-doc/*', Principal: { AWS: 'arn:aws:iam::111122223333:root' } },
        {
          Sid: 'Replace',
          Effect: 'Deny',
          NotAction: ['s3:GetObject', 's3:ListBucket'],
          Resource: 'arn:aws:s3:::acme-doc',
          NotPrincipal: { AWS: 'arn:aws:iam::111122223333:role/admin' },
          Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } },
        },
      ],
    });
    const loc = b.policy.known ? b.policy.value?.locations : undefined;
    expect(loc?.['/Statement/1/NotAction']).toMatchObject({ file: 'main.tf', startLine: 26 });
    expect(loc?.['/Statement/1/Condition']).toMatchObject({ startLine: 32 });
    expect(loc?.['/Statement/0']).toMatchObject({ startLine: 6 });
  });
});

describe('variable types', () => {
  it('fills omitted optional() object attributes with their default or null, as Terraform does', async () => {
    const r = await load({
      'main.tf': `
variable "rules" {
  type = list(object({
    id      = string
    enabled = optional(bool)
    days    = optional(number, 7)
  }))
  default = [{ id = "abort" }]
}
resource "aws_s3_bucket" "b" {
  bucket = "acme-typed"
}
resource "aws_s3_bucket_lifecycle_configuration" "b" {
  bucket = aws_s3_bucket.b.id
  dynamic "rule" {
    for_each = var.rules
    content {
      id     = rule.value.id
      status = rule.value.enabled != null ? (rule.value.enabled ? "Enabled" : "Disabled") : "Enabled"
      abort_incomplete_multipart_upload {
        days_after_initiation = rule.value.days
      }
    }
  }
}
`,
    });
    const lc = r.estate.buckets[0]!.lifecycle;
    const rules = lc.known && lc.value ? lc.value.rules : undefined;
    expect(rules?.known && rules.value.map((x) => [x.status.known && x.status.value, x.abortIncompleteMultipartUpload?.daysAfterInitiation])).toEqual([
      ['Enabled', expect.objectContaining({ known: true, value: 7 })],
    ]);
  });
});
