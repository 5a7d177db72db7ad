import { describe, expect, it } from 'vitest';
import { cloudFormationLoader } from '../../src/loaders/cloudformation/index.js';
import { defaultLoadOptions } from '../../src/loaders/types.js';
import { candidate, estateOf, yaml } from './helpers.js';

const POLICIES = yaml`
Parameters:
  Env:
    Type: String
    Default: prod
Resources:
  Generated:
    Type: AWS::S3::Bucket
  Named:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub '\${Env}-named'
  Joined:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: joined-bucket
  ByRef:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Generated
      PolicyDocument:
        Statement:
          - Effect: Deny
            Principal: '*'
            Action: 's3:*'
            Resource: !Sub '\${Generated.Arn}/*'
  BySub:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Sub '\${Env}-named'
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Deny
            Principal: '*'
            Action: 's3:*'
            Resource:
              - !GetAtt Named.Arn
              - !Sub 'arn:\${AWS::Partition}:s3:::\${Named}/*'
            Condition:
              StringNotEquals:
                aws:SourceVpce: !Ref Endpoint
  ByJoin:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Join ['-', [joined, bucket]]
      PolicyDocument: '{"Statement": []}'
  Elsewhere:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: other-stack-bucket
      PolicyDocument:
        Statement: []
  Endpoint:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      VpcId: vpc-1
      ServiceName: !Sub 'com.amazonaws.\${AWS::Region}.s3'
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: 's3:GetObject'
            Resource: 'arn:aws:s3:::prod-named/*'
  DynamoEndpoint:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      VpcId: vpc-1
      ServiceName: com.amazonaws.us-east-1.dynamodb
`;

describe('bucket policy linking', () => {
  const out = estateOf(POLICIES);
  const byAddress = (id: string) => out.estate.buckets.find((b) => b.address === `template::${id}`)!;

  it('links by Ref to a bucket whose name is generated at deploy; its own ARN stays an unknown marker', () => {
    const policy = byAddress('Generated').policy;
    expect(policy).toMatchObject({ known: true, at: { startLine: 20 } });
    const json = policy.known ? (policy.value?.json as { Statement: { Resource: unknown }[] }) : undefined;
    expect(json?.Statement[0]?.Resource).toMatchObject({ '$s3lint:unknown': expect.stringMatching(/generates its name/) });
  });

  it('links by a Fn::Sub of the name and evaluates !GetAtt / !Sub ARNs as deployed', () => {
    const policy = byAddress('Named').policy;
    expect(policy.known && policy.value?.json).toMatchObject({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Resource: ['arn:aws:s3:::prod-named', 'arn:aws:s3:::prod-named/*'],
          Condition: { StringNotEquals: { 'aws:SourceVpce': { '$s3lint:unknown': expect.stringMatching(/Endpoint/) } } },
        },
      ],
    });
    expect(policy.known && policy.value?.locations?.['/Statement/0/Resource/1']).toMatchObject({ startLine: 38 });
  });

  it('links by a Fn::Join of the name; a policy document given as a JSON string is parsed', () => {
    expect(byAddress('Joined').policy).toMatchObject({ known: true, value: { json: { Statement: [] } } });
  });

  it('keeps a policy for a bucket declared elsewhere for cross-template linking', () => {
    expect(out.detachedPolicies.map((p) => [p.address, p.bucketName])).toEqual([
      ['template::Elsewhere', expect.objectContaining({ known: true, value: 'other-stack-bucket' })],
    ]);
  });

  it('keeps S3 VPC endpoints, with a Region-less S3 service name still recognised', () => {
    expect(out.estate.vpcEndpoints.map((e) => e.address)).toEqual(['template::Endpoint']);
    const e = out.estate.vpcEndpoints[0]!;
    expect(e.serviceName).toMatchObject({ known: true, value: 'com.amazonaws.${AWS::Region}.s3' });
    expect(e.type).toMatchObject({ value: 'Gateway', implicit: true });
    expect(e.policy).toMatchObject({ known: true, value: { json: { Statement: [{ Action: 's3:GetObject' }] } } });
    expect(e.id.known).toBe(false);
  });
});

