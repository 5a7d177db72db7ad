/**
 * s3lint's own JSON snapshots (`*.s3lint.json`, or an explicitly named JSON file whose top level has
 * "s3lintSnapshot"), validated by schemas/estate.schema.json.
 */
import type { InputError } from '../../engine/finding.js';
import type { Estate, JsonValue } from '../../model/index.js';
import { mergeEstates } from '../../model/index.js';
import { validateAgainst } from '../../util/json-schema.js';
import { parseJsonWithPositions } from '../json-source.js';
import type { CandidateFile, Loader, LoadResult } from '../types.js';
import { convertSnapshot } from './convert.js';

const SNAPSHOT_SUFFIX = '.s3lint.json';

function looksLikeSnapshot(text: string): boolean {
  return /^\s*\{[\s\S]{0,512}?"s3lintSnapshot"\s*:/.test(text.slice(0, 4096)) || /"s3lintSnapshot"\s*:/.test(text.slice(0, 65536));
}

export function loadSnapshotText(path: string, text: string): { estate?: Estate; errors: InputError[] } {
  const parsed = parseJsonWithPositions(path, text);
  if ('errors' in parsed) {
    return { errors: parsed.errors.map((e) => ({ file: path, line: e.line, column: e.column, message: e.message })) };
  }
  const violations = validateAgainst('estate.schema.json', parsed.value);
  if (violations.length > 0) {
    return {
      errors: violations.map((v) => {
        const at = parsed.locate(v.pointer);
        return { file: path, line: at.startLine, column: at.startColumn, message: `snapshot schema: ${v.pointer || '/'}: ${v.message}` };
      }),
    };
  }
  const doc = parsed.value as { [k: string]: JsonValue };
  return { estate: convertSnapshot(doc, parsed.locate, { policyLocations: true }), errors: [] };
}

/** One bad file must not cost the others: an unexpected failure is reported against that file only. */
function loadOneSnapshot(path: string, text: string): { estate?: Estate; errors: InputError[] } {
  try {
    return loadSnapshotText(path, text);
  } catch (e) {
    return { errors: [{ file: path, message: `internal error while reading this snapshot: ${(e as Error).message}` }] };
  }
}

export const snapshotLoader: Loader = {
  id: 'snapshot',
  claims(file: CandidateFile): boolean {
    if (file.path.endsWith(SNAPSHOT_SUFFIX)) return true;
    if (!file.explicit || !file.path.toLowerCase().endsWith('.json')) return false;
    try {
      return looksLikeSnapshot(file.text());
    } catch {
      return false;
    }
  },
  async load(files: CandidateFile[]): Promise<LoadResult> {
    const estates: Estate[] = [];
    const errors: InputError[] = [];
    const read: string[] = [];
    for (const file of files) {
      let text: string;
      try {
        text = file.text();
      } catch (e) {
        errors.push({ file: file.path, message: `cannot read: ${(e as Error).message}` });
        continue;
      }
      const result = loadOneSnapshot(file.path, text);
      errors.push(...result.errors);
      if (result.estate) {
        estates.push(result.estate);
        read.push(file.path);
      }
    }
    return { estate: mergeEstates(estates), errors, files: read };
  },
};
