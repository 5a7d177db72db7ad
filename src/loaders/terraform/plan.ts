/**
 * Terraform plan JSON (`terraform show -json`). Planned values become the same block/attribute structure the
 * HCL loader produces (values as constants), so one model builder serves both. Values unknown until apply
 * are absent from planned_values: links then come from `configuration` references. When the configuration
 * is on disk next to the plan, every resource, attribute and nested block points at its .tf line; otherwise
 * at the plan file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { InputError } from '../../engine/finding.js';
import type { ResourceContext, SourceRange } from '../../model/index.js';
import type { CandidateFile, LoadOptions, LoadResult } from '../types.js';
import { displayPath } from '../discover.js';
import { buildEstateFrom, type ByType } from './estate.js';
import { Scope, type EvalEnv } from './eval.js';
import type { HclAttribute, HclBlock, HclBody } from './hcl.js';
import { isLocalSource, ModuleDef, type ParsedFile, type ResourceLike } from './module.js';
import { SourceText, spanRange, type Span } from './source.js';
import { unknownTV, type TV } from './values.js';
import { mergeEstates, type Estate } from '../../model/index.js';

/** Cheap content sniff: a plan has format_version and planned_values or configuration at the top level. */
export function isPlanJson(file: CandidateFile): boolean {
  return looksLikePlan(file.text());
}

export function looksLikePlan(text: string): boolean {
  const head = text.slice(0, 4096);
  if (!/^\s*\{/.test(head) || !head.includes('"format_version"')) return false;
  return text.includes('"planned_values"') || text.includes('"configuration"');
}

/** True when the directory holds a plan JSON (the HCL loader then leaves that root module to the plan). */
export function dirHasPlan(dir: string): boolean {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return false;
  }
  return names.some((n) => {
    if (!n.endsWith('.json') || n.endsWith('.tf.json') || n.endsWith('.tfvars.json')) return false;
    try {
      return looksLikePlan(readFileSync(join(dir, n), 'utf8'));
    } catch {
      return false;
    }
  });
}

const NO_ROOTS: EvalEnv = { root: () => undefined, moduleDir: '.', rootDir: '.', readFile: () => undefined };
const CONST_SCOPE = new Scope(NO_ROOTS);

function prop(node: JsonNode | undefined, key: string): JsonNode | undefined {
  return node ? findNodeAtLocation(node, [key]) : undefined;
}

function str(node: JsonNode | undefined): string | undefined {
  return node?.type === 'string' ? (node.value as string) : undefined;
}

function entriesOf(node: JsonNode | undefined): [string, JsonNode, JsonNode][] {
  const out: [string, JsonNode, JsonNode][] = [];
  if (node?.type !== 'object') return out;
  for (const p of node.children ?? []) {
    const [k, v] = p.children ?? [];
    if (k && v) out.push([String(k.value), v, p]);
  }
  return out;
}

function nodeSpan(src: SourceText, n: JsonNode): Span {
  return { src, s: n.offset, e: n.offset + n.length };
}

/** A JSON value as an evaluated value; every part spans `span` when given (HCL attribute), else its own JSON node. */
function toTV(src: SourceText, n: JsonNode, span?: Span): TV {
  const sp = span ?? nodeSpan(src, n);
  switch (n.type) {
    case 'string':
      return { k: 'str', v: n.value as string, span: sp };
    case 'number':
      return { k: 'num', v: n.value as number, span: sp };
    case 'boolean':
      return { k: 'bool', v: n.value as boolean, span: sp };
    case 'null':
      return { k: 'null', span: sp };
    case 'array':
      return { k: 'list', items: (n.children ?? []).map((c) => toTV(src, c, span)), span: sp };
    case 'object':
      return { k: 'obj', props: new Map(entriesOf(n).map(([k, v]) => [k, toTV(src, v, span)])), span: sp };
    default:
      return unknownTV('unsupported JSON value', sp);
  }
}

/** HCL blocks of a type written directly, or the dynamic block that generates them. */
function hclBlocks(body: HclBody | undefined, type: string): { direct: HclBlock[]; dynamic?: HclBlock } {
  if (!body) return { direct: [] };
  const direct = body.blocks.filter((b) => b.type === type);
  const dynamic = body.blocks.find((b) => b.type === 'dynamic' && b.labels[0] === type);
  return dynamic ? { direct, dynamic } : { direct };
}

