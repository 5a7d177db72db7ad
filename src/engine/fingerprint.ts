import { createHash } from 'node:crypto';
import type { FindingInput } from './rule.js';

/**
 * A fingerprint survives unrelated edits: it is derived from the rule, the resource identity and the
 * model path of the offending setting — never from file names or line numbers.
 */
export function fingerprint(ruleId: string, f: FindingInput): string {
  const parts = [ruleId, f.resource.kind, f.resource.address, f.resource.name ?? '', f.path, f.discriminator ?? ''];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}