describe('conditions that cannot be decided', () => {
  const text = yaml`
Parameters:
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: !If [IsProd, Enabled, Suspended]
  Other:
    Type: AWS::S3::Bucket
  ProdOnly:
    Type: AWS::S3::Bucket
    Condition: IsProd
`;
  const out = estateOf(text);

  it('builds one bucket per value of the condition, named after it, with the assumption in context', () => {
    expect(out.estate.buckets.map((b) => b.address).sort()).toEqual([
      'template::Data[IsProd=false]',
      'template::Data[IsProd=true]',
      'template::Other',
      'template::ProdOnly[IsProd=true]',
    ]);
    const off = out.estate.buckets.find((b) => b.address.endsWith('[IsProd=false]'))!;
    expect(off.versioning).toMatchObject({ value: { status: { value: 'Suspended' } } });
    expect(off.context?.via).toEqual([{ label: 'assuming condition IsProd is false (its value is unknown)', at: expect.objectContaining({ startLine: 5 }) }]);
  });

  it('a given parameter decides the condition: one bucket', () => {
    const decided = estateOf(text, { Env: 'dev' });
    expect(decided.estate.buckets.map((b) => b.address).sort()).toEqual(['template::Data', 'template::Other']);
  });
});

describe('other resources', () => {
  const out = estateOf(yaml`
Resources:
  Data:
    Type: AWS::S3::Bucket
  AccessPoint:
    Type: AWS::S3::AccessPoint
    Properties:
      Bucket: !Ref Data
      Name: data-ap
      VpcConfiguration:
        VpcId: vpc-123
  Org:
    Type: AWS::Organizations::Policy
    Properties:
      Name: bpa
      Type: S3_POLICY
      TargetIds: [r-root]
      Content: '{"s3_attributes":{"public_access_block_configuration":{"@@assign":"none"}}}'
  Scp:
    Type: AWS::Organizations::Policy
    Properties:
      Name: scp
      Type: SERVICE_CONTROL_POLICY
      Content: {}
  Stream:
    Type: AWS::KinesisFirehose::DeliveryStream
    Properties:
      ExtendedS3DestinationConfiguration:
        BucketARN: !GetAtt Data.Arn
        RoleARN: arn:aws:iam::1:role/r
  Dms:
    Type: AWS::DMS::Endpoint
    Properties:
      EndpointType: target
      EngineName: s3
      S3Settings:
        BucketName: !Ref Data
        DatePartitionEnabled: true
        DatePartitionSequence: YYYYMMDDHH
  Table:
    Type: AWS::Glue::Table
    Properties:
      CatalogId: '1'
      DatabaseName: db
      TableInput:
        Parameters:
          projection.enabled: 'true'
          projection.dt.type: date
          projection.dt.format: yyyy/MM/dd
          storage.location.template: s3://external-bucket/events/\${dt}/
`);

  it('access point linked to its bucket (address when the name is generated) with VPC origin', () => {
    expect(out.estate.accessPoints).toMatchObject([
      { address: 'template::AccessPoint', name: { value: 'data-ap' }, bucket: { value: 'template::Data' }, networkOrigin: { value: 'VPC' }, vpcId: { value: 'vpc-123' } },
    ]);
  });

  it('only S3_POLICY organization policies become account entries', () => {
    expect(out.estate.accounts).toMatchObject([{ address: 'template::Org', organizationPublicAccessBlock: { known: true, value: 'none' } }]);
  });

  it('key producers: Firehose default prefix, DMS date partitions, Glue projection', () => {
    const kinds = out.estate.keyProducers.map((p) => [p.kind, p.bucket.known ? p.bucket.value : 'unknown']);
    expect(kinds).toEqual([
      ['firehose', 'template::Data'],
      ['dms', 'template::Data'],
      ['glue', 'external-bucket'],
    ]);
    const firehose = out.estate.keyProducers[0]!;
    expect(firehose.evidence[0]).toMatchObject({ source: 'firehose', template: { known: true, value: '{date:yyyy/MM/dd/HH}/', implicit: true } });
    expect(out.estate.keyProducers[1]!.evidence[0]!.template).toMatchObject({ value: expect.stringContaining('{date:yyyy/MM/dd/HH}') });
    expect(out.estate.keyProducers[2]!.evidence[0]!.template).toMatchObject({ value: 'events/{date:yyyy/MM/dd}/' });
  });

  it('the linked bucket carries the producers evidence', () => {
    const data = out.estate.buckets.find((b) => b.address === 'template::Data')!;
    expect(data.keyLayouts.map((k) => k.source)).toEqual(['firehose', 'firehose-error', 'dms']);
  });
});

