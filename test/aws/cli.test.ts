/**
 * `s3lint audit` and `s3lint merge` end to end, through the built CLI, against moto_server.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { runCli } from '../support/cli.js';
import { requireMoto, startMoto, TEST_CREDENTIALS, type Moto } from './moto.js';
import { seedCoreScenario } from './seed.js';
import { auditConfigFor, CORE_CONFIG, CORE_EXPECTED } from './helpers.js';
import { runAudit } from '../../src/loaders/aws/audit.js';
import { runRules } from '../../src/engine/run.js';
import { REPORTERS } from '../../src/report/index.js';
import { mergeReports } from '../../src/cli/commands/merge.js';

interface JsonFinding {
  ruleId: string;
  kind: string;
  path: string;
  fingerprint: string;
  resource: { address: string };
  at: { kind: string; call?: string; resource?: string };
}

/** Environment that isolates the CLI from the developer's AWS configuration. */
const AWS_ENV = {
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  AWS_REGION: 'us-east-1',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** A bucket in another (moto) account, created through an assumed role. */
async function createBucketIn(endpoint: string, account: string, role: string, bucket: string): Promise<void> {
  const sts = new STSClient({ endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS });
  const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/${role}`, RoleSessionName: 'seed' }));
  sts.destroy();
  const c = assumed.Credentials!;
  const s3 = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! },
  });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  s3.destroy();
}

function identities(findings: JsonFinding[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.kind} ${f.resource.address} ${f.path}`).sort();
}

function line(f: JsonFinding): string {
  return `${f.ruleId} ${f.kind} ${f.resource.address} ${f.path} @ ${f.at.call} ${f.at.resource}`;
}

const enabled = requireMoto('audit CLI tests');

