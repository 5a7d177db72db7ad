import { defineRule } from '../src/engine/rule.js';
import { bucketLabel, bucketResource, generalPurposeBuckets } from '../src/engine/rule-helpers.js';
import type { LifecycleTransition } from '../src/model/index.js';
import { SMALL_OBJECT_BLOCKED_LEGACY, classLabel, isEnabled, normalizeStorageClass, ruleLabel } from './support/storage-classes.js';

export default defineRule({
  meta: {
    id: 'S3L021',
    name: 'lifecycle-small-object-transition',
    title: 'Lifecycle transitions account for objects under 128 KB',
    defaultSeverity: 'low',
    securitySeverity: 1.0,
    tags: ['cost', 'lifecycle'],
    enabledByDefault: true,
    presets: ['recommended', 'strict'],
    peers: {},
    docs: {
      what:
        'Checks enabled lifecycle rules with transitions (current or noncurrent versions) that objects smaller than 128 KB will skip. Since September 2024 the default TransitionDefaultMinimumObjectSize is all_storage_classes_128K: objects under 128 KB transition to no storage class at all. With varies_by_storage_class they skip Standard-IA, One Zone-IA, Intelligent-Tiering and Glacier Instant Retrieval, but still go to Glacier Flexible Retrieval and Deep Archive. A rule with its own ObjectSizeGreaterThan/ObjectSizeLessThan filter is not reported (custom filters take precedence), nor is a configuration that sets all_storage_classes_128K explicitly (the choice is then deliberate).',
      why:
        'A transition rule written to cut storage cost silently leaves every small object in S3 Standard: on buckets of small files (logs, JSON events, thumbnails) it has little or no effect. Configurations created before September 2024 keep the old behaviour only until they are next modified, so redeploying an unchanged template changes what the rule does. Moving small objects is not always desirable (Standard-IA bills at least 128 KB per object; Glacier classes add 40 KB of overhead per object), which is why the fix is either an explicit size filter or an explicit acknowledgement of the default.',
      example: {
        terraform: 'resource "aws_s3_bucket_lifecycle_configuration" "this" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    id     = "archive"\n    status = "Enabled"\n    filter {}\n    transition {\n      days          = 30\n      storage_class = "STANDARD_IA"\n    }\n  }\n}',
        cloudformation: 'LifecycleConfiguration:\n  Rules:\n    - Id: archive\n      Status: Enabled\n      Transitions:\n        - StorageClass: STANDARD_IA\n          TransitionInDays: 30',
      },
      fix: {
        terraform: 'resource "aws_s3_bucket_lifecycle_configuration" "this" {\n  bucket                                 = aws_s3_bucket.this.id\n  transition_default_minimum_object_size = "all_storage_classes_128K" # small objects stay in Standard, on purpose\n  rule {\n    id     = "archive"\n    status = "Enabled"\n    filter {}\n    transition {\n      days          = 30\n      storage_class = "STANDARD_IA"\n    }\n  }\n}',
        cloudformation: 'LifecycleConfiguration:\n  TransitionDefaultMinimumObjectSize: all_storage_classes_128K  # small objects stay in Standard, on purpose\n  Rules:\n    - Id: archive\n      Status: Enabled\n      Transitions:\n        - StorageClass: STANDARD_IA\n          TransitionInDays: 30',
        snapshot: '"lifecycle": { "TransitionDefaultMinimumObjectSize": "all_storage_classes_128K", "Rules": [ … ] }',
      },
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html',
        'https://aws.amazon.com/about-aws/whats-new/2024/09/amazon-s3-default-minimum-object-size-lifecycle-transition-rules/',
      ],
    },
  },
  check(ctx) {
    for (const bucket of generalPurposeBuckets(ctx.estate)) {
      const lifecycle = bucket.lifecycle;
      if (!lifecycle.known || lifecycle.value === null) continue; // S3L001 reports an unreadable lifecycle
      const resource = bucketResource(bucket);
      const label = bucketLabel(bucket);
      const rules = lifecycle.value.rules;
      if (!rules.known) {
        ctx.report({ resource, path: 'lifecycle.rules', kind: 'unknown', at: rules.at, message: `Cannot tell whether the lifecycle transitions of bucket ${label} skip small objects: ${rules.reason}.` });
        continue;
      }
      const minSize = lifecycle.value.transitionDefaultMinimumObjectSize;
      rules.value.forEach((rule, index) => {
        const transitions: LifecycleTransition[] = [...rule.transitions, ...rule.noncurrentVersionTransitions];
        if (transitions.length === 0) return;
        const path = `lifecycle.rules[${index}].transitions`;
        const name = ruleLabel(rule, index);
        const enabled = isEnabled(rule);
        if (enabled === false) return;
        if (enabled === 'unknown') {
          ctx.report({ resource, path, kind: 'unknown', at: rule.at, message: `Cannot tell whether ${name} of bucket ${label} is enabled: ${rule.status.known ? '' : rule.status.reason}.` });
          return;
        }
        if (rule.filter.objectSizeGreaterThan !== undefined || rule.filter.objectSizeLessThan !== undefined) return;
        if (minSize !== undefined && !minSize.known) {
          ctx.report({ resource, path, kind: 'unknown', at: minSize.at, message: `Cannot tell whether ${name} of bucket ${label} skips objects under 128 KB: TransitionDefaultMinimumObjectSize is unknown: ${minSize.reason}.` });
          return;
        }
        const behaviour = minSize?.known && !minSize.implicit ? minSize.value : 'default';
        if (behaviour === 'all_storage_classes_128K') return; // set explicitly: a deliberate choice
        const unknownClass = transitions.find((t) => !t.storageClass.known);
        if (unknownClass && !unknownClass.storageClass.known) {
          ctx.report({ resource, path, kind: 'unknown', at: unknownClass.storageClass.at, message: `Cannot tell whether ${name} of bucket ${label} skips objects under 128 KB: the storage class is unknown: ${unknownClass.storageClass.reason}.` });
          return;
        }
        const classOf = (t: LifecycleTransition) => normalizeStorageClass(t.storageClass.known ? t.storageClass.value : '');
        const affected = behaviour === 'varies_by_storage_class' ? transitions.filter((t) => SMALL_OBJECT_BLOCKED_LEGACY.has(classOf(t))) : transitions;
        const first = affected[0];
        if (!first) return;
        const names = [...new Set(affected.map((t) => classLabel(classOf(t))))];
        const classes = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names.join('');
        const message =
          behaviour === 'varies_by_storage_class'
            ? `${name[0]!.toUpperCase()}${name.slice(1)} of bucket ${label} transitions to ${classes}, which objects under 128 KB skip with TransitionDefaultMinimumObjectSize varies_by_storage_class: they stay in S3 Standard. Add an ObjectSizeGreaterThan filter if small objects must move, or accept it explicitly.`
            : `${name[0]!.toUpperCase()}${name.slice(1)} of bucket ${label} transitions to ${classes}, but objects under 128 KB never transition under the default TransitionDefaultMinimumObjectSize (all_storage_classes_128K since September 2024): they stay in S3 Standard. If they must move, add an ObjectSizeGreaterThan filter to the rule; if not, set TransitionDefaultMinimumObjectSize to all_storage_classes_128K explicitly.`;
        ctx.report({ resource, path, at: first.storageClass.at, message });
      });
    }
  },
});
