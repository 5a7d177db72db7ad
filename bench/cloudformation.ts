/**
 * CloudFormation benchmark (issue 4 acceptance): a generated corpus of templates and one ~1 MB template,
 * scanned by s3lint (load + rules, in process and through the CLI) and by `cfn-lint` (a child process) on the
 * same files. Prints both times and the ratio s3lint / cfn-lint. The 1 MB template should scan in well under
 * a second.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPaths } from '../src/engine/scan.js';
import { runRules } from '../src/engine/run.js';

export const CFN_BENCH_TEMPLATES = 40;
export const CFN_BENCH_BIG_BYTES = 1024 * 1024;
export const CFN_BENCH_BIG_MAX_SECONDS = 1;

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

/** One bucket family: bucket, policy with !Sub/!GetAtt ARNs, conditional settings, a Firehose stream. */
function yamlBucketBlock(id: string, i: number): string {
  return `
  ${id}Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub '\${AWS::StackName}-${id.toLowerCase()}-${i}'
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: true
        IgnorePublicAcls: true
        RestrictPublicBuckets: !If [IsProd, true, false]
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
              KMSMasterKeyID: !Ref KmsKeyArn
            BucketKeyEnabled: ${i % 3 === 0 ? 'false' : 'true'}
      VersioningConfiguration:
        Status: !FindInMap [EnvSettings, !Ref Env, Versioning]
      LifecycleConfiguration:
        Rules:
          - Id: abort-mpu
            Status: Enabled
            AbortIncompleteMultipartUpload:
              DaysAfterInitiation: ${1 + (i % 10)}
          - Id: archive
            Status: Enabled
            Prefix: archive/
            Transitions:
              - StorageClass: GLACIER
                TransitionInDays: 90
      LoggingConfiguration:
        DestinationBucketName: !Ref LogsBucket
        LogFilePrefix: ${id.toLowerCase()}/
      Tags:
        - Key: team
          Value: team-${i % 7}
  ${id}Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref ${id}Bucket
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Sid: DenyInsecureTransport
            Effect: Deny
            Principal: '*'
            Action: 's3:*'
            Resource:
              - !GetAtt ${id}Bucket.Arn
              - !Sub '\${${id}Bucket.Arn}/*'
            Condition:
              Bool:
                aws:SecureTransport: 'false'
          - Sid: OnlyThroughEndpoint
            Effect: Deny
            Principal: '*'
            Action: 's3:*'
            Resource:
              - !GetAtt ${id}Bucket.Arn
              - !Join ['', [!GetAtt ${id}Bucket.Arn, '/*']]
            Condition:
              StringNotEquals:
                aws:SourceVpce: !Ref EndpointId
  ${id}Stream:
    Type: AWS::KinesisFirehose::DeliveryStream
    Properties:
      ExtendedS3DestinationConfiguration:
        BucketARN: !GetAtt ${id}Bucket.Arn
        RoleARN: !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/firehose'
        Prefix: ${i % 2 === 0 ? 'events/' : 'events/!{partitionKeyFromQuery:customer_id}/!{timestamp:yyyy/MM/dd}/'}
        ErrorOutputPrefix: errors/!{firehose:error-output-type}/
${i % 2 === 0 ? '' : '        DynamicPartitioningConfiguration:\n          Enabled: true\n'}  ${id}Queue:
    Type: AWS::SQS::Queue
    Properties:
      MessageRetentionPeriod: 345600
`;
}

function yamlTemplate(families: number, seed: number): string {
  let body = `AWSTemplateFormatVersion: '2010-09-09'
Description: s3lint benchmark template ${seed}
Parameters:
  Env:
    Type: String
    AllowedValues: [prod, dev]
    Default: dev
  KmsKeyArn:
    Type: String
    Default: arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
  EndpointId:
    Type: String
    Default: vpce-1a2b3c4d
Mappings:
  EnvSettings:
    prod:
      Versioning: Enabled
    dev:
      Versioning: Suspended
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  LogsBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub '\${AWS::StackName}-logs-${seed}'
      OwnershipControls:
        Rules:
          - ObjectOwnership: BucketOwnerEnforced
`;
  for (let i = 0; i < families; i++) body += yamlBucketBlock(`F${seed}x${i}`, i);
  return body;
}

