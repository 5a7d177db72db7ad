/** `AWS::Organizations::Policy` of type S3_POLICY: organization-level Block Public Access, as an account entry. */
import { known, unknown, type Account, type ResourceContext, type SourceRange, type Value } from '../../../model/index.js';
import type { RNode } from '../resolved.js';
import { rString } from '../resolved.js';
import { field, jsonObject } from '../values.js';

export interface OrganizationPolicyInput {
  address: string;
  logicalId: string;
  props: RNode | undefined;
  typeAt: SourceRange;
  context: ResourceContext;
}

export function isS3OrganizationPolicy(props: RNode | undefined): boolean {
  const type = field(props, 'Type');
  return type.kind === 'present' && rString(type.node) === 'S3_POLICY';
}

export function buildOrganizationAccount(input: OrganizationPolicyInput): Account {
  const { props, typeAt } = input;
  const targets = field(props, 'TargetIds');
  const targetText = targets.kind === 'present' && targets.node.t === 'list' ? targets.node.items.map((i) => rString(i) ?? '?').join(', ') : undefined;
  return {
    address: input.address,
    id: unknown(`the accounts under the organization policy's targets${targetText ? ` (${targetText})` : ''}`, targets.kind === 'absent' ? typeAt : targets.at),
    at: typeAt,
    context: input.context,
    publicAccessBlock: unknown('account-level Block Public Access has no CloudFormation resource; only the organization policy is declared', typeAt),
    organizationPublicAccessBlock: organizationSetting(field(props, 'Content'), typeAt),
  };
}

function organizationSetting(content: ReturnType<typeof field>, typeAt: SourceRange): Value<'all' | 'none' | null> {
  if (content.kind === 'absent') return unknown('the S3 policy has no Content', typeAt);
  if (content.kind === 'unknown') return unknown(content.reason, content.at);
  const json = jsonObject(content);
  if (!json.ok) return unknown(`the S3 policy Content is ${json.reason}`, content.at);
  const pab = lookup(json.value, ['s3_attributes', 'public_access_block_configuration']);
  if (pab === undefined) return known(null, content.at);
  const assigned = typeof pab === 'string' ? pab : lookup(pab, ['@@assign']);
  if (assigned === 'all' || assigned === 'none') return known(assigned, locate(content.node, ['s3_attributes', 'public_access_block_configuration']) ?? content.at);
  return unknown(`public_access_block_configuration is ${JSON.stringify(assigned)}, not "all" or "none"`, content.at);
}

function lookup(value: unknown, path: string[]): unknown {
  let cur = value;
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function locate(node: RNode, path: string[]): SourceRange | undefined {
  let cur: RNode | undefined = node;
  let at: SourceRange | undefined;
  for (const key of path) {
    const f = field(cur, key);
    if (f.kind !== 'present') return at;
    at = f.at;
    cur = f.node;
  }
  return at;
}
