import { describe, expect, it } from 'vitest';
import { plainJson, splitSub } from '../../src/loaders/cloudformation/evaluate.js';
import { child } from '../../src/loaders/cloudformation/node.js';
import type { RNode } from '../../src/loaders/cloudformation/resolved.js';
import { evaluator, yaml } from './helpers.js';

/** Evaluates Outputs.<name>.Value of a template. */
function output(text: string, name: string, inputs: Record<string, string> = {}): RNode {
  const ev = evaluator(text, inputs);
  const node = child(child(child(ev.template.root, 'Outputs'), name), 'Value');
  if (!node) throw new Error(`no output ${name}`);
  return ev.resolve(node);
}

function value(node: RNode): unknown {
  const r = plainJson(node);
  if (!r.ok) throw new Error(`unknown: ${r.reason}`);
  return r.value;
}

const BASE = yaml`
Parameters:
  Env:
    Type: String
    Default: prod
  Team:
    Type: String
  Subnets:
    Type: CommaDelimitedList
    Default: a, b,c
  Version:
    Type: AWS::SSM::Parameter::Value<String>
    Default: /app/version
Mappings:
  Regions:
    prod:
      Bucket: prod-data
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  HasTeam: !Not [!Equals [!Ref Team, '']]
  ProdOrTeam: !Or [!Condition IsProd, !Condition HasTeam]
  ProdAndTeam: !And [!Condition IsProd, !Condition HasTeam]
Resources:
  Named:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub '\${Env}-named'
  Generated:
    Type: AWS::S3::Bucket
  Queue:
    Type: AWS::SQS::Queue
Outputs:
  SubShort: { Value: !Sub 'arn:\${AWS::Partition}:s3:::\${Named}/*' }
  SubLong: { Value: !Sub ['\${A}-\${B}', { A: x, B: !Ref Env }] }
  SubEscape: { Value: !Sub '\${!Literal}-\${Env}' }
  SubUnknown: { Value: !Sub '\${AWS::Region}-logs' }
  Join: { Value: !Join ['/', [a, !Ref Env, !GetAtt Named.Arn]] }
  SelectSplit: { Value: !Select [1, !Split [',', 'x,y,z']] }
  SelectList: { Value: !Select [2, !Ref Subnets] }
  FindInMap: { Value: !FindInMap [Regions, !Ref Env, Bucket] }
  GetAttDotted: { Value: !GetAtt Named.Arn }
  GetAttList: { Value: !GetAtt [Named, DomainName] }
  GetAttGenerated: { Value: !GetAtt Generated.Arn }
  RefGenerated: { Value: !Ref Generated }
  RefQueue: { Value: !Ref Queue }
  Import: { Value: !ImportValue shared-bucket }
  NoDefault: { Value: !Ref Team }
  Ssm: { Value: !Ref Version }
  Partition: { Value: !Ref AWS::Partition }
  Region: { Value: !Ref AWS::Region }
  IfKnown: { Value: !If [IsProd, yes-prod, no-prod] }
  IfUnknown: { Value: !If [HasTeam, team, none] }
  OrShortCircuit: { Value: !If [ProdOrTeam, a, b] }
  AndUnknown: { Value: !If [ProdAndTeam, a, b] }
  Dynamic: { Value: '{{resolve:ssm:/app/name}}' }
  Base64: { Value: !Base64 abc }
  ToJson: { Value: { 'Fn::ToJsonString': { a: [1, 2] } } }
  Length: { Value: { 'Fn::Length': [1, 2, 3] } }
  FindInMapDefault: { Value: !FindInMap [Regions, staging, Bucket, { DefaultValue: fallback }] }
  FindInMapMissing: { Value: !FindInMap [Regions, staging, Bucket] }
  SelectOutOfRange: { Value: !Select [5, [a, b]] }
`;

