import { existsSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { findConfigFile, loadConfigFile } from '../../engine/config-file.js';
import { findRule } from '../../engine/registry.js';
import { DEFAULT_GET_RATE, DEFAULT_PUT_RATE } from '../../keys/estimate.js';
import { DEFAULT_TREE_OPTIONS, renderHtml, renderJson, renderText } from '../../keys/render.js';
import { analyseKeyStream, openKeyList } from '../../keys/stream.js';
import { EXIT_OK, UsageError } from '../errors.js';

interface KeysOptions {
  format: 'text' | 'json' | 'html';
  output?: string;
  putRate?: string;
  getRate?: string;
  depth: string;
  top: string;
  /** Path of the configuration file; false with --no-config. */
  config?: string | false;
}

const RULE_ID = 'S3L006';

/** putRate/getRate of rule S3L006 in the configuration file (explicit path, or found upward from the cwd). */
function configuredRates(opts: KeysOptions): { put?: unknown; get?: unknown } {
  if (opts.config === false) return {};
  const cwd = process.cwd();
  const file = typeof opts.config === 'string' ? resolve(cwd, opts.config) : findConfigFile(cwd);
  if (file === undefined) return {};
  const rules = loadConfigFile(file, cwd).engine.rules ?? {};
  const out: { put?: unknown; get?: unknown } = {};
  for (const [key, value] of Object.entries(rules)) {
    if (findRule(key)?.meta.id !== RULE_ID) continue;
    if (value.options && 'putRate' in value.options) out.put = value.options.putRate;
    if (value.options && 'getRate' in value.options) out.get = value.options.getRate;
  }
  return out;
}

function rateOption(name: 'putRate' | 'getRate', flag: string, typed: string | undefined, configured: unknown, fallback: number): number {
  if (typed !== undefined) return nonNegative(typed, flag);
  if (configured === undefined) return fallback;
  if (typeof configured !== 'number' || !Number.isFinite(configured) || configured < 0) {
    throw new UsageError(`configuration: rules.${RULE_ID}.options.${name} must be a non-negative number`);
  }
  return configured;
}

function nonNegative(value: string, option: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`${option} expects a number of requests per second (got "${value}")`);
  return n;
}

function positiveInt(value: string, option: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${option} expects a positive integer (got "${value}")`);
  return n;
}

function ratesSource(opts: KeysOptions, configured: { put?: unknown; get?: unknown }): string {
  if (opts.putRate !== undefined || opts.getRate !== undefined) return 'options --put-rate/--get-rate';
  if (configured.put !== undefined || configured.get !== undefined) return `${RULE_ID} options in the configuration file`;
  return 'default rates; set --put-rate/--get-rate';
}

export function register(program: Command): void {
  program
    .command('keys')
    .description(
      'Analyse a list of object keys (one per line, or an S3 Inventory CSV; gzip accepted): prefix tree with traffic share, detected layout (date-first, time-ordered id first, hash-first...), throughput estimate and a sharded layout',
    )
    .argument('<file>', 'key list file, or - for stdin')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'html']).default('text'))
    .option('-o, --output <file>', 'write the output to a file instead of stdout')
    .option('--put-rate <n>', `expected PUT/COPY/POST/DELETE requests per second (default: S3L006 putRate in the configuration file, else ${DEFAULT_PUT_RATE})`)
    .option('--get-rate <n>', `expected GET/HEAD requests per second (default: S3L006 getRate in the configuration file, else ${DEFAULT_GET_RATE})`)
    .option('-c, --config <file>', 'configuration file (default: s3lint.config.json/.yaml/.yml found upward from the working directory)')
    .option('--no-config', 'do not read a configuration file')
    .option('--depth <n>', 'levels of the prefix tree to print', String(DEFAULT_TREE_OPTIONS.depth))
    .option('--top <n>', 'children shown per prefix (the rest are summed)', String(DEFAULT_TREE_OPTIONS.top))
    .action(async (file: string, opts: KeysOptions) => {
      const configured = configuredRates(opts);
      const rates = {
        put: rateOption('putRate', '--put-rate', opts.putRate, configured.put, DEFAULT_PUT_RATE),
        get: rateOption('getRate', '--get-rate', opts.getRate, configured.get, DEFAULT_GET_RATE),
      };
      const tree = { depth: positiveInt(opts.depth, '--depth'), top: positiveInt(opts.top, '--top') };
      if (file !== '-' && (!existsSync(file) || !statSync(file).isFile())) throw new UsageError(`${file}: no such file`);
      let result;
      try {
        result = await analyseKeyStream(openKeyList(file), rates, {}, ratesSource(opts, configured));
      } catch (e) {
        throw new UsageError(`${file}: cannot read the key list: ${(e as Error).message}`);
      }
      const render = opts.format === 'json' ? renderJson : opts.format === 'html' ? renderHtml : renderText;
      const text = render(result, tree);
      if (opts.output) writeFileSync(opts.output, text);
      else process.stdout.write(text);
      process.exitCode = EXIT_OK;
    });
}
