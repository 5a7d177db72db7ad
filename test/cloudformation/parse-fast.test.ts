import { describe, expect, it } from 'vitest';
import { DEFAULT_YAML_LIMITS, parseYamlDocument, parseYamlTemplate } from '../../src/loaders/cloudformation/parse-yaml.js';
import { parseYamlFast } from '../../src/loaders/cloudformation/parse-yaml-fast.js';
import type { CfnNode } from '../../src/loaders/cloudformation/node.js';
import { yaml } from './helpers.js';

/** Values and start positions of every node and key (end positions may differ: trailing newlines). */
function shape(node: CfnNode): unknown {
  const at = `${node.range.startLine}:${node.range.startColumn}`;
  switch (node.kind) {
    case 'scalar':
      return [at, node.value];
    case 'seq':
      return [at, node.items.map(shape)];
    case 'map':
      return [at, node.entries.map((e) => [e.key, `${e.keyRange.startLine}:${e.keyRange.startColumn}`, shape(e.value)])];
  }
}

const SAMPLE = yaml`
# a comment
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String, Default: prod}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Bucket:   # trailing comment
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub '\${Env}-data'
      Tags:
      - Key: a
        Value: 'b'
      - {Key: c, Value: "d"}
      PublicAccessBlockConfiguration: !If
        - IsProd
        - &strict
          BlockPublicAcls: true
          BlockPublicPolicy: yes
        - !Ref AWS::NoValue
      Description: |
        multi
        line
      Other: *strict
      Empty:
      Number: 0x1F
      Float: 1.5
      Null: ~
`;

describe('YAML fast path (js-yaml)', () => {
  it('handles ordinary templates and agrees with the reference path on values and positions', () => {
    const fast = parseYamlFast('t', SAMPLE, DEFAULT_YAML_LIMITS);
    expect(fast).toBeDefined();
    const reference = parseYamlDocument('t', SAMPLE);
    expect('kind' in fast! && 'kind' in reference).toBe(true);
    expect(shape(fast as CfnNode)).toEqual(shape(reference as CfnNode));
  });

  it.each([
    ['merge keys', 'a: &x {k: 1}\nb:\n  <<: *x\n  j: 2\n'],
    ['explicit keys', '? a\n: 1\n'],
    ['unknown tags', 'a: !Foo x\n'],
    ['duplicate keys', 'a: 1\na: 2\n'],
    ['syntax errors', 'a: [1, 2\n'],
    ['several documents', 'a: 1\n---\nb: 2\n'],
  ])('leaves %s to the reference path', (_what, text) => {
    expect(parseYamlFast('t', text, DEFAULT_YAML_LIMITS)).toBeUndefined();
    expect(parseYamlTemplate('t', text)).toEqual(parseYamlDocument('t', text));
  });

  it('applies the alias budget', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const r = parseYamlFast('t', levels.join('\n') + '\n', DEFAULT_YAML_LIMITS);
    expect(r).toMatchObject({ message: expect.stringMatching(/alias bomb/) });
  });
});
