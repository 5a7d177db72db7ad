/**
 * Classifies one `/`-delimited segment of a real object key by its shape: a date or time part, a
 * time-ordered identifier, a hash, a high-cardinality id, an AWS account/region partition, or a plain word.
 * A plain word is "static" here; whether it varies across keys is decided later from many keys (layout.ts).
 */

export type SegmentKind =
  | 'static'
  | 'date'
  | 'time-ordered'
  | 'hash'
  | 'high-cardinality'
  | 'low-cardinality'
  | 'aws-partition';

/** Date granularity reached by a date segment; lets `01` after `2026` read as a month. */
export type DateUnit = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second';

export interface SegmentClass {
  kind: SegmentKind;
  /** Human description: "yyyy-MM-dd", "ULID", "UUIDv4", "hex shard", "account id"... */
  detail: string;
  /** Literal text before the classified part (e.g. "dt=", "app-"). */
  lead: string;
  /** The classified part itself. */
  body: string;
  /** Literal text after it (e.g. ".json", "-10-00-00-ABCDEF"). */
  tail: string;
  /** For dates: the Java-style format of `body` ("yyyy-MM-dd"), and the finest unit it reaches. */
  dateFormat?: string;
  dateUnit?: DateUnit;
}

export interface SegmentContext {
  /** The classification of the previous segment of the same key. */
  previous?: SegmentClass;
  /** The raw text of the previous segment. */
  previousText?: string;
}

const NEXT_UNIT: Record<DateUnit, DateUnit | undefined> = {
  year: 'month',
  month: 'day',
  day: 'hour',
  hour: 'minute',
  minute: 'second',
  second: undefined,
};

const UNIT_FORMAT: Record<DateUnit, string> = { year: 'yyyy', month: 'MM', day: 'dd', hour: 'HH', minute: 'mm', second: 'ss' };

const UNIT_RANGE: Record<DateUnit, [number, number]> = {
  year: [1970, 2099],
  month: [1, 12],
  day: [1, 31],
  hour: [0, 23],
  minute: [0, 59],
  second: [0, 59],
};

/** Hive partition names that carry a date or a date unit. */
const HIVE_DATE_NAMES: Record<string, DateUnit | 'date'> = {
  year: 'year', yyyy: 'year', yr: 'year', y: 'year',
  month: 'month', mm: 'month', mon: 'month', m: 'month',
  day: 'day', dd: 'day', d: 'day',
  hour: 'hour', hh: 'hour', hr: 'hour', h: 'hour',
  minute: 'minute', min: 'minute',
  dt: 'date', date: 'date', ds: 'date', ts: 'date', timestamp: 'date', time: 'date', datetime: 'date',
};
const HIVE_SHARD_NAMES = /^(shard|bucket|partition|part|slot|hash|prefix|salt|split)(_?(id|no|num|number|key))?$/i;
const HIVE_ID_NAMES = /(^|_|-)(id|uuid|guid|key)$|^(customer|tenant|user|account|org|organization|device|client|session|merchant|store|player|vehicle|sensor|host|instance|job|order)s?(_?(id|no|num|name|key))?$/i;
const HIVE_LOW_NAMES = /^(env|environment|stage|region|aws[-_]region|country|type|event[-_]?type|kind|category|level|status|source|service|aws[-_]service|app|application|table|schema|database|db|format|version|lang|language|channel|topic|stream)$/i;
const HIVE_AWS_PARTITION_NAMES = /^(aws[-_]account[-_]id|account[-_]id|aws[-_]region)$/i;

const SEQUENCE_WORDS = /^(part|chunk|seq|sequence|batch|load|file|segment|log|run|out|output|data|cdc)[-_.]?$/i;
const REGION = /^(us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov|us-iso|us-isob|eusc)-[a-z]+-\d{1,2}$/;
const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-([0-9a-f])[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-f]+$/i;
const EXTENSION = /(\.[A-Za-z][A-Za-z0-9]{0,7})+$/;

