import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { readBaseline, compareWithBaseline } from '../../engine/baseline.js';
import { changedScanPaths, preCommitScanPaths } from '../../engine/changed.js';
import { resolveRules, type EngineConfig } from '../../engine/config.js';
import { findConfigFile, loadConfigFile, mergeEngineConfig, type FileConfig } from '../../engine/config-file.js';
import type { Finding, InputError } from '../../engine/finding.js';
import { scanPaths } from '../../engine/scan.js';
import { findRule } from '../../engine/registry.js';
import type { Severity } from '../../engine/severity.js';
import { applySuppressions } from '../../engine/suppressions.js';
import { REPORTERS } from '../../report/index.js';
import { UsageError } from '../errors.js';
import { collect, emitReport, exitCodeFor, parseAssignments, parseSeverity } from '../output.js';
import { VERSION } from '../version.js';

export interface CheckOptions {
  format: string;
  output?: string;
  failOn: string;
  preset?: string;
  enable: string[];
  disable: string[];
  var: string[];
  varFile: string[];
  parameter: string[];
  parametersFile: string[];
  ignore: string[];
  maxFileSize: string;
  hideUnknown?: boolean;
  category?: string;
  /** Path of the configuration file; false with --no-config. */
  config?: string | false;
  baseline?: string;
  honorPeerSuppressions?: boolean;
  changedSince?: string;
  preCommit?: boolean;
}

export function parseSize(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?$/i.exec(value.trim());
  if (!m) throw new UsageError(`--max-file-size expects a size such as 10MB or 5000000 (got "${value}")`);
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.round(Number(m[1]) * factor);
}

function ruleList(values: string[], option: string): string[] {
  const ids = values.flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
  for (const id of ids) if (!findRule(id)) throw new UsageError(`${option}: unknown rule "${id}" (see \`s3lint rules\`)`);
  return ids;
}

export function engineConfigFromOptions(opts: Pick<CheckOptions, 'preset' | 'enable' | 'disable'>): EngineConfig {
  const rules: NonNullable<EngineConfig['rules']> = {};
  for (const id of ruleList(opts.enable, '--enable')) rules[id] = { enabled: true };
  for (const id of ruleList(opts.disable, '--disable')) rules[id] = { enabled: false };
  const config: EngineConfig = { rules };
  if (opts.preset) config.preset = opts.preset;
  return config;
}

export function addReportOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('-f, --format <format>', 'output format').choices(Object.keys(REPORTERS)).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(['info', 'low', 'medium', 'high', 'critical']).default('low'))
    .option('--preset <name>', 'rule preset: recommended (default), strict, fsbp')
    .option('--enable <rules>', 'enable rules by id or name (comma-separated, repeatable)', collect, [])
    .option('--disable <rules>', 'disable rules by id or name (comma-separated, repeatable)', collect, [])
    .option('--hide-unknown', 'do not list settings s3lint could not determine (they are still counted)')
    .option('--category <id>', 'SARIF automationDetails.id, to upload several runs for one commit');
}

/** Options shared by `check` and `baseline`: inputs, configuration file, suppressions. */
export function addScanOptions(cmd: Command): Command {
  return cmd
    .option('--var <name=value>', 'Terraform variable (repeatable)', collect, [])
    .option('--var-file <file>', 'Terraform variables file (repeatable)', collect, [])
    .option('--parameter <Name=Value>', 'CloudFormation parameter (repeatable)', collect, [])
    .option('--parameters-file <file>', 'CloudFormation parameters JSON file (repeatable)', collect, [])
    .option('--ignore <glob>', 'skip paths matching this glob (repeatable)', collect, [])
    .option('--max-file-size <size>', 'skip files larger than this, with an input error', '10MB')
    .option('-c, --config <file>', 'configuration file (default: s3lint.config.json/.yaml/.yml found upward from the first path)')
    .option('--no-config', 'do not read a configuration file')
    .option('--honor-peer-suppressions', 'also honour Checkov (checkov:skip=) and Trivy (trivy:ignore:) comments, mapped through the rules\' peer ids');
}

export interface CheckRun {
  findings: Finding[];
  errors: InputError[];
  files: string[];
  cwd: string;
  failOn: Severity;
  showUnknown: boolean;
  fileConfig?: FileConfig;
}

