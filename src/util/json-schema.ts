import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { schemaPath } from './paths.js';

const compiled = new Map<string, ValidateFunction>();

function validator(schemaFile: string): ValidateFunction {
  let v = compiled.get(schemaFile);
  if (!v) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    v = ajv.compile(JSON.parse(readFileSync(schemaPath(schemaFile), 'utf8')) as object);
    compiled.set(schemaFile, v);
  }
  return v;
}

export interface SchemaViolation {
  /** JSON pointer of the offending value ("" for the root). */
  pointer: string;
  message: string;
}

/**
 * Validate `data` against schemas/<schemaFile>. Returns the most specific violations: oneOf/anyOf
 * branches produce many errors, and the deepest pointer is the one a user can act on.
 */
export function validateAgainst(schemaFile: string, data: unknown): SchemaViolation[] {
  const validate = validator(schemaFile);
  if (validate(data)) return [];
  const errors: ErrorObject[] = validate.errors ?? [];
  const depth = (e: ErrorObject) => (e.instancePath === '' ? 0 : e.instancePath.split('/').length);
  const maxDepth = Math.max(...errors.map(depth));
  const deepest = errors.filter((e) => depth(e) === maxDepth && e.keyword !== 'oneOf' && e.keyword !== 'anyOf');
  const chosen = deepest.length > 0 ? deepest : errors;
  const seen = new Set<string>();
  const out: SchemaViolation[] = [];
  for (const e of chosen) {
    const message = describe(e);
    const key = `${e.instancePath} ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pointer: e.instancePath, message });
  }
  return out.slice(0, 5);
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'additionalProperties':
      return `unknown property "${String(p.additionalProperty)}"`;
    case 'required':
      return `missing required property "${String(p.missingProperty)}"`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    default:
      return e.message ?? e.keyword;
  }
}
