/**
 * Acceptance: fingerprints survive inserted lines and a renamed directory, change when the offending
 * setting changes; `check --baseline` on an unchanged tree reports zero new findings.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { copyData, type JsonReport } from './support.js';

function scan(cwd: string, dir: string, extra: string[] = []): JsonReport {
  const r = runCli(['check', dir, '--format', 'json', ...extra], { cwd });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as JsonReport;
}

/** ruleId + resource + line → fingerprint, for the violations of the Terraform file and the snapshot. */
function prints(report: JsonReport): Map<string, string> {
  return new Map(report.findings.filter((f) => f.kind === 'violation').map((f) => [`${f.ruleId} ${f.resource.address}`, f.fingerprint]));
}

function edit(file: string, change: (text: string) => string): void {
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

describe('fingerprints', () => {
  it('stay identical after inserting lines above the findings and renaming the directory', () => {
    const root = copyData('baseline', 'repo');
    const before = prints(scan(join(root, 'repo'), 'infra'));
    // Rules added later may report more; these are the ones this test was written against.
    expect([...before.keys()]).toEqual(expect.arrayContaining([
      'S3L001 arn:aws:s3:::acme-legacy',
      'S3L001 aws_s3_bucket.assets',
      'S3L002 aws_s3_bucket.assets',
      'S3L012 aws_s3_bucket.assets',
      'S3L014 aws_s3_bucket.assets',
      'S3L015 arn:aws:s3:::acme-legacy',
      'S3L015 aws_s3_bucket.assets',
      'S3L017 aws_s3_bucket.assets',
      'S3L001 stack::Uploads',
      'S3L002 stack::Uploads',
    ]));
    edit(join(root, 'repo', 'infra', 'main.tf'), (t) => `# Assets bucket.\n# Owned by the web team.\n\nlocals {\n  team = "web"\n}\n\n${t}`);
    edit(join(root, 'repo', 'infra', 'estate.s3lint.json'), (t) => t.replace('"buckets": [\n', '"buckets": [\n    { "name": "acme-new", "versioning": { "Status": "Enabled" } },\n'));
    renameSync(join(root, 'repo', 'infra'), join(root, 'repo', 'platform'));
    const after = scan(join(root, 'repo'), 'platform');
    const moved = after.findings.find((f) => f.ruleId === 'S3L002' && f.kind === 'violation')!;
    expect(moved.at).toMatchObject({ file: 'platform/main.tf', startLine: 14 });
    const afterPrints = prints(after);
    for (const [key, print] of before) expect(afterPrints.get(key), key).toBe(print);
  });

  it('change when the offending setting changes', () => {
    const root = copyData('baseline', 'repo');
    const cwd = join(root, 'repo');
    const before = scan(cwd, 'infra').findings.filter((f) => f.ruleId === 'S3L002' && f.kind === 'violation' && f.resource.address === 'aws_s3_bucket.assets').map((f) => f.fingerprint);
    edit(join(cwd, 'infra', 'main.tf'), (t) => t.replace('block_public_acls       = false', 'block_public_acls       = true').replace('ignore_public_acls      = true', 'ignore_public_acls      = false'));
    const after = scan(cwd, 'infra').findings.filter((f) => f.ruleId === 'S3L002' && f.kind === 'violation' && f.resource.address === 'aws_s3_bucket.assets').map((f) => f.fingerprint);
    expect(before).toHaveLength(1);
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before[0]);
  });
});

describe('baseline', () => {
  it('reports zero new findings on an unchanged tree, then only what changed, and counts fixed entries', () => {
    const root = copyData('baseline', 'repo');
    const cwd = join(root, 'repo');
    const made = runCli(['baseline', 'infra', '-o', '.s3lint-baseline.json'], { cwd });
    expect(made.status).toBe(0);
    const baseline = JSON.parse(readFileSync(join(cwd, '.s3lint-baseline.json'), 'utf8')) as { s3lintBaseline: number; findings: { ruleId: string }[] };
    expect(made.stderr).toBe(`s3lint: wrote ${baseline.findings.length} findings to .s3lint-baseline.json\n`);
    expect(baseline.s3lintBaseline).toBe(1);

    const unchanged = runCli(['check', 'infra', '--baseline', '.s3lint-baseline.json'], { cwd });
    expect(unchanged.status).toBe(0);
    expect(unchanged.stderr).toBe(`s3lint: baseline .s3lint-baseline.json: ${baseline.findings.length} known findings hidden, 0 baseline entries fixed\n`);
    expect(unchanged.stdout).toBe('✔ 0 findings in 3 files\n');

    // Fix one finding, make another worse (30 → 45 days: same setting, new value), add a new bucket.
    edit(join(cwd, 'infra', 'estate.s3lint.json'), (t) => t.replace('"Suspended"', '"Enabled"').replace('"buckets": [\n', '"buckets": [\n    { "name": "acme-new", "lifecycle": null, "versioning": { "Status": "Enabled" } },\n'));
    edit(join(cwd, 'infra', 'main.tf'), (t) => t.replace('days_after_initiation = 30', 'days_after_initiation = 45'));
    const changed = runCli(['check', 'infra', '--baseline', '.s3lint-baseline.json', '--format', 'json', '--hide-unknown'], { cwd });
    expect(changed.status).toBe(1);
    // At least the fixed versioning entry and the old 30-day entry (other rules may add more).
    const fixed = /^s3lint: baseline \.s3lint-baseline\.json: \d+ known findings hidden, (\d+) baseline entries fixed\n$/.exec(changed.stderr);
    expect(Number(fixed?.[1])).toBeGreaterThanOrEqual(2);
    const report = JSON.parse(changed.stdout) as JsonReport;
    // Everything about the new bucket is new; of the rest, only the changed setting.
    const fresh = report.findings.filter((f) => f.kind === 'violation' && (f.resource.address !== 'arn:aws:s3:::acme-new' || f.ruleId === 'S3L001'));
    expect(fresh.map((f) => `${f.ruleId} ${f.resource.address}`).sort()).toEqual([
      'S3L001 arn:aws:s3:::acme-new',
      'S3L001 aws_s3_bucket.assets',
    ]);
  });

  it('rejects a file that is not a baseline with exit 2', () => {
    const root = copyData('baseline', 'repo');
    const r = runCli(['check', 'infra', '--baseline', 'infra/estate.s3lint.json'], { cwd: join(root, 'repo') });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^s3lint: --baseline infra\/estate\.s3lint\.json: not an s3lint baseline/);
  });
});
