/**
 * `s3lint audit`: reads live AWS accounts (or an S3-compatible endpoint) with read-only calls and runs
 * the same rules as `check`. Each account is reported separately (SARIF category s3lint/audit/<account>/).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import type * as Sarif from 'sarif';
import { compareWithBaseline, readBaseline } from '../../engine/baseline.js';
import { resolveRules } from '../../engine/config.js';
import { findConfigFile, loadConfigFile, mergeEngineConfig, type FileConfig } from '../../engine/config-file.js';
import type { Finding, InputError } from '../../engine/finding.js';
import { locationKey } from '../../engine/location-key.js';
import { runRules } from '../../engine/run.js';
import { applySuppressions } from '../../engine/suppressions.js';
import { mergeEstates } from '../../model/index.js';
// The AWS SDK is loaded only when an audit runs (audit.js): it costs seconds at startup for every command.
import type { AccountResult } from '../../loaders/aws/audit.js';
import { AUDIT_DEFAULTS, DEFAULT_KEY_SAMPLE, defaultAuditConfig, type AuditConfig } from '../../loaders/aws/config.js';
import { ProgressLine } from '../../loaders/aws/progress.js';
import { needsForRules } from '../../loaders/aws/requirements.js';
import type { SnapshotDocument } from '../../loaders/aws/snapshot-document.js';
import { parseAccountList, parseShard } from '../../loaders/aws/shard.js';
import { REPORTERS, type Report } from '../../report/index.js';
import { UsageError } from '../errors.js';
import { checkFormat, exitCodeFor, parseSeverity, useColor } from '../output.js';
import { VERSION } from '../version.js';
import { addReportOptions, engineConfigFromOptions, type CheckOptions } from './check.js';
import { mergeJson, mergeSarif } from './merge.js';

export interface AuditOptions extends Pick<CheckOptions, 'format' | 'output' | 'failOn' | 'preset' | 'enable' | 'disable' | 'hideUnknown' | 'category'> {
  profile?: string;
  region?: string;
  regions?: string;
  endpointUrl?: string;
  roleArn?: string;
  externalId?: string;
  accounts?: string;
  org?: boolean;
  roleName?: string;
  shard?: string;
  concurrency: string;
  maxAttempts: string;
  timeout: string;
  keySample: boolean;
  keySamplePages: string;
  save?: string;
  /** Path of the configuration file; false with --no-config. */
  config?: string | false;
  baseline?: string;
}

const ACCOUNT_PLACEHOLDER = '{account}';