/** The same shape as JSON, as CDK writes it. */
function jsonTemplate(families: number, seed: number): string {
  const resources: Record<string, unknown> = {
    LogsBucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: `logs-${seed}` }, Metadata: { 'aws:cdk:path': `Stack${seed}/Logs/Resource` } },
  };
  for (let i = 0; i < families; i++) {
    const id = `J${seed}x${i}`;
    resources[`${id}Bucket`] = {
      Type: 'AWS::S3::Bucket',
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' }, BucketKeyEnabled: i % 2 === 0 }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: { Rules: [{ Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }] },
        LoggingConfiguration: { DestinationBucketName: { Ref: 'LogsBucket' }, LogFilePrefix: `${id}/` },
      },
      Metadata: { 'aws:cdk:path': `Stack${seed}/${id}/Resource` },
    };
    resources[`${id}Policy`] = {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: { Ref: `${id}Bucket` },
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 's3:*',
              Resource: [{ 'Fn::GetAtt': [`${id}Bucket`, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [`${id}Bucket`, 'Arn'] }, '/*']] }],
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      },
    };
  }
  return JSON.stringify({ Resources: resources }, null, 1);
}

export interface Corpus {
  dir: string;
  templates: string[];
  big: string;
  bigBytes: number;
  corpusBytes: number;
}

/** Writes the benchmark corpus under `root` (also used to profile the loader). */
export async function writeCloudFormationCorpus(root: string): Promise<Corpus> {
  const dir = join(root, 'corpus');
  await mkdir(dir, { recursive: true });
  const templates: string[] = [];
  let corpusBytes = 0;
  for (let i = 0; i < CFN_BENCH_TEMPLATES; i++) {
    const isJson = i % 4 === 3;
    const path = join(dir, isJson ? `stack-${i}.template.json` : `stack-${i}.yaml`);
    const text = isJson ? jsonTemplate(4 + (i % 5), i) : yamlTemplate(3 + (i % 6), i);
    await writeFile(path, text);
    corpusBytes += Buffer.byteLength(text);
    templates.push(path);
  }
  const bigDir = join(root, 'big');
  await mkdir(bigDir, { recursive: true });
  let families = 10;
  let text = yamlTemplate(families, 999);
  const perFamily = Buffer.byteLength(text) / families;
  families = Math.ceil(CFN_BENCH_BIG_BYTES / perFamily);
  text = yamlTemplate(families, 999);
  const big = join(bigDir, 'big.yaml');
  await writeFile(big, text);
  return { dir, templates, big, bigBytes: Buffer.byteLength(text), corpusBytes };
}

async function timeInProcess(paths: string[], cwd: string): Promise<{ seconds: number; buckets: number; findings: number }> {
  const start = process.hrtime.bigint();
  const loaded = await loadPaths(paths, { cwd });
  const { findings } = runRules(loaded.estate);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (loaded.errors.some((e) => (e.level ?? 'error') === 'error')) {
    throw new Error(`s3lint reported input errors on the benchmark corpus: ${loaded.errors.map((e) => `${e.file}: ${e.message}`).join('; ')}`);
  }
  return { seconds, buckets: loaded.estate.buckets.length, findings: findings.length };
}

function timeProcess(command: string, args: string[], cwd: string): Promise<{ seconds: number; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 4000) stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ seconds: Number(process.hrtime.bigint() - start) / 1e9, code, stderr }));
  });
}

async function median<T extends { seconds: number }>(runs: number, run: () => Promise<T>): Promise<T> {
  const results: T[] = [];
  for (let i = 0; i < runs; i++) results.push(await run());
  results.sort((a, b) => a.seconds - b.seconds);
  return results[Math.floor(results.length / 2)]!;
}

