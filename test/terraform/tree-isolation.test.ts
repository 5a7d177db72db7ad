/**
 * Root directories do not leak into each other: scanning the whole fixtures tree gives every Terraform case
 * the findings it gets when scanned alone. The fixtures reuse resource addresses (aws_s3_bucket.this, .b...)
 * across directories, so a loader that links by address across roots fails here (before the per-root loader,
 * 34 of the 84 Terraform cases differed).
 *
 * The exceptions are estate-wide facts that rightly change when other cases are scanned with a case: the
 * accounts' Block Public Access, the owner account, the VPC endpoints that exist.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanPaths } from '../../src/engine/scan.js';
import type { Finding } from '../../src/engine/finding.js';
import { FIXTURES_DIR, REPO_ROOT } from '../support/fixtures.js';

const ESTATE_WIDE: Record<string, string> = {
  'fixtures/S3L002/pass/terraform-account-level-covers': "its account's Block Public Access covers the bucket only while it is the estate's only account",
  'fixtures/S3L004/fail/terraform-heredoc-bucket-arn-only': 'other cases declare VPC endpoints, so the endpoint its policy names is checked for existence',
  'fixtures/S3L004/fail/terraform-jsonencode-notaction-tfvars': 'other cases declare VPC endpoints, so the endpoint its policy names is checked for existence',
  'fixtures/S3L023/fail/terraform-partner-s3-star': "the bucket owner's account is known only while the estate has one account",
  'fixtures/S3L023/pass/terraform-partner-named-actions': "the bucket owner's account is known only while the estate has one account",
};

function terraformCases(): string[] {
  const out: string[] = [];
  for (const rule of readdirSync(FIXTURES_DIR).sort()) {
    for (const outcome of ['fail', 'pass']) {
      let names: string[] = [];
      try {
        names = readdirSync(join(FIXTURES_DIR, rule, outcome)).sort();
      } catch {
        continue;
      }
      for (const name of names) if (name.startsWith('terraform')) out.push(`fixtures/${rule}/${outcome}/${name}`);
    }
  }
  return out;
}

const key = (f: Finding): string => `${f.ruleId} ${f.at.kind === 'source' ? `${f.at.file}:${f.at.startLine}` : ''} ${f.message}`;
const violations = (findings: Finding[], dir: string): string[] =>
  findings.filter((f) => f.kind !== 'unknown' && f.at.kind === 'source' && f.at.file.startsWith(`${dir}/`)).map(key).sort();

describe('Terraform root directories scanned together', () => {
  it('give every fixture case the findings it gets alone', { timeout: 120_000 }, async () => {
    const cases = terraformCases();
    expect(cases.length).toBeGreaterThan(50);
    const tree = await scanPaths(['fixtures'], { load: { cwd: REPO_ROOT } });
    const differing: string[] = [];
    for (const dir of cases) {
      const alone = await scanPaths([dir], { load: { cwd: REPO_ROOT } });
      const same = JSON.stringify(violations(alone.findings, dir)) === JSON.stringify(violations(tree.findings, dir));
      if (!same && !(dir in ESTATE_WIDE)) differing.push(dir);
    }
    expect(differing).toEqual([]);
  });
});
