/**
 * Test harness for moto_server: start on a free port (read back from its stderr), reset between tests,
 * stop by pid. One server serves every AWS service.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';

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

export async function startMoto(): Promise<Moto> {
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`moto_server did not report its port in 20s: ${seen.slice(-500)}`)), 20_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`moto_server exited with ${code}: ${seen.slice(-500)}`));
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const m = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  // Keep draining stderr (one log line per request) so the pipe never fills up and blocks the server.
  child.stderr!.resume();
  child.removeAllListeners('exit');
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    pid: child.pid!,
    reset: () => post(`${endpoint}/moto-api/reset`),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
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
