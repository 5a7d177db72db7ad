/**
 * A bounded sample of object keys for the key-layout rule: a flat ListObjectsV2 listing within a page
 * budget and, when the bucket holds more, a delimiter listing of the first level plus a few keys under
 * first-level prefixes spread over the whole range (so a date-first layout shows both old and new dates).
 */
import { ListObjectsV2Command, paginateListObjectsV2, type ListObjectsV2CommandOutput, type S3Client } from '@aws-sdk/client-s3';
import type { KeySampleOptions } from './config.js';
import { BUCKET_SECTION_OPERATIONS } from './operations.js';
import { classifyError, unknownSection, type UnknownCategory } from './outcome.js';
import type { Section } from './snapshot-document.js';

export { DEFAULT_KEY_SAMPLE, type KeySampleOptions } from './config.js';

/** Runs a call with the bucket region's client under the audit's concurrency bounds. */
export type RunWithS3 = <T>(fn: (client: S3Client) => Promise<T>) => Promise<T>;

const OP = BUCKET_SECTION_OPERATIONS.keySample;

/** Evenly spread picks, always including the first and the last. */
export function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  if (count <= 1) return items.slice(0, count);
  const picks = new Set<number>();
  for (let i = 0; i < count; i++) picks.add(Math.round((i * (items.length - 1)) / (count - 1)));
  return [...picks].map((i) => items[i]!);
}

export async function collectKeySample(
  run: RunWithS3,
  bucket: string,
  options: KeySampleOptions,
): Promise<{ section: Section; failure?: UnknownCategory }> {
  const keys = new Set<string>();
  let truncated = false;
  try {
    await run(async (client) => {
      let pages = 0;
      for await (const page of paginateListObjectsV2({ client, pageSize: options.pageSize }, { Bucket: bucket })) {
        for (const o of page.Contents ?? []) if (o.Key !== undefined) keys.add(o.Key);
        pages++;
        truncated = page.IsTruncated === true;
        if (pages >= options.pages) break;
      }
    });
  } catch (err) {
    const outcome = classifyError(err, OP);
    return outcome.kind === 'unknown' ? { section: unknownSection(outcome.reason), failure: outcome.category } : { section: null };
  }
  if (truncated && options.prefixes > 0) {
    // Best effort: the flat sample is already valid; a failure here only leaves the sample smaller.
    try {
      const top: ListObjectsV2CommandOutput = await run((client) =>
        client.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/', MaxKeys: 1000 })),
      );
      const prefixes = (top.CommonPrefixes ?? []).flatMap((p) => (p.Prefix !== undefined ? [p.Prefix] : []));
      const lists = await Promise.all(
        spread(prefixes, options.prefixes).map((prefix) =>
          run((client) => client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: options.keysPerPrefix }))),
        ),
      );
      for (const list of lists) for (const o of list.Contents ?? []) if (o.Key !== undefined) keys.add(o.Key);
    } catch {
      // keep the flat sample
    }
  }
  return { section: { keys: [...keys], truncated } };
}
