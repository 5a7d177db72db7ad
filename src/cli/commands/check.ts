import { Command, Option } from 'commander';
import type { EngineConfig } from '../../engine/config.js';
import { scanPaths } from '../../engine/scan.js';
import { findRule } from '../../engine/registry.js';
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
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(['info', 'low', 'medium', 'high', 'critical']).default('low'))
    .option('--preset <name>', 'rule preset: recommended (default), strict, fsbp')
    .option('--enable <rules>', 'enable rules by id or name (comma-separated, repeatable)', collect, [])
    .option('--disable <rules>', 'disable rules by id or name (comma-separated, repeatable)', collect, [])
    .option('--hide-unknown', 'do not list settings s3lint could not determine (they are still counted)')
    .option('--category <id>', 'SARIF automationDetails.id, to upload several runs for one commit');
}

export function register(program: Command): void {
  const cmd = program
    .command('check')
    .description('Scan Terraform, CloudFormation and s3lint snapshots offline (no network access)')
    .argument('[paths...]', 'files or directories to scan', ['.']);
  addReportOptions(cmd)
    .option('--var <name=value>', 'Terraform variable (repeatable)', collect, [])
    .option('--var-file <file>', 'Terraform variables file (repeatable)', collect, [])
    .option('--parameter <Name=Value>', 'CloudFormation parameter (repeatable)', collect, [])
    .option('--parameters-file <file>', 'CloudFormation parameters JSON file (repeatable)', collect, [])
    .option('--ignore <glob>', 'skip paths matching this glob (repeatable)', collect, [])
    .option('--max-file-size <size>', 'skip files larger than this, with an input error', '10MB')
    .action(async (paths: string[], opts: CheckOptions) => {
      const failOn = parseSeverity(opts.failOn, '--fail-on');
      const config = engineConfigFromOptions(opts);
      const cwd = process.cwd();
      const result = await scanPaths(paths, {
        config,
        load: {
          cwd,
          tfVars: parseAssignments(opts.var, '--var'),
          tfVarFiles: opts.varFile,
          cfnParameters: parseAssignments(opts.parameter, '--parameter'),
          cfnParameterFiles: opts.parametersFile,
          ignore: opts.ignore,
          maxFileSize: parseSize(opts.maxFileSize),
        },
      });
      emitReport(
        { findings: result.findings, errors: result.errors, files: result.files, cwd, toolVersion: VERSION, category: opts.category ?? 's3lint/check/', showUnknown: !opts.hideUnknown },
        opts.format,
        opts.output,
      );
      process.exitCode = exitCodeFor(result.findings, result.errors, failOn);
    });
}
