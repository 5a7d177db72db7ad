/**
 * `npm run bench`: the s3lint benchmark (docs/benchmarks.md explains how to read it).
 *
 *   node dist/bench/run.js [--sizes 100,1000,10000] [--formats terraform,cloudformation]
 *                          [--sections scaling,memory,terraform,cloudformation,keys,audit]
 *
 * Every measurement that reports a peak RSS runs in its own child process (peak RSS is per process and only
 * grows), so sizes do not inherit each other's memory. Corpora are generated deterministically; timings and
 * memory are the only numbers that vary between runs. Progress goes to stderr, the tables to stdout.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanPaths } from '../src/engine/scan.js';
import { corpusFiles, parseOnlyMs, type BenchFormat } from './floor.js';
import { bigCloudFormationYaml, bigTerraformFile, generateCloudFormationCorpus, terraformGenerator } from './generate.js';

const SELF = fileURLToPath(import.meta.url);
const DEFAULT_SIZES = [100, 1000, 10000];
const SECTIONS = ['scaling', 'memory', 'terraform', 'cloudformation', 'keys', 'audit'] as const;
type Section = (typeof SECTIONS)[number];

/** Targets from issue 9 (2-core machine). */
const TARGET_RATIO = 1.3;
const TARGET_SCALING = 11;
const TARGET_RSS_MB = 1024;
/** Files scanned and parsed once before measuring (more than one parser worker's backlog, so all start). */
const WARM_UP_FILES = 60;

interface ScanMeasurement {
  files: number;
  scanMs: number;
  parseMs: number;
  peakRssMb: number;
  buckets: number;
  findings: number;
  inputErrors: number;
}

interface FileMeasurement {
  bytes: number;
  scanMs: number;
  baseRssMb: number;
  peakRssMb: number;
}

/** Other processes competing for the cores inflate every time: the load average says how much to trust them. */
const loadNote = (): string => `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`;
const progress = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);
const rssMb = (): number => process.resourceUsage().maxRSS / 1024;

// ---------------------------------------------------------------------------------------------------------
// Child side: one measurement per process.

/** Scan the corpus end to end and parse it alone, alternating, keeping the best of each. */
async function measureCorpus(format: BenchFormat, dir: string): Promise<ScanMeasurement> {
  const files = corpusFiles(format, dir);
  // The best of several rounds: a shared machine slows single runs by tens of percent, which a scaling
  // factor between two sizes would read as non-linear cost.
  const rounds = files.length > 2000 ? 2 : 3;
  // Start-up is not part of either number: the parser's WASM, module loading, the parser workers and the
  // JIT warm up on the first files, so that every size's first round starts warm.
  const warmUp = files.slice(0, WARM_UP_FILES);
  await parseOnlyMs(format, warmUp);
  await scanPaths(warmUp, { load: { cwd: dir } });
  let scanMs = Infinity;
  let parseMs = Infinity;
  let buckets = 0;
  let findings = 0;
  let inputErrors = 0;
  let peakRssMb = 0;
  for (let round = 0; round < rounds; round++) {
    const t0 = performance.now();
    const result = await scanPaths([dir], { load: { cwd: dir } });
    scanMs = Math.min(scanMs, performance.now() - t0);
    // The memory of one scan: taken before the floor runs the parser on this thread (a scan never does) and
    // before later rounds allocate on top of this one's garbage.
    if (round === 0) peakRssMb = rssMb();
    buckets = result.estate.buckets.length;
    findings = result.findings.length;
    inputErrors = result.errors.filter((e) => (e.level ?? 'error') === 'error').length;
    if (round === 0 && inputErrors > 0) progress(`${format}: ${inputErrors} input errors, first: ${result.errors[0]?.file}: ${result.errors[0]?.message}`);
    parseMs = Math.min(parseMs, await parseOnlyMs(format, files));
  }
  return { files: files.length, scanMs, parseMs, peakRssMb, buckets, findings, inputErrors };
}

async function measureFile(path: string, bytes: number): Promise<FileMeasurement> {
  await scanPaths([], { load: { cwd: tmpdir(), ignore: ['**'] } });
  const baseRssMb = process.memoryUsage().rss / 1024 / 1024;
  const t0 = performance.now();
  await scanPaths([path], { load: { cwd: tmpdir() } });
  return { bytes, scanMs: performance.now() - t0, baseRssMb, peakRssMb: rssMb() };
}