/**
 * What the configuration writes for a resource or nested block: the HCL body when on disk, else the plan's
 * `configuration` expressions. Planned values also hold provider defaults and computed attributes; only
 * written arguments become attributes, so omitted ones read as implicit defaults exactly as with HCL.
 */
interface Written {
  hcl?: HclBody;
  expressions?: JsonNode;
}

function isWritten(w: Written, name: string): boolean {
  if (w.hcl) return w.hcl.attrs.has(name) || w.hcl.blocks.some((b) => b.type === name || (b.type === 'dynamic' && b.labels[0] === name));
  if (w.expressions) return prop(w.expressions, name) !== undefined;
  return true;
}

function nestedWritten(w: Written, name: string, i: number): Written {
  const out: Written = {};
  if (w.hcl) {
    const written = hclBlocks(w.hcl, name);
    const body = written.direct[i]?.body ?? written.dynamic?.body.blocks.find((c) => c.type === 'content')?.body;
    if (body) out.hcl = body;
    return out;
  }
  const list = w.expressions ? prop(w.expressions, name) : undefined;
  const elem = list?.type === 'array' ? list.children?.[i] : list?.type === 'object' ? list : undefined;
  if (elem?.type === 'object') out.expressions = elem;
  return out;
}

/**
 * Planned values of a resource (or a nested block) as a body. Arguments the configuration writes but whose
 * value is known only after apply (`after_unknown`) become unknown values rather than absent ones.
 */
function synthBody(src: SourceText, values: JsonNode, written: Written, afterUnknown?: { node: JsonNode | undefined; value: (name: string, span: Span) => TV }): HclBody {
  const attrs = new Map<string, HclAttribute>();
  const blocks: HclBlock[] = [];
  for (const [name, flag, p] of entriesOf(afterUnknown?.node)) {
    if (flag.type !== 'boolean' || flag.value !== true || !isWritten(written, name) || afterUnknown === undefined) continue;
    const present = prop(values, name);
    if (present && present.type !== 'null') continue;
    const span = written.hcl?.attrs.get(name)?.span ?? nodeSpan(src, p);
    const tv = afterUnknown.value(name, span);
    attrs.set(name, { name, span, expr: () => ({ n: 'const', tv, s: span.s, e: span.e }) });
  }
  for (const [name, value, p] of entriesOf(values)) {
    if (value.type === 'null' || !isWritten(written, name)) continue;
    const hclAttr = written.hcl?.attrs.get(name);
    const span = hclAttr?.span ?? nodeSpan(src, p);
    const tv = toTV(src, value, hclAttr ? hclAttr.span : undefined);
    attrs.set(name, { name, span, expr: () => ({ n: 'const', tv, s: span.s, e: span.e }) });
    const elems = value.type === 'array' ? (value.children ?? []) : [];
    if (elems.length === 0 || !elems.every((c) => c.type === 'object')) continue;
    const hcl = hclBlocks(written.hcl, name);
    elems.forEach((elem, i) => {
      const from = hcl.direct[i] ?? hcl.dynamic;
      blocks.push({
        type: name,
        labels: [],
        span: from?.span ?? nodeSpan(src, elem),
        header: from?.header ?? nodeSpan(src, elem),
        body: synthBody(src, elem, nestedWritten(written, name, i)),
      });
    });
  }
  return { attrs, blocks };
}

/** Module path of a planned module address: module.a[0].module.b → ["a", "b"] (indexes dropped). */
function moduleNames(moduleAddress: string): string[] {
  return [...moduleAddress.matchAll(/module\.([A-Za-z0-9_-]+)/g)].map((m) => m[1] as string);
}

interface ConfigModule {
  node: JsonNode | undefined;
  /** Absolute directory of the module's .tf files, when known. */
  dir?: string;
  def?: ModuleDef;
}

/** The on-disk configuration: module definitions by directory, parsed on demand. */
class DiskConfig {
  private readonly defs = new Map<string, ModuleDef | null>();
  constructor(private readonly cwd: string) {}