function positiveInt(value: string, option: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${option} expects a positive integer (got "${value}")`);
  return n;
}

function regionList(text: string): string[] {
  const regions = text.split(/[\s,]+/).filter((s) => s !== '');
  const bad = regions.filter((r) => !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(r));
  if (bad.length > 0) throw new UsageError(`--regions: not a region name: ${bad.join(', ')}`);
  return regions;
}

/** The audit configuration the options describe. Pure apart from reading AWS_REGION for the default home region. */
export function auditConfigFromOptions(opts: AuditOptions, ruleIds: string[]): AuditConfig {
  if (opts.roleArn !== undefined && (opts.accounts !== undefined || opts.org === true)) {
    throw new UsageError('--role-arn audits one account; use --role-name with --accounts or --org');
  }
  if (opts.shard !== undefined && opts.accounts === undefined && opts.org !== true) {
    throw new UsageError('--shard needs a list of accounts (--accounts or --org)');
  }
  const shard = (() => {
    try {
      return opts.shard !== undefined ? parseShard(opts.shard) : undefined;
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  })();
  const accounts = (() => {
    try {
      return opts.accounts !== undefined ? parseAccountList(opts.accounts) : undefined;
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  })();
  const homeRegion = opts.region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? AUDIT_DEFAULTS.homeRegion;
  const config = defaultAuditConfig({
    homeRegion,
    concurrency: positiveInt(opts.concurrency, '--concurrency'),
    maxAttempts: positiveInt(opts.maxAttempts, '--max-attempts'),
    timeoutMs: positiveInt(opts.timeout, '--timeout'),
    keySample: opts.keySample ? { ...DEFAULT_KEY_SAMPLE, pages: positiveInt(opts.keySamplePages, '--key-sample-pages') } : false,
    needs: needsForRules(ruleIds),
    generatedBy: `s3lint audit ${VERSION}`,
  });
  if (opts.regions !== undefined) config.regions = regionList(opts.regions);
  if (opts.endpointUrl !== undefined) config.endpointUrl = opts.endpointUrl;
  if (opts.profile !== undefined) config.profile = opts.profile;
  if (opts.roleArn !== undefined) config.roleArn = opts.roleArn;
  if (opts.externalId !== undefined) config.externalId = opts.externalId;
  if (accounts !== undefined) config.accounts = accounts;
  if (opts.org === true) config.org = true;
  if (opts.roleName !== undefined) config.roleName = opts.roleName;
  if (shard !== undefined) config.shard = shard;
  return config;
}

interface AccountReport {
  accountId: string;
  report: Report;
}

function accountErrors(result: AccountResult): InputError[] {
  const file = `aws/${result.accountId}`;
  if (result.error !== undefined) return [{ file, message: result.error, level: 'error' }];
  return (result.audit?.problems ?? []).map((p) => ({ file, message: p.message, level: p.level }));
}

function accountReport(accountId: string, opts: AuditOptions, showUnknown: boolean, findings: Finding[], errors: InputError[]): AccountReport {
  return {
    accountId,
    report: {
      findings,
      errors,
      files: [],
      cwd: process.cwd(),
      toolVersion: VERSION,
      category: opts.category ?? `s3lint/audit/${accountId}/`,
      showUnknown,
    },
  };
}

function configFor(opts: AuditOptions, cwd: string): FileConfig | undefined {
  if (opts.config === false) return undefined;
  const file = typeof opts.config === 'string' ? resolve(cwd, opts.config) : findConfigFile(cwd);
  return file === undefined ? undefined : loadConfigFile(file, cwd);
}

const findingKey = (f: Finding): string => `${f.fingerprint}\u0000${locationKey(f.at)}`;

/**
 * Rules per account, then the configuration file's suppressions and the baseline over all accounts at
 * once (so an entry used in any account is not reported unused), then the findings back to their account.
 */
function evaluate(
  results: AccountResult[],
  opts: AuditOptions,
  engineConfig: ReturnType<typeof mergeEngineConfig>,
  fileConfig: FileConfig | undefined,
  showUnknown: boolean,
): AccountReport[] {
  const runs = results.map((result) => (result.estate !== undefined ? runRules(result.estate, engineConfig) : { findings: [], errors: [] }));
  const owner = new Map<string, number>();
  runs.forEach((run, i) => run.findings.forEach((f) => owner.set(findingKey(f), i)));
  const cwd = process.cwd();
  const suppressed = applySuppressions(
    runs.flatMap((r) => r.findings),
    {
      cwd,
      estate: mergeEstates(results.flatMap((r) => (r.estate !== undefined ? [r.estate] : []))),
      files: [],
      ...(fileConfig && fileConfig.suppressions.length > 0 ? { config: { file: fileConfig.file, entries: fileConfig.suppressions } } : {}),
      ranRules: new Set(resolveRules(engineConfig).map((r) => r.rule.meta.id)),
    },
  );
  let findings = suppressed.findings;
  if (opts.baseline !== undefined) {
    const compared = compareWithBaseline(findings, readBaseline(resolve(cwd, opts.baseline), opts.baseline));
    findings = compared.findings;
    process.stderr.write(
      `s3lint: baseline ${opts.baseline}: ${compared.known} known finding${compared.known === 1 ? '' : 's'} hidden, ${compared.fixed} baseline entr${compared.fixed === 1 ? 'y' : 'ies'} fixed\n`,
    );
  }
  return results.map((result, i) =>
    accountReport(
      result.accountId,
      opts,
      showUnknown,
      findings.filter((f) => owner.get(findingKey(f)) === i),
      [...accountErrors(result), ...runs[i]!.errors, ...(i === 0 ? suppressed.notes : [])],
    ),
  );
}

/** One report text for several accounts: SARIF runs per account, JSON merged, text sections per account. */
export function renderReports(reports: AccountReport[], format: string, color: boolean): string {
  const reporter = REPORTERS[checkFormat(format)]!;
  if (reports.length === 1) return reporter(reports[0]!.report, { color });
  if (format === 'sarif') {
    return JSON.stringify(mergeSarif(reports.map((r) => JSON.parse(reporter(r.report, { color: false })) as Sarif.Log)), null, 2) + '\n';
  }
  if (format === 'json') {
    return JSON.stringify(mergeJson(reports.map((r) => JSON.parse(reporter(r.report, { color: false })))), null, 2) + '\n';
  }
  return reports.map((r) => `Account ${r.accountId}\n\n${reporter(r.report, { color })}`).join('\n');
}

/** All accounts' documents as one snapshot (accounts, buckets and endpoints concatenated). */
export function combineDocuments(documents: SnapshotDocument[]): SnapshotDocument {
  const out: SnapshotDocument = { s3lintSnapshot: 1, accounts: [], buckets: [], vpcEndpoints: [] };
  for (const doc of documents) {
    if (doc.generatedBy !== undefined) out.generatedBy = doc.generatedBy;
    if (doc.generatedAt !== undefined) out.generatedAt = doc.generatedAt;
    out.accounts.push(...doc.accounts);
    out.buckets.push(...doc.buckets);
    out.vpcEndpoints.push(...doc.vpcEndpoints);
    if (doc.errors !== undefined) out.errors = [...(out.errors ?? []), ...doc.errors];
  }
  return out;
}

function writePerAccount(pattern: string, results: { accountId: string; text: string }[]): void {
  for (const r of results) writeFileSync(pattern.split(ACCOUNT_PLACEHOLDER).join(r.accountId), r.text);
}

export async function audit(opts: AuditOptions, typed: (option: string) => boolean = () => true): Promise<number> {
  checkFormat(opts.format);
  const fileConfig = configFor(opts, process.cwd());
  const failOn = typed('failOn') || fileConfig?.failOn === undefined ? parseSeverity(opts.failOn, '--fail-on') : fileConfig.failOn;
  const showUnknown = opts.hideUnknown ? false : (fileConfig?.showUnknown ?? true);
  const engineConfig = mergeEngineConfig(fileConfig?.engine ?? {}, engineConfigFromOptions(opts));
  const ruleIds = resolveRules(engineConfig).map((r) => r.rule.meta.id);
  const config = auditConfigFromOptions(opts, ruleIds);
  const progress = new ProgressLine(process.stderr);
  config.onProgress = (p) => progress.update(p);

  const { AuditSetupError, runAudit } = await import('../../loaders/aws/audit.js');
  let results: AccountResult[];
  try {
    results = await runAudit(config);
  } catch (e) {
    if (e instanceof AuditSetupError) throw new UsageError(e.message);
    throw e;
  } finally {
    progress.clear();
  }

  const reports = evaluate(results, opts, engineConfig, fileConfig, showUnknown);
  const audited = results.filter((r) => r.audit !== undefined);
  if (opts.save !== undefined) {
    const docs = audited.map((r) => ({ accountId: r.accountId, document: r.audit!.document }));
    if (opts.save.includes(ACCOUNT_PLACEHOLDER)) {
      writePerAccount(opts.save, docs.map((d) => ({ accountId: d.accountId, text: JSON.stringify(d.document, null, 2) + '\n' })));
    } else {
      writeFileSync(opts.save, JSON.stringify(combineDocuments(docs.map((d) => d.document)), null, 2) + '\n');
    }
  }

  if (opts.output !== undefined && opts.output.includes(ACCOUNT_PLACEHOLDER)) {
    writePerAccount(opts.output, reports.map((r) => ({ accountId: r.accountId, text: renderReports([r], opts.format, false) })));
  } else {
    const text = renderReports(reports, opts.format, useColor(process.stdout, opts.output !== undefined));
    if (opts.output !== undefined) writeFileSync(opts.output, text);
    else process.stdout.write(text);
  }
  return exitCodeFor(
    reports.flatMap((r) => r.report.findings),
    reports.flatMap((r) => r.report.errors),
    failOn,
  );
}

export function register(program: Command): void {
  const cmd = program
    .command('audit')
    .description(
      'Audit live AWS accounts (read-only API calls) with the same rules as `check`.\n' +
        'Credentials: the AWS SDK default chain (environment, shared config and SSO profiles, web identity, instance/container roles).\n' +
        `Use {account} in --output or --save to write one file per account. The IAM policy it needs: docs/audit.md.`,
    );
  addReportOptions(cmd)
    .option('--profile <name>', 'shared config / SSO profile')
    .option('--region <region>', 'home region for global calls (default: AWS_REGION, AWS_DEFAULT_REGION, us-east-1)')
    .option('--regions <list>', 'only audit buckets (and VPC endpoints) in these regions, comma-separated')
    .option('--endpoint-url <url>', 'S3-compatible endpoint or local emulator (every service is sent there)')
    .option('--role-arn <arn>', 'assume this role (STS AssumeRole) and audit its account')
    .option('--external-id <id>', 'external id for the assumed role(s)')
    .option('--accounts <ids>', 'audit these accounts (comma-separated), entering each through --role-name')
    .option('--org', 'audit every active account of the organization (Organizations ListAccounts)')
    .option('--role-name <name>', 'role assumed in each account of --accounts / --org')
    .option('--shard <i/n>', 'audit only slice i of n of the accounts (deterministic, for CI matrices)')
    .option('--concurrency <n>', 'API calls in flight at once', String(AUDIT_DEFAULTS.concurrency))
    .option('--max-attempts <n>', 'attempts per call, adaptive retry mode', String(AUDIT_DEFAULTS.maxAttempts))
    .option('--timeout <ms>', 'timeout per call attempt in milliseconds', String(AUDIT_DEFAULTS.timeoutMs))
    .option('--no-key-sample', 'do not list object keys (the key-layout rule then reports unknown)')
    .option('--key-sample-pages <n>', 'ListObjectsV2 pages (1000 keys each) sampled per bucket', String(DEFAULT_KEY_SAMPLE.pages))
    .option('--save <file>', 'write what was read as an s3lint snapshot, for `s3lint check` offline')
    .option('-c, --config <file>', 'configuration file (default: s3lint.config.json/.yaml/.yml found upward from the working directory)')
    .option('--no-config', 'do not read a configuration file')
    .option('--baseline <file>', 'report only findings that are not in this baseline (see `s3lint baseline`)')
    .action(async (opts: AuditOptions, command: Command) => {
      process.exitCode = await audit(opts, (name) => command.getOptionValueSource(name) === 'cli');
    });
}
