/** The intrinsic function names CloudFormation accepts, in long form, and their YAML short-form tags. */
export const INTRINSIC_KEYS = new Set([
  'Ref',
  'Condition',
  'Fn::Sub',
  'Fn::GetAtt',
  'Fn::If',
  'Fn::Join',
  'Fn::Select',
  'Fn::Split',
  'Fn::FindInMap',
  'Fn::Equals',
  'Fn::Not',
  'Fn::And',
  'Fn::Or',
  'Fn::ImportValue',
  'Fn::Base64',
  'Fn::Cidr',
  'Fn::GetAZs',
  'Fn::Transform',
  'Fn::Length',
  'Fn::ToJsonString',
]);

/** `!Ref` → `Ref`, `!Condition` → `Condition`, `!Sub` → `Fn::Sub`; undefined for other tags. */
export function longFormOfTag(tag: string): string | undefined {
  if (!tag.startsWith('!') || tag.startsWith('!!')) return undefined;
  const name = tag.slice(1);
  if (name === 'Ref' || name === 'Condition') return name;
  const long = `Fn::${name}`;
  return INTRINSIC_KEYS.has(long) ? long : undefined;
}