describe.skipIf(!enabled)('s3lint audit / merge CLI', () => {
  let moto: Moto;
  let dir: string;
  beforeAll(async () => {
    moto = await startMoto();
    dir = mkdtempSync(join(tmpdir(), 's3lint-audit-cli-'));
  });
  afterAll(async () => {
    await moto?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await moto.reset();
  });

  test('audit --save, then check on the snapshot reproduces the findings; SARIF points at ARN and API call', async () => {
    await seedCoreScenario(moto.endpoint);
    const save = join(dir, 'estate.s3lint.json');
    const live = runCli(['audit', '--endpoint-url', moto.endpoint, '--format', 'json', '--save', save], { env: AWS_ENV, cwd: dir });
    expect(live.stderr).toBe('');
    expect(live.status).toBe(1);
    const liveFindings = (JSON.parse(live.stdout) as { findings: JsonFinding[] }).findings;
    const core = liveFindings.filter((f) => f.kind === 'violation' && ['S3L001', 'S3L002', 'S3L003', 'S3L005'].includes(f.ruleId));
    expect(core.map(line).sort()).toEqual(CORE_EXPECTED);

    const offline = runCli(['check', save, '--format', 'json'], { cwd: dir });
    expect(offline.status).toBe(1);
    const offlineReport = JSON.parse(offline.stdout) as { findings: JsonFinding[]; errors: unknown[] };
    expect(offlineReport.errors).toEqual([]);
    expect(identities(offlineReport.findings)).toEqual(identities(liveFindings));

    const sarif = runCli(['audit', '--endpoint-url', moto.endpoint, '--format', 'sarif', '--enable', 'S3L005', '--regions', 'eu-west-1'], { env: AWS_ENV, cwd: dir });
    const log = JSON.parse(sarif.stdout) as { runs: { automationDetails: { id: string }; results: { ruleId: string; locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }[] }[] };
    expect(log.runs.map((r) => r.automationDetails.id)).toEqual(['s3lint/audit/123456789012/']);
    const kms = log.runs[0]!.results.filter((r) => r.ruleId === 'S3L005');
    expect(kms.map((r) => r.locations[0]!.logicalLocations.map((l) => l.fullyQualifiedName))).toEqual([
      ['arn:aws:s3:::audit-kms-no-key#GetBucketEncryption', 'arn:aws:s3:::audit-kms-no-key'],
    ]);
  });

  test('the configuration file selects rules and suppresses findings by bucket, as for check', async () => {
    await seedCoreScenario(moto.endpoint);
    const project = mkdtempSync(join(dir, 'project-'));
    writeFileSync(
      join(project, 's3lint.config.json'),
      JSON.stringify({
        rules: { S3L005: false },
        suppressions: [{ rules: ['S3L001'], buckets: ['audit-no-*'], reason: 'scratch bucket, emptied nightly' }],
      }),
    );
    const r = runCli(['audit', '--endpoint-url', moto.endpoint, '--format', 'json'], { env: AWS_ENV, cwd: project });
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { findings: (JsonFinding & { suppressions?: { justification: string }[] })[] };
    expect(report.findings.filter((f) => f.ruleId === 'S3L005')).toEqual([]);
    const suppressed = report.findings.filter((f) => f.suppressions !== undefined && f.suppressions.length > 0);
    expect(suppressed.map((f) => `${f.ruleId} ${f.resource.address} ${f.suppressions![0]!.justification}`)).toEqual([
      'S3L001 arn:aws:s3:::audit-no-config scratch bucket, emptied nightly',
    ]);
  });

  test('--regions keeps only the buckets of those regions', async () => {
    await seedCoreScenario(moto.endpoint);
    const save = join(dir, 'eu.s3lint.json');
    const r = runCli(['audit', '--endpoint-url', moto.endpoint, '--regions', 'eu-west-1', '--save', save, '--format', 'json'], { env: AWS_ENV, cwd: dir });
    expect(r.stderr).toBe('');
    const doc = JSON.parse(readFileSync(save, 'utf8')) as { buckets: { name: string; region: string }[] };
    expect(doc.buckets.map((b) => `${b.name} ${b.region}`)).toEqual(['audit-clean-eu eu-west-1', 'audit-kms-no-key eu-west-1']);
  });

  test('several accounts: one text section and one SARIF run per account, {account} writes one file each', async () => {
    await seedCoreScenario(moto.endpoint);
    await createBucketIn(moto.endpoint, '111111111111', 'Audit', 'bucket-of-111111111111');
    // Without S3L004: moto's EC2 backend takes seconds to start per account and region.
    const args = ['audit', '--endpoint-url', moto.endpoint, '--accounts', '111111111111,123456789012', '--role-name', 'Audit', '--disable', 'S3L004'];
    const text = runCli(args, { env: AWS_ENV, cwd: dir });
    expect(text.stderr).toBe('');
    expect(text.stdout.split('\n').filter((l) => l.startsWith('Account '))).toEqual(['Account 111111111111', 'Account 123456789012']);
    const sarifRun = runCli([...args, '--format', 'sarif'], { env: AWS_ENV, cwd: dir });
    const sarif = JSON.parse(sarifRun.stdout) as { runs: { automationDetails: { id: string } }[] };
    expect(sarif.runs.map((r) => r.automationDetails.id)).toEqual(['s3lint/audit/111111111111/', 's3lint/audit/123456789012/']);
    runCli([...args, '--format', 'json', '--output', join(dir, 'report-{account}.json'), '--save', join(dir, 'estate-{account}.s3lint.json')], { env: AWS_ENV, cwd: dir });
    const saved = JSON.parse(readFileSync(join(dir, 'estate-111111111111.s3lint.json'), 'utf8')) as { accounts: { id: string }[]; buckets: { name: string }[] };
    expect([saved.accounts.map((a) => a.id), saved.buckets.map((b) => b.name)]).toEqual([['111111111111'], ['bucket-of-111111111111']]);
    const report = JSON.parse(readFileSync(join(dir, 'report-123456789012.json'), 'utf8')) as { findings: JsonFinding[] };
    expect(new Set(report.findings.map((f) => f.resource.address))).not.toContain('arn:aws:s3:::bucket-of-111111111111');
    expect(report.findings.some((f) => f.resource.address === 'arn:aws:s3:::audit-no-config')).toBe(true);
  });

  test('usage errors exit 2 with one line and no stack', () => {
    for (const args of [
      ['audit', '--shard', '3/2', '--accounts', '111111111111'],
      ['audit', '--shard', '1/2'],
      ['audit', '--accounts', '12345'],
      ['audit', '--role-arn', 'arn:aws:iam::111111111111:role/x', '--org'],
      ['audit', '--concurrency', '0'],
    ]) {
      const r = runCli(args, { env: AWS_ENV });
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  test('an account that cannot be entered is an input error (exit 2); the others are still reported', async () => {
    await seedCoreScenario(moto.endpoint);
    const r = runCli(['audit', '--endpoint-url', moto.endpoint, '--accounts', '123456789012,111111111111', '--format', 'json'], { env: AWS_ENV, cwd: dir });
    expect(r.status).toBe(2);
    const report = JSON.parse(r.stdout) as { findings: JsonFinding[]; errors: { file: string; message: string }[] };
    expect(report.errors).toEqual([
      { file: 'aws/111111111111', level: 'error', message: 'account 111111111111 is not the calling account and no --role-name was given' },
    ]);
    expect(report.findings.some((f) => f.resource.address === 'arn:aws:s3:::audit-no-config')).toBe(true);
  });

  test('merge combines SARIF shards into one run per category and JSON reports into one', async () => {
    await seedCoreScenario(moto.endpoint);
    // Two shards' reports, built in-process with the same writers the CLI uses (spawning audits is slow).
    const reports = async (region: string): Promise<{ sarif: string; json: string }> => {
      const [result] = await runAudit(auditConfigFor(moto.endpoint, CORE_CONFIG, { regions: [region] }));
      const report = { findings: runRules(result!.estate!, CORE_CONFIG).findings, errors: [], files: [], cwd: dir, toolVersion: '0.0.0', category: 's3lint/audit/123456789012/' };
      return { sarif: REPORTERS['sarif']!(report, { color: false }), json: REPORTERS['json']!(report, { color: false }) };
    };
    const us = await reports('us-east-1');
    const eu = await reports('eu-west-1');
    const files = { a: join(dir, 'a.sarif'), b: join(dir, 'b.sarif'), ja: join(dir, 'a.json'), jb: join(dir, 'b.json') };
    writeFileSync(files.a, us.sarif);
    writeFileSync(files.b, eu.sarif);
    writeFileSync(files.ja, us.json);
    writeFileSync(files.jb, eu.json);

    const merged = runCli(['merge', files.a, files.b, files.a], { cwd: dir });
    expect(merged.status, merged.stderr).toBe(0);
    const log = JSON.parse(merged.stdout) as { runs: { results: { ruleId: string; ruleIndex: number }[]; tool: { driver: { rules: { id: string }[] } } }[] };
    const results = (text: string) => (JSON.parse(text) as typeof log).runs[0]!.results;
    expect(log.runs).toHaveLength(1);
    // The account-level findings appear in both shards and once in the merge; the repeated file adds nothing.
    const accountLevel = results(us.sarif).filter((r) => r.ruleId === 'S3L003').length;
    expect(accountLevel).toBe(3);
    expect(log.runs[0]!.results.length).toBe(results(us.sarif).length + results(eu.sarif).length - accountLevel);
    for (const r of log.runs[0]!.results) expect(log.runs[0]!.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);

    const mergedJson = mergeReports([files.ja, files.jb].map((name) => ({ name, doc: JSON.parse(readFileSync(name, 'utf8')) as unknown })));
    const jsonReport = JSON.parse(mergedJson.text) as { findings: JsonFinding[]; summary: { findings: number } };
    expect(mergedJson.format).toBe('json');
    expect(jsonReport.findings.filter((f) => f.kind === 'violation').map(line).sort()).toEqual(CORE_EXPECTED);
    expect(jsonReport.summary.findings).toBe(CORE_EXPECTED.length);

    const mixed = runCli(['merge', files.a, files.ja], { cwd: dir });
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toBe('s3lint: merge: all reports must have the same format (all SARIF or all JSON)\n');
  });
});
