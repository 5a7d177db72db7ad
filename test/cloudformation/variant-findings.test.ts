import { describe, expect, it } from 'vitest';
import { runRules } from '../../src/engine/run.js';
import { mergeConditionVariants } from '../../src/engine/condition-variants.js';
import { estateOf, yaml } from './helpers.js';

describe('merging findings of condition variants', () => {
  const { estate } = estateOf(yaml`
Parameters:
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: data
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
            BucketKeyEnabled: !If [IsProd, true, false]
`);
  // runRules merges the variants' findings (src/engine/condition-variants.ts).
  const merged = runRules(estate, { rules: { S3L001: { enabled: true }, S3L005: { enabled: true } } }).findings;

  it('the rules see one bucket per condition value, and runRules merges their findings back', () => {
    expect(estate.buckets.map((b) => b.address).sort()).toEqual(['template::Data[IsProd=false]', 'template::Data[IsProd=true]']);
  });

  it('a finding of every variant becomes one finding on the base resource, without the assumption', () => {
    const s3l001 = merged.filter((f) => f.ruleId === 'S3L001');
    expect(s3l001).toHaveLength(1);
    expect(s3l001[0]!.resource.address).toBe('template::Data');
    expect(s3l001[0]!.context?.via ?? []).toEqual([]);
  });

  it('a finding of one variant stays, and its message names the condition value that leads to it', () => {
    const s3l005 = merged.filter((f) => f.ruleId === 'S3L005' && f.kind === 'violation');
    expect(s3l005).toHaveLength(1);
    expect(s3l005[0]!.resource.address).toBe('template::Data[IsProd=false]');
    expect(s3l005[0]!.message).toMatch(/\(Only when condition IsProd is false\.\)$/);
    expect(s3l005[0]!.at).toMatchObject({ startLine: 15 });
  });

  it('leaves findings without variants alone', () => {
    const { estate: plain } = estateOf('Resources:\n  B:\n    Type: AWS::S3::Bucket\n');
    const findings = runRules(plain, { rules: { S3L001: { enabled: true } } }).findings;
    expect(mergeConditionVariants(findings, plain)).toBe(findings);
  });
});

describe('merging findings of a resource that exists only under a condition', () => {
  const { estate } = estateOf(yaml`
Parameters:
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  ProdOnly:
    Type: AWS::S3::Bucket
    Condition: IsProd
`);
  const merged = runRules(estate, { rules: { S3L001: { enabled: true } } }).findings;

  it('keeps the assumption every variant shares', () => {
    const f = merged.filter((x) => x.ruleId === 'S3L001');
    expect(f).toHaveLength(1);
    expect(f[0]!.resource.address).toBe('template::ProdOnly[IsProd=true]');
    expect(f[0]!.context?.via?.map((v) => v.label)).toEqual(['assuming condition IsProd is true (its value is unknown)']);
  });
});
