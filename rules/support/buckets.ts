/** Cross-bucket lookups by name, shared by the logging, encryption and replication rules. */
import type { Bucket, Estate } from '../../src/model/index.js';

/** The buckets of the estate with this name (several when one bucket is described by several sources). */
export function bucketsNamed(estate: Estate, name: string): Bucket[] {
  return estate.buckets.filter((b) => b.name.known && b.name.value === name);
}

/** Names of buckets that receive server access logs from another bucket of the estate. */
export function accessLogTargetNames(estate: Estate): Set<string> {
  const out = new Set<string>();
  for (const b of estate.buckets) {
    const logging = b.logging;
    if (!logging.known || logging.value === null) continue;
    const target = logging.value.targetBucket;
    if (!target.known) continue;
    if (b.name.known && b.name.value === target.value) continue;
    out.add(target.value);
  }
  return out;
}

/** The source buckets (by label) that log into `name`. */
export function bucketsLoggingInto(estate: Estate, name: string): Bucket[] {
  return estate.buckets.filter((b) => {
    const logging = b.logging;
    return logging.known && logging.value !== null && logging.value.targetBucket.known && logging.value.targetBucket.value === name && !(b.name.known && b.name.value === name);
  });
}
