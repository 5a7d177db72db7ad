import { describe, expect, it } from 'vitest';
import { locate } from '../../src/loaders/terraform/hcl.js';
import { parseHcl } from '../../src/loaders/terraform/hcl2json.js';
import { SourceText } from '../../src/loaders/terraform/source.js';

const TRICKY = `# comment with { brace
/* block comment "with quotes" and } */
resource "aws_s3_bucket" "a" { // trailing comment
  bucket = "name-\${var.env}-{literal}" # } not a brace
  tags = {
    "x" = "\${lookup(var.m, "k", "}")}"
    y   = <<-EOT
      brace } and "quote"
      \${jsonencode({ a = "}" })}
    EOT
  }
  policy = <<POLICY
{"Statement": [{"Effect": "Deny"}]}
POLICY

  nested {
    inner { value = 1 }
  }
  list = [
    1, # a comment inside
    2,
  ]
}

data "aws_iam_policy_document" "d" {
  statement {
    actions = ["s3:*"]
  }
}
`;

function lineOf(src: SourceText, offset: number): number {
  return src.position(offset).line;
}

describe('HCL locator', () => {
  const src = new SourceText('main.tf', TRICKY);
  const body = locate(src);

  it('finds top-level blocks with labels and header lines', () => {
    expect(body.blocks.map((b) => [b.type, ...b.labels])).toEqual([
      ['resource', 'aws_s3_bucket', 'a'],
      ['data', 'aws_iam_policy_document', 'd'],
    ]);
    const [res, data] = body.blocks;
    expect(lineOf(src, res!.header.s)).toBe(3);
    expect(lineOf(src, res!.span.e)).toBe(23);
    expect(lineOf(src, data!.header.s)).toBe(25);
  });

  it('finds attributes through strings, templates, heredocs and comments', () => {
    const res = body.blocks[0]!;
    expect([...res.body.attrs.keys()]).toEqual(['bucket', 'tags', 'policy', 'list']);
    const at = (name: string) => {
      const a = res.body.attrs.get(name)!;
      return [lineOf(src, a.span.s), src.position(a.span.s).column, lineOf(src, a.span.e)];
    };
    expect(at('bucket')).toEqual([4, 3, 4]);
    expect(at('tags')).toEqual([5, 3, 11]);
    expect(at('policy')).toEqual([12, 3, 14]);
    expect(at('list')).toEqual([19, 3, 22]);
  });

  it('finds nested and single-line blocks', () => {
    const nested = body.blocks[0]!.body.blocks[0]!;
    expect(nested.type).toBe('nested');
    expect(lineOf(src, nested.header.s)).toBe(16);
    const inner = nested.body.blocks[0]!;
    expect(inner.type).toBe('inner');
    expect([...inner.body.attrs.keys()]).toEqual(['value']);
  });

  it('agrees with hcl2json on the block and attribute structure', async () => {
    const parsed = await parseHcl('main.tf', TRICKY);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const json = parsed.json as { resource: { aws_s3_bucket: { a: Record<string, unknown>[] } } };
    const attrs = Object.keys(json.resource.aws_s3_bucket.a[0]!).sort();
    const ours = [...body.blocks[0]!.body.attrs.keys(), ...body.blocks[0]!.body.blocks.map((b) => b.type)].sort();
    expect(ours).toEqual(attrs);
  });

  it('reports hcl2json syntax errors with line and column', async () => {
    const parsed = await parseHcl('bad.tf', 'resource "x" "y" {\n  a = \n}\n');
    expect(parsed).toMatchObject({ ok: false, line: 2, column: 7 });
    if (!parsed.ok) expect(parsed.message).toMatch(/Invalid expression/);
  });

  it('counts columns in UTF-16 code units', () => {
    const s = new SourceText('u.tf', 'locals {\n  a = "😀"\n  b = 1\n}\n');
    const b = locate(s).blocks[0]!.body.attrs.get('b')!;
    expect(s.position(b.span.s)).toEqual({ line: 3, column: 3 });
    const a = locate(s).blocks[0]!.body.attrs.get('a')!;
    expect(s.position(a.span.e)).toEqual({ line: 2, column: 11 });
  });
});
