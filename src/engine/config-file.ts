/**
 * The configuration file: s3lint.config.json / .yaml / .yml, found upward from the scanned path or named
 * with --config. Validated against schemas/config.schema.json and each rule's optionsSchema; every error
 * names the file, the line and the JSON pointer of the bad key.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { validateAgainst } from '../util/json-schema.js';
import { ConfigError, type EngineConfig, type RuleConfig } from './config.js';
import { findRule } from './registry.js';
import type { Severity } from './severity.js';

export const CONFIG_FILE_NAMES = ['s3lint.config.json', 's3lint.config.yaml', 's3lint.config.yml'] as const;

export interface ConfigSuppressionEntry {
  rules: string[];
  buckets?: string[];
  resources?: string[];
  reason: string;
  until?: string;
  /** 1-based line of the entry in the configuration file. */
  line: number;
}

export interface FileConfig {
  /** Path of the file, relative to the working directory when inside it. */
  file: string;
  engine: EngineConfig;
  failOn?: Severity;
  showUnknown?: boolean;
  /** Ignore globs rebased onto the working directory (LoadOptions.ignore). */
  ignore: string[];
  suppressions: ConfigSuppressionEntry[];
}

interface RawConfig {
  preset?: string;
  failOn?: Severity;
  unknowns?: 'show' | 'hide';
  ignore?: string[];
  rules?: Record<string, boolean | Severity | RuleConfig>;
  suppressions?: Omit<ConfigSuppressionEntry, 'line'>[];
}

