/**
 * Test harness for moto_server: start on a free port (read back from its log on stderr), reset between tests,
 * stop by pid. One server serves every AWS service.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Moto {
  endpoint: string;
  pid: number;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export const TEST_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;
/** moto's default account. */
export const MOTO_ACCOUNT = '123456789012';

export function motoAvailable(): boolean {
  return spawnSync('sh', ['-c', 'command -v moto_server'], { encoding: 'utf8' }).status === 0;
}

/**
 * Gate for describe blocks: when moto_server is missing, CI fails loudly and a developer machine skips
 * with a warning (so the suite never passes silently without having run).
 */
export function requireMoto(suite: string): boolean {
  if (motoAvailable()) return true;
  const message = `${suite}: moto_server is not on PATH (pip install 'moto[server]')`;
  if (process.env['CI'] === 'true') throw new Error(`${message}; it is required in CI`);
  console.warn(`SKIPPING ${message}`);
  return false;
}

/**
 * moto logs one line per request on stderr. It goes to a file, not a pipe: a test that blocks its event
 * loop (spawnSync of the CLI) could not drain a pipe, and moto would stall once the pipe buffer is full.
 */
export async function startMoto(): Promise<Moto> {
  const logDir = mkdtempSync(join(tmpdir(), 's3lint-moto-'));
  const logFile = join(logDir, 'moto.log');
  const log = openSync(logFile, 'w');
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', '0'], { stdio: ['ignore', 'ignore', log] });
  closeSync(log);
  let exited: string | undefined;
  child.on('error', (e) => (exited = e.message));
  child.on('exit', (code) => (exited = `exited with ${code}`));
  const port = await new Promise<number>((resolve, reject) => {
    const deadline = Date.now() + 20_000;
    const poll = (): void => {
      const seen = readFileSync(logFile, 'utf8');
      const m = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(seen);
      if (m) return resolve(Number(m[1]));
      if (exited !== undefined || Date.now() > deadline) {
        return reject(new Error(`moto_server ${exited ?? 'did not report its port in 20s'}: ${seen.slice(-500)}`));
      }
      setTimeout(poll, 50);
    };
    poll();
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    pid: child.pid!,
    reset: () => post(`${endpoint}/moto-api/reset`),
    stop: () =>
      new Promise<void>((resolve) => {
        const done = (): void => {
          rmSync(logDir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', done);
        process.kill(child.pid!, 'SIGTERM');
      }),
  };
}

function post(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST' }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`POST ${url}: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}
