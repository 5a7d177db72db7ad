/** `AWS::S3::AccessPoint` into the model. */
import { known, unknown, type AccessPoint, type ResourceContext, type SourceRange, type Value } from '../../../model/index.js';
import type { RNode } from '../resolved.js';
import { field, policyDocument, stringValue } from '../values.js';
import { publicAccessBlock } from './public-access-block.js';

export interface AccessPointInput {
  address: string;
  logicalId: string;
  props: RNode | undefined;
  typeAt: SourceRange;
  context: ResourceContext;
  /** The bucket: its name, or the linked bucket's address when only that is known. */
  bucket: Value<string>;
}

export function buildAccessPoint(input: AccessPointInput): AccessPoint {
  const { props, typeAt } = input;
  const name = field(props, 'Name');
  const vpc = field(props, 'VpcConfiguration');
  const vpcId = vpc.kind === 'present' ? field(vpc.node, 'VpcId') : vpc;
  const policy = field(props, 'Policy');
  const ap: AccessPoint = {
    address: input.address,
    name: name.kind === 'absent' ? unknown(`access point ${input.logicalId} has no Name: CloudFormation generates it at deploy time`, typeAt) : stringValue(name),
    at: typeAt,
    context: input.context,
    bucket: input.bucket,
    networkOrigin: vpc.kind === 'absent' ? known('Internet', typeAt, true) : vpc.kind === 'unknown' ? unknown(vpc.reason, vpc.at) : known('VPC', vpc.at),
    publicAccessBlock: publicAccessBlock(field(props, 'PublicAccessBlockConfiguration'), typeAt),
    policy: policy.kind === 'absent' ? known(null, typeAt) : policy.kind === 'unknown' ? unknown(policy.reason, policy.at) : policyDocument(policy),
  };
  if (vpcId.kind !== 'absent') ap.vpcId = stringValue(vpcId);
  return ap;
}
