/**
 * The one place that knows the HCL parser package. @cdktf/hcl2json is deprecated upstream (Dec 2025);
 * @cdktn/hcl2json is a drop-in fork: swap the import here and nothing else changes.
 */
import { parse } from '@cdktf/hcl2json';
import { stat } from 'node:fs/promises';

export type HclParseResult =
  | { ok: true; json: Record<string, unknown> }
  | { ok: false; line: number; column: number; message: string };

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
export function firstError(fileName: string, raw: string): { line: number; column: number; message: string } {
  const body = raw.replace(/^parse config: \[/, '').replace(/\]$/, '');
  const marker = `${fileName}:`;
  const start = body.indexOf(marker);
  if (start === -1) return { line: 1, column: 1, message: body };
  const rest = body.slice(start + marker.length);
  const m = /^(\d+),(\d+)(?:-\d+(?:,\d+)?)?: ([\s\S]*)$/.exec(rest);
  if (!m) return { line: 1, column: 1, message: body };
  let message = m[3] as string;
  const next = message.indexOf(` ${marker}`);
  if (next !== -1) message = message.slice(0, next);
  return { line: Number(m[1]), column: Number(m[2]), message: message.replace(/;\s*/, ': ').trim() };
}