function result(kind: SegmentKind, detail: string, lead: string, body: string, tail: string, extra: Partial<SegmentClass> = {}): SegmentClass {
  return { kind, detail, lead, body, tail, ...extra };
}

function inRange(n: number, unit: DateUnit): boolean {
  const [lo, hi] = UNIT_RANGE[unit];
  return Number.isInteger(n) && n >= lo && n <= hi;
}

/**
 * A calendar date (optionally with time) at the start of `text`: 2026-01-15, 2026/01/15 (only when the
 * caller joined segments), 2026_01_15, 2026.01.15, 20260115, 2026-01-15T10:00:00Z, 20260115T1030Z,
 * 2026-01-15-10 (hour bucket), 2026011510, 20260115103000, 2026-01 (year-month), 202601.
 */
function leadingDate(text: string): { length: number; format: string; unit: DateUnit } | undefined {
  const full = /^((?:19[7-9]|20\d)\d)([-_.]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])/.exec(text);
  if (full) {
    const sep = full[2] ?? '';
    let format = `yyyy${sep}MM${sep}dd`;
    let length = full[0].length;
    let unit: DateUnit = 'day';
    let rest = text.slice(length);
    // Time of day: T10, T10:30, T103000Z, -10 (hour bucket), -10-30-00, 103000 (compact).
    const time = sep === ''
      ? /^(T?)([01]\d|2[0-3])(?:([0-5]\d)(?:([0-5]\d)(\d{3})?)?)?(Z?)/.exec(rest)
      : /^([T_ -])([01]\d|2[0-3])(?:([-:_.]?)([0-5]\d)(?:\3([0-5]\d)(?:[.,](\d{1,9}))?)?)?(Z?)/.exec(rest);
    if (time && time[0].length > 0 && (sep !== '' || time[1] === 'T' || !/^\d/.test(rest.slice(time[0].length)))) {
      if (sep === '') {
        const [, t, hh, mi, ss, ms, z] = time;
        format += `${t ? "'T'" : ''}HH${mi ? 'mm' : ''}${ss ? 'ss' : ''}${ms ? 'SSS' : ''}${z ? "'Z'" : ''}`;
        unit = ss ? 'second' : mi ? 'minute' : 'hour';
        if (hh === undefined) return undefined;
      } else {
        const [, t, , tsep, mi, ss, frac, z] = time;
        const tfmt = t === 'T' ? "'T'" : t ?? '';
        format += `${tfmt}HH${mi ? `${tsep ?? ''}mm` : ''}${ss ? `${tsep ?? ''}ss` : ''}${frac ? `.${'S'.repeat(frac.length)}` : ''}${z ? "'Z'" : ''}`;
        unit = ss ? 'second' : mi ? 'minute' : 'hour';
      }
      length += time[0].length;
      rest = text.slice(length);
    }
    // A compact date glued to more digits is something else (an id), unless we consumed them as time.
    if (sep === '' && /^\d/.test(rest)) return undefined;
    return { length, format, unit };
  }
  const yearMonth = /^((?:19[7-9]|20\d)\d)([-_.]?)(0[1-9]|1[0-2])(?!\d)/.exec(text);
  if (yearMonth && !(yearMonth[2] === '' && /^\d/.test(text.slice(yearMonth[0].length)))) {
    return { length: yearMonth[0].length, format: `yyyy${yearMonth[2] ?? ''}MM`, unit: 'month' };
  }
  return undefined;
}

function epoch(digits: string): { detail: string; format: string } | undefined {
  const n = Number(digits);
  // 2001-09-09 .. 2038-01-19 in seconds, the same window in milliseconds.
  if (digits.length === 10 && n >= 1_000_000_000 && n < 2_147_483_648) return { detail: 'epoch seconds', format: 'epoch-seconds' };
  if (digits.length === 13 && n >= 1_000_000_000_000 && n < 2_147_483_648_000) return { detail: 'epoch milliseconds', format: 'epoch-millis' };
  return undefined;
}

