/**
 * Parameter values: parameter files (in order) and then `--parameter Name=Value`, later wins. Files are JSON in
 * the CLI's `[{ "ParameterKey": "...", "ParameterValue": "..." }]` form, the `{ "Name": "Value" }` form, or
 * CodePipeline's `{ "Parameters": { "Name": "Value" } }`.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { InputError } from '../../engine/finding.js';

export interface ParameterLoad {
  inputs: Map<string, string>;
  errors: InputError[];
}

export async function loadParameters(files: readonly string[], given: Readonly<Record<string, string>>, cwd: string): Promise<ParameterLoad> {
  const inputs = new Map<string, string>();
  const errors: InputError[] = [];
  for (const file of files) {
    const path = isAbsolute(file) ? file : resolve(cwd, file);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(path, 'utf8'));
    } catch (e) {
      const why = e instanceof SyntaxError ? `not valid JSON (${e.message})` : 'cannot be read';
      errors.push({ file, message: `CloudFormation parameters file ${why}`, level: 'error' });
      continue;
    }
    const pairs = parameterPairs(parsed);
    if (pairs === undefined) {
      errors.push({ file, message: 'CloudFormation parameters file must be [{"ParameterKey","ParameterValue"}] or {"Name": "Value"}', level: 'error' });
      continue;
    }
    for (const [k, v] of pairs) inputs.set(k, v);
  }
  for (const [k, v] of Object.entries(given)) inputs.set(k, v);
  return { inputs, errors };
}

export function parameterPairs(parsed: unknown): [string, string][] | undefined {
  if (Array.isArray(parsed)) {
    const out: [string, string][] = [];
    for (const item of parsed) {
      if (typeof item !== 'object' || item === null) return undefined;
      const { ParameterKey: key, ParameterValue: value } = item as Record<string, unknown>;
      if (typeof key !== 'string') return undefined;
      if (value !== undefined) out.push([key, scalarText(value)]);
    }
    return out;
  }
  if (typeof parsed === 'object' && parsed !== null) {
    const record = parsed as Record<string, unknown>;
    const inner = record['Parameters'];
    const source = typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (inner as Record<string, unknown>) : record;
    return Object.entries(source).map(([k, v]) => [k, scalarText(v)]);
  }
  return undefined;
}

function scalarText(v: unknown): string {
  if (Array.isArray(v)) return v.map(String).join(',');
  return typeof v === 'string' ? v : JSON.stringify(v);
}
