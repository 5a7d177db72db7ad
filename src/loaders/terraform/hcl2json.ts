/**
 * The one place that knows the HCL parser package. @cdktf/hcl2json is deprecated upstream (Dec 2025);
 * @cdktn/hcl2json is a drop-in fork: swap the import here and nothing else changes.
 */
import { parse } from '@cdktf/hcl2json';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
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

/** How the parser fails on extreme nesting (no diagnostic; the same file fails the same way every time). */
const STACK_EXHAUSTED = /call stack|too much recursion/i;

/** "parse config: [main.tf:2,7-3,1: Invalid expression; Expected ...]" → line 2, column 7 and the message. */
export function firstError(fileName: string, raw: string): { line: number; column: number; message: string; positioned: boolean } {
  const body = raw.replace(/^parse config: \[/, '').replace(/\]$/, '');
  const marker = `${fileName}:`;
  const start = body.indexOf(marker);
  const m = start === -1 ? null : /^(\d+),(\d+)(?:-\d+(?:,\d+)?)?: ([\s\S]*)$/.exec(body.slice(start + marker.length));
  if (!m) {
    // No diagnostic: the parser itself failed (for instance it ran out of stack on extreme nesting).
    const why = STACK_EXHAUSTED.test(body) ? 'the file nests too deeply' : body;
    return { line: 1, column: 1, message: `the HCL parser could not read this file: ${why}`, positioned: false };
  }
  let message = m[3] as string;
  const next = message.indexOf(` ${marker}`);
  if (next !== -1) message = message.slice(0, next);
  return { line: Number(m[1]), column: Number(m[2]), message: message.replace(/;\s*/, ': ').trim(), positioned: true };
}

export type HclSyntaxResult = { ok: true } | { ok: false; line: number; column: number; message: string; positioned: boolean };

/**
 * The same parser in worker threads: syntax checks run there while the caller locates and evaluates on this
 * thread. One worker starts with the first check; more (up to one per core) start while every worker has a
 * backlog, so a large tree is parsed on every core and a handful of files costs one worker's start-up.
 * Falls back to this thread when a worker cannot start or dies.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { stat } = require('node:fs/promises');
const fs = require('node:fs');
// The parser's Go runtime writes crash reports to stdout and stderr (an extremely nested file). They must
// not reach s3lint's output, and a full pipe (EAGAIN) thrown inside the runtime breaks it for every later
// file: its writes to fd 1 and 2 are dropped.
const { write, writeSync } = fs;
const quiet = (fd) => fd === 1 || fd === 2;
const size = (buf) => (typeof buf === 'string' ? Buffer.byteLength(buf) : buf.byteLength);
fs.writeSync = (fd, buf, ...rest) => (quiet(fd) ? size(buf) : writeSync(fd, buf, ...rest));
fs.write = (fd, buf, ...rest) => {
  if (!quiet(fd)) return write(fd, buf, ...rest);
  const callback = rest[rest.length - 1];
  const length = typeof rest[1] === 'number' ? rest[1] : size(buf);
  process.nextTick(() => callback(null, length, buf));
};
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

/** Checks posted to one worker at a time; the rest wait here, so workers never hold copies of a whole tree. */
const IN_FLIGHT_PER_WORKER = 4;
/** Another worker starts while more checks than this wait and a core is left. */
const BACKLOG_FOR_ANOTHER_WORKER = 16;
const MAX_WORKERS = Math.max(1, availableParallelism());

interface Job {
  name: string;
  text: string;
  resolve: (r: HclSyntaxResult) => void;
}

interface ParserWorker {
  worker: Worker;
  jobs: Map<number, Job>;
}

const workers: ParserWorker[] = [];
/** Checks not yet handed to a worker, oldest first (a head index: shifting a long array costs its length). */
let waiting: Job[] = [];
let head = 0;
const backlog = (): number => waiting.length - head;

function takeWaiting(): Job | undefined {
  const job = waiting[head++];
  if (head === waiting.length) {
    waiting = [];
    head = 0;
  }
  return job;
}

/** Set when a worker cannot start or has died: later checks run on this thread. */
let workersFailed = false;
let nextId = 0;

function checkHere(job: Job): void {
  void parseHcl(job.name, job.text).then((r) => job.resolve(r.ok ? { ok: true } : r));
}

function startWorker(): void {
  try {
    const parser = createRequire(import.meta.url).resolve('@cdktf/hcl2json');
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { parser } });
    const slot: ParserWorker = { worker: w, jobs: new Map() };
    w.unref();
    w.on('message', (m: { id: number; ok: boolean; message?: string }) => {
      const job = slot.jobs.get(m.id);
      if (!job) return;
      slot.jobs.delete(m.id);
      const failure = m.ok ? undefined : firstError(job.name, m.message ?? '');
      if (failure && !failure.positioned) retire(slot);
      if (failure && !failure.positioned && !STACK_EXHAUSTED.test(m.message ?? '')) {
        // The parser's runtime failed without a diagnostic (seen: EAGAIN writing to stderr while another
        // file's crash report filled the pipe): that says nothing about this file, so check it once more here.
        checkHere(job);
      } else job.resolve(failure ? { ok: false, ...failure } : { ok: true });
      dispatch();
    });
    // The worker died (an error, or the parser's runtime exiting): answer what it had on this thread and
    // stop starting workers.
    const died = (): void => {
      const index = workers.indexOf(slot);
      if (index === -1) return;
      workersFailed = true;
      workers.splice(index, 1);
      for (const job of slot.jobs.values()) checkHere(job);
      slot.jobs.clear();
      dispatch();
    };
    w.on('error', died);
    w.on('exit', died);
    workers.push(slot);
  } catch {
    workersFailed = true;
  }
}

/**
 * Replaces a worker whose parser failed without a diagnostic: its Go runtime may not survive that (later
 * checks then never answer). Its other checks go back to the front of the queue.
 */
function retire(slot: ParserWorker): void {
  const index = workers.indexOf(slot);
  if (index === -1) return;
  workers.splice(index, 1);
  waiting = [...slot.jobs.values(), ...waiting.slice(head)];
  head = 0;
  slot.jobs.clear();
  void slot.worker.terminate();
}

/** Hands waiting checks to workers with room, starting workers as the backlog asks. */
function dispatch(): void {
  if (!workersFailed && backlog() > 0 && (workers.length === 0 || (backlog() > BACKLOG_FOR_ANOTHER_WORKER && workers.length < MAX_WORKERS))) startWorker();
  if (workers.length === 0) {
    for (let job = takeWaiting(); job; job = takeWaiting()) checkHere(job);
    return;
  }
  for (const slot of workers) {
    while (slot.jobs.size < IN_FLIGHT_PER_WORKER && backlog() > 0) {
      const job = takeWaiting() as Job;
      const id = nextId++;
      slot.jobs.set(id, job);
      slot.worker.postMessage({ id, name: job.name, text: job.text });
    }
    // A worker with nothing to do must not keep the process alive.
    if (slot.jobs.size > 0) slot.worker.ref();
    else slot.worker.unref();
  }
}

/** Starts a syntax check of one file; the answer comes later. */
export function checkHclSyntax(fileName: string, text: string): Promise<HclSyntaxResult> {
  return new Promise((resolve) => {
    waiting.push({ name: fileName, text, resolve });
    dispatch();
  });
}
