import { known, unknown, type PublicAccessBlock, type SourceRange, type Value } from '../../../model/index.js';
import { boolValue, field, type Field } from '../values.js';

const FLAGS = [
  ['BlockPublicAcls', 'blockPublicAcls'],
  ['IgnorePublicAcls', 'ignorePublicAcls'],
  ['BlockPublicPolicy', 'blockPublicPolicy'],
  ['RestrictPublicBuckets', 'restrictPublicBuckets'],
] as const;

/**
 * `PublicAccessBlockConfiguration`: absent → known null (the AWS default applies); present with a flag
 * omitted → that flag is false, marked implicit (PutPublicAccessBlock replaces the whole configuration).
 */
export function publicAccessBlock(f: Field, resourceAt: SourceRange): Value<PublicAccessBlock | null> {
  if (f.kind === 'absent') return known(null, resourceAt);
  if (f.kind === 'unknown') return unknown(f.reason, f.at);
  if (f.node.t !== 'map') return unknown('PublicAccessBlockConfiguration is not an object', f.at);
  const pab: PublicAccessBlock = {
    at: f.at,
    blockPublicAcls: known(false, f.at, true),
    ignorePublicAcls: known(false, f.at, true),
    blockPublicPolicy: known(false, f.at, true),
    restrictPublicBuckets: known(false, f.at, true),
  };
  for (const [cfn, model] of FLAGS) {
    const flag = field(f.node, cfn);
    if (flag.kind !== 'absent') pab[model] = boolValue(flag);
  }
  return known(pab, f.at);
}