/** The nearest configuration file in the directory of `start` or above it. */
export function findConfigFile(start: string): string | undefined {
  let dir = resolve(start);
  if (existsSync(dir) && statSync(dir).isFile()) dir = dirname(dir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function shown(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return rel === '' || rel.startsWith('..') ? abs : rel.split('\\').join('/');
}

/** Decode a JSON pointer ("/rules/S3L001/severity") into path segments. */
function segments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function lineOf(doc: Document, counter: LineCounter, path: (string | number)[]): number {
  // Walk as deep as the document goes: a missing key is reported on its parent's line.
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
    if (node && node.range) return counter.linePos(node.range[0]).line;
  }
  return 1;
}

function keyPath(doc: Document, pointer: string): (string | number)[] {
  // Sequence indices must be numbers for getIn.
  const out: (string | number)[] = [];
  let node: unknown = doc.contents;
  for (const seg of segments(pointer)) {
    if (isSeq(node)) {
      out.push(Number(seg));
      node = node.items[Number(seg)];
    } else {
      out.push(seg);
      node = isMap(node) ? node.get(seg, true) : undefined;
    }
  }
  return out;
}

class Located {
  constructor(
    private readonly file: string,
    private readonly doc: Document,
    private readonly counter: LineCounter,
  ) {}

  error(pointer: string, message: string): ConfigError {
    const line = lineOf(this.doc, this.counter, keyPath(this.doc, pointer));
    return new ConfigError(`${this.file}:${line}: ${pointer || '/'} ${message}`);
  }

  line(pointer: string): number {
    return lineOf(this.doc, this.counter, keyPath(this.doc, pointer));
  }
}

const optionValidators = new Map<string, ReturnType<Ajv2020['compile']>>();

function validateOptions(ruleId: string, schema: Record<string, unknown>, options: unknown): string[] {
  let validate = optionValidators.get(ruleId);
  if (!validate) {
    validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    optionValidators.set(ruleId, validate);
  }
  if (validate(options)) return [];
  return (validate.errors ?? []).map((e) => {
    const extra = e.keyword === 'additionalProperties' ? `/${String((e.params as { additionalProperty: string }).additionalProperty)}` : '';
    const msg = e.keyword === 'additionalProperties' ? 'is not an option of this rule' : (e.message ?? e.keyword);
    return `${e.instancePath}${extra}\u0000${msg}`;
  });
}

/** Parse and validate a configuration file. Throws ConfigError (exit 2) naming file, line and key. */
export function loadConfigFile(absPath: string, cwd: string): FileConfig {
  const file = shown(cwd, absPath);
  let text: string;
  try {
    text = readFileSync(absPath, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw new ConfigError(`${file}: cannot read the configuration file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const counter = new LineCounter();
  if (absPath.endsWith('.json')) {
    // Strict JSON first: YAML's messages about JSON syntax errors are confusing.
    const errors: ParseError[] = [];
    parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
    if (errors.length > 0) {
      const e = errors[0]!;
      const line = text.slice(0, e.offset).split('\n').length;
      throw new ConfigError(`${file}:${line}: invalid JSON: ${printParseErrorCode(e.error)}`);
    }
  }
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const line = counter.linePos(first.pos[0]).line;
    throw new ConfigError(`${file}:${line}: invalid ${absPath.endsWith('.json') ? 'JSON' : 'YAML'}: ${first.message.split('\n')[0]}`);
  }
  const at = new Located(file, doc, counter);
  const raw: unknown = doc.toJS() ?? {};
  // A key followed only by comments (as in the starter file) reads as null: treat it as absent.
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    for (const [k, v] of Object.entries(raw)) if (v === null) delete (raw as Record<string, unknown>)[k];
  }
  const violations = validateAgainst('config.schema.json', raw);
  if (violations.length > 0) {
    const v = violations[0]!;
    const unknownKey = /^unknown property "(.*)"$/.exec(v.message);
    const pointer = unknownKey ? `${v.pointer}/${unknownKey[1]!.replace(/~/g, '~0').replace(/\//g, '~1')}` : v.pointer;
    throw at.error(pointer, unknownKey ? 'is not a configuration key' : v.message);
  }
  const config = raw as RawConfig;
  const engine: EngineConfig = {};
  if (config.preset) engine.preset = config.preset;
  const rules: Record<string, RuleConfig> = {};
  for (const [key, value] of Object.entries(config.rules ?? {})) {
    const pointer = `/rules/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const rule = findRule(key);
    if (!rule) throw at.error(pointer, `unknown rule "${key}" (see \`s3lint rules\`)`);
    const entry: RuleConfig = typeof value === 'boolean' ? { enabled: value } : typeof value === 'string' ? { enabled: true, severity: value } : { ...value };
    if (typeof value === 'object' && value.severity !== undefined && value.enabled === undefined) entry.enabled = true;
    if (entry.options !== undefined) {
      const options = { ...(rule.meta.defaultOptions ?? {}), ...entry.options };
      if (rule.meta.optionsSchema) {
        const problems = validateOptions(rule.meta.id, rule.meta.optionsSchema, options);
        if (problems.length > 0) {
          const [sub, msg] = problems[0]!.split('\u0000') as [string, string];
          throw at.error(`${pointer}/options${sub}`, msg);
        }
      } else if (Object.keys(entry.options).length > 0) {
        throw at.error(`${pointer}/options`, `rule ${rule.meta.id} takes no options`);
      }
    }
    rules[rule.meta.id] = { ...rules[rule.meta.id], ...entry };
  }
  if (Object.keys(rules).length > 0) engine.rules = rules;

  const suppressions: ConfigSuppressionEntry[] = [];
  (config.suppressions ?? []).forEach((s, i) => {
    s.rules.forEach((r, j) => {
      if (r !== '*' && !findRule(r)) throw at.error(`/suppressions/${i}/rules/${j}`, `unknown rule "${r}" (see \`s3lint rules\`)`);
    });
    if (s.until !== undefined && Number.isNaN(Date.parse(`${s.until}T00:00:00Z`))) throw at.error(`/suppressions/${i}/until`, 'is not a valid date');
    suppressions.push({ ...s, line: at.line(`/suppressions/${i}`) });
  });

  const base = relative(cwd, dirname(absPath)).split('\\').join('/');
  const ignore = (config.ignore ?? []).map((g) => (base === '' || g.startsWith('**/') ? g : `${base}/${g}`));
  const out: FileConfig = { file, engine, ignore, suppressions };
  if (config.failOn) out.failOn = config.failOn;
  if (config.unknowns) out.showUnknown = config.unknowns === 'show';
  return out;
}

/** CLI flags win over the file: rule entries from flags replace the file's `enabled` for that rule. */
export function mergeEngineConfig(file: EngineConfig, cli: EngineConfig): EngineConfig {
  const out: EngineConfig = {};
  const preset = cli.preset ?? file.preset;
  if (preset) out.preset = preset;
  const rules: Record<string, RuleConfig> = {};
  for (const [k, v] of Object.entries(file.rules ?? {})) rules[findRule(k)?.meta.id ?? k] = { ...v };
  for (const [k, v] of Object.entries(cli.rules ?? {})) {
    const id = findRule(k)?.meta.id ?? k;
    rules[id] = { ...rules[id], ...v };
  }
  if (Object.keys(rules).length > 0) out.rules = rules;
  return out;
}
