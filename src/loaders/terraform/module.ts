/**
 * Terraform modules: a module definition is the set of .tf files in one directory; a module instance is
 * one use of it (the root, or one expansion of a `module` call), with its own variable values and its own
 * resource addresses. Resource and module instances answer attribute reads lazily (Referable).
 */
import { relative } from 'node:path';
import type { ResourceContext, SourceRange } from '../../model/index.js';
import { entries, evaluate, Scope, type EvalEnv } from './eval.js';
import type { Node } from './expr.js';
import type { HclAttribute, HclBlock, HclBody } from './hcl.js';
import { spanRange, type SourceText, type Span } from './source.js';
import { asString, unknownTV, type Referable, type TV } from './values.js';

export interface ParsedFile {
  src: SourceText;
  body: HclBody;
}

export interface ResourceDef {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  block: HclBlock;
}

/** Values of a module's variables that come from outside: tfvars and CLI for roots, call arguments for children. */
export type InputSource = (name: string) => TV | undefined;

/** What module instances need from the loader. */
export interface ModuleHost {
  readFile(absPath: string): SourceText | undefined;
  /** The module definition at a local source path, when it is on disk and parsed. */
  childModule(parent: ModuleDef, source: string): ModuleDef | undefined;
  /** Renders a data source value (aws_iam_policy_document and friends). */
  dataAttribute(inst: ResourceInstance, attr: string, span: Span): TV | undefined;
  /** Computed attributes of managed resources (bucket id/arn...). */
  resourceAttribute(inst: ResourceInstance, attr: string, span: Span): TV | undefined;
}

export class ModuleDef {
  readonly variables = new Map<string, HclBlock>();
  readonly locals = new Map<string, HclAttribute>();
  readonly outputs = new Map<string, HclAttribute>();
  readonly resources = new Map<string, ResourceDef>();
  readonly data = new Map<string, ResourceDef>();
  readonly calls = new Map<string, HclBlock>();
  /** provider "aws" blocks by alias ("" for the default one). */
  readonly awsProviders = new Map<string, HclBlock>();
  readonly resourceTypes = new Set<string>();

  constructor(
    /** Absolute directory. */
    readonly dir: string,
    readonly files: ParsedFile[],
  ) {
    // Override files (override.tf, *_override.tf) are applied last and merge into the blocks they name.
    const isOverride = (f: ParsedFile) => /(^|[/_])override\.tf(\.json)?$/.test(f.src.path);
    for (const f of [...files.filter((x) => !isOverride(x)), ...files.filter(isOverride)]) {
      const override = isOverride(f);
      for (const b of f.body.blocks) {
        const [l0, l1] = b.labels;
        switch (b.type) {
          case 'variable':
            if (l0 !== undefined) this.variables.set(l0, override ? mergeBlock(this.variables.get(l0), b) : b);
            break;
          case 'locals':
            for (const [k, a] of b.body.attrs) this.locals.set(k, a);
            break;
          case 'output':
            if (l0 !== undefined && b.body.attrs.get('value')) this.outputs.set(l0, b.body.attrs.get('value') as HclAttribute);
            break;
          case 'module':
            if (l0 !== undefined) this.calls.set(l0, override ? mergeBlock(this.calls.get(l0), b) : b);
            break;
          case 'provider':
            if (l0 === 'aws') {
              const alias = b.body.attrs.get('alias')?.expr();
              this.awsProviders.set(alias?.n === 'tpl' && alias.parts.length === 1 && 'lit' in (alias.parts[0] as object) ? (alias.parts[0] as { lit: string }).lit : '', b);
            }
            break;
          case 'resource':
          case 'data':
            if (l0 !== undefined && l1 !== undefined) {
              const map = b.type === 'resource' ? this.resources : this.data;
              const block = override ? mergeBlock(map.get(`${l0}.${l1}`)?.block, b) : b;
              const def: ResourceDef = { mode: b.type === 'resource' ? 'managed' : 'data', type: l0, name: l1, block };
              map.set(`${l0}.${l1}`, def);
              if (b.type === 'resource') this.resourceTypes.add(l0);
            }
            break;
          default:
            break;
        }
      }
    }
  }

  /** The literal `source` of a module call, when it is a plain string. */
  static callSource(call: HclBlock): string | undefined {
    const a = call.body.attrs.get('source');
    if (!a) return undefined;
    const node = a.expr();
    if (node.n === 'tpl' && !node.directive && node.parts.every((p) => 'lit' in p)) {
      return node.parts.map((p) => ('lit' in p ? p.lit : '')).join('');
    }
    return undefined;
  }
}

