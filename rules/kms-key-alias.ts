import { defineRule } from '../src/engine/rule.js';
import { bucketLabel, bucketResource } from '../src/engine/rule-helpers.js';

const ALIAS_NAME = /^alias\//i;
const ALIAS_ARN = /^arn:[^:]+:kms:[^:]*:[^:]*:alias\//i;
const KEY_ARN = /^arn:[^:]+:kms:[^:]+:\d{12}:key\//i;
/** A bare key id: a UUID or a multi-Region key id (mrk-...). */
const KEY_ID = /^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export type KeyReference = 'alias-name' | 'alias-arn' | 'key-arn' | 'key-id' | 'other';

export function classifyKeyReference(text: string): KeyReference {
  if (ALIAS_NAME.test(text)) return 'alias-name';
  if (ALIAS_ARN.test(text)) return 'alias-arn';
  if (KEY_ARN.test(text)) return 'key-arn';
  if (KEY_ID.test(text)) return 'key-id';
  return 'other';
}

export default defineRule({
  meta: {
    id: 'S3L020',
    name: 'kms-key-alias',
    title: 'Default encryption names its KMS key by key ARN, not by alias or bare key id',
    defaultSeverity: 'medium',
    securitySeverity: 4.0,
    tags: ['security', 'encryption', 'kms'],
    enabledByDefault: true,
    presets: ['recommended', 'strict'],
    peers: {},
    docs: {
      what:
        'Checks the KMSMasterKeyID of SSE-KMS and DSSE-KMS default encryption. An alias (alias/name, or an alias ARN) is reported at medium severity; a bare key id (a UUID or mrk-… without the ARN) at low severity. A full key ARN passes. No key at all means the AWS managed key aws/s3 and is not this rule\'s concern (see S3L019). A key given by a reference resolved only at deployment (aws_kms_key.x.arn, !GetAtt Key.Arn, !Ref of an AWS::KMS::Alias) cannot be classified and is shown as an unknown note, never as a pass.',
      why:
        'AWS: "If you use a KMS key alias instead, then AWS KMS resolves the key within the requester\'s account. This behavior can result in data that\'s encrypted with a KMS key that belongs to the requester, and not the bucket owner." A writer from another account then encrypts the bucket\'s objects under its own key, and the bucket owner can lose the ability to read them when that key is disabled or its policy changes. For cross-account and AWS-service writers AWS requires the fully qualified key ARN; a bare key id is resolved the same way as an alias for them.',
      example: {
        terraform: 'apply_server_side_encryption_by_default {\n  sse_algorithm     = "aws:kms"\n  kms_master_key_id = "alias/data"\n}',
        cloudformation: 'ServerSideEncryptionByDefault:\n  SSEAlgorithm: aws:kms\n  KMSMasterKeyID: alias/data',
        snapshot: '"ApplyServerSideEncryptionByDefault": { "SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "alias/data" }',
      },
      fix: {
        terraform: 'apply_server_side_encryption_by_default {\n  sse_algorithm     = "aws:kms"\n  kms_master_key_id = aws_kms_key.data.arn\n}',
        cloudformation: 'ServerSideEncryptionByDefault:\n  SSEAlgorithm: aws:kms\n  KMSMasterKeyID: !GetAtt DataKey.Arn',
        snapshot: '"ApplyServerSideEncryptionByDefault": { "SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" }',
      },
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/API/API_ServerSideEncryptionByDefault.html',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/specifying-kms-encryption.html',
      ],
    },
  },
  check(ctx) {
    for (const bucket of ctx.estate.buckets) {
      const encryption = bucket.encryption;
      // Unknown or absent encryption is S3L005/S3L019's concern; this rule only reads a written key reference.
      if (!encryption.known || encryption.value === null) continue;
      const resource = bucketResource(bucket);
      const label = bucketLabel(bucket);
      encryption.value.rules.forEach((rule, index) => {
        const key = rule.kmsMasterKeyId;
        if (key === undefined) return;
        const path = `encryption.rules[${index}].kmsMasterKeyId`;
        if (!key.known) {
          ctx.report({ resource, path, kind: 'unknown', at: key.at, message: `Cannot tell whether bucket ${label} names its KMS key by ARN or by alias: ${key.reason}.` });
          return;
        }
        const kind = classifyKeyReference(key.value);
        if (kind === 'alias-name' || kind === 'alias-arn') {
          ctx.report({
            resource,
            path,
            at: key.at,
            message: `Bucket ${label} names its default KMS key by the alias "${key.value}": KMS resolves an alias in the requester's account, so a writer from another account can encrypt objects under its own key and the bucket owner may lose access to them. Use the key ARN.${/alias\/aws\/s3$/i.test(key.value) ? ' (alias/aws/s3 is the AWS managed key of whichever account writes.)' : ''}`,
          });
        } else if (kind === 'key-id') {
          ctx.report({
            resource,
            path,
            severity: 'low',
            at: key.at,
            message: `Bucket ${label} names its default KMS key by the bare key id "${key.value}": cross-account writers and AWS services need the fully qualified key ARN, otherwise the id is resolved in the requester's account. Use the key ARN.`,
          });
        }
      });
    }
  },
});