  async module(dir: string): Promise<ModuleDef | undefined> {
    if (!this.defs.has(dir)) {
      let def: ModuleDef | null = null;
      if (existsSync(dir)) {
        const files = readdirSync(dir).filter((f) => f.endsWith('.tf')).sort();
        if (files.length > 0) {
          const { parseFile } = await import('./loader.js');
          const parsed: ParsedFile[] = [];
          const ignored: InputError[] = [];
          for (const f of files) {
            const abs = join(dir, f);
            const p = await parseFile(displayPath(this.cwd, abs), readFileSync(abs, 'utf8').replace(/^\uFEFF/, ''), ignored);
            if (p) parsed.push(p);
          }
          def = new ModuleDef(dir, parsed);
        }
      }
      this.defs.set(dir, def);
    }
    return this.defs.get(dir) ?? undefined;
  }
}

class PlanResource implements ResourceLike {
  readonly scope = CONST_SCOPE;
  readonly body: HclBody;
  readonly def: { type: string; block: { header: Span } };
  readonly mod: { context: ResourceContext['via']; source: 'terraform-plan' };

  constructor(
    readonly address: string,
    type: string,
    header: Span,
    body: HclBody,
    context: ResourceContext['via'],
    /** Configuration references per argument, resolved to resource addresses. */
    private readonly refs: (arg: string) => { address: string; type: string; ref: string } | undefined,
  ) {
    this.body = body;
    this.def = { type, block: { header } };
    this.mod = { context, source: 'terraform-plan' };
  }

  arg(name: string): TV | undefined {
    const a = this.body.attrs.get(name);
    if (a) {
      const node = a.expr();
      return node.n === 'const' ? node.tv : undefined;
    }
    // Plans made by older Terraform versions may lack after_unknown: fall back to the configuration references.
    const ref = this.refs(name);
    if (!ref) return undefined;
    return unknownTV(`${ref.ref} is known only after apply`, this.def.block.header, {
      origin: { address: ref.address, resourceType: ref.type, attr: name },
    });
  }
}