function classifyHiveValue(name: string, value: string, lead: string, tail: string, ctx: SegmentContext): SegmentClass {
  const lower = name.toLowerCase();
  const dateName = HIVE_DATE_NAMES[lower];
  const byShape = classifyBody(value, ctx, lead, tail);
  if (byShape.kind === 'date') return byShape;
  if (dateName !== undefined && dateName !== 'date' && /^\d{1,4}$/.test(value) && inRange(Number(value), dateName)) {
    return result('date', `Hive ${name}=`, lead, value, tail, { dateFormat: UNIT_FORMAT[dateName], dateUnit: dateName });
  }
  if (HIVE_AWS_PARTITION_NAMES.test(name)) return result('aws-partition', `Hive ${name}=`, lead, value, tail);
  if (HIVE_SHARD_NAMES.test(name)) return result('hash', `shard (${name}=)`, lead, value, tail);
  if (byShape.kind !== 'static') return byShape;
  if (HIVE_ID_NAMES.test(name)) return result('high-cardinality', `Hive ${name}=`, lead, value, tail);
  if (HIVE_LOW_NAMES.test(name)) return result('low-cardinality', `Hive ${name}=`, lead, value, tail);
  return result('static', `Hive ${name}=`, lead, value, tail);
}

/** Classifies `body` (a whole segment, or the value part of a Hive `name=value`). */
function classifyBody(segment: string, ctx: SegmentContext, lead = '', outerTail = ''): SegmentClass {
  const prev = ctx.previous;
  if (/^\d{12}$/.test(segment) && (ctx.previousText === 'AWSLogs' || /^aws[-_]account[-_]id=/i.test(ctx.previousText ?? ''))) {
    return result('aws-partition', 'account id', lead, segment, outerTail);
  }

  // Date continuation: `01` after a year segment is a month, and so on.
  if (prev?.kind === 'date' && prev.dateUnit !== undefined && prev.tail === '') {
    const unit = NEXT_UNIT[prev.dateUnit];
    const m = /^(\d{2})(?!\d)/.exec(segment);
    if (unit !== undefined && m && inRange(Number(m[1]), unit)) {
      return result('date', UNIT_FORMAT[unit], lead, m[1] ?? '', segment.slice(2) + outerTail, { dateFormat: UNIT_FORMAT[unit], dateUnit: unit });
    }
  }

  const date = leadingDate(segment);
  if (date) {
    return result('date', date.format, lead, segment.slice(0, date.length), segment.slice(date.length) + outerTail, {
      dateFormat: date.format,
      dateUnit: date.unit,
    });
  }

  const ext = EXTENSION.exec(segment);
  const stem = ext && ext.index > 0 ? segment.slice(0, ext.index) : segment;
  const tail = (stem === segment ? '' : segment.slice(stem.length)) + outerTail;

  if (/^\d+$/.test(stem)) return classifyDigits(stem, lead, tail);

  const uuid = UUID.exec(stem);
  if (uuid) {
    const version = uuid[1] ?? '';
    if (version === '7' || version === '6') return result('time-ordered', `UUIDv${version}`, lead, stem, tail);
    return result('high-cardinality', `UUIDv${version}`, lead, stem, tail);
  }
  if (ULID.test(stem) && /\d/.test(stem) && /[A-Z]/i.test(stem)) return result('time-ordered', 'ULID', lead, stem, tail);
  if (/^[0-9A-Za-z]{27}$/.test(stem) && /\d/.test(stem) && /[a-z]/.test(stem) && /[A-Z]/.test(stem)) {
    return result('time-ordered', 'KSUID', lead, stem, tail);
  }
  if (HEX.test(stem) && [32, 40, 56, 64, 96, 128].includes(stem.length)) {
    const algo: Record<number, string> = { 32: 'MD5', 40: 'SHA-1', 56: 'SHA-224', 64: 'SHA-256', 96: 'SHA-384', 128: 'SHA-512' };
    return result('hash', `${algo[stem.length]} hex digest`, lead, stem, tail);
  }
  if (/^[0-9a-f]{1,8}$/.test(stem) && /\d/.test(stem) && /[a-f]/.test(stem)) return result('hash', 'hex shard', lead, stem, tail);
  if (/^[0-9a-f]{9,31}$/i.test(stem) && /\d/.test(stem) && /[a-f]/i.test(stem)) return result('hash', 'hex string', lead, stem, tail);
  if (/^[A-Za-z0-9_-]{16,}$/.test(stem) && /\d/.test(stem) && /[a-z]/.test(stem) && /[A-Z]/.test(stem)) {
    return result('hash', 'random string', lead, stem, tail);
  }
  if (REGION.test(stem)) return result('aws-partition', 'region', lead, stem, tail);
  // Organization trails: AWSLogs/<org id>/<account id>/... (UNVERIFIED placement per s3-semantics §6).
  if (/^o-[a-z0-9]{10,32}$/.test(stem) && ctx.previousText === 'AWSLogs') return result('aws-partition', 'organization id', lead, stem, tail);

  // name=value (Hive style)
  const hive = /^([A-Za-z][A-Za-z0-9_-]*)=(.+)$/.exec(segment);
  if (hive && lead === '') return classifyHiveValue(hive[1] ?? '', hive[2] ?? '', `${hive[1]}=`, outerTail, ctx);

  // A word followed by a separator and something classifiable: app-2026-01-15.log, cust-4821, part-00001.
  const prefixed = /^([A-Za-z][A-Za-z]*[-_.]?)(\d.*)$/.exec(segment);
  if (prefixed && lead === '') {
    const [, word, rest] = prefixed;
    const inner = classifyBody(rest ?? '', {}, word ?? '', outerTail);
    if (inner.kind === 'date' || inner.kind === 'hash') return inner;
    // part-00001, LOAD00000001: a writer's sequence. cust-000123: an id that happens to be zero-padded.
    if (inner.kind === 'time-ordered' && (inner.detail !== 'zero-padded counter' || SEQUENCE_WORDS.test(word ?? ''))) return inner;
    if (inner.kind !== 'static' && inner.kind !== 'aws-partition') {
      return result('high-cardinality', 'prefixed id', inner.lead, inner.body, inner.tail);
    }
  }
  return result('static', 'word', lead, segment, outerTail);
}

