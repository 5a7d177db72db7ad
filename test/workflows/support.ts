import { cpSync, mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../support/fixtures.js';

export const DATA = join(REPO_ROOT, 'test', 'workflows', 'data');

/** A fresh copy of test/workflows/data/<name> in a temporary directory (the returned path is its parent). */
export function copyData(name: string, as = name): string {
  const root = mkdtempSync(join(tmpdir(), 's3lint-wf-'));
  cpSync(join(DATA, name), join(root, as), { recursive: true });
  return root;
}

export function tempTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 's3lint-wf-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

export interface JsonFinding {
  ruleId: string;
  kind: string;
  severity: string;
  at: { kind: string; file?: string; startLine?: number };
  resource: { address: string; name?: string };
  fingerprint: string;
  suppressions?: { kind: string; justification: string; until?: string; at?: { file: string; startLine: number } }[];
}

export interface JsonReport {
  findings: JsonFinding[];
  errors: { file: string; line?: number; message: string; level?: string }[];
  summary: { findings: number; suppressed: number; unknown: number };
}