function fmt(seconds: number): string {
  return seconds < 1 ? `${(seconds * 1000).toFixed(0)} ms` : `${seconds.toFixed(2)} s`;
}

export async function runCloudFormationBench(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 's3lint-cfn-bench-'));
  try {
    const corpus = await writeCloudFormationCorpus(root);
    console.log(`CloudFormation benchmark: ${corpus.templates.length} templates (${(corpus.corpusBytes / 1024).toFixed(0)} KiB) and one ${(corpus.bigBytes / 1024 / 1024).toFixed(2)} MiB template`);

    // Warm-up, so the in-process numbers measure the scan rather than module loading.
    await timeInProcess([corpus.big], root);
    const corpusRun = await median(3, () => timeInProcess([corpus.dir], root));
    const bigRun = await median(3, () => timeInProcess([corpus.big], root));
    console.log(`  s3lint (in process, load + rules)  corpus: ${fmt(corpusRun.seconds)} (${corpusRun.buckets} buckets, ${corpusRun.findings} findings)   1 MB: ${fmt(bigRun.seconds)} (${bigRun.buckets} buckets)`);
    const bigOk = bigRun.seconds < CFN_BENCH_BIG_MAX_SECONDS;
    console.log(`  1 MB template target (< ${CFN_BENCH_BIG_MAX_SECONDS} s): ${bigOk ? 'met' : 'NOT MET'}`);

    let cliCorpus: number | undefined;
    let cliBig: number | undefined;
    if (existsSync(CLI)) {
      cliCorpus = (await median(3, () => timeProcess(process.execPath, [CLI, 'check', '--format', 'json', corpus.dir], root))).seconds;
      cliBig = (await median(3, () => timeProcess(process.execPath, [CLI, 'check', '--format', 'json', corpus.big], root))).seconds;
      console.log(`  s3lint (CLI process)               corpus: ${fmt(cliCorpus)}   1 MB: ${fmt(cliBig)}`);
    } else {
      console.log('  s3lint CLI not built (dist/src/cli/main.js missing): CLI timing skipped');
    }

    const probe = await timeProcess('cfn-lint', ['--version'], root).catch(() => undefined);
    if (!probe || probe.code !== 0) {
      console.log('  cfn-lint not available: comparison skipped');
      return;
    }
    // cfn-lint exits non-zero when it reports anything; only its time matters here.
    const cfnCorpus = await timeProcess('cfn-lint', ['-f', 'parseable', '-r', 'us-east-1', '--', ...corpus.templates], root);
    const cfnBig = await timeProcess('cfn-lint', ['-f', 'parseable', '-r', 'us-east-1', '--', corpus.big], root);
    if (cfnCorpus.code !== null && cfnCorpus.code >= 32) console.log(`  cfn-lint failed (exit ${cfnCorpus.code}): ${cfnCorpus.stderr.split('\n')[0]}`);
    console.log(`  cfn-lint (process)                 corpus: ${fmt(cfnCorpus.seconds)}   1 MB: ${fmt(cfnBig.seconds)}`);
    const ratio = (a: number, b: number): string => `${(a / b).toFixed(3)} (${(b / a).toFixed(1)}x faster)`;
    console.log(`  ratio s3lint/cfn-lint, in process  corpus: ${ratio(corpusRun.seconds, cfnCorpus.seconds)}   1 MB: ${ratio(bigRun.seconds, cfnBig.seconds)}`);
    if (cliCorpus !== undefined && cliBig !== undefined) {
      console.log(`  ratio s3lint/cfn-lint, CLI process corpus: ${ratio(cliCorpus, cfnCorpus.seconds)}   1 MB: ${ratio(cliBig, cfnBig.seconds)}`);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runCloudFormationBench().catch((e: unknown) => {
    console.error((e as Error).message);
    process.exitCode = 1;
  });
}
