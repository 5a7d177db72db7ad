/** Shared helpers of the live-audit tests. */
import type { EngineConfig } from '../../src/engine/config.js';
import { resolveRules } from '../../src/engine/config.js';
import type { Finding } from '../../src/engine/finding.js';
import { allRules } from '../../src/engine/registry.js';
import { defaultAuditConfig, type AuditConfig } from '../../src/loaders/aws/audit.js';
import { needsForRules } from '../../src/loaders/aws/requirements.js';
import { TEST_CREDENTIALS } from './moto.js';

/** The rules the moto scenario covers; other rules are switched off so their arrival does not change these tests. */
export const CORE_RULES = ['S3L001', 'S3L002', 'S3L003', 'S3L005'];

export function onlyRules(ids: readonly string[]): EngineConfig {
  return { rules: Object.fromEntries(allRules().map((r) => [r.meta.id, { enabled: ids.includes(r.meta.id) }])) };
}

export const CORE_CONFIG = onlyRules(CORE_RULES);

export function auditConfigFor(endpoint: string, engine: EngineConfig, overrides: Partial<AuditConfig> = {}): AuditConfig {
  return defaultAuditConfig({
    endpointUrl: endpoint,
    credentials: async () => ({ ...TEST_CREDENTIALS }),
    needs: needsForRules(resolveRules(engine).map((r) => r.rule.meta.id)),
    ...overrides,
  });
}

/** One line per finding: what a reviewer compares. */
export function findingLine(f: Finding): string {
  const at = f.at.kind === 'api' ? `${f.at.call} ${f.at.resource}` : `${f.at.file}:${f.at.startLine}`;
  return `${f.ruleId} ${f.kind} ${f.resource.address} ${f.path} @ ${at}`;
}

/** The same line without the location, to compare an audit with its saved snapshot checked offline. */
export function findingIdentity(f: Finding): string {
  return `${f.ruleId} ${f.kind} ${f.resource.address} ${f.path} ${f.fingerprint}`;
}

/** The violations of the core scenario (test/aws/seed.ts), sorted. */
export const CORE_EXPECTED = [
  'S3L001 violation arn:aws:s3:::audit-lifecycle-no-abort lifecycle.abortIncompleteMultipartUpload @ GetBucketLifecycleConfiguration arn:aws:s3:::audit-lifecycle-no-abort',
  'S3L001 violation arn:aws:s3:::audit-no-config lifecycle @ ListBuckets arn:aws:s3:::audit-no-config',
  'S3L002 violation arn:aws:s3:::audit-no-config publicAccessBlock @ ListBuckets arn:aws:s3:::audit-no-config',
  'S3L002 violation arn:aws:s3:::audit-partial-bpa publicAccessBlock.blockPublicPolicy @ GetPublicAccessBlock arn:aws:s3:::audit-partial-bpa',
  'S3L003 violation account:123456789012 publicAccessBlock.blockPublicPolicy @ GetPublicAccessBlock arn:aws:iam::123456789012:root',
  'S3L003 violation account:123456789012 publicAccessBlock.ignorePublicAcls @ GetPublicAccessBlock arn:aws:iam::123456789012:root',
  'S3L003 violation account:123456789012 publicAccessBlock.restrictPublicBuckets @ GetPublicAccessBlock arn:aws:iam::123456789012:root',
  'S3L005 violation arn:aws:s3:::audit-kms-no-key encryption.rules[0].bucketKeyEnabled @ GetBucketEncryption arn:aws:s3:::audit-kms-no-key',
];

export const CORE_BUCKETS = [
  'audit-clean',
  'audit-clean-eu',
  'audit-kms-no-key',
  'audit-lifecycle-no-abort',
  'audit-no-config',
  'audit-partial-bpa',
];
