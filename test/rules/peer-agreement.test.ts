/**
 * Agreement of the issue 6 catalog rules (ACL, versioning, logging, MFA delete, CMK, website) with the KICS
 * and Trivy test suites in ../shared/corpus (read in place, never copied). Every peer case must agree with
 * the rule, or be listed in DISAGREEMENTS with the reason from s3-semantics.md; a change in either direction
 * fails the test so the table stays true.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanPaths } from '../../src/engine/scan.js';
import { REPO_ROOT } from '../support/fixtures.js';

const CORPUS = join(REPO_ROOT, '..', 'shared', 'corpus');

const KICS: [query: string, ruleId: string][] = [
  ['terraform/s3_bucket_acl_allows_read_or_write_to_all_users', 'S3L011'],
  ['terraform/s3_bucket_acl_allows_read_to_any_authenticated_user', 'S3L011'],
  ['terraform/s3_bucket_acl_grants_write_acp_permission', 'S3L011'],
  ['terraform/s3_bucket_public_acl_overridden_by_public_access_block', 'S3L011'],
  ['terraform/s3_bucket_logging_disabled', 'S3L017'],
  ['terraform/s3_bucket_without_versioning', 'S3L015'],
  ['terraform/s3_bucket_without_enabled_mfa_delete', 'S3L016'],
  ['terraform/s3_static_website_host_enabled', 'S3L024'],
  ['cloudformation/s3_bucket_acl_allows_read_or_write_to_all_users', 'S3L011'],
  ['cloudformation/s3_bucket_acl_allows_read_to_all_users', 'S3L011'],
  ['cloudformation/s3_bucket_acl_allows_read_to_any_authenticated_user', 'S3L011'],
  ['cloudformation/s3_bucket_logging_disabled', 'S3L017'],
  ['cloudformation/s3_bucket_without_versioning', 'S3L015'],
  ['cloudformation/s3_static_website_host_enabled', 'S3L024'],
];

const TRIVY: [checkDir: string, ruleId: string][] = [
  ['s3/no_public_access_with_acl', 'S3L011'],
  ['s3/enable_logging', 'S3L017'],
  ['s3/enable_versioning', 'S3L015'],
  ['s3/require_mfa_delete', 'S3L016'],
  ['s3/encryption_customer_key', 'S3L019'],
];

const REMOTE_MODULE =
  'uses the registry module terraform-aws-modules/s3-bucket, which is not on disk: s3lint does not download modules and reports the module as not analyzed (KICS maps that module by name)';
const QUERY_SPLIT =
  'KICS splits public ACLs into one query per canned ACL; this negative of one query holds another public canned ACL, which is public by AWS\'s definition (§2.1: any grant to AllUsers or AuthenticatedUsers), so S3L011 reports it';

/** Peer cases where s3lint deliberately disagrees, with the reason. Keys: "kics:<query>/<file>" or "trivy:<file>". */
const DISAGREEMENTS: Record<string, string> = {
  'kics:terraform/s3_bucket_acl_allows_read_or_write_to_all_users/positive3.tf': REMOTE_MODULE,
  'kics:terraform/s3_bucket_acl_allows_read_or_write_to_all_users/positive4.tf': REMOTE_MODULE,
  'kics:terraform/s3_bucket_acl_allows_read_to_any_authenticated_user/positive2.tf': REMOTE_MODULE,
  'kics:terraform/s3_bucket_acl_grants_write_acp_permission/positive1.tf':
    'WRITE_ACP granted to the LogDelivery group: LogDelivery is not public (§2.1); KICS flags WRITE_ACP to any grantee',
  'kics:terraform/s3_bucket_acl_grants_write_acp_permission/positive2.tf':
    'WRITE_ACP granted to the LogDelivery group: LogDelivery is not public (§2.1); KICS flags WRITE_ACP to any grantee',
  'kics:terraform/s3_bucket_public_acl_overridden_by_public_access_block/negative1.tf':
    'public-read-write with IgnorePublicAcls false: the ACL is in effect and public (§1.1, §2.1); the KICS query only reports the neutralised case',
  'kics:terraform/s3_bucket_public_acl_overridden_by_public_access_block/negative3.tf':
    'public-read-write with IgnorePublicAcls false: the ACL is in effect and public (§1.1, §2.1); the KICS query only reports the neutralised case',
  'kics:terraform/s3_bucket_public_acl_overridden_by_public_access_block/positive2.tf': REMOTE_MODULE,
  'kics:terraform/s3_bucket_logging_disabled/positive2.tf': REMOTE_MODULE,
  'kics:terraform/s3_bucket_without_versioning/positive4.tf': REMOTE_MODULE,
  'kics:terraform/s3_bucket_without_versioning/positive5.tf': REMOTE_MODULE,
  'kics:terraform/s3_bucket_without_versioning/positive6.tf': REMOTE_MODULE,
  'kics:terraform/s3_bucket_without_enabled_mfa_delete/positive1.tf':
    'versioning without mfa_delete: the Terraform loader does not record the omitted mfa_delete (default Disabled), and S3L016 reports only what the source states',
  'kics:terraform/s3_bucket_without_enabled_mfa_delete/positive3.tf':
    'versioning without mfa_delete: the Terraform loader does not record the omitted mfa_delete (default Disabled), and S3L016 reports only what the source states',
  'kics:terraform/s3_bucket_without_enabled_mfa_delete/positive4.tf': REMOTE_MODULE,
  'kics:terraform/s3_bucket_without_enabled_mfa_delete/positive5.tf': REMOTE_MODULE,
  'kics:terraform/s3_bucket_without_enabled_mfa_delete/positive6.tf': REMOTE_MODULE,
  'kics:terraform/s3_bucket_without_enabled_mfa_delete/positive8.tf':
    'versioning without mfa_delete: the Terraform loader does not record the omitted mfa_delete (default Disabled), and S3L016 reports only what the source states',
  'kics:terraform/s3_static_website_host_enabled/positive2.tf': REMOTE_MODULE,
  'kics:cloudformation/s3_bucket_acl_allows_read_or_write_to_all_users/negative3.yaml': QUERY_SPLIT,
  'kics:cloudformation/s3_bucket_acl_allows_read_or_write_to_all_users/negative4.yaml': QUERY_SPLIT,
  'kics:cloudformation/s3_bucket_acl_allows_read_or_write_to_all_users/negative7.json': QUERY_SPLIT,
  'kics:cloudformation/s3_bucket_acl_allows_read_or_write_to_all_users/negative8.json': QUERY_SPLIT,
  'kics:cloudformation/s3_bucket_acl_allows_read_to_all_users/negative3.yaml': QUERY_SPLIT,
  'kics:cloudformation/s3_bucket_acl_allows_read_to_all_users/negative4.yaml': QUERY_SPLIT,
  'kics:cloudformation/s3_bucket_acl_allows_read_to_all_users/negative7.json': QUERY_SPLIT,
  'kics:cloudformation/s3_bucket_acl_allows_read_to_all_users/negative8.json': QUERY_SPLIT,
  'kics:cloudformation/s3_bucket_acl_allows_read_to_any_authenticated_user/negative3.yaml': QUERY_SPLIT,
  'kics:cloudformation/s3_bucket_acl_allows_read_to_any_authenticated_user/negative4.yaml': QUERY_SPLIT,
  'kics:cloudformation/s3_bucket_acl_allows_read_to_any_authenticated_user/negative7.json': QUERY_SPLIT,
  'kics:cloudformation/s3_bucket_acl_allows_read_to_any_authenticated_user/negative8.json': QUERY_SPLIT,
};