async function loadPlan(file: CandidateFile, options: LoadOptions, errors: InputError[], byType: ByType): Promise<boolean> {
  const src = new SourceText(file.path, file.text());
  const parseErrors: ParseError[] = [];
  const root = parseTree(src.text, parseErrors);
  const firstError = parseErrors[0];
  if (firstError || !root) {
    const p = src.position(firstError?.offset ?? 0);
    errors.push({ file: file.path, line: p.line, column: p.column, message: `JSON syntax error: ${firstError ? printParseErrorCode(firstError.error) : 'empty file'}`, level: 'error' });
    return false;
  }
  const planned = findNodeAtLocation(root, ['planned_values', 'root_module']);
  const configRoot = findNodeAtLocation(root, ['configuration', 'root_module']);
  if (!planned) {
    errors.push({ file: file.path, level: 'warning', message: 'Terraform plan JSON without planned_values: nothing to check (was it made with `terraform show -json <planfile>`?)' });
    return true;
  }
  const disk = new DiskConfig(options.cwd);
  const planDir = dirname(file.absPath);
  const rootConfig: ConfigModule = { node: configRoot, dir: planDir };
  const rootDef = await disk.module(planDir);
  if (rootDef) rootConfig.def = rootDef;

  // Every planned address, to resolve configuration references to instances.
  const addresses = new Set<string>();
  const collectAddresses = (m: JsonNode): void => {
    for (const r of findNodeAtLocation(m, ['resources'])?.children ?? []) {
      const a = str(prop(r, 'address'));
      if (a) addresses.add(a);
    }
    for (const c of findNodeAtLocation(m, ['child_modules'])?.children ?? []) collectAddresses(c);
  };
  collectAddresses(planned);
  const changes = new Map<string, JsonNode>();
  for (const c of findNodeAtLocation(root, ['resource_changes'])?.children ?? []) {
    const a = str(prop(c, 'address'));
    if (a) changes.set(a, c);
  }

  const childConfig = async (parent: ConfigModule, name: string): Promise<ConfigModule> => {
    const call = findNodeAtLocation(parent.node ?? root, ['module_calls', name]);
    const source = str(prop(call, 'source'));
    const out: ConfigModule = { node: prop(call, 'module') };
    if (parent.dir && source && isLocalSource(source)) {
      out.dir = resolve(parent.dir, source);
      const def = await disk.module(out.dir);
      if (def) out.def = def;
    }
    return out;
  };

  const walk = async (mod: JsonNode, config: ConfigModule, prefix: string, via: NonNullable<ResourceContext['via']>): Promise<void> => {
    for (const r of findNodeAtLocation(mod, ['resources'])?.children ?? []) {
      if (str(prop(r, 'mode')) !== 'managed') continue;
      const address = str(prop(r, 'address'));
      const type = str(prop(r, 'type'));
      const name = str(prop(r, 'name'));
      const values = prop(r, 'values');
      if (!address || !type || !name || values?.type !== 'object') continue;
      const hclBlock = config.def?.resources.get(`${type}.${name}`)?.block;
      const header = hclBlock?.header ?? nodeSpan(src, prop(r, 'address') ?? r);
      const instanceKey = address.slice(address.indexOf(`${type}.${name}`) + type.length + name.length + 1);
      const configResource = (findNodeAtLocation(config.node ?? root, ['resources'])?.children ?? []).find(
        (c) => str(prop(c, 'address')) === `${type}.${name}` && str(prop(c, 'mode')) === 'managed',
      );
      const written: Written = {};
      if (hclBlock) written.hcl = hclBlock.body;
      else if (configResource) {
        const expressions = prop(configResource, 'expressions');
        if (expressions) written.expressions = expressions;
      }
      const refs = (arg: string) => {
        const list = findNodeAtLocation(configResource ?? root, ['expressions', arg, 'references'])?.children ?? [];
        for (const refNode of list) {
          const ref = str(refNode);
          const m = ref ? /^([a-z0-9_]+)\.([A-Za-z0-9_-]+)(\[[^\]]*\])?/.exec(ref) : null;
          if (!ref || !m || !configResource) continue;
          const base = `${prefix}${m[1]}.${m[2]}`;
          const candidates = m[3] ? [`${base}${m[3]}`] : [base, `${base}${instanceKey}`];
          const hit = candidates.find((c) => addresses.has(c));
          if (hit) return { address: hit, type: m[1] as string, ref };
        }
        return undefined;
      };
      const change = changes.get(address);
      const unknownArg = (arg: string, span: Span): TV => {
        const ref = refs(arg);
        return unknownTV(`${address}.${arg} is known only after apply${ref ? ` (${ref.ref})` : ''}`, span, ref ? { origin: { address: ref.address, resourceType: ref.type, attr: arg } } : {});
      };
      const body = synthBody(src, values, written, { node: change ? findNodeAtLocation(change, ['change', 'after_unknown']) : undefined, value: unknownArg });
      const res = new PlanResource(address, type, header, body, via.length > 0 ? via : undefined, refs);
      const list = byType.get(type) ?? [];
      list.push(res);
      byType.set(type, list);
    }
    for (const child of findNodeAtLocation(mod, ['child_modules'])?.children ?? []) {
      const childAddress = str(prop(child, 'address'));
      if (!childAddress) continue;
      const names = moduleNames(childAddress);
      const last = names[names.length - 1] as string;
      const cfg = await childConfig(config, last);
      const callBlock = config.def?.calls.get(last);
      const callNode = findNodeAtLocation(config.node ?? root, ['module_calls', last]);
      const at: SourceRange = spanRange(callBlock?.header ?? nodeSpan(src, callNode?.parent ?? prop(child, 'address') ?? child));
      await walk(child, cfg, `${childAddress}.`, [...via, { label: childAddress, at }]);
    }
  };
  await walk(planned, rootConfig, '', []);
  return true;
}

export async function loadPlans(files: CandidateFile[], options: LoadOptions): Promise<LoadResult & { estate: Estate }> {
  const errors: InputError[] = [];
  const scanned: string[] = [];
  const estates: Estate[] = [];
  for (const f of files) {
    const byType: ByType = new Map();
    if (await loadPlan(f, options, errors, byType)) scanned.push(f.path);
    estates.push(buildEstateFrom(byType));
  }
  return { estate: mergeEstates(estates), errors, files: scanned };
}