describe('intrinsic evaluation', () => {
  it('Fn::Sub, short form with resource and pseudo parameters', () => {
    expect(value(output(BASE, 'SubShort'))).toBe('arn:aws:s3:::prod-named/*');
  });
  it('Fn::Sub, long form with a variable map', () => {
    expect(value(output(BASE, 'SubLong'))).toBe('x-prod');
  });
  it('Fn::Sub keeps ${!Literal} as text', () => {
    expect(value(output(BASE, 'SubEscape'))).toBe('${Literal}-prod');
    expect(splitSub('a${!b}c')).toEqual([{ literal: 'a${b}c' }]);
  });
  it('Fn::Sub with an unknown pseudo parameter is unknown with the reason', () => {
    const r = output(BASE, 'SubUnknown');
    expect(r).toMatchObject({ t: 'unknown' });
    expect((r as { reason: string }).reason).toMatch(/AWS::Region/);
  });
  it('Fn::Join of refs and attributes', () => {
    expect(value(output(BASE, 'Join'))).toBe('a/prod/arn:aws:s3:::prod-named');
  });
  it('Fn::Select over Fn::Split and over a CommaDelimitedList parameter', () => {
    expect(value(output(BASE, 'SelectSplit'))).toBe('y');
    expect(value(output(BASE, 'SelectList'))).toBe('c');
  });
  it('Fn::FindInMap with a Ref key', () => {
    expect(value(output(BASE, 'FindInMap'))).toBe('prod-data');
  });
  it('Fn::GetAtt in dotted and list forms', () => {
    expect(value(output(BASE, 'GetAttDotted'))).toBe('arn:aws:s3:::prod-named');
    expect(value(output(BASE, 'GetAttList'))).toBe('prod-named.s3.amazonaws.com');
  });
  it('a bucket without BucketName: unknown, but linked to its logical id', () => {
    for (const name of ['GetAttGenerated', 'RefGenerated']) {
      const r = output(BASE, name);
      expect(r).toMatchObject({ t: 'unknown', origin: { logicalId: 'Generated' } });
      expect((r as { reason: string }).reason).toMatch(/generates its name/);
    }
  });
  it('Ref to another resource is its deploy-time physical id', () => {
    expect(output(BASE, 'RefQueue')).toMatchObject({ t: 'unknown', origin: { logicalId: 'Queue' } });
  });
  it('Fn::ImportValue, parameters without value, SSM parameters and dynamic references are unknown', () => {
    expect((output(BASE, 'Import') as { reason: string }).reason).toMatch(/ImportValue "shared-bucket".*another stack/);
    expect((output(BASE, 'NoDefault') as { reason: string }).reason).toMatch(/parameter Team has no Default/);
    expect((output(BASE, 'Ssm') as { reason: string }).reason).toMatch(/SSM Parameter Store/);
    expect((output(BASE, 'Dynamic') as { reason: string }).reason).toMatch(/resolve:ssm/);
  });
  it('pseudo parameters: Partition is aws, Region unknown unless given', () => {
    expect(value(output(BASE, 'Partition'))).toBe('aws');
    expect(output(BASE, 'Region').t).toBe('unknown');
    expect(value(output(BASE, 'Region', { 'AWS::Region': 'eu-west-1' }))).toBe('eu-west-1');
  });
  it('given parameters override defaults', () => {
    expect(value(output(BASE, 'FindInMap', { Env: 'prod' }))).toBe('prod-data');
    expect(value(output(BASE, 'SubShort', { Env: 'dev' }))).toBe('arn:aws:s3:::dev-named/*');
  });
  it('Fn::If on a decided condition picks the branch', () => {
    expect(value(output(BASE, 'IfKnown'))).toBe('yes-prod');
    expect(value(output(BASE, 'IfKnown', { Env: 'dev' }))).toBe('no-prod');
  });
  it('Fn::If on an undecided condition is unknown and records the condition', () => {
    const ev = evaluator(BASE);
    const node = child(child(child(ev.template.root, 'Outputs'), 'IfUnknown'), 'Value')!;
    const r = ev.resolve(node);
    expect(r.t).toBe('unknown');
    expect((r as { reason: string }).reason).toMatch(/condition HasTeam is unknown \(parameter Team has no Default/);
    expect([...ev.undecided]).toEqual(['HasTeam']);
  });
  it('Fn::Or is true when a known operand is true; Fn::And is undecided when the other operand is', () => {
    expect(value(output(BASE, 'OrShortCircuit'))).toBe('a');
    expect(output(BASE, 'AndUnknown').t).toBe('unknown');
    expect(value(output(BASE, 'AndUnknown', { Env: 'dev' }))).toBe('b');
  });
  it('Fn::Base64, Fn::ToJsonString, Fn::Length', () => {
    expect(value(output(BASE, 'Base64'))).toBe('YWJj');
    expect(value(output(BASE, 'ToJson'))).toBe('{"a":[1,2]}');
    expect(value(output(BASE, 'Length'))).toBe(3);
  });
  it('Fn::FindInMap: DefaultValue (language extensions) when the key is missing, else unknown', () => {
    expect(value(output(BASE, 'FindInMapDefault'))).toBe('fallback');
    expect((output(BASE, 'FindInMapMissing') as { reason: string }).reason).toBe('mapping Regions.staging.Bucket does not exist');
    expect((output(BASE, 'SelectOutOfRange') as { reason: string }).reason).toMatch(/out of range/);
  });
  it('AWS::NoValue removes a map entry and a list item', () => {
    const t = yaml`
Resources:
  X: { Type: AWS::S3::Bucket }
Outputs:
  O:
    Value:
      a: !Ref AWS::NoValue
      b: [1, !Ref AWS::NoValue, 2]
`;
    expect(value(output(t, 'O'))).toEqual({ b: [1, 2] });
  });
});