/**
 * Terraform's override merge: the override's arguments replace the original's, and a nested block type it
 * writes replaces all the original's blocks of that type. Positions stay with whichever file wrote a part.
 */
function mergeBlock(original: HclBlock | undefined, override: HclBlock): HclBlock {
  if (!original) return override;
  const overridden = new Set(override.body.blocks.map((b) => (b.type === 'dynamic' ? b.labels[0] : b.type)));
  return {
    ...original,
    body: {
      attrs: new Map([...original.body.attrs, ...override.body.attrs]),
      blocks: [...original.body.blocks.filter((b) => !overridden.has(b.type === 'dynamic' ? b.labels[0] : b.type)), ...override.body.blocks],
    },
  };
}

export function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..';
}

const META_ARGS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

function instanceKey(key: TV): string {
  return key.k === 'num' ? `[${key.v}]` : `[${JSON.stringify(asString(key) ?? '?')}]`;
}

/**
 * What the model builders read from a resource: HCL resource instances and plan resources both provide it.
 */
export interface ResourceLike {
  readonly address: string;
  readonly def: { readonly type: string; readonly block: { readonly header: Span } };
  readonly body: HclBody;
  readonly scope: Scope;
  readonly mod: { readonly context: ResourceContext['via']; readonly source?: 'terraform' | 'terraform-plan' };
  arg(name: string): TV | undefined;
}

/** One resource or data instance (one element of count/for_each). */
export class ResourceInstance implements Referable, ResourceLike {
  private readonly cache = new Map<string, TV>();
  readonly scope: Scope;

  constructor(
    readonly mod: ModuleInstance,
    readonly def: ResourceDef,
    /** Address inside the whole configuration, e.g. module.logs.aws_s3_bucket.this[0]. */
    readonly address: string,
    bindings: Map<string, TV>,
  ) {
    this.scope = bindings.size > 0 ? mod.scope.with(bindings) : mod.scope;
  }

  get describe(): string {
    return this.address;
  }

  get body(): HclBody {
    return this.def.block.body;
  }

  get src(): SourceText {
    return this.def.block.span.src;
  }

  /** The evaluated value of an argument written in the block; undefined when the argument is absent. */
  arg(name: string): TV | undefined {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const a = this.body.attrs.get(name);
    if (!a) return undefined;
    this.cache.set(name, cycle(a.span));
    const v = evaluate(a.expr(), a.span.src, this.scope);
    this.cache.set(name, v);
    return v;
  }

  /**
   * The Region the resource is created in: its own `region` argument (AWS provider v6), else the `region` of
   * the aws provider it uses, declared in its module or in the root module. Undefined when that cannot be
   * told without guessing (a module call passes providers explicitly, or no provider declares a region).
   */
  region(): { tv: TV; span: Span } | undefined {
    const own = this.body.attrs.get('region');
    if (own) return { tv: this.arg('region') as TV, span: own.span };
    const providerNode = this.body.attrs.get('provider')?.expr();
    const alias = providerNode?.n === 'get' && providerNode.obj.n === 'var' && providerNode.obj.name === 'aws' ? providerNode.attr : providerNode ? undefined : '';
    if (alias === undefined) return undefined;
    for (let m: ModuleInstance | undefined = this.mod; m; m = m.parent) {
      const block = m.def.awsProviders.get(alias);
      if (block) {
        const r = block.body.attrs.get('region');
        return r ? { tv: evaluate(r.expr(), r.span.src, m.scope), span: r.span } : undefined;
      }
      if (m.parent && m.callPassesProviders) return undefined;
    }
    return undefined;
  }

  get(attr: string, span: Span): TV {
    const host = this.mod.host;
    const special = this.def.mode === 'data' ? host.dataAttribute(this, attr, span) : host.resourceAttribute(this, attr, span);
    if (special) return special;
    const written = this.arg(attr);
    if (written) return written;
    const prefix = this.def.mode === 'data' ? 'data.' : '';
    return unknownTV(`${prefix}${this.address}.${attr} is known only after apply`, span, {
      origin: { address: this.address, resourceType: this.def.type, attr },
    });
  }
}

/** A module used once: the root, or one instance of a module call. */
export class ModuleInstance implements EvalEnv {
  readonly scope: Scope;
  private readonly varCache = new Map<string, TV>();
  private readonly localCache = new Map<string, TV>();
  private readonly resourceCache = new Map<string, TV>();
  private readonly instancesCache = new Map<string, ResourceInstance[]>();
  private readonly childCache = new Map<string, { value: TV; instances: ModuleInstance[] }>();
  readonly rootDir: string;

