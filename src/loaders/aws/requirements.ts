/**
 * Which API data each rule reads, so an audit makes only the calls the enabled rules need.
 * A rule id missing from this table (a new or custom rule) makes the audit collect everything:
 * collecting too much costs requests, collecting too little would turn settings into unknowns.
 */
import { BUCKET_SECTIONS, type BucketSection } from './operations.js';

export interface AuditNeeds {
  /** Per-bucket snapshot sections to collect. */
  sections: Set<BucketSection>;
  /** Account-level Block Public Access (S3 Control GetPublicAccessBlock). */
  accountPublicAccessBlock: boolean;
  /** EC2 DescribeVpcEndpoints in every audited region. */
  vpcEndpoints: boolean;
}

interface RuleNeeds {
  sections: BucketSection[];
  account?: boolean;
  vpcEndpoints?: boolean;
}

/** Public exposure depends on the policy, the ACL and both levels of Block Public Access. */
const PUBLIC_EXPOSURE: BucketSection[] = ['publicAccessBlock', 'policy', 'policyStatus', 'acl', 'ownershipControls'];

export const RULE_NEEDS: Record<string, RuleNeeds> = {
  S3L001: { sections: ['lifecycle'] },
  S3L002: { sections: ['publicAccessBlock'], account: true },
  S3L003: { sections: [], account: true },
  // Buckets can be selected by tag (option `tags`).
  S3L004: { sections: ['policy', 'tags'], vpcEndpoints: true },
  S3L005: { sections: ['encryption'] },
  // Access-log targets give a layout to the target bucket: the logging settings of every bucket are read.
  S3L006: { sections: ['keySample', 'logging'] },
  S3L010: { sections: PUBLIC_EXPOSURE, account: true },
  S3L011: { sections: PUBLIC_EXPOSURE, account: true },
  S3L012: { sections: ['policy'] },
  S3L013: { sections: ['policy'] },
  S3L014: { sections: ['ownershipControls', 'acl'] },
  S3L015: { sections: ['versioning'] },
  S3L016: { sections: ['versioning'] },
  S3L017: { sections: ['logging'] },
  S3L018: { sections: ['logging', 'encryption', 'objectLock', 'ownershipControls', 'policy', 'acl'] },
  S3L019: { sections: ['encryption'] },
  S3L020: { sections: ['encryption'] },
  S3L021: { sections: ['lifecycle'] },
  S3L022: { sections: ['lifecycle'] },
  S3L023: { sections: ['policy'] },
  S3L024: { sections: ['website', ...PUBLIC_EXPOSURE], account: true },
  S3L025: { sections: ['replication', 'versioning'] },
  S3L026: { sections: ['objectLock', 'versioning'] },
};

/** Everything the audit can collect. */
export function allNeeds(): AuditNeeds {
  return { sections: new Set(BUCKET_SECTIONS), accountPublicAccessBlock: true, vpcEndpoints: true };
}

/** The union of the needs of the given (enabled) rule ids. */
export function needsForRules(ruleIds: Iterable<string>): AuditNeeds {
  const needs: AuditNeeds = { sections: new Set<BucketSection>(), accountPublicAccessBlock: false, vpcEndpoints: false };
  for (const id of ruleIds) {
    const rule = RULE_NEEDS[id];
    if (rule === undefined) return allNeeds();
    for (const s of rule.sections) needs.sections.add(s);
    needs.accountPublicAccessBlock ||= rule.account === true;
    needs.vpcEndpoints ||= rule.vpcEndpoints === true;
  }
  return needs;
}

/** The rule ids that read a section (for docs/audit.md and for messages). */
export function rulesReading(section: BucketSection | 'account' | 'vpcEndpoints'): string[] {
  return Object.entries(RULE_NEEDS)
    .filter(([, n]) =>
      section === 'account' ? n.account === true : section === 'vpcEndpoints' ? n.vpcEndpoints === true : n.sections.includes(section),
    )
    .map(([id]) => id);
}
