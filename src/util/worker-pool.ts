/**
 * A small pool of worker threads that call one exported async function of one module: `run(...args)` posts
 * the arguments to the least busy worker and resolves with the function's result. Used to parse files on
 * every core while the main thread goes on with positions and evaluation.
 *
 * This file is also the workers' entry point: a worker started with the pool's workerData imports the target
 * module and serves requests. Workers run compiled JavaScript only: from TypeScript sources (vitest, ts-node)
 * `workerThreadsAvailable()` is false and callers take their single-thread path.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const POOL_MARKER = 's3lintWorkerPool';

interface Request {
  id: number;
  args: unknown[];
}

type Response = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

export interface WorkerPoolOptions {
  /** URL of the compiled module that exports the function. */
  module: URL;
  exportName: string;
  /** Number of workers; defaults to the number of cores. */
  size?: number;
  /** A task that takes longer fails with a timeout error (its worker is replaced). */
  taskTimeoutMs?: number;
}

/** Whether worker threads can run this code (compiled JavaScript, not TypeScript sources under a test runner). */
export function workerThreadsAvailable(): boolean {
  return import.meta.url.endsWith('.js');
}

export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism());
}

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve(v: unknown): void; reject(e: Error): void; timer?: NodeJS.Timeout }>;
}

export class WorkerPool<A extends unknown[], R> {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {
    const size = options.size ?? defaultPoolSize();
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(new URL(import.meta.url), {
      workerData: { [POOL_MARKER]: true, module: this.options.module.href, exportName: this.options.exportName },
    });
    const slot: Slot = { worker, pending: new Map() };
    worker.unref();
    worker.on('message', (m: Response) => {
      const task = slot.pending.get(m.id);
      if (!task) return;
      slot.pending.delete(m.id);
      if (task.timer) clearTimeout(task.timer);
      if (slot.pending.size === 0) worker.unref();
      if (m.ok) task.resolve(m.value);
      else task.reject(new Error(m.message));
    });
    const fail = (e: Error): void => this.replace(slot, e);
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`parser worker exited with code ${code}`));
    });
    return slot;
  }

  /** Rejects everything the slot had in flight and puts a fresh worker in its place. */
  private replace(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    for (const task of slot.pending.values()) {
      if (task.timer) clearTimeout(task.timer);
      task.reject(error);
    }
    slot.pending.clear();
    void slot.worker.terminate();
    if (this.closed) this.slots.splice(index, 1);
    else this.slots[index] = this.spawn();
  }

  run(...args: A): Promise<R> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    const slot = this.slots.reduce((best, s) => (s.pending.size < best.pending.size ? s : best), this.slots[0]!);
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      const task: { resolve(v: unknown): void; reject(e: Error): void; timer?: NodeJS.Timeout } = { resolve: resolve as (v: unknown) => void, reject };
      if (this.options.taskTimeoutMs !== undefined) {
        task.timer = setTimeout(() => this.replace(slot, new Error(`timed out after ${this.options.taskTimeoutMs} ms`)), this.options.taskTimeoutMs);
      }
      slot.pending.set(id, task);
      slot.worker.ref();
      slot.worker.postMessage({ id, args } satisfies Request);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }
}

async function serve(): Promise<void> {
  const data = workerData as { module: string; exportName: string };
  const mod = (await import(data.module)) as Record<string, (...args: unknown[]) => unknown>;
  const fn = mod[data.exportName];
  parentPort!.on('message', async (req: Request) => {
    try {
      if (typeof fn !== 'function') throw new Error(`${data.module} does not export ${data.exportName}`);
      parentPort!.postMessage({ id: req.id, ok: true, value: await fn(...req.args) } satisfies Response);
    } catch (e) {
      parentPort!.postMessage({ id: req.id, ok: false, message: (e as Error).message ?? String(e) } satisfies Response);
    }
  });
}

if (!isMainThread && (workerData as Record<string, unknown> | null)?.[POOL_MARKER] === true) void serve();
