import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { REPO_ROOT } from './fixtures.js';

/** The SARIF 2.1.0 schema shipped beside the project in ../shared/schemas. */
export const SARIF_SCHEMA = join(REPO_ROOT, '..', 'shared', 'schemas', 'sarif-2.1.0.json');

export function sarifValidator(): (doc: unknown) => string[] {
  if (!existsSync(SARIF_SCHEMA)) throw new Error(`SARIF schema not found at ${SARIF_SCHEMA}`);
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
  const validate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')) as object);
  return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
}
