/** Hand-made hostile inputs per format: extreme nesting, huge strings, duplicate keys, alias bombs, prototype keys. */
import type { CaseExpectation } from './harness.js';

export type Format = 'snapshot' | 'cfn-yaml' | 'cfn-json' | 'terraform' | 'terraform-json';

export interface Crafted {
  format: Format;
  label: string;
  /** File name inside hostile/ (its extension decides the loader). */
  name: string;
  content: () => string;
  expect: Omit<CaseExpectation, 'hostile'>;
}

export const COMPANIONS: Record<Format, string> = {
  snapshot: 'S3L001/fail/snapshot-no-lifecycle',
  'cfn-yaml': 'S3L001/fail/cfn-yaml-no-abort',
  'cfn-json': 'S3L002/fail/cfn-json-no-bpa',
  terraform: 'S3L001/fail/terraform-count-no-lifecycle',
  'terraform-json': 'S3L001/fail/terraform-count-no-lifecycle',
};

const DEPTH = 10_000;
const FIVE_MB = 5 * 1024 * 1024;
const big = (): string => 'a'.repeat(FIVE_MB);
const open = (s: string): string => s.repeat(DEPTH);

const snapshot = (bucket: string): string => `{\n  "s3lintSnapshot": 1,\n  "buckets": [\n    ${bucket}\n  ]\n}\n`;
const cfnYaml = (properties: string): string =>
  `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Hostile:\n    Type: AWS::S3::Bucket\n    Properties:\n${properties}\n`;
const cfnJson = (properties: string): string =>
  `{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n    "Hostile": {\n      "Type": "AWS::S3::Bucket",\n      "Properties": ${properties}\n    }\n  }\n}\n`;
const tf = (body: string): string => `resource "aws_s3_bucket" "hostile" {\n${body}\n}\n`;
const tfJson = (body: string): string => `{\n  "resource": {\n    "aws_s3_bucket": {\n      "hostile": ${body}\n    }\n  }\n}\n`;

const deep = { needsPosition: true };
const dup = { mustFail: true, needsPosition: true, messageMatches: /duplicate|redefined|already|unique/i };

/** A billion-laughs document: 9 levels of 9 aliases each (9^9 nodes once expanded). */
function aliasBomb(): string {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Metadata:', '  l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= 9; i++) lines.push(`  l${i}: &l${i} [${Array.from({ length: 9 }, () => `*l${i - 1}`).join(',')}]`);
  lines.push('Resources:', '  Hostile:', '    Type: AWS::S3::Bucket', '    Properties:', '      Tags:', '        - Key: bomb', '          Value: *l9');
  return lines.join('\n') + '\n';
}

/** Many aliases of one large anchor: linear to parse, quadratic to expand naively. */
function aliasFanOut(): string {
  const anchor = Array.from({ length: 20_000 }, (_, i) => `"v${i}"`).join(',');
  const refs = Array.from({ length: 100 }, (_, i) => `  r${i}: *big`).join('\n');
  return `AWSTemplateFormatVersion: "2010-09-09"\nMetadata:\n  big: &big [${anchor}]\n${refs}\nResources:\n  Hostile:\n    Type: AWS::S3::Bucket\n`;
}