  constructor(
    readonly host: ModuleHost,
    readonly def: ModuleDef,
    /** Address prefix: "" for the root, "module.logs." / "module.logs[0]." for children. */
    readonly prefix: string,
    readonly context: ResourceContext['via'],
    private readonly inputs: InputSource,
    readonly parent: ModuleInstance | undefined,
    /** Where "var.x has no value" messages say the value should come from. */
    private readonly inputHint: string,
    /** The module block that created this instance sets `providers` (their Regions are not followed). */
    readonly callPassesProviders = false,
  ) {
    this.rootDir = parent ? parent.rootDir : def.dir;
    this.scope = new Scope(this);
  }

  get moduleDir(): string {
    return this.def.dir;
  }

  readFile(absPath: string): SourceText | undefined {
    return this.host.readFile(absPath);
  }

  root(name: string, span: Span): TV | undefined {
    switch (name) {
      case 'var':
        return this.namespace('var', (n, s) => this.variable(n, s), span);
      case 'local':
        return this.namespace('local', (n, s) => this.local(n, s), span);
      case 'module':
        return this.namespace('module', (n, s) => this.moduleValue(n, s), span);
      case 'data':
        return this.namespace('data', (type, s) => this.namespace(`data.${type}`, (n, s2) => this.resourceValue(this.def.data.get(`${type}.${n}`), `data.${type}.${n}`, s2), s), span);
      case 'path':
        return this.namespace('path', (n, s) => {
          if (n === 'module') return { k: 'str', v: relative(this.rootDir, this.def.dir) || '.', span: s };
          if (n === 'root') return { k: 'str', v: '.', span: s };
          return unknownTV(`path.${n} depends on where Terraform runs`, s);
        }, span);
      case 'terraform':
        return this.namespace('terraform', (n, s) => unknownTV(`terraform.${n} depends on the selected workspace`, s), span);
      case 'count':
      case 'each':
        return unknownTV(`${name} is only valid inside a resource with ${name === 'count' ? 'count' : 'for_each'}`, span, { error: true });
      default:
        if (this.def.resourceTypes.has(name)) {
          return this.namespace(name, (n, s) => this.resourceValue(this.def.resources.get(`${name}.${n}`), `${name}.${n}`, s), span);
        }
        return undefined;
    }
  }

  private namespace(label: string, get: (name: string, span: Span) => TV, span: Span): TV {
    return { k: 'ref', target: { describe: label, get }, span };
  }

  variable(name: string, span: Span): TV {
    const cached = this.varCache.get(name);
    if (cached) return cached;
    const decl = this.def.variables.get(name);
    if (!decl) return unknownTV(`var.${name} is not declared`, span, { error: true });
    let v = this.inputs(name);
    if (v === undefined) {
      const d = decl.body.attrs.get('default');
      v = d
        ? evaluate(d.expr(), d.span.src, new Scope(this))
        : unknownTV(`var.${name} has no value${this.inputHint}`, decl.header);
    }
    v = convertToDeclaredType(v, decl);
    this.varCache.set(name, v);
    return v;
  }

  local(name: string, span: Span): TV {
    const cached = this.localCache.get(name);
    if (cached) return cached;
    const a = this.def.locals.get(name);
    if (!a) return unknownTV(`local.${name} is not declared`, span, { error: true });
    this.localCache.set(name, cycle(a.span));
    const v = evaluate(a.expr(), a.span.src, this.scope);
    this.localCache.set(name, v);
    return v;
  }

  /** All instances of a resource (empty when count is 0; one representative when count/for_each is unknown). */
  instances(def: ResourceDef): ResourceInstance[] {
    const key = `${def.mode}.${def.type}.${def.name}`;
    const cached = this.instancesCache.get(key);
    if (cached) return cached;
    const base = `${this.prefix}${def.mode === 'data' ? 'data.' : ''}${def.type}.${def.name}`;
    const out = this.expand(def.block.body, (suffix, b) => new ResourceInstance(this, def, `${base}${suffix}`, b));
    this.instancesCache.set(key, out.instances);
    return out.instances;
  }

