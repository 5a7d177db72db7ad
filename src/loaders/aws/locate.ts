/**
 * Provenance for a live audit: a JSON pointer into the collected snapshot document maps to the API call
 * that returned that part, on the resource's ARN ("/buckets/3/policy/Statement/0" → GetBucketPolicy on
 * arn:aws:s3:::name in the bucket's region).
 */
import { apiCall, type ApiCall } from '../../model/index.js';
import { BUCKET_SECTION_OPERATIONS, BUCKET_SECTIONS, OTHER_OPERATIONS, type BucketSection } from './operations.js';
import { bucketArn, type SnapshotDocument } from './snapshot-document.js';

function segments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const isBucketSection = (s: string | undefined): s is BucketSection => (BUCKET_SECTIONS as readonly string[]).includes(s ?? '');

export function accountArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

export function apiLocator(doc: SnapshotDocument, partition: string, homeRegion: string): (pointer: string) => ApiCall {
  return (pointer) => {
    const [collection, indexText, field] = segments(pointer);
    const index = Number(indexText);
    if (collection === 'buckets') {
      const bucket = doc.buckets[index];
      const arn = bucket === undefined ? `arn:${partition}:s3:::` : bucketArn(partition, bucket.name);
      const region = bucket?.region;
      if (isBucketSection(field)) return apiCall(BUCKET_SECTION_OPERATIONS[field].operation, arn, region);
      if (field === 'region') return apiCall(OTHER_OPERATIONS.bucketLocation.operation, arn, homeRegion);
      if (field === 'account') return apiCall(OTHER_OPERATIONS.callerIdentity.operation, arn, homeRegion);
      return apiCall(OTHER_OPERATIONS.listBuckets.operation, arn, homeRegion);
    }
    if (collection === 'vpcEndpoints') {
      const endpoint = doc.vpcEndpoints[index];
      const account = doc.accounts[0]?.id ?? '';
      const arn = `arn:${partition}:ec2:${endpoint?.region ?? ''}:${account}:vpc-endpoint/${endpoint?.VpcEndpointId ?? ''}`;
      return apiCall(OTHER_OPERATIONS.vpcEndpoints.operation, arn, endpoint?.region);
    }
    const account = doc.accounts[collection === 'accounts' ? index : 0];
    const arn = accountArn(partition, account?.id ?? '');
    if (collection === 'accounts' && field === 'publicAccessBlock') {
      return apiCall(OTHER_OPERATIONS.accountPublicAccessBlock.operation, arn, homeRegion);
    }
    return apiCall(OTHER_OPERATIONS.callerIdentity.operation, arn, homeRegion);
  };
}
