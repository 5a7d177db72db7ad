/**
 * Benchmark of `s3lint keys` (issue 7 acceptance: 1,000,000 keys in under 10 s and under 500 MB).
 * Generates a key list in a temp dir, runs the built CLI in a child process, and reports wall time and the
 * child's peak RSS (read by a preload script from process.resourceUsage() at exit).
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const KEYS_BENCH_LINES = 1_000_000;
export const KEYS_BENCH_MAX_SECONDS = 10;
export const KEYS_BENCH_MAX_RSS_MB = 500;

export interface KeysBenchResult {
  keys: number;
  wallSeconds: number;
  /** User + system CPU time of the child: the wall time on an idle machine, less noisy on a shared one. */
  cpuSeconds: number;
  peakRssMb: number;
  layout: string;
  withinTargets: boolean;
}

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

/** Firehose-style date-first keys with a few other prefixes mixed in; deterministic. */
async function writeKeyList(path: string, lines: number): Promise<void> {
  const out = createWriteStream(path);
  let seed = 12345;
  const next = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed;
  };
  const hex = (): string => next().toString(16).padStart(8, '0') + next().toString(16).padStart(8, '0');
  const pad = (n: number): string => String(n).padStart(2, '0');
  let chunk: string[] = [];
  for (let i = 0; i < lines; i++) {
    const day = 1 + (i % 28);
    const hour = Math.floor(i / 1000) % 24;
    const key =
      i % 10 === 0
        ? `exports/${['orders', 'users', 'items'][i % 3]}/part-${String(i).padStart(7, '0')}.parquet`
        : `events/2026/${pad(1 + (i % 12))}/${pad(day)}/${pad(hour)}/events-1-2026-${pad(1 + (i % 12))}-${pad(day)}-${pad(hour)}-00-00-${hex()}${hex()}.gz`;
    chunk.push(key);
    if (chunk.length === 10_000) {
      if (!out.write(`${chunk.join('\n')}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = [];
    }
  }
  if (chunk.length > 0) out.write(`${chunk.join('\n')}\n`);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

function runCli(args: string[], preload: string): Promise<{ code: number; stdout: string; stderr: string; seconds: number }> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--require', preload, CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      resolve({ code: code ?? -1, stdout, stderr, seconds });
    });
  });
}

export async function measureKeysBench(lines = KEYS_BENCH_LINES): Promise<KeysBenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 's3lint-keys-bench-'));
  try {
    const list = join(dir, 'keys.txt');
    const preload = join(dir, 'report-rss.cjs');
    await writeFile(preload, "process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write('\\nS3LINT_BENCH_MAXRSS_KB=' + u.maxRSS + ' S3LINT_BENCH_CPU_US=' + (u.userCPUTime + u.systemCPUTime) + '\\n'); });\n");
    await writeKeyList(list, lines);
    const run = await runCli(['keys', list, '--format', 'json'], preload);
    if (run.code !== 0) throw new Error(`s3lint keys exited with ${run.code}: ${run.stderr.trim()}`);
    const usage = /S3LINT_BENCH_MAXRSS_KB=(\d+) S3LINT_BENCH_CPU_US=(\d+)/.exec(run.stderr);
    if (!usage) throw new Error('the child did not report its resource usage');
    const report = JSON.parse(run.stdout) as { keys: number; layout: string };
    const peakRssMb = Number(usage[1]) / 1024;
    return {
      keys: report.keys,
      wallSeconds: run.seconds,
      cpuSeconds: Number(usage[2]) / 1e6,
      peakRssMb,
      layout: report.layout,
      withinTargets: run.seconds < KEYS_BENCH_MAX_SECONDS && peakRssMb < KEYS_BENCH_MAX_RSS_MB,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function runKeysBench(): Promise<void> {
  const r = await measureKeysBench();
  process.stdout.write(
    `keys: ${r.keys.toLocaleString('en-US')} keys analysed in ${r.wallSeconds.toFixed(2)} s wall (${r.cpuSeconds.toFixed(2)} s CPU), peak RSS ${r.peakRssMb.toFixed(0)} MB ` +
      `(targets < ${KEYS_BENCH_MAX_SECONDS} s, < ${KEYS_BENCH_MAX_RSS_MB} MB: ${r.withinTargets ? 'met' : 'NOT MET'}); layout ${r.layout}\n`,
  );
  if (!r.withinTargets) process.exitCode = 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runKeysBench();
}
