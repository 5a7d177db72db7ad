/**
 * Deterministic benchmark corpora (no randomness: the i-th file is a pure function of i).
 * Terraform corpora come from bench/terraform.ts (generateTerraformCorpus); this file adds CloudFormation
 * corpora of any size and single large files for the memory-linearity check.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The Terraform engineer's generator (bench/terraform.ts), loaded by name so this file compiles without it. */
export interface TerraformGenerator {
  terraformBenchFile(i: number): string;
  generateTerraformCorpus(dir: string, count: number): Promise<string[]>;
}

export async function terraformGenerator(): Promise<TerraformGenerator> {
  const specifier = './terraform.js';
  const mod = (await import(specifier).catch(() => ({}))) as Partial<TerraformGenerator>;
  if (typeof mod.terraformBenchFile !== 'function' || typeof mod.generateTerraformCorpus !== 'function') {
    throw new Error('bench/terraform.ts (terraformBenchFile, generateTerraformCorpus) is missing: the Terraform corpus cannot be generated');
  }
  return mod as TerraformGenerator;
}

const TEMPLATES_PER_DIR = 100;

/** A realistic S3 stack: parameters, a condition, 2-3 buckets with policies, lifecycle rules and logging. */
export function cloudFormationYaml(i: number): string {
  const buckets = 2 + (i % 2);
  let out = `AWSTemplateFormatVersion: "2010-09-09"
Description: Data stack ${i}
Parameters:
  Env:
    Type: String
    AllowedValues: [dev, prod]
    Default: ${i % 3 === 0 ? 'prod' : 'dev'}
  KmsKeyArn:
    Type: String
    Default: arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-${String(i).padStart(12, '0')}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  LogBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub '\${AWS::StackName}-logs-${i}'
      OwnershipControls:
        Rules:
          - ObjectOwnership: BucketOwnerPreferred
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: true
        IgnorePublicAcls: true
        RestrictPublicBuckets: true
      LifecycleConfiguration:
        Rules:
          - Id: expire-logs
            Status: Enabled
            ExpirationInDays: 90
`;
  for (let b = 0; b < buckets; b++) {
    const id = `Data${b}`;
    out += `  ${id}Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub '\${AWS::StackName}-data-${i}-${b}'
      VersioningConfiguration:
        Status: ${(i + b) % 4 === 0 ? 'Suspended' : 'Enabled'}
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
              KMSMasterKeyID: !Ref KmsKeyArn
            BucketKeyEnabled: ${(i + b) % 5 === 0 ? 'false' : 'true'}
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: true
        IgnorePublicAcls: true
        RestrictPublicBuckets: !If [IsProd, true, false]
      LoggingConfiguration:
        DestinationBucketName: !Ref LogBucket
        LogFilePrefix: ${id.toLowerCase()}/
      LifecycleConfiguration:
        Rules:
          - Id: tiering
            Status: Enabled
            Prefix: raw/
            Transitions:
              - StorageClass: STANDARD_IA
                TransitionInDays: ${30 + (i % 4) * 30}
              - StorageClass: GLACIER
                TransitionInDays: 365
${(i + b) % 3 === 0 ? '' : `          - Id: abort-multipart
            Status: Enabled
            AbortIncompleteMultipartUpload:
              DaysAfterInitiation: 7
`}      Tags:
        - Key: Stack
          Value: !Ref AWS::StackName
        - Key: Index
          Value: "${i}"
  ${id}Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref ${id}Bucket
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: DenyInsecureTransport
            Effect: Deny
            Principal: "*"
            Action: s3:*
            Resource:
              - !GetAtt ${id}Bucket.Arn
              - !Sub '\${${id}Bucket.Arn}/*'
            Condition:
              Bool:
                aws:SecureTransport: "false"
          - Sid: ReadFromAccount
            Effect: Allow
            Principal:
              AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:root'
            Action: [s3:GetObject, s3:ListBucket]
            Resource:
              - !GetAtt ${id}Bucket.Arn
              - !Join ['', [!GetAtt ${id}Bucket.Arn, '/shared/*']]
`;
  }
  return out;
}

/** The JSON form of a smaller stack (every fourth template: CDK output and hand-written JSON exist too). */
export function cloudFormationJson(i: number): string {
  const bucket = (b: number): Record<string, unknown> => ({
    Type: 'AWS::S3::Bucket',
    Properties: {
      BucketName: { 'Fn::Sub': `\${AWS::StackName}-json-${i}-${b}` },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: [
          { Id: 'abort', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 3 } },
          { Id: 'archive', Status: 'Enabled', Prefix: 'archive/', Transitions: [{ StorageClass: 'DEEP_ARCHIVE', TransitionInDays: 180 }] },
        ],
      },
      ...(b % 2 === 0 ? { PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true } } : {}),
    },
  });
  const resources: Record<string, unknown> = {};
  for (let b = 0; b < 3; b++) {
    resources[`Json${b}Bucket`] = bucket(b);
    resources[`Json${b}Policy`] = {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: { Ref: `Json${b}Bucket` },
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: [{ 'Fn::GetAtt': [`Json${b}Bucket`, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [`Json${b}Bucket`, 'Arn'] }, '/*']] }],
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      },
    };
  }
  return JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Description: `JSON stack ${i}`, Resources: resources }, null, 2) + '\n';
}

/** Writes `count` templates in directories of 100 (three YAML for one JSON); returns their paths. */
export async function generateCloudFormationCorpus(dir: string, count: number): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const sub = join(dir, `stacks-${String(Math.floor(i / TEMPLATES_PER_DIR)).padStart(3, '0')}`);
    if (i % TEMPLATES_PER_DIR === 0) await mkdir(sub, { recursive: true });
    const json = i % 4 === 3;
    const file = join(sub, json ? `stack-${i}.template.json` : `stack-${i}.yaml`);
    await writeFile(file, json ? cloudFormationJson(i) : cloudFormationYaml(i));
    files.push(file);
  }
  return files;
}

/**
 * One large file of about `bytes` bytes made of the corpus's file bodies (Terraform: renamed so that every
 * block stays unique; CloudFormation: one template whose Resources are the stacks' resources).
 */
export async function bigTerraformFile(bytes: number): Promise<string> {
  const { terraformBenchFile } = await terraformGenerator();
  const parts: string[] = ['variable "prefix" {\n  default = "acme"\n}\n\nvariable "tags" {\n  default = { Team = "data" }\n}\n\nvariable "kms_key_arn" {\n  default = "arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555"\n}\n'];
  let size = parts[0]!.length;
  for (let i = 0; size < bytes; i++) {
    const part = terraformBenchFile(i).replace(/module "([^"]+)" \{[\s\S]*?\n\}\n/g, '');
    parts.push(part);
    size += part.length;
  }
  return parts.join('\n');
}

export function bigCloudFormationYaml(bytes: number): string {
  const head = cloudFormationYaml(0);
  const parts = [head];
  let size = head.length;
  for (let i = 1; size < bytes; i++) {
    const resources = cloudFormationYaml(i).split('\nResources:\n')[1]!.replace(/^ {2}(LogBucket|Data\d+Bucket|Data\d+Policy):/gm, `  $1N${i}:`).replace(/!Ref (Data\d+Bucket|LogBucket)\b/g, `!Ref $1N${i}`).replace(/(Data\d+Bucket)\.Arn/g, `$1N${i}.Arn`);
    parts.push(resources);
    size += resources.length;
  }
  return parts.join('');
}