function classifyDigits(digits: string, lead: string, tail: string): SegmentClass {
  if (/^(19[7-9]\d|20\d\d)$/.test(digits)) {
    return result('date', 'yyyy', lead, digits, tail, { dateFormat: 'yyyy', dateUnit: 'year' });
  }
  const e = epoch(digits);
  if (e) return result('date', e.detail, lead, digits, tail, { dateFormat: e.format, dateUnit: 'second' });
  if (digits.length === 12) return result('aws-partition', 'account id', lead, digits, tail);
  if (digits.length >= 4 && digits.startsWith('0')) return result('time-ordered', 'zero-padded counter', lead, digits, tail);
  if (digits.length >= 15 && digits.length <= 19) return result('time-ordered', 'Snowflake-style id', lead, digits, tail);
  if (digits.length >= 3) return result('high-cardinality', 'numeric id', lead, digits, tail);
  return result('low-cardinality', 'small number', lead, digits, tail);
}

export function classifySegment(segment: string, ctx: SegmentContext = {}): SegmentClass {
  return classifyBody(segment, ctx);
}

/** Classifies every segment of a key, carrying the date context from one segment to the next. */
export function classifyKey(key: string): { text: string; cls: SegmentClass }[] {
  const out: { text: string; cls: SegmentClass }[] = [];
  let previous: SegmentClass | undefined;
  let previousText: string | undefined;
  for (const text of key.split('/')) {
    const cls = classifySegment(text, previous === undefined ? {} : { previous, previousText: previousText ?? '' });
    out.push({ text, cls });
    previous = cls;
    previousText = text;
  }
  return out;
}
