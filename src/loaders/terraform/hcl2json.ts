/**
 * The one place that knows the HCL parser package. @cdktf/hcl2json is deprecated upstream (Dec 2025);
 * @cdktn/hcl2json is a drop-in fork: swap the import here and nothing else changes.
 */
import { parse } from '@cdktf/hcl2json';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export type HclParseResult =
  | { ok: true; json: Record<string, unknown> }
  | { ok: false; line: number; column: number; message: string; /** false when the parser failed without a diagnostic (e.g. out of stack) */ positioned: boolean };

/** Time spent inside the parser since the process started (the benchmark reports it). */
export const parserTime = { ms: 0, calls: 0 };

/** Parses HCL native syntax. Never throws for syntax errors: they come back with the first error's position. */
export async function parseHcl(fileName: string, text: string): Promise<HclParseResult> {
  const t0 = performance.now();
  try {
    return { ok: true, json: (await parse(fileName, text)) as Record<string, unknown> };
  } catch (e) {
    return { ok: false, ...firstError(fileName, (e as Error).message) };
  } finally {
    // The parser's Go WASM runtime resumes on timers and otherwise spins inside WASM. One tiny pending I/O
    // request after each call lets the event loop run those timers first: measured 2-3x less time in WASM
    // over a thousand sequential files (bench/terraform.ts).
    await stat('.').catch(() => undefined);
    parserTime.ms += performance.now() - t0;
    parserTime.calls++;
  }
}

/** "parse config: [main.tf:2,7-3,1: Invalid expression; Expected ...]" → line 2, column 7 and the message. */
export function firstError(fileName: string, raw: string): { line: number; column: number; message: string; positioned: boolean } {
  const body = raw.replace(/^parse config: \[/, '').replace(/\]$/, '');
  const marker = `${fileName}:`;
  const start = body.indexOf(marker);
  const m = start === -1 ? null : /^(\d+),(\d+)(?:-\d+(?:,\d+)?)?: ([\s\S]*)$/.exec(body.slice(start + marker.length));
  if (!m) {
    // No diagnostic: the parser itself failed (for instance it ran out of stack on extreme nesting).
    const why = /call stack|too much recursion/i.test(body) ? 'the file nests too deeply' : body;
    return { line: 1, column: 1, message: `the HCL parser could not read this file: ${why}`, positioned: false };
  }
  let message = m[3] as string;
  const next = message.indexOf(` ${marker}`);
  if (next !== -1) message = message.slice(0, next);
  return { line: Number(m[1]), column: Number(m[2]), message: message.replace(/;\s*/, ': ').trim(), positioned: true };
}

export type HclSyntaxResult = { ok: true } | { ok: false; line: number; column: number; message: string; positioned: boolean };

/**
 * The same parser in a worker thread: syntax checks run there while the caller locates and evaluates on
 * this thread (the machine has more than one core). Falls back to this thread when a worker cannot start.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { stat } = require('node:fs/promises');
const { parse } = require(workerData.parser);
let queue = Promise.resolve();
parentPort.on('message', ({ id, name, text }) => {
  queue = queue.then(async () => {
    let reply;
    try {
      await parse(name, text);
      reply = { id, ok: true };
    } catch (e) {
      reply = { id, ok: false, message: String((e && e.message) || e) };
    }
    await stat('.').catch(() => undefined);
    parentPort.postMessage(reply);
  });
});
`;

let worker: Worker | null | undefined;
let nextId = 0;
const pending = new Map<number, { name: string; text: string; resolve: (r: HclSyntaxResult) => void }>();

function backgroundWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    const parser = createRequire(import.meta.url).resolve('@cdktf/hcl2json');
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { parser } });
    w.unref();
    w.on('message', (m: { id: number; ok: boolean; message?: string }) => {
      const job = pending.get(m.id);
      if (!job) return;
      pending.delete(m.id);
      if (pending.size === 0) w.unref();
      job.resolve(m.ok ? { ok: true } : { ok: false, ...firstError(job.name, m.message ?? '') });
    });
    w.on('error', () => {
      // The worker died: answer what is pending on this thread and stop using it.
      worker = null;
      for (const [id, job] of pending) {
        pending.delete(id);
        void parseHcl(job.name, job.text).then((r) => job.resolve(r.ok ? { ok: true } : r));
      }
    });
    worker = w;
  } catch {
    worker = null;
  }
  return worker;
}

/** Starts a syntax check of one file; the answer comes later, in file order of the calls. */
export function checkHclSyntax(fileName: string, text: string): Promise<HclSyntaxResult> {
  const w = backgroundWorker();
  if (!w) return parseHcl(fileName, text).then((r) => (r.ok ? { ok: true } : r));
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, { name: fileName, text, resolve });
    w.ref();
    w.postMessage({ id, name: fileName, text });
  });
}
