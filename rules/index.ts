// The rule catalog. One import per rule file; order of the array is the order of `s3lint rules`.
// Registration point: add one import line and one array entry per rule.
import type { Rule } from '../src/engine/rule.js';
import abortIncompleteMultipartUpload from './abort-incomplete-multipart-upload.js';
import bucketPublicAccessBlock from './bucket-public-access-block.js';
import accountPublicAccessBlock from './account-public-access-block.js';
import vpcEndpointOnlyAccess from './vpc-endpoint-only-access.js';
import publicBucketPolicy from './public-bucket-policy.js';
import tlsOnly from './tls-only.js';
import minimumTlsVersion from './minimum-tls-version.js';
import crossAccountWildcardGrant from './cross-account-wildcard-grant.js';
import sseKmsWithoutBucketKey from './sse-kms-without-bucket-key.js';
import dateFirstKeyPrefix from './date-first-key-prefix.js';
import publicAcl from './public-acl.js';
import versioning from './versioning.js';
import serverAccessLogging from './server-access-logging.js';
import objectOwnershipAclsEnabled from './object-ownership-acls-enabled.js';
import logTargetConstraints from './log-target-constraints.js';
import kmsKeyAlias from './kms-key-alias.js';
import lifecycleSmallObjectTransition from './lifecycle-small-object-transition.js';
import lifecycleTransitionMinimums from './lifecycle-transition-minimums.js';
import websiteHosting from './website-hosting.js';
import mfaDelete from './mfa-delete.js';
import customerManagedKmsKey from './customer-managed-kms-key.js';
import replication from './replication.js';
import objectLock from './object-lock.js';

export const RULES: Rule<any>[] = [
  abortIncompleteMultipartUpload,
  bucketPublicAccessBlock,
  accountPublicAccessBlock,
  vpcEndpointOnlyAccess,
  sseKmsWithoutBucketKey,
  dateFirstKeyPrefix,
  publicBucketPolicy,
  publicAcl,
  tlsOnly,
  minimumTlsVersion,
  objectOwnershipAclsEnabled,
  versioning,
  mfaDelete,
  serverAccessLogging,
  logTargetConstraints,
  customerManagedKmsKey,
  kmsKeyAlias,
  lifecycleSmallObjectTransition,
  lifecycleTransitionMinimums,
  crossAccountWildcardGrant,
  websiteHosting,
  replication,
  objectLock,
];