interface PeerCase {
  key: string;
  file: string;
  ruleId: string;
  /** The peer's verdict: the file must raise its check (true) or must not (false). */
  peerFlags: boolean;
}

function peerCases(): PeerCase[] {
  const cases: PeerCase[] = [];
  for (const [query, ruleId] of KICS) {
    const dir = join(CORPUS, 'kics', query, 'test');
    for (const name of readdirSync(dir).sort()) {
      if (!/^(positive|negative)\d*\.(tf|ya?ml|json)$/.test(name)) continue;
      cases.push({ key: `kics:${query}/${name}`, file: join(dir, name), ruleId, peerFlags: name.startsWith('positive') });
    }
  }
  const manifest = JSON.parse(readFileSync(join(CORPUS, 'trivy', 'manifest.json'), 'utf8')) as {
    checks: { check_file: string; examples: Record<string, { good?: string[]; bad?: string[] } | undefined> }[];
  };
  for (const [checkDir, ruleId] of TRIVY) {
    const check = manifest.checks.find((c) => c.check_file.endsWith(`/${checkDir.split('/')[1]}.rego`));
    for (const examples of Object.values(check?.examples ?? {})) {
      for (const f of examples?.bad ?? []) cases.push({ key: `trivy:${f}`, file: join(CORPUS, 'trivy', f), ruleId, peerFlags: true });
      for (const f of examples?.good ?? []) cases.push({ key: `trivy:${f}`, file: join(CORPUS, 'trivy', f), ruleId, peerFlags: false });
    }
  }
  return cases;
}

/** Scans the peer file alone (a copy in a temporary directory) with the rule enabled. */
async function flags(c: PeerCase): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 's3lint-peer-'));
  try {
    copyFileSync(c.file, join(dir, basename(c.file)));
    const result = await scanPaths(['.'], { load: { cwd: dir }, config: { rules: { [c.ruleId]: { enabled: true } } } });
    return result.findings.some((f) => f.ruleId === c.ruleId && f.kind === 'violation');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.runIf(existsSync(CORPUS))('agreement with the KICS and Trivy suites (issue 6 catalog rules)', () => {
  const cases = peerCases();

  it('covers the peer cases of every mapped check', () => {
    expect(cases.length).toBeGreaterThan(140);
    for (const key of Object.keys(DISAGREEMENTS)) expect(cases.some((c) => c.key === key), key).toBe(true);
  });

  it('agrees on every case except the justified ones', async () => {
    const unexpected: string[] = [];
    let agreed = 0;
    for (const c of cases) {
      const ours = await flags(c);
      const disagreement = DISAGREEMENTS[c.key];
      if (ours === c.peerFlags) {
        agreed++;
        if (disagreement) unexpected.push(`${c.key}: now agrees (${c.ruleId}); remove it from DISAGREEMENTS`);
      } else if (!disagreement) {
        unexpected.push(`${c.key}: peer ${c.peerFlags ? 'flags' : 'passes'} it, ${c.ruleId} ${ours ? 'flags' : 'passes'} it`);
      }
    }
    expect(unexpected).toEqual([]);
    expect(agreed).toBe(cases.length - Object.keys(DISAGREEMENTS).length);
  }, 120_000);
});
