import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { buildBaseline, writeBaseline } from '../../engine/baseline.js';
import { formatInputError } from '../../report/text.js';
import { collect } from '../output.js';
import { VERSION } from '../version.js';
import { addScanOptions, runCheck, type CheckOptions } from './check.js';

export function register(program: Command): void {
  const cmd = program
    .command('baseline')
    .description('Record the current findings by fingerprint, so `check --baseline FILE` reports only new ones')
    .argument('[paths...]', 'files or directories to scan', ['.'])
    .option('-o, --output <file>', 'baseline file to write', '.s3lint-baseline.json')
    .option('--preset <name>', 'rule preset: recommended (default), strict, fsbp')
    .option('--enable <rules>', 'enable rules by id or name (comma-separated, repeatable)', collect, [])
    .option('--disable <rules>', 'disable rules by id or name (comma-separated, repeatable)', collect, [])
    .addOption(new Option('--fail-on <severity>').default('low').hideHelp())
    .addOption(new Option('--format <format>').default('text').hideHelp());
  addScanOptions(cmd).action(async (paths: string[], opts: CheckOptions & { output: string }, command: Command) => {
    const run = await runCheck(paths, opts, (name) => command.getOptionValueSource(name) === 'cli');
    for (const e of run.errors) process.stderr.write(`${formatInputError(e)}\n`);
    const failed = run.errors.some((e) => (e.level ?? 'error') === 'error');
    if (failed) {
      process.stderr.write('s3lint: input errors: the baseline was not written (fix them, or --ignore the files)\n');
      process.exitCode = 2;
      return;
    }
    const baseline = buildBaseline(run.findings, VERSION);
    writeBaseline(resolve(run.cwd, opts.output), baseline);
    process.stderr.write(`s3lint: wrote ${baseline.findings.length} finding${baseline.findings.length === 1 ? '' : 's'} to ${opts.output}\n`);
  });
}