function configFor(paths: string[], opts: CheckOptions, cwd: string): FileConfig | undefined {
  if (opts.config === false) return undefined;
  const file = typeof opts.config === 'string' ? resolve(cwd, opts.config) : findConfigFile(resolve(cwd, paths[0] ?? '.'));
  return file === undefined ? undefined : loadConfigFile(file, cwd);
}

/**
 * Configuration file + flags → scan → suppressions. Shared by `check` and `baseline`.
 * `sources` tells which options the user typed (commander's option value sources).
 */
export async function runCheck(paths: string[], opts: CheckOptions, typed: (name: string) => boolean): Promise<CheckRun> {
  const cwd = process.cwd();
  const fileConfig = configFor(paths, opts, cwd);
  const failOn = typed('failOn') || fileConfig?.failOn === undefined ? parseSeverity(opts.failOn, '--fail-on') : fileConfig.failOn;
  const showUnknown = opts.hideUnknown ? false : (fileConfig?.showUnknown ?? true);
  const config = mergeEngineConfig(fileConfig?.engine ?? {}, engineConfigFromOptions(opts));
  const notes: InputError[] = [];
  let scanList = paths;
  if (opts.changedSince !== undefined || opts.preCommit) {
    if (opts.changedSince !== undefined && opts.preCommit) throw new UsageError('--changed-since and --pre-commit cannot be combined');
    const changed = opts.preCommit ? preCommitScanPaths(paths, cwd) : changedScanPaths(paths, opts.changedSince!, cwd);
    scanList = changed.paths;
    for (const line of changed.notes) process.stderr.write(`s3lint: ${line}\n`);
    if (scanList.length === 0) return { findings: [], errors: [], files: [], cwd, failOn, showUnknown, ...(fileConfig ? { fileConfig } : {}) };
  }
  const result = await scanPaths(scanList, {
    config,
    load: {
      cwd,
      tfVars: parseAssignments(opts.var, '--var'),
      tfVarFiles: opts.varFile,
      cfnParameters: parseAssignments(opts.parameter, '--parameter'),
      cfnParameterFiles: opts.parametersFile,
      ignore: [...(fileConfig?.ignore ?? []), ...opts.ignore],
      maxFileSize: parseSize(opts.maxFileSize),
    },
  });
  const suppressed = applySuppressions(result.findings, {
    cwd,
    estate: result.estate,
    files: result.files,
    ...(fileConfig && fileConfig.suppressions.length > 0 ? { config: { file: fileConfig.file, entries: fileConfig.suppressions } } : {}),
    honorPeers: opts.honorPeerSuppressions === true,
    ranRules: new Set(resolveRules(config).map((r) => r.rule.meta.id)),
  });
  notes.push(...suppressed.notes);
  return { findings: suppressed.findings, errors: [...result.errors, ...notes], files: result.files, cwd, failOn, showUnknown, ...(fileConfig ? { fileConfig } : {}) };
}

export function register(program: Command): void {
  const cmd = program
    .command('check')
    .description('Scan Terraform, CloudFormation and s3lint snapshots offline (no network access)')
    .argument('[paths...]', 'files or directories to scan', ['.']);
  addScanOptions(addReportOptions(cmd))
    .option('--baseline <file>', 'report only findings that are not in this baseline (see `s3lint baseline`)')
    .option('--changed-since <git-ref>', 'scan only Terraform modules and templates changed since this git ref, plus the modules that call them')
    .option('--pre-commit', 'the paths are staged files (pre-commit): a .tf file selects its whole module directory, files that are not IaC are skipped')
    .action(async (paths: string[], opts: CheckOptions, command: Command) => {
      const typed = (name: string) => command.getOptionValueSource(name) === 'cli';
      const run = await runCheck(paths, opts, typed);
      let findings = run.findings;
      if (opts.baseline !== undefined) {
        const compared = compareWithBaseline(findings, readBaseline(resolve(run.cwd, opts.baseline), opts.baseline));
        findings = compared.findings;
        process.stderr.write(
          `s3lint: baseline ${opts.baseline}: ${compared.known} known finding${compared.known === 1 ? '' : 's'} hidden, ${compared.fixed} baseline entr${compared.fixed === 1 ? 'y' : 'ies'} fixed\n`,
        );
      }
      emitReport(
        { findings, errors: run.errors, files: run.files, cwd: run.cwd, toolVersion: VERSION, category: opts.category ?? 's3lint/check/', showUnknown: run.showUnknown },
        opts.format,
        opts.output,
      );
      process.exitCode = exitCodeFor(findings, run.errors, run.failOn);
    });
}
