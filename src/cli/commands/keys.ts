import { existsSync, statSync, writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { DEFAULT_GET_RATE, DEFAULT_PUT_RATE } from '../../keys/estimate.js';
import { DEFAULT_TREE_OPTIONS, renderHtml, renderJson, renderText } from '../../keys/render.js';
import { analyseKeyStream, openKeyList } from '../../keys/stream.js';
import { EXIT_OK, UsageError } from '../errors.js';

interface KeysOptions {
  format: 'text' | 'json' | 'html';
  output?: string;
  putRate: string;
  getRate: string;
  depth: string;
  top: string;
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

export function register(program: Command): void {
  program
    .command('keys')
    .description(
      'Analyse a list of object keys (one per line, or an S3 Inventory CSV; gzip accepted): prefix tree with traffic share, detected layout (date-first, time-ordered id first, hash-first...), throughput estimate and a sharded layout',
    )
    .argument('<file>', 'key list file, or - for stdin')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'html']).default('text'))
    .option('-o, --output <file>', 'write the output to a file instead of stdout')
    .option('--put-rate <n>', 'expected PUT/COPY/POST/DELETE requests per second', String(DEFAULT_PUT_RATE))
    .option('--get-rate <n>', 'expected GET/HEAD requests per second', String(DEFAULT_GET_RATE))
    .option('--depth <n>', 'levels of the prefix tree to print', String(DEFAULT_TREE_OPTIONS.depth))
    .option('--top <n>', 'children shown per prefix (the rest are summed)', String(DEFAULT_TREE_OPTIONS.top))
    .action(async (file: string, opts: KeysOptions) => {
      const rates = { put: nonNegative(opts.putRate, '--put-rate'), get: nonNegative(opts.getRate, '--get-rate') };
      const tree = { depth: positiveInt(opts.depth, '--depth'), top: positiveInt(opts.top, '--top') };
      if (file !== '-' && (!existsSync(file) || !statSync(file).isFile())) throw new UsageError(`${file}: no such file`);
      let result;
      try {
        result = await analyseKeyStream(openKeyList(file), rates);
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
