import { describe, expect, it } from 'vitest';
import { parseYamlTemplate } from '../../src/loaders/cloudformation/parse-yaml.js';
import { parseJsonTemplate } from '../../src/loaders/cloudformation/parse-json.js';
import { child, entry, toPlain, type CfnNode } from '../../src/loaders/cloudformation/node.js';
import { yaml } from './helpers.js';

function parseOk(text: string, json = false): CfnNode {
  const r = json ? parseJsonTemplate('t', text) : parseYamlTemplate('t', text);
  if (!('kind' in r)) throw new Error(r.message);
  return r;
}

describe('YAML parsing', () => {
  it('rewrites every short-form intrinsic to its long form', () => {
    const root = parseOk(yaml`
A: !Ref Bucket
B: !Sub 'arn:aws:s3:::\${Bucket}/*'
C: !GetAtt Bucket.Arn
D: !GetAtt [Bucket, Arn]
E: !If [Cond, a, b]
F: !Join ['', [a, b]]
G: !Select [0, !Split [',', 'a,b']]
H: !FindInMap [M, k, v]
I: !Equals [a, b]
J: !Not [!Condition C]
K: !And [!Condition C, !Or [!Condition D, !Condition E]]
L: !ImportValue Shared
M: !Base64 text
N: !Cidr [10.0.0.0/16, 4, 8]
O: !GetAZs ''
`);
    expect(toPlain(root)).toEqual({
      A: { Ref: 'Bucket' },
      B: { 'Fn::Sub': 'arn:aws:s3:::${Bucket}/*' },
      C: { 'Fn::GetAtt': 'Bucket.Arn' },
      D: { 'Fn::GetAtt': ['Bucket', 'Arn'] },
      E: { 'Fn::If': ['Cond', 'a', 'b'] },
      F: { 'Fn::Join': ['', ['a', 'b']] },
      G: { 'Fn::Select': [0, { 'Fn::Split': [',', 'a,b'] }] },
      H: { 'Fn::FindInMap': ['M', 'k', 'v'] },
      I: { 'Fn::Equals': ['a', 'b'] },
      J: { 'Fn::Not': [{ Condition: 'C' }] },
      K: { 'Fn::And': [{ Condition: 'C' }, { 'Fn::Or': [{ Condition: 'D' }, { Condition: 'E' }] }] },
      L: { 'Fn::ImportValue': 'Shared' },
      M: { 'Fn::Base64': 'text' },
      N: { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] },
      O: { 'Fn::GetAZs': '' },
    });
  });

  it('gives each property the range from its key to the end of its value (1-based lines and columns)', () => {
    const root = parseOk(yaml`
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub '\${AWS::StackName}-data'
`);
    const type = entry(child(child(root, 'Resources'), 'B'), 'Type')!;
    expect(type.range).toMatchObject({ startLine: 3, startColumn: 5, endLine: 3, endColumn: 26 });
    const name = entry(child(child(child(root, 'Resources'), 'B'), 'Properties'), 'BucketName')!;
    expect(name.range.startLine).toBe(5);
    expect(name.range.startColumn).toBe(7);
  });

  it('counts columns in UTF-16 code units', () => {
    const root = parseOk('Description: "😀"\nX: 1\n');
    expect(entry(root, 'X')!.range).toMatchObject({ startLine: 2, startColumn: 1 });
    const d = entry(root, 'Description')!;
    expect(d.range.endColumn - d.range.startColumn).toBe('Description: "😀"'.length);
  });

  it('reports duplicate keys with their position', () => {
    const r = parseYamlTemplate('t', 'Resources:\n  A: 1\n  A: 2\n');
    expect('kind' in r).toBe(false);
    expect(r).toMatchObject({ line: 3, column: 3 });
    expect((r as { message: string }).message).toMatch(/unique|duplicate/i);
  });

  it('reports syntax errors with line and column', () => {
    const r = parseYamlTemplate('t', 'Resources:\n  A: [1, 2\n  B: 3\n');
    expect('kind' in r).toBe(false);
    expect((r as { line: number }).line).toBeGreaterThanOrEqual(2);
  });

  it('expands aliases but refuses an alias bomb', () => {
    const ok = parseOk('a: &x {k: 1}\nb: *x\n');
    expect(toPlain(ok)).toEqual({ a: { k: 1 }, b: { k: 1 } });
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const bomb = parseYamlTemplate('t', levels.join('\n') + '\n');
    expect('kind' in bomb).toBe(false);
    expect((bomb as { message: string }).message).toMatch(/alias/);
  });

  it('refuses a deep expansion within the alias count limit', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 6; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(19).fill(`*${prev}`).join(', ')}]`);
    }
    const r = parseYamlTemplate('t', levels.join('\n') + '\n', { maxAliasCount: 100, maxExpandedNodes: 100_000 });
    expect('kind' in r).toBe(false);
    expect((r as { message: string }).message).toMatch(/expands|alias/);
  });
});

describe('JSON parsing', () => {
  it('keeps positions for keys and values', () => {
    const root = parseOk('{\n  "Resources": {\n    "B": { "Type": "AWS::S3::Bucket" }\n  }\n}\n', true);
    const type = entry(child(child(root, 'Resources'), 'B'), 'Type')!;
    expect(type.range).toMatchObject({ startLine: 3, startColumn: 12 });
  });

  it('reports duplicate keys with their position', () => {
    const r = parseJsonTemplate('t', '{\n  "A": 1,\n  "A": 2\n}');
    expect(r).toMatchObject({ line: 3, column: 3, message: 'invalid JSON: duplicate key "A"' });
  });

  it('reports syntax errors with line and column', () => {
    const r = parseJsonTemplate('t', '{\n  "A": 1,\n}');
    expect(r).toMatchObject({ line: 3, column: 1 });
  });
});
