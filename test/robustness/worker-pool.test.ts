/** The worker pool (src/util/worker-pool.ts), exercised through the build as the loaders use it. */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/fixtures.js';

type Pool = { run(kind: string, value?: unknown): Promise<{ value: unknown; threadId: number }>; close(): Promise<void> };
type PoolModule = {
  WorkerPool: new (options: { module: URL; exportName: string; size?: number; taskTimeoutMs?: number }) => Pool;
  workerThreadsAvailable(): boolean;
};

const load = async (): Promise<PoolModule> => (await import(pathToFileURL(join(REPO_ROOT, 'dist', 'src', 'util', 'worker-pool.js')).href)) as PoolModule;
const TARGET = pathToFileURL(join(REPO_ROOT, 'test', 'robustness', 'pool-target.mjs'));

let pool: Pool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('WorkerPool', () => {
  it('runs tasks on every worker and returns results in call order', async () => {
    const { WorkerPool, workerThreadsAvailable } = await load();
    expect(workerThreadsAvailable()).toBe(true);
    pool = new WorkerPool({ module: TARGET, exportName: 'work', size: 2 });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => pool!.run('echo', i)));
    expect(results.map((r) => r.value)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(new Set(results.map((r) => r.threadId)).size).toBe(2);
  });

  it('rejects a task whose function throws, and keeps serving', async () => {
    const { WorkerPool } = await load();
    pool = new WorkerPool({ module: TARGET, exportName: 'work', size: 1 });
    await expect(pool.run('throw', 'x')).rejects.toThrow('bad input: x');
    expect((await pool.run('echo', 1)).value).toBe(1);
  });

  it('fails a task that overruns its time budget and replaces the stuck worker', async () => {
    const { WorkerPool } = await load();
    pool = new WorkerPool({ module: TARGET, exportName: 'work', size: 1, taskTimeoutMs: 500 });
    await expect(pool.run('spin')).rejects.toThrow('timed out after 500 ms');
    expect((await pool.run('echo', 2)).value).toBe(2);
  });

  it('survives a worker that exits', async () => {
    const { WorkerPool } = await load();
    pool = new WorkerPool({ module: TARGET, exportName: 'work', size: 1 });
    await expect(pool.run('exit')).rejects.toThrow(/exited with code 3/);
    expect((await pool.run('echo', 3)).value).toBe(3);
  });
});