describe('loader', () => {
  const options = defaultLoadOptions('/virtual');

  it('claims templates by extension and content, nothing else', () => {
    expect(cloudFormationLoader.claims(candidate('a.yaml', "AWSTemplateFormatVersion: '2010-09-09'\n"))).toBe(true);
    expect(cloudFormationLoader.claims(candidate('a.template', '{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}'))).toBe(true);
    expect(cloudFormationLoader.claims(candidate('a.yml', 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n'))).toBe(true);
    expect(cloudFormationLoader.claims(candidate('ci.yml', 'jobs:\n  build:\n    runs-on: ubuntu-latest\n'))).toBe(false);
    expect(cloudFormationLoader.claims(candidate('package.json', '{"name": "x"}'))).toBe(false);
    expect(cloudFormationLoader.claims(candidate('main.tf', 'AWSTemplateFormatVersion'))).toBe(false);
  });

  it('a template that fails to parse is an input error with file, line and column; others still load', async () => {
    const bad = candidate('bad.yaml', "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Type: AWS::S3::Bucket\n");
    const good = candidate('good.json', '{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}');
    const r = await cloudFormationLoader.load([bad, good], options);
    expect(r.errors).toMatchObject([{ file: 'bad.yaml', line: 5, column: 5, level: 'error' }]);
    expect(r.files).toEqual(['good.json']);
    expect(r.estate.buckets.map((b) => b.address)).toEqual(['good::B']);
  });

  it('skips oversized files with a note', async () => {
    const big = { ...candidate('big.yaml', 'AWSTemplateFormatVersion: x\n'), size: 11 * 1024 * 1024 };
    const r = await cloudFormationLoader.load([big], options);
    expect(r.errors).toMatchObject([{ file: 'big.yaml', level: 'note' }]);
  });

  it('attaches a policy to a bucket declared in another template, by name', async () => {
    const buckets = candidate('buckets.yaml', 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: shared\n');
    const policies = candidate('policies.yaml', "Resources:\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: shared\n      PolicyDocument: {Statement: []}\n");
    const r = await cloudFormationLoader.load([buckets, policies], options);
    expect(r.estate.buckets).toHaveLength(1);
    expect(r.estate.buckets[0]!.policy).toMatchObject({ known: true, value: { json: { Statement: [] }, at: { file: 'policies.yaml', startLine: 6 } } });
  });

  it('attaches the first of two policies naming one bucket; the second stands for a bucket of its own', async () => {
    const buckets = candidate('buckets.yaml', 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: shared\n');
    const policy = (name: string) => candidate(`${name}.yaml`, "Resources:\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: shared\n      PolicyDocument: {Statement: []}\n");
    const r = await cloudFormationLoader.load([buckets, policy('first'), policy('second')], options);
    expect(r.estate.buckets.map((b) => [b.address, b.policy.known && b.policy.value?.at])).toEqual([
      ['buckets::B', expect.objectContaining({ file: 'first.yaml' })],
      ['second::P', expect.objectContaining({ file: 'second.yaml' })],
    ]);
  });

  it('a policy for an undeclared bucket stands for that bucket, other settings unknown', async () => {
    const policies = candidate('p.yaml', "Resources:\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !ImportValue shared-bucket\n      PolicyDocument: {Statement: []}\n");
    const r = await cloudFormationLoader.load([policies], options);
    expect(r.estate.buckets).toMatchObject([{ address: 'p::P', name: { known: false }, versioning: { known: false }, policy: { known: true } }]);
  });
});
