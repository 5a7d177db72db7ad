import { defineRule, type RuleContext } from '../src/engine/rule.js';
import type { Severity } from '../src/engine/severity.js';
import { bucketLabel, bucketResource, generalPurposeBuckets } from '../src/engine/rule-helpers.js';
import type { Bucket, Provenance, Value } from '../src/model/index.js';
import { ALLOWED_NEXT, MINIMUM_DAYS, classLabel, isEnabled, ruleLabel, timedTransitions, type TimedTransition } from './support/storage-classes.js';

const IA_CLASSES = new Set(['STANDARD_IA', 'ONEZONE_IA']);
const GLACIER_ARCHIVE = new Set(['GLACIER', 'DEEP_ARCHIVE']);

interface Problem {
  at: Provenance;
  severity: Severity;
  text: string;
  discriminator: string;
}

/** Problems in one chain of transitions (current or noncurrent versions) ending in an optional expiration. */
function chainProblems(chain: TimedTransition[], expiration: Value<number> | undefined, noun: string, ageWord: string): Problem[] {
  const problems: Problem[] = [];
  let previous: { storageClass: string; days: number } = { storageClass: 'STANDARD', days: 0 };
  for (const step of chain) {
    const at = step.t.days?.at ?? step.t.at;
    const target = classLabel(step.storageClass);
    if (step.storageClass === 'STANDARD' || step.storageClass === 'REDUCED_REDUNDANCY') {
      problems.push({ at: step.t.storageClass.at, severity: 'high', discriminator: `to-${step.storageClass}`, text: `transitions ${noun} to ${target}, which lifecycle rules cannot transition to: S3 rejects the configuration` });
      continue;
    }
    if (IA_CLASSES.has(step.storageClass) && step.days < 30) {
      problems.push({ at, severity: 'high', discriminator: `ia-min-${step.days}`, text: `transitions ${noun} to ${target} after ${step.days} ${ageWord}; S3 requires at least 30 and rejects the configuration` });
    }
    const allowed = ALLOWED_NEXT[previous.storageClass];
    if (allowed !== undefined && !allowed.includes(step.storageClass) && ALLOWED_NEXT[step.storageClass] !== undefined) {
      problems.push({ at: step.t.storageClass.at, severity: 'high', discriminator: `waterfall-${previous.storageClass}-${step.storageClass}`, text: `transitions ${noun} from ${classLabel(previous.storageClass)} to ${target}, which the lifecycle waterfall does not support: S3 rejects the configuration` });
    } else if (previous.storageClass !== 'STANDARD') {
      const gap = step.days - previous.days;
      if (IA_CLASSES.has(previous.storageClass) && GLACIER_ARCHIVE.has(step.storageClass) && gap < 30) {
        problems.push({ at, severity: 'high', discriminator: `ia-glacier-${step.days}`, text: `transitions ${noun} from ${classLabel(previous.storageClass)} to ${target} ${gap} days after the first transition; S3 requires at least 30 days in between and rejects the configuration` });
      } else {
        const minimum = MINIMUM_DAYS[previous.storageClass];
        if (minimum !== undefined && gap < minimum) {
          problems.push({ at, severity: 'medium', discriminator: `early-${step.days}`, text: `moves ${noun} out of ${classLabel(previous.storageClass)} ${gap} days after moving them in, before its ${minimum}-day minimum storage duration: every object is billed for the remaining ${minimum - gap} days as an early-deletion charge` });
        }
      }
    }
    previous = { storageClass: step.storageClass, days: step.days };
  }
  if (expiration?.known && previous.storageClass !== 'STANDARD') {
    const minimum = MINIMUM_DAYS[previous.storageClass];
    const gap = expiration.value - previous.days;
    if (minimum !== undefined && gap >= 0 && gap < minimum) {
      problems.push({
        at: expiration.at,
        severity: 'medium',
        discriminator: `expire-${expiration.value}`,
        text: `expires ${noun} ${gap} days after transitioning them to ${classLabel(previous.storageClass)}, before its ${minimum}-day minimum storage duration: every object is billed for the remaining ${minimum - gap} days, and the transition itself is billed per object`,
      });
    }
  }
  return problems;
}