  /** Expands count/for_each of a resource or module block. */
  private expand<T>(body: HclBody, make: (suffix: string, bindings: Map<string, TV>) => T): { instances: T[]; value: (refs: TV[]) => TV; unknownReason?: string } {
    const countAttr = body.attrs.get('count');
    const forEachAttr = body.attrs.get('for_each');
    if (countAttr) {
      const c = evaluate(countAttr.expr(), countAttr.span.src, this.scope);
      if (c.k === 'num') {
        const list = Array.from({ length: Math.max(0, Math.trunc(c.v)) }, (_, i) =>
          make(`[${i}]`, new Map([['count', objOf({ index: { k: 'num', v: i, span: countAttr.span } }, countAttr.span)]])),
        );
        return { instances: list, value: (refs) => ({ k: 'list', items: refs, span: countAttr.span }) };
      }
      const reason = c.k === 'unknown' ? `count is unknown (${c.reason})` : 'count is not a number';
      const one = make('[*]', new Map([['count', objOf({ index: unknownTV(reason, countAttr.span) }, countAttr.span)]]));
      return { instances: [one], value: (refs) => unknownTV(reason, countAttr.span, { any: refs[0] as TV }), unknownReason: reason };
    }
    if (forEachAttr) {
      const fe = evaluate(forEachAttr.expr(), forEachAttr.span.src, this.scope);
      const pairs = fe.k === 'list' ? fe.items.map((v) => [v, v] as [TV, TV]) : entries(fe);
      if (Array.isArray(pairs) && pairs.every(([k]) => asString(k) !== undefined)) {
        const keys = pairs.map(([k]) => asString(k) as string);
        const list = pairs.map(([k, v]) =>
          make(instanceKey({ k: 'str', v: asString(k) as string, span: k.span }), new Map([['each', objOf({ key: { k: 'str', v: asString(k) as string, span: k.span }, value: v }, forEachAttr.span)]])),
        );
        return {
          instances: list,
          value: (refs) => ({ k: 'obj', props: new Map(keys.map((k, i) => [k, refs[i] as TV])), span: forEachAttr.span }),
        };
      }
      const reason = `for_each is unknown (${!Array.isArray(pairs) ? pairs.reason : 'keys are not strings'})`;
      const u = unknownTV(reason, forEachAttr.span);
      const one = make('[*]', new Map([['each', objOf({ key: u, value: u }, forEachAttr.span)]]));
      return { instances: [one], value: (refs) => unknownTV(reason, forEachAttr.span, { any: refs[0] as TV }), unknownReason: reason };
    }
    const one = make('', new Map());
    return { instances: [one], value: (refs) => refs[0] as TV };
  }

  private resourceValue(def: ResourceDef | undefined, label: string, span: Span): TV {
    if (!def) return unknownTV(`${label} is not declared in this module`, span, { error: true });
    const key = `${def.mode}.${def.type}.${def.name}`;
    const cached = this.resourceCache.get(key);
    if (cached) return cached;
    const insts = this.instances(def);
    const refs: TV[] = insts.map((i) => ({ k: 'ref', target: i, span: def.block.header }));
    const body = def.block.body;
    let v: TV;
    if (body.attrs.has('count')) {
      const first = insts[0];
      v = first?.address.endsWith('[*]') ? unknownTV('count is unknown', def.block.header, { any: refs[0] as TV }) : { k: 'list', items: refs, span: def.block.header };
    } else if (body.attrs.has('for_each')) {
      const first = insts[0];
      if (first?.address.endsWith('[*]')) v = unknownTV('for_each is unknown', def.block.header, { any: refs[0] as TV });
      else {
        const props = new Map<string, TV>();
        insts.forEach((inst, i) => props.set(JSON.parse(inst.address.slice(inst.address.lastIndexOf('[') + 1, -1)) as string, refs[i] as TV));
        v = { k: 'obj', props, span: def.block.header };
      }
    } else v = refs[0] as TV;
    this.resourceCache.set(key, v);
    return v;
  }