export const CRAFTED: Crafted[] = [
  // 10,000-deep nesting
  { format: 'snapshot', label: '10,000-deep arrays', name: 'deep.s3lint.json', content: () => snapshot(`{ "name": "deep", "tags": ${open('[')}${open(']')} }`), expect: deep },
  { format: 'snapshot', label: '10,000-deep objects', name: 'deep.s3lint.json', content: () => snapshot(`{ "name": "deep", "tags": ${open('{"a":')}1${open('}')} }`), expect: deep },
  {
    format: 'snapshot',
    label: 'a policy string nested 10,000 deep',
    name: 'deep.s3lint.json',
    content: () => snapshot(JSON.stringify({ name: 'deep-policy', policy: `{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::deep-policy/*", "Condition": {"StringEquals": {"aws:x": ${open('[')}${open(']')}}}}]}` })),
    expect: { mustParse: true },
  },
  {
    format: 'snapshot',
    label: 'a policy document nested 400 deep (under the limit)',
    name: 'deep.s3lint.json',
    content: () =>
      snapshot(`{"name": "deep-policy", "policy": {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::deep-policy/*", "Condition": {"StringEquals": {"aws:x": ${'{"a": '.repeat(400)}1${'}'.repeat(400)}}}}]}}`),
    expect: { mustParse: true },
  },
  { format: 'cfn-json', label: '10,000-deep arrays', name: 'deep.json', content: () => cfnJson(`{ "Tags": ${open('[')}${open(']')} }`), expect: deep },
  { format: 'cfn-yaml', label: '10,000-deep flow sequences', name: 'deep.yaml', content: () => cfnYaml(`      Tags: ${open('[')}${open(']')}`), expect: deep },
  { format: 'cfn-yaml', label: '10,000-deep flow mappings', name: 'deep.yaml', content: () => cfnYaml(`      Tags: ${open('{a: ')}1${open('}')}`), expect: deep },
  { format: 'cfn-yaml', label: '10,000-deep compact block sequences', name: 'deep.yaml', content: () => cfnYaml(`      Tags:\n        ${open('- ')}x`), expect: deep },
  {
    format: 'cfn-yaml',
    label: '2,000-deep block mappings (one space per level)',
    name: 'deep.yaml',
    content: () => cfnYaml(Array.from({ length: 2000 }, (_, i) => `${' '.repeat(6 + i)}k:`).join('\n') + ' x'),
    expect: deep,
  },
  { format: 'cfn-yaml', label: '10,000 nested short-form intrinsics', name: 'deep.yaml', content: () => cfnYaml(`      BucketName: ${open('!Base64 ')}x`), expect: deep },
  { format: 'terraform', label: '10,000-deep tuples', name: 'deep.tf', content: () => tf(`  bucket = "deep"\n  tags = ${open('[')}${open(']')}`), expect: deep },
  { format: 'terraform', label: '10,000-deep objects', name: 'deep.tf', content: () => tf(`  bucket = "deep"\n  tags = ${open('{a = ')}1${open('}')}`), expect: deep },
  { format: 'terraform', label: '10,000-deep parentheses', name: 'deep.tf', content: () => tf(`  bucket = ${open('(')}"deep"${open(')')}`), expect: deep },
  { format: 'terraform', label: '10,000-deep nested blocks', name: 'deep.tf', content: () => tf(`  bucket = "deep"\n${open('  a {\n')}${open('  }\n')}`), expect: deep },
  { format: 'terraform', label: '10,000-deep template interpolations', name: 'deep.tf', content: () => tf(`  bucket = ${open('"${')}"x"${open('}"')}`), expect: deep },
  { format: 'terraform', label: '10,000 chained unary operators', name: 'deep.tf', content: () => tf(`  force_destroy = ${open('!')}true`), expect: deep },
  {
    format: 'terraform',
    label: 'a bucket policy heredoc nested 10,000 deep',
    name: 'deep.tf',
    content: () =>
      tf('  bucket = "deep"') +
      `resource "aws_s3_bucket_policy" "deep" {
  bucket = aws_s3_bucket.hostile.id
  policy = <<EOF
{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:x": ${open('[')}${open(']')}}}}]}
EOF
}
`,
    expect: deep,
  },
  { format: 'terraform-json', label: '10,000-deep arrays', name: 'deep.tf.json', content: () => tfJson(`{ "bucket": "deep", "tags": ${open('[')}${open(']')} }`), expect: deep },

  // 5 MB strings and unterminated constructs
  { format: 'snapshot', label: 'a 5 MB tag value', name: 'big.s3lint.json', content: () => snapshot(`{ "name": "big", "tags": { "t": "${big()}" } }`), expect: { mustParse: true } },
  { format: 'cfn-yaml', label: 'a 5 MB plain scalar', name: 'big.yaml', content: () => cfnYaml(`      BucketName: ${big()}`), expect: { mustParse: true } },
  { format: 'cfn-yaml', label: 'a 5 MB double-quoted scalar', name: 'big.yaml', content: () => cfnYaml(`      BucketName: "${big()}"`), expect: { mustParse: true } },
  { format: 'cfn-json', label: 'a 5 MB string', name: 'big.json', content: () => cfnJson(`{ "BucketName": "${big()}" }`), expect: { mustParse: true } },
  { format: 'terraform', label: 'a 5 MB string', name: 'big.tf', content: () => tf(`  bucket = "${big()}"`), expect: { mustParse: true } },
  { format: 'terraform', label: 'a 5 MB heredoc', name: 'big.tf', content: () => tf(`  bucket = <<EOT\n${big()}\nEOT`), expect: { mustParse: true } },
  { format: 'terraform', label: 'a 5 MB comment', name: 'big.tf', content: () => `/* ${big()} */\n` + tf('  bucket = "commented"'), expect: { mustParse: true } },
  { format: 'terraform-json', label: 'a 5 MB string', name: 'big.tf.json', content: () => tfJson(`{ "bucket": "${big()}" }`), expect: { mustParse: true } },
  { format: 'terraform', label: 'an unterminated 5 MB string', name: 'open.tf', content: () => tf(`  bucket = "${big()}`), expect: { mustFail: true, needsPosition: true } },
  { format: 'terraform', label: 'an unterminated 5 MB comment', name: 'open.tf', content: () => `/* ${big()}`, expect: { mustFail: true, needsPosition: true } },
  { format: 'terraform', label: 'an unterminated 5 MB heredoc', name: 'open.tf', content: () => tf(`  bucket = <<EOT\n${big()}\n`), expect: { mustFail: true, needsPosition: true } },
  { format: 'cfn-yaml', label: 'an unterminated 5 MB quoted scalar', name: 'open.yaml', content: () => cfnYaml(`      BucketName: "${big()}`), expect: { mustFail: true, needsPosition: true } },
  { format: 'cfn-json', label: 'an unterminated 5 MB string', name: 'open.json', content: () => cfnJson(`{ "BucketName": "${big()}`), expect: { mustFail: true, needsPosition: true } },
  // Regex sniffers must stay linear: 5 MB of blank lines is not a template (explicitly named: "not a recognised input").
  { format: 'cfn-yaml', label: '5 MB of blank lines', name: 'blank.yaml', content: () => '\n'.repeat(FIVE_MB), expect: {} },
  { format: 'cfn-yaml', label: '5 MB of spaces and newlines before a Resources key', name: 'blank.yaml', content: () => ' \n'.repeat(FIVE_MB / 2) + 'Resources:\n', expect: {} },
  { format: 'cfn-json', label: '5 MB of whitespace', name: 'blank.json', content: () => ' \n\t'.repeat(FIVE_MB / 3), expect: {} },
  { format: 'terraform', label: '5 MB of blank lines', name: 'blank.tf', content: () => '\n'.repeat(FIVE_MB), expect: { mustParse: true } },

  // Duplicate keys: which one deploys is ambiguous
  { format: 'snapshot', label: 'a duplicate key', name: 'dup.s3lint.json', content: () => snapshot('{ "name": "one", "name": "two" }'), expect: dup },
  { format: 'cfn-json', label: 'a duplicate resource id', name: 'dup.json', content: () => `{"Resources": {"A": {"Type": "AWS::S3::Bucket"}, "A": {"Type": "AWS::S3::Bucket"}}}`, expect: dup },
  { format: 'cfn-yaml', label: 'a duplicate property', name: 'dup.yaml', content: () => cfnYaml('      BucketName: one\n      BucketName: two'), expect: dup },
  { format: 'terraform', label: 'a duplicate argument', name: 'dup.tf', content: () => tf('  bucket = "one"\n  bucket = "two"'), expect: dup },
  {
    format: 'terraform',
    label: 'a duplicate resource',
    name: 'dup.tf',
    content: () => tf('  bucket = "one"') + tf('  bucket = "two"'),
    expect: dup,
  },
  { format: 'terraform-json', label: 'a duplicate key', name: 'dup.tf.json', content: () => tfJson('{ "bucket": "one", "bucket": "two" }'), expect: dup },

  // YAML alias bombs
  { format: 'cfn-yaml', label: 'a billion-laughs alias bomb', name: 'bomb.yaml', content: aliasBomb, expect: { mustFail: true, needsPosition: true, messageMatches: /alias/i } },
  { format: 'cfn-yaml', label: '100 aliases of a 20,000-item anchor', name: 'fanout.yaml', content: aliasFanOut, expect: { needsPosition: true } },

  // Prototype keys: no pollution, no crash, no lookup of inherited members
  {
    format: 'snapshot',
    label: '__proto__ and constructor keys',
    name: 'proto.s3lint.json',
    content: () => `{"s3lintSnapshot": 1, "__proto__": {"polluted": true}, "buckets": [{"name": "proto", "constructor": {"polluted": true}, "tags": {"__proto__": "x", "constructor": "y", "toString": "z"}}]}`,
    expect: { needsPosition: true },
  },
  {
    format: 'snapshot',
    label: 'prototype keys as bucket names and policy fields',
    name: 'proto.s3lint.json',
    content: () =>
      snapshot(`{"name": "__proto__", "tags": {"__proto__": "x"}, "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"__proto__": "*", "constructor": "*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::__proto__/*", "Condition": {"__proto__": {"constructor": "x"}, "toString": {"valueOf": "y"}}}]}}`),
    expect: { needsPosition: true },
  },
  {
    format: 'cfn-json',
    label: 'prototype keys as logical ids, parameters and mappings',
    name: 'proto.json',
    content: () =>
      JSON.stringify({
        AWSTemplateFormatVersion: '2010-09-09',
        Parameters: { constructor: { Type: 'String' } },
        Mappings: { toString: { valueOf: { hasOwnProperty: 'x' } } },
        Conditions: { __proto__cond: { 'Fn::Equals': [{ Ref: 'constructor' }, 'x'] } },
        Resources: {
          constructor: { Type: 'AWS::S3::Bucket', Properties: { BucketName: { 'Fn::FindInMap': ['toString', 'valueOf', 'hasOwnProperty'] } } },
          toString: { Type: 'AWS::S3::Bucket', Properties: { BucketName: { Ref: 'valueOf' }, Tags: [{ Key: '__proto__', Value: { 'Fn::GetAtt': ['hasOwnProperty', 'Arn'] } }] } },
          Policy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'constructor' }, PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: { 'Fn::Sub': '${toString.Arn}/*' } }] } } },
        },
      }).replace('"__proto__cond"', '"__proto__"'),
    expect: { needsPosition: true },
  },
  {
    format: 'cfn-yaml',
    label: 'prototype keys and references to inherited names',
    name: 'proto.yaml',
    content: () =>
      'AWSTemplateFormatVersion: "2010-09-09"\nConditions:\n  __proto__: !Equals [!Ref constructor, x]\nResources:\n  __proto__:\n    Type: AWS::S3::Bucket\n    Condition: __proto__\n    Properties:\n      BucketName: !Ref toString\n      Tags:\n        - Key: constructor\n          Value: !GetAtt [valueOf, Arn]\n  constructor:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !FindInMap [toString, valueOf, constructor]\n',
    expect: { needsPosition: true },
  },
  {
    format: 'terraform',
    label: 'prototype names for resources, variables, locals and keys',
    name: 'proto.tf',
    content: () =>
      'variable "constructor" {}\nlocals {\n  __proto__ = { polluted = true }\n}\nresource "aws_s3_bucket" "__proto__" {\n  bucket = var.toString\n  tags = { __proto__ = "x", constructor = "y" }\n}\nresource "aws_s3_bucket" "constructor" {\n  bucket = lookup({}, "toString", local.__proto__.polluted ? "a" : "b")\n}\nresource "aws_s3_bucket_policy" "p" {\n  bucket = aws_s3_bucket.__proto__.id\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:*", Resource = "${aws_s3_bucket.constructor.arn}/*" }] })\n}\n',
    expect: { needsPosition: true },
  },
  {
    format: 'terraform-json',
    label: 'prototype names',
    name: 'proto.tf.json',
    content: () => '{"variable": {"constructor": {}}, "locals": {"__proto__": {"polluted": true}}, "resource": {"aws_s3_bucket": {"__proto__": {"bucket": "${var.constructor}"}, "toString": {"bucket": "${local.__proto__}"}}}}',
    expect: { needsPosition: true },
  },
];
