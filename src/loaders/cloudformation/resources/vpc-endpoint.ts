/** `AWS::EC2::VPCEndpoint` for S3 into the model. */
import { known, unknown, type ResourceContext, type SourceRange, type Value, type VpcEndpoint } from '../../../model/index.js';
import type { RNode } from '../resolved.js';
import { enumValue, field, policyDocument, stringValue } from '../values.js';

export interface VpcEndpointInput {
  address: string;
  props: RNode | undefined;
  typeAt: SourceRange;
  context: ResourceContext;
  /** Service name evaluated with unknown pseudo parameters kept as `${AWS::Region}` text. */
  serviceNameShape: Value<string> | undefined;
  /** `Ref` of the endpoint: its id, assigned at deploy time. */
  logicalId: string;
}

/** True for S3 service names, including ones whose Region is left as `${AWS::Region}`. */
export function isS3ServiceName(name: string): boolean {
  return /^(com\.amazonaws\.|cn\.com\.amazonaws\.|aws\.api\.)?.*\.s3(express)?$/.test(name) || /\.s3-global\./.test(name);
}

export function buildVpcEndpoint(input: VpcEndpointInput): VpcEndpoint {
  const { props, typeAt } = input;
  const service = field(props, 'ServiceName');
  let serviceName: Value<string> = service.kind === 'absent' ? unknown('ServiceName is not set (required)', typeAt) : stringValue(service);
  if (!serviceName.known && input.serviceNameShape?.known) serviceName = input.serviceNameShape;
  const vpc = field(props, 'VpcId');
  const type = field(props, 'VpcEndpointType');
  const policy = field(props, 'PolicyDocument');
  return {
    address: input.address,
    id: unknown(`the id of VPC endpoint ${input.logicalId} is assigned at deploy time`, typeAt),
    at: typeAt,
    context: input.context,
    serviceName,
    vpcId: vpc.kind === 'absent' ? unknown('VpcId is not set (required)', typeAt) : stringValue(vpc),
    // VpcEndpointType defaults to Gateway (CloudFormation resource reference).
    type: type.kind === 'absent' ? known('Gateway', typeAt, true) : enumValue(type, ['Gateway', 'Interface', 'GatewayLoadBalancer'] as const),
    policy: policy.kind === 'absent' ? known(null, typeAt) : policy.kind === 'unknown' ? unknown(policy.reason, policy.at) : policyDocument(policy),
  };
}