  /** The instances of a module call and the value `module.<name>` evaluates to. */
  children(name: string): { value: TV; instances: ModuleInstance[] } {
    const cached = this.childCache.get(name);
    if (cached) return cached;
    const call = this.def.calls.get(name) as HclBlock;
    const source = ModuleDef.callSource(call);
    const childDef = source !== undefined ? this.host.childModule(this.def, source) : undefined;
    if (!childDef) {
      const r = { value: unknownTV(`module.${name} (source ${source ?? '?'}) is not on disk`, call.header), instances: [] };
      this.childCache.set(name, r);
      return r;
    }
    const callAt = spanRange(call.header);
    const out = this.expand(call.body, (suffix, bindings) => {
      const scope = bindings.size > 0 ? this.scope.with(bindings) : this.scope;
      const label = `module.${name}${suffix}`;
      const via = [...(this.context ?? []), { label: `${this.prefix}${label}`, at: callAt as SourceRange }];
      const inputs: InputSource = (v) => {
        if (META_ARGS.has(v)) return undefined;
        const a = call.body.attrs.get(v);
        return a ? evaluate(a.expr(), a.span.src, scope) : undefined;
      };
      return new ModuleInstance(this.host, childDef, `${this.prefix}${label}.`, via, inputs, this, ` (the module block ${this.prefix}module.${name} does not set it)`, call.body.attrs.has('providers'));
    });
    const r = { value: out.value(out.instances.map((m) => ({ k: 'ref', target: m.outputsRef(), span: call.header }) as TV)), instances: out.instances };
    this.childCache.set(name, r);
    return r;
  }

  private moduleValue(name: string, span: Span): TV {
    if (!this.def.calls.has(name)) return unknownTV(`module.${name} is not declared`, span, { error: true });
    return this.children(name).value;
  }

  outputsRef(): Referable {
    return {
      describe: this.prefix.slice(0, -1),
      get: (out, span) => {
        const a = this.def.outputs.get(out);
        if (!a) return unknownTV(`${this.prefix}${out} is not an output of the module`, span, { error: true });
        return evaluate(a.expr(), a.span.src, this.scope);
      },
    };
  }

  /** Every module instance reachable from this one, this one first. */
  *walk(): Generator<ModuleInstance> {
    yield this;
    for (const name of this.def.calls.keys()) for (const child of this.children(name).instances) yield* child.walk();
  }
}

/** Placeholder while a value is being evaluated: reading it again means the configuration refers to itself. */
function cycle(span: Span): TV {
  return { k: 'unknown', reason: 'the value refers to itself', span };
}

function objOf(props: Record<string, TV>, span: Span): TV {
  return { k: 'obj', props: new Map(Object.entries(props)), span };
}

/**
 * Applies a variable's declared type the way Terraform converts input values: primitives from strings
 * (tfvars/CLI), and object attributes declared optional() filled in with their default or null, so that
 * modules reading `var.x.attr` of an omitted optional attribute see null rather than an error.
 */
function convertToDeclaredType(v: TV, decl: HclBlock): TV {
  const t = decl.body.attrs.get('type');
  return t ? applyType(t.expr(), v, t.span.src) : v;
}

const NO_SCOPE = new Scope({ root: () => undefined, moduleDir: '.', rootDir: '.', readFile: () => undefined });

function applyType(type: Node, v: TV, src: SourceText): TV {
  if (v.k === 'unknown' || v.k === 'null' || v.k === 'ref') return v;
  if (type.n === 'var') {
    if (type.name === 'number' && v.k === 'str' && v.v.trim() !== '' && !Number.isNaN(Number(v.v))) return { k: 'num', v: Number(v.v), span: v.span };
    if (type.name === 'bool' && v.k === 'str' && (v.v === 'true' || v.v === 'false')) return { k: 'bool', v: v.v === 'true', span: v.span };
    if (type.name === 'string' && (v.k === 'num' || v.k === 'bool')) return { k: 'str', v: String(v.v), span: v.span };
    return v;
  }
  if (type.n !== 'call') return v;
  const inner = type.args[0];
  switch (type.fn) {
    case 'list':
    case 'set':
      return inner && v.k === 'list' ? { ...v, items: v.items.map((x) => applyType(inner, x, src)) } : v;
    case 'map':
      return inner && v.k === 'obj' ? { ...v, props: new Map([...v.props].map(([k, x]) => [k, applyType(inner, x, src)])) } : v;
    case 'optional':
      return inner ? applyType(inner, v, src) : v;
    case 'object': {
      if (!inner || inner.n !== 'object' || v.k !== 'obj') return v;
      const props = new Map(v.props);
      for (const item of inner.items) {
        if (item.key.n !== 'lit' || typeof item.key.v !== 'string') continue;
        const name = item.key.v;
        const attrType = item.value;
        const present = props.get(name);
        if (present !== undefined) props.set(name, applyType(attrType, present, src));
        else if (attrType.n === 'call' && attrType.fn === 'optional') {
          const dflt = attrType.args[1];
          props.set(name, dflt ? applyType(attrType.args[0] ?? attrType, evaluate(dflt, src, NO_SCOPE), src) : { k: 'null', span: v.span });
        }
      }
      return { ...v, props };
    }
    default:
      return v;
  }
}