function checkBucket(ctx: RuleContext, bucket: Bucket): void {
  const lifecycle = bucket.lifecycle;
  if (!lifecycle.known || lifecycle.value === null) return; // S3L001 reports an unreadable lifecycle
  const resource = bucketResource(bucket);
  const label = bucketLabel(bucket);
  const rules = lifecycle.value.rules;
  if (!rules.known) {
    ctx.report({ resource, path: 'lifecycle.rules', kind: 'unknown', at: rules.at, message: `Cannot check the lifecycle transitions of bucket ${label}: ${rules.reason}.` });
    return;
  }
  rules.value.forEach((rule, index) => {
    if (rule.transitions.length === 0 && rule.noncurrentVersionTransitions.length === 0) return;
    if (isEnabled(rule) === false) return;
    const name = ruleLabel(rule, index);
    const unknownPart = [...rule.transitions, ...rule.noncurrentVersionTransitions].flatMap((t) => [t.storageClass, t.days]).find((v): v is Extract<Value<unknown>, { known: false }> => v !== undefined && !v.known);
    if (unknownPart) {
      ctx.report({ resource, path: `lifecycle.rules[${index}].transitions`, kind: 'unknown', at: unknownPart.at, message: `Cannot fully check the transitions of ${name} of bucket ${label}: ${unknownPart.reason}.` });
    }
    const problems = [
      ...chainProblems(timedTransitions(rule.transitions), rule.expiration?.days, 'objects', 'days'),
      ...chainProblems(timedTransitions(rule.noncurrentVersionTransitions), rule.noncurrentVersionExpiration?.days, 'noncurrent versions', 'days noncurrent'),
    ];
    for (const p of problems) {
      ctx.report({ resource, path: `lifecycle.rules[${index}].transitions`, at: p.at, severity: p.severity, discriminator: p.discriminator, message: `${name[0]!.toUpperCase()}${name.slice(1)} of bucket ${label} ${p.text}.` });
    }
  });
}

export default defineRule({
  meta: {
    id: 'S3L022',
    name: 'lifecycle-transition-minimums',
    title: 'Lifecycle transitions respect minimum ages and minimum storage durations',
    defaultSeverity: 'medium',
    securitySeverity: 1.0,
    tags: ['cost', 'lifecycle', 'validity'],
    enabledByDefault: true,
    presets: ['recommended', 'strict'],
    peers: {},
    docs: {
      what:
        'Checks the day-based transitions of enabled lifecycle rules, for current and for noncurrent versions. Invalid (high, S3 rejects the configuration): a transition to STANDARD_IA or ONEZONE_IA earlier than 30 days; a transition to STANDARD or REDUCED_REDUNDANCY; a transition against the supported waterfall (e.g. Glacier Flexible Retrieval to Standard-IA); Standard-IA/One Zone-IA to Glacier Flexible Retrieval or Deep Archive less than 30 days later. Costly (medium): moving objects out of a class, or expiring them, before that class\'s minimum storage duration (Standard-IA and One Zone-IA 30 days, Glacier Instant Retrieval and Flexible Retrieval 90, Deep Archive 180), which bills the remaining days as an early-deletion charge. Date-based transitions are not checked.',
      why:
        'An invalid rule makes the whole PutBucketLifecycleConfiguration fail, so every other rule in the configuration (including abort-incomplete-multipart-upload) is not applied either. A transition that is undone or expired before the minimum duration costs more than not transitioning at all: the transition request is billed per object and the storage is billed for the full minimum anyway.',
      example: {
        terraform: 'rule {\n  id     = "archive"\n  status = "Enabled"\n  filter {}\n  transition {\n    days          = 30\n    storage_class = "GLACIER"\n  }\n  expiration {\n    days = 60\n  }\n}',
        cloudformation: 'Rules:\n  - Id: archive\n    Status: Enabled\n    Transitions:\n      - StorageClass: STANDARD_IA\n        TransitionInDays: 7',
        snapshot: '"Transitions": [ { "Days": 30, "StorageClass": "GLACIER" } ], "Expiration": { "Days": 60 }',
      },
      fix: {
        terraform: 'rule {\n  id     = "archive"\n  status = "Enabled"\n  filter {}\n  transition {\n    days          = 30\n    storage_class = "GLACIER"\n  }\n  expiration {\n    days = 120 # at least 90 days in Glacier Flexible Retrieval\n  }\n}',
        cloudformation: 'Rules:\n  - Id: archive\n    Status: Enabled\n    Transitions:\n      - StorageClass: STANDARD_IA\n        TransitionInDays: 30',
      },
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-class-intro.html',
      ],
    },
  },
  check(ctx) {
    for (const bucket of generalPurposeBuckets(ctx.estate)) checkBucket(ctx, bucket);
  },
});