async function child(args: string[]): Promise<void> {
  const [kind, format, path, bytes] = args;
  const result = kind === 'corpus' ? await measureCorpus(format as BenchFormat, path!) : await measureFile(path!, Number(bytes));
  process.stdout.write(JSON.stringify(result) + '\n');
}

// ---------------------------------------------------------------------------------------------------------
// Parent side.

function runChild<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [SELF, '--child', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`measurement ${args.join(' ')} failed (exit ${code})`));
      else resolve(JSON.parse(line) as T);
    });
  });
}

async function generateCorpus(format: BenchFormat, dir: string, size: number): Promise<void> {
  if (format === 'terraform') await (await terraformGenerator()).generateTerraformCorpus(dir, size);
  else await generateCloudFormationCorpus(dir, size);
}

const pad = (s: string | number, n: number): string => String(s).padStart(n);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** Each size's child runs this many times, the sizes taking turns, so a slow spell of the host does not land on one size only. */
const SCALING_PASSES = 2;

/** The faster of two children's measurements of one corpus; peak RSS is the larger of the two. */
function faster(a: ScanMeasurement | undefined, b: ScanMeasurement): ScanMeasurement {
  if (!a) return b;
  const best = b.scanMs < a.scanMs ? b : a;
  return { ...best, peakRssMb: Math.max(a.peakRssMb, b.peakRssMb) };
}

