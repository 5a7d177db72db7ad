// Runs scans for the robustness suite inside a worker thread, so that the parent can enforce a time budget
// per case (terminate() stops even a synchronous infinite loop) and a memory ceiling (resourceLimits).
// Plain JavaScript on the built library (dist/), like the CLI tests: `npm test` builds first.
import { parentPort } from 'node:worker_threads';

const { scanPaths } = await import(new URL('../../dist/src/engine/scan.js', import.meta.url).href);

parentPort.on('message', async (request) => {
  const started = performance.now();
  try {
    const result = await scanPaths(request.paths, { load: { cwd: request.cwd, ...(request.load ?? {}) } });
    parentPort.postMessage({
      id: request.id,
      status: 'ok',
      ms: performance.now() - started,
      errors: result.errors,
      files: result.files,
      findings: result.findings.map((f) => ({
        ruleId: f.ruleId,
        kind: f.kind,
        file: f.at.kind === 'source' ? f.at.file : undefined,
        line: f.at.kind === 'source' ? f.at.startLine : undefined,
      })),
      polluted: Object.prototype.hasOwnProperty('polluted') || Object.keys(Object.prototype).length > 0,
    });
  } catch (e) {
    parentPort.postMessage({ id: request.id, status: 'crash', ms: performance.now() - started, crash: String(e?.stack ?? e) });
  }
});
parentPort.postMessage({ ready: true });
