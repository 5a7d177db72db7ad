/**
 * Account-level collectors: caller identity (STS), account Block Public Access (S3 Control),
 * the bucket list (ListBuckets) with each bucket's region (GetBucketLocation), VPC endpoints (EC2)
 * and the accounts of an organization (Organizations).
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { GetPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { GetBucketLocationCommand, paginateListBuckets } from '@aws-sdk/client-s3';
import { paginateDescribeVpcEndpoints } from '@aws-sdk/client-ec2';
import { paginateListAccounts } from '@aws-sdk/client-organizations';
import type { AwsClients } from './clients.js';
import { OTHER_OPERATIONS } from './operations.js';
import { classifyError, outcomeOf, unknownSection, type Outcome } from './outcome.js';
import { plainJson, type JsonObject, type Section, type SnapshotVpcEndpoint } from './snapshot-document.js';

export interface CallerIdentity {
  account: string;
  arn: string;
}

export async function collectCallerIdentity(clients: AwsClients, region: string): Promise<Outcome<CallerIdentity>> {
  return outcomeOf(OTHER_OPERATIONS.callerIdentity, async () => {
    const out = await clients.with('sts', region, (c) => c.send(new GetCallerIdentityCommand({})));
    if (out.Account === undefined) throw new Error('GetCallerIdentity returned no account id');
    return { account: out.Account, arn: out.Arn ?? '' };
  });
}

export async function collectAccountPublicAccessBlock(clients: AwsClients, region: string, accountId: string): Promise<Section> {
  const outcome = await outcomeOf(OTHER_OPERATIONS.accountPublicAccessBlock, () =>
    clients.with('s3control', region, (c) => c.send(new GetPublicAccessBlockCommand({ AccountId: accountId }))),
  );
  switch (outcome.kind) {
    case 'configured': {
      const config = outcome.value.PublicAccessBlockConfiguration;
      return config === undefined ? null : plainJson(config);
    }
    case 'notConfigured':
      return null;
    case 'unknown':
      return unknownSection(outcome.reason);
  }
}

export interface ListedBucket {
  name: string;
  /** Region when ListBuckets reports it (newer endpoints do), saving a GetBucketLocation call. */
  region?: string;
}

export async function collectBucketList(clients: AwsClients, region: string): Promise<Outcome<ListedBucket[]>> {
  return outcomeOf(OTHER_OPERATIONS.listBuckets, () =>
    clients.with('s3', region, async (client) => {
      const buckets: ListedBucket[] = [];
      for await (const page of paginateListBuckets({ client, pageSize: 1000 }, {})) {
        for (const b of page.Buckets ?? []) {
          if (b.Name === undefined) continue;
          buckets.push(b.BucketRegion !== undefined && b.BucketRegion !== '' ? { name: b.Name, region: b.BucketRegion } : { name: b.Name });
        }
      }
      return buckets;
    }),
  );
}

/** GetBucketLocation's LocationConstraint as a region name: empty means us-east-1, the legacy "EU" means eu-west-1. */
export function regionFromLocationConstraint(constraint: string | undefined | null): string {
  if (constraint === undefined || constraint === null || constraint === '') return 'us-east-1';
  if (constraint === 'EU') return 'eu-west-1';
  return constraint;
}

export async function collectBucketRegion(clients: AwsClients, homeRegion: string, bucket: string): Promise<Outcome<string>> {
  return outcomeOf(OTHER_OPERATIONS.bucketLocation, () =>
    clients.with('s3', homeRegion, async (c) => {
      const out = await c.send(new GetBucketLocationCommand({ Bucket: bucket }));
      return regionFromLocationConstraint(out.LocationConstraint);
    }),
  );
}

function parseEndpointPolicy(text: unknown): JsonObject | null | { $unknown: string } {
  if (typeof text !== 'string' || text.trim() === '') return null;
  try {
    return JSON.parse(text) as JsonObject;
  } catch {
    return unknownSection('DescribeVpcEndpoints returned a policy that is not valid JSON');
  }
}

export async function collectVpcEndpoints(clients: AwsClients, region: string): Promise<Outcome<SnapshotVpcEndpoint[]>> {
  return outcomeOf(OTHER_OPERATIONS.vpcEndpoints, () =>
    clients.with('ec2', region, async (client) => {
      const endpoints: SnapshotVpcEndpoint[] = [];
      for await (const page of paginateDescribeVpcEndpoints({ client }, {})) {
        for (const e of page.VpcEndpoints ?? []) {
          if (e.VpcEndpointId === undefined) continue;
          const json = plainJson({
            VpcEndpointId: e.VpcEndpointId,
            VpcId: e.VpcId,
            ServiceName: e.ServiceName,
            VpcEndpointType: e.VpcEndpointType,
            State: e.State,
            OwnerId: e.OwnerId,
          });
          endpoints.push({ ...json, PolicyDocument: parseEndpointPolicy(e.PolicyDocument), VpcEndpointId: e.VpcEndpointId, region } as SnapshotVpcEndpoint);
        }
      }
      return endpoints;
    }),
  );
}

/** Active account ids of the organization (called with the management or a delegated administrator account). */
export async function collectOrganizationAccounts(clients: AwsClients, region: string): Promise<string[]> {
  try {
    return await clients.with('organizations', region, async (client) => {
      const ids: string[] = [];
      for await (const page of paginateListAccounts({ client }, {})) {
        for (const a of page.Accounts ?? []) {
          const state = (a as { State?: string }).State ?? a.Status;
          if (a.Id !== undefined && (state === undefined || state === 'ACTIVE')) ids.push(a.Id);
        }
      }
      return ids;
    });
  } catch (err) {
    const outcome = classifyError(err, OTHER_OPERATIONS.listAccounts);
    throw new Error(outcome.kind === 'unknown' ? `cannot list the organization's accounts: ${outcome.reason}` : 'cannot list the organization\'s accounts');
  }
}