async function scalingSection(sizes: number[], formats: BenchFormat[]): Promise<void> {
  console.log(`Scaling: generated corpora, end-to-end scan (discovery, parsing, evaluation, rules); one process per size and pass, best of ${SCALING_PASSES} passes`);
  console.log(`  ${'format'.padEnd(15)}${pad('files', 7)}${pad('wall', 10)}${pad('files/s', 9)}${pad('parse-only', 12)}${pad('ratio', 8)}${pad('peak RSS', 10)}${pad('scaling', 22)}`);
  const verdicts: string[] = [];
  for (const format of formats) {
    const dirs = new Map<number, string>();
    try {
      for (const size of sizes) {
        const dir = mkdtempSync(join(tmpdir(), `s3lint-bench-${format}-`));
        dirs.set(size, dir);
        progress(`${format}: generating ${size} files`);
        await generateCorpus(format, dir, size);
      }
      const best = new Map<number, ScanMeasurement>();
      for (let pass = 1; pass <= SCALING_PASSES; pass++) {
        for (const size of sizes) {
          progress(`${format}: measuring ${size} files (pass ${pass} of ${SCALING_PASSES})`);
          best.set(size, faster(best.get(size), await runChild<ScanMeasurement>(['corpus', format, dirs.get(size) as string])));
        }
      }
      let previous: (ScanMeasurement & { size: number }) | undefined;
      for (const size of sizes) {
        const m = best.get(size) as ScanMeasurement;
        const ratio = m.scanMs / m.parseMs;
        const scaling = previous ? `${(m.scanMs / previous.scanMs).toFixed(2)}x for ${(size / previous.size).toFixed(0)}x files` : '-';
        console.log(
          `  ${format.padEnd(15)}${pad(m.files, 7)}${pad(seconds(m.scanMs), 10)}${pad(((m.files / m.scanMs) * 1000).toFixed(0), 9)}${pad(seconds(m.parseMs), 12)}${pad(`${ratio.toFixed(2)}x`, 8)}${pad(`${m.peakRssMb.toFixed(0)} MB`, 10)}${pad(scaling, 22)}` +
            (m.inputErrors > 0 ? `  (${m.inputErrors} input errors!)` : ''),
        );
        if (format === 'terraform' && size === Math.max(...sizes)) {
          verdicts.push(`  terraform ${size} files: ratio ${ratio.toFixed(2)}x (target <= ${TARGET_RATIO}x: ${ratio <= TARGET_RATIO ? 'met' : 'MISSED'}), peak RSS ${m.peakRssMb.toFixed(0)} MB (target < ${TARGET_RSS_MB} MB: ${m.peakRssMb < TARGET_RSS_MB ? 'met' : 'MISSED'})`);
        }
        if (previous && size / previous.size === 10) {
          const factor = m.scanMs / previous.scanMs;
          verdicts.push(`  ${format} ${previous.size} -> ${size} files: time x${factor.toFixed(2)} (target <= ${TARGET_SCALING}x: ${factor <= TARGET_SCALING ? 'met' : 'MISSED'})`);
        }
        previous = { ...m, size };
      }
    } finally {
      for (const dir of dirs.values()) rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log('  ratio = wall / parse-only (same parser, same process, one thread); scaling = wall against the previous size; peak RSS = the larger of the passes');
  for (const v of verdicts) console.log(v);
}

async function memorySection(formats: BenchFormat[]): Promise<void> {
  console.log('Single large file: memory growth over the idle process, by file size (linear means ~10x growth for 10x bytes)');
  console.log(`  ${'format'.padEnd(15)}${pad('size', 9)}${pad('wall', 10)}${pad('RSS growth', 12)}${pad('per input MB', 14)}`);
  for (const format of formats) {
    const growths: number[] = [];
    for (const mb of [0.5, 5]) {
      const bytes = Math.round(mb * 1024 * 1024);
      const dir = mkdtempSync(join(tmpdir(), `s3lint-bench-big-${format}-`));
      try {
        const path = join(dir, format === 'terraform' ? 'big.tf' : 'big.yaml');
        const text = format === 'terraform' ? await bigTerraformFile(bytes) : bigCloudFormationYaml(bytes);
        writeFileSync(path, text);
        progress(`${format}: measuring one ${mb} MB file`);
        const m = await runChild<FileMeasurement>(['file', format, path, String(Buffer.byteLength(text))]);
        const growth = Math.max(0, m.peakRssMb - m.baseRssMb);
        growths.push(growth);
        const inputMb = m.bytes / 1024 / 1024;
        console.log(`  ${format.padEnd(15)}${pad(`${inputMb.toFixed(1)} MB`, 9)}${pad(seconds(m.scanMs), 10)}${pad(`${growth.toFixed(0)} MB`, 12)}${pad(`${(growth / inputMb).toFixed(0)} MB`, 14)}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const factor = growths[1]! / Math.max(1, growths[0]!);
    console.log(`  ${format}: 10x bytes -> x${factor.toFixed(1)} memory growth (${factor <= TARGET_SCALING ? 'linear' : 'SUPER-LINEAR'})`);
  }
}

/** The per-engineer sections (bench/<name>.ts), loaded by name so that a missing one is reported, not fatal. */
async function peerSection(file: string, exportName: string, args: unknown[]): Promise<void> {
  const specifier = `./${file}`;
  const mod = (await import(specifier).catch((e: unknown) => ({ loadError: e }))) as Record<string, unknown>;
  const fn = mod[exportName];
  if (typeof fn !== 'function') {
    console.log(`${file}: ${exportName} is not available${mod.loadError ? ` (${(mod.loadError as Error).message})` : ''}`);
    return;
  }
  await (fn as (...a: unknown[]) => Promise<void>)(...args);
}

const FORMATS: BenchFormat[] = ['terraform', 'cloudformation'];

function parseArgs(argv: string[]): { sizes: number[]; sections: Section[]; formats: BenchFormat[] } {
  let sizes = DEFAULT_SIZES;
  let formats = FORMATS;
  let sections: Section[] = [...SECTIONS];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--sizes') sizes = (argv[++i] ?? '').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
    else if (argv[i] === '--formats') formats = (argv[++i] ?? '').split(',').filter((f): f is BenchFormat => (FORMATS as string[]).includes(f));
    else if (argv[i] === '--sections') sections = (argv[++i] ?? '').split(',').filter((s): s is Section => (SECTIONS as readonly string[]).includes(s));
    else throw new Error(`unknown argument ${argv[i]} (usage: node dist/bench/run.js [--sizes 100,1000,10000] [--formats ${FORMATS.join(',')}] [--sections ${SECTIONS.join(',')}])`);
  }
  return { sizes, sections, formats };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') return child(argv.slice(1));
  const { sizes, sections, formats } = parseArgs(argv);
  console.log(`s3lint benchmark: node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${loadNote()}`);
  console.log('');
  const run: Record<Section, () => Promise<void>> = {
    scaling: () => scalingSection(sizes, formats),
    memory: () => memorySection(formats),
    terraform: () => peerSection('terraform.js', 'runTerraformBench', [[1000]]),
    cloudformation: () => peerSection('cloudformation.js', 'runCloudFormationBench', []),
    keys: () => peerSection('keys.js', 'runKeysBench', []),
    audit: () => peerSection('audit.js', 'runAuditBench', []),
  };
  for (const section of sections) {
    progress(`section ${section}`);
    try {
      await run[section]();
    } catch (e) {
      console.log(`${section}: failed: ${(e as Error).message}`);
      process.exitCode = 1;
    }
    if (section === 'scaling' || section === 'memory') console.log(`  (${loadNote()} at the end of the section)`);
    console.log('');
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
