/**
 * Intrinsic function evaluation under one scenario: an assignment of values to the template's conditions
 * that could not be decided from parameters. When `Fn::If` meets an undecided condition that the scenario
 * does not fix, the result is unknown and the condition is recorded in `undecided`; the caller then
 * evaluates the resource again once per value of that condition (see variants.ts).
 */
import type { SourceRange } from '../../model/index.js';
import { child, scalarString, setOwn, type CfnNode } from './node.js';
import { INTRINSIC_KEYS } from './intrinsics.js';
import { rString, rUnknown, type RefOrigin, type RNode, type RScalar } from './resolved.js';
import type { Template } from './template.js';

/** Parameter values given by the user (`--parameter`, parameter files), pseudo parameters included. */
export type ParameterInputs = ReadonlyMap<string, string>;

export type Decision = { known: true; value: boolean } | { known: false; reason: string };

const PSEUDO_DEFAULTS: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::URLSuffix': 'amazonaws.com' };
const DYNAMIC_REFERENCE = /\{\{resolve:[^}]*\}\}/;
const MAX_DEPTH = 200;

export class Evaluator {
  /** Conditions met in `Fn::If` whose value is undecided and not fixed by the scenario. */
  readonly undecided = new Set<string>();
  private readonly conditionCache = new Map<string, Decision>();
  private readonly conditionStack = new Set<string>();
  private readonly bucketNameStack = new Set<string>();
  private readonly bucketNames = new Map<string, { known: true; value: string } | { known: false; reason: string }>();
  private bucketIdsByName: Map<string, string> | undefined;
  private depth = 0;

  constructor(
    readonly template: Template,
    private readonly inputs: ParameterInputs,
    readonly scenario: ReadonlyMap<string, boolean> = new Map(),
  ) {}

  resolve(node: CfnNode): RNode {
    if (++this.depth > MAX_DEPTH) {
      this.depth--;
      return rUnknown('expression nests too deeply to evaluate', node.range);
    }
    try {
      return this.resolveInner(node);
    } finally {
      this.depth--;
    }
  }

  private resolveInner(node: CfnNode): RNode {
    switch (node.kind) {
      case 'scalar':
        if (typeof node.value === 'string' && DYNAMIC_REFERENCE.test(node.value)) {
          return rUnknown(`dynamic reference ${DYNAMIC_REFERENCE.exec(node.value)?.[0]} is resolved at deploy time`, node.range);
        }
        return { t: 'scalar', v: node.value, at: node.range };
      case 'seq':
        return { t: 'list', items: node.items.map((i) => this.resolve(i)).filter((r) => r.t !== 'novalue'), at: node.range };
      case 'map': {
        const only = node.entries.length === 1 ? node.entries[0] : undefined;
        if (only && INTRINSIC_KEYS.has(only.key)) return this.intrinsic(only.key, only.value, node.range);
        const entries = [];
        for (const e of node.entries) {
          const value = this.resolve(e.value);
          if (value.t !== 'novalue') entries.push({ key: e.key, at: e.range, value });
        }
        return { t: 'map', entries, at: node.range };
      }
    }
  }

  private intrinsic(fn: string, arg: CfnNode, at: SourceRange): RNode {
    switch (fn) {
      case 'Ref':
        return this.ref(scalarString(arg) ?? '', at);
      case 'Fn::GetAtt':
        return this.getAtt(arg, at);
      case 'Fn::Sub':
        return this.sub(arg, at);
      case 'Fn::Join':
        return this.join(arg, at);
      case 'Fn::Select':
        return this.select(arg, at);
      case 'Fn::Split':
        return this.split(arg, at);
      case 'Fn::FindInMap':
        return this.findInMap(arg, at);
      case 'Fn::If':
        return this.fnIf(arg, at);
      case 'Fn::Equals':
      case 'Fn::Not':
      case 'Fn::And':
      case 'Fn::Or':
      case 'Condition': {
        const d = this.decideExpression({ kind: 'map', entries: [{ key: fn, keyRange: at, range: at, value: arg }], range: at });
        return d.known ? { t: 'scalar', v: d.value, at } : rUnknown(d.reason, at);
      }
      case 'Fn::ImportValue': {
        const name = this.resolve(arg);
        const shown = rString(name);
        return rUnknown(`Fn::ImportValue ${shown !== undefined ? `"${shown}"` : ''} is the export of another stack, resolved at deploy time`.replace('  ', ' '), at);
      }
      case 'Fn::Base64': {
        const s = this.resolve(arg);
        if (s.t === 'unknown') return s;
        const str = rString(s);
        return str === undefined ? rUnknown('Fn::Base64 of a non-string', at) : { t: 'scalar', v: Buffer.from(str, 'utf8').toString('base64'), at };
      }
      case 'Fn::Length': {
        const l = this.resolve(arg);
        if (l.t === 'list') return { t: 'scalar', v: l.items.length, at };
        return l.t === 'unknown' ? l : rUnknown('Fn::Length of a non-list', at);
      }
      case 'Fn::ToJsonString': {
        const v = this.resolve(arg);
        const json = plainJson(v);
        return json.ok ? { t: 'scalar', v: JSON.stringify(json.value), at } : rUnknown(json.reason, at);
      }
      case 'Fn::GetAZs':
        return rUnknown('Fn::GetAZs depends on the account and Region at deploy time', at);
      case 'Fn::Cidr':
        return rUnknown('Fn::Cidr is not evaluated by s3lint', at);
      case 'Fn::Transform':
        return rUnknown('Fn::Transform (a macro) runs at deploy time', at);
      default:
        return rUnknown(`${fn} is not supported`, at);
    }
  }

  private ref(name: string, at: SourceRange): RNode {
    if (name === 'AWS::NoValue') return { t: 'novalue', at };
    const given = this.inputs.get(name);
    const param = this.template.parameters.get(name);
    if (param) return this.parameterValue(name, param.type, given, param.default, at);
    if (name.startsWith('AWS::')) {
      if (given !== undefined) return { t: 'scalar', v: given, at };
      const fallback = PSEUDO_DEFAULTS[name];
      if (fallback !== undefined) return { t: 'scalar', v: fallback, at };
      return rUnknown(`pseudo parameter ${name} is only known at deploy time (give it with --parameter ${name}=...)`, at);
    }
    const resource = this.template.resources.get(name);
    if (!resource) return rUnknown(`Ref to "${name}", which is neither a parameter nor a resource of this template`, at);
    const origin: RefOrigin = { logicalId: name };
    if (resource.type === 'AWS::S3::Bucket') {
      const bucketName = this.bucketName(name);
      return bucketName.known ? { t: 'scalar', v: bucketName.value, at, origin } : rUnknown(bucketName.reason, at, origin);
    }
    return rUnknown(`the physical id of ${name} (${resource.type}) is assigned at deploy time`, at, origin);
  }

  private parameterValue(name: string, type: string, given: string | undefined, fallback: CfnNode | undefined, at: SourceRange): RNode {
    if (type.startsWith('AWS::SSM::Parameter::Value<') && given === undefined) {
      return rUnknown(`parameter ${name} is read from SSM Parameter Store at deploy time`, at);
    }
    let raw: RNode | undefined;
    if (given !== undefined) raw = { t: 'scalar', v: given, at };
    else if (fallback) raw = this.resolve(fallback);
    if (raw === undefined) return rUnknown(`parameter ${name} has no Default and no value was given (--parameter ${name}=...)`, at);
    if (raw.t === 'scalar') {
      const isList = type === 'CommaDelimitedList' || type.startsWith('List<') || type.startsWith('AWS::SSM::Parameter::Value<List<');
      if (isList) return { t: 'list', items: String(raw.v ?? '').split(',').map((v) => ({ t: 'scalar', v: v.trim(), at })), at };
      return { t: 'scalar', v: raw.v === null ? null : String(raw.v), at };
    }
    return raw.t === 'unknown' ? rUnknown(raw.reason, at) : { ...raw, at };
  }

  /** The name a bucket resource deploys with: BucketName when written, else generated at deploy. */
  bucketName(logicalId: string): { known: true; value: string } | { known: false; reason: string } {
    let name = this.bucketNames.get(logicalId);
    if (!name) {
      name = this.bucketNameUncached(logicalId);
      this.bucketNames.set(logicalId, name);
    }
    return name;
  }

  /** The template bucket that deploys with this name, if any. */
  bucketIdByName(name: string, bucketIds: Iterable<string>): string | undefined {
    if (!this.bucketIdsByName) {
      this.bucketIdsByName = new Map();
      for (const id of bucketIds) {
        const n = this.bucketName(id);
        if (n.known && !this.bucketIdsByName.has(n.value)) this.bucketIdsByName.set(n.value, id);
      }
    }
    return this.bucketIdsByName.get(name);
  }

  private bucketNameUncached(logicalId: string): { known: true; value: string } | { known: false; reason: string } {
    const resource = this.template.resources.get(logicalId);
    const nameNode = child(resource?.properties?.value, 'BucketName');
    if (!nameNode) return { known: false, reason: `bucket ${logicalId} has no BucketName: CloudFormation generates its name at deploy time` };
    if (this.bucketNameStack.has(logicalId)) return { known: false, reason: `BucketName of ${logicalId} refers to itself` };
    this.bucketNameStack.add(logicalId);
    try {
      const r = this.resolve(nameNode);
      const s = rString(r);
      if (s !== undefined) return { known: true, value: s };
      return { known: false, reason: r.t === 'unknown' ? `BucketName of ${logicalId}: ${r.reason}` : `BucketName of ${logicalId} is not a string` };
    } finally {
      this.bucketNameStack.delete(logicalId);
    }
  }

  private getAtt(arg: CfnNode, at: SourceRange): RNode {
    let logicalId: string | undefined;
    let attribute: string | undefined;
    if (arg.kind === 'scalar') {
      const s = scalarString(arg) ?? '';
      const dot = s.indexOf('.');
      if (dot > 0) {
        logicalId = s.slice(0, dot);
        attribute = s.slice(dot + 1);
      }
    } else if (arg.kind === 'seq' && arg.items.length === 2) {
      logicalId = scalarString(arg.items[0]);
      const attr = arg.items[1] ? this.resolve(arg.items[1]) : undefined;
      attribute = rString(attr);
    }
    if (logicalId === undefined || attribute === undefined) return rUnknown('Fn::GetAtt needs a resource and an attribute name', at);
    return this.attribute(logicalId, attribute, at);
  }

  private attribute(logicalId: string, attribute: string, at: SourceRange): RNode {
    const resource = this.template.resources.get(logicalId);
    const origin: RefOrigin = { logicalId, attribute };
    if (!resource) return rUnknown(`Fn::GetAtt of "${logicalId}", which is not a resource of this template`, at);
    if (resource.type === 'AWS::S3::Bucket') {
      const name = this.bucketName(logicalId);
      if (!name.known) return rUnknown(name.reason, at, origin);
      const partition = this.pseudo('AWS::Partition');
      const suffix = this.pseudo('AWS::URLSuffix');
      const region = this.pseudo('AWS::Region');
      switch (attribute) {
        case 'Arn':
          return partition !== undefined ? { t: 'scalar', v: `arn:${partition}:s3:::${name.value}`, at, origin } : rUnknown('AWS::Partition is unknown', at, origin);
        case 'DomainName':
          return { t: 'scalar', v: `${name.value}.s3.${suffix ?? 'amazonaws.com'}`, at, origin };
        case 'RegionalDomainName':
          return region !== undefined ? { t: 'scalar', v: `${name.value}.s3.${region}.${suffix ?? 'amazonaws.com'}`, at, origin } : rUnknown('RegionalDomainName depends on AWS::Region, which is only known at deploy time', at, origin);
        case 'DualStackDomainName':
          return region !== undefined ? { t: 'scalar', v: `${name.value}.s3.dualstack.${region}.${suffix ?? 'amazonaws.com'}`, at, origin } : rUnknown('DualStackDomainName depends on AWS::Region, which is only known at deploy time', at, origin);
        case 'WebsiteURL':
          return region !== undefined ? { t: 'scalar', v: `http://${name.value}.s3-website-${region}.${suffix ?? 'amazonaws.com'}`, at, origin } : rUnknown('WebsiteURL depends on AWS::Region, which is only known at deploy time', at, origin);
        default:
          return rUnknown(`attribute ${attribute} of bucket ${logicalId} is assigned at deploy time`, at, origin);
      }
    }
    return rUnknown(`${logicalId}.${attribute} (${resource.type}) is assigned at deploy time`, at, origin);
  }

  private pseudo(name: string): string | undefined {
    return this.inputs.get(name) ?? PSEUDO_DEFAULTS[name];
  }

  private sub(arg: CfnNode, at: SourceRange): RNode {
    let templateNode: CfnNode | undefined = arg;
    const vars = new Map<string, RNode>();
    if (arg.kind === 'seq') {
      templateNode = arg.items[0];
      const varMap = arg.items[1];
      if (varMap?.kind === 'map') for (const e of varMap.entries) vars.set(e.key, this.resolve(e.value));
    }
    const text = scalarString(templateNode);
    if (text === undefined) return rUnknown('Fn::Sub needs a string', at);
    let out = '';
    let unknownPart: RNode | undefined;
    let single: RNode | undefined;
    const parts = splitSub(text);
    for (const part of parts) {
      if (part.literal !== undefined) {
        out += part.literal;
        continue;
      }
      const name = part.variable ?? '';
      let value = vars.get(name);
      if (value === undefined) {
        const dot = name.indexOf('.');
        value = dot > 0 && !name.startsWith('AWS::') ? this.attribute(name.slice(0, dot), name.slice(dot + 1), at) : this.ref(name, at);
      }
      if (parts.length === 1) single = value;
      const s = rString(value);
      if (s === undefined) unknownPart ??= value;
      else out += s;
    }
    const origin = single && (single.t === 'scalar' || single.t === 'unknown') ? single.origin : undefined;
    if (unknownPart) {
      const reason = unknownPart.t === 'unknown' ? unknownPart.reason : 'Fn::Sub variable is not a string';
      return rUnknown(reason, at, origin);
    }
    if (DYNAMIC_REFERENCE.test(out)) return rUnknown(`dynamic reference ${DYNAMIC_REFERENCE.exec(out)?.[0]} is resolved at deploy time`, at);
    return origin ? { t: 'scalar', v: out, at, origin } : { t: 'scalar', v: out, at };
  }

  private listOf(node: CfnNode | undefined, at: SourceRange): RNode {
    if (!node) return rUnknown('missing list argument', at);
    const r = this.resolve(node);
    if (r.t === 'list' || r.t === 'unknown') return r;
    return rUnknown('expected a list', at);
  }

  private join(arg: CfnNode, at: SourceRange): RNode {
    if (arg.kind !== 'seq' || arg.items.length !== 2) return rUnknown('Fn::Join needs [delimiter, list]', at);
    const delimiter = rString(this.resolve(arg.items[0]!)) ?? '';
    const list = this.listOf(arg.items[1], at);
    if (list.t !== 'list') return list.t === 'unknown' ? rUnknown(list.reason, at) : rUnknown('Fn::Join of a non-list', at);
    const strings: string[] = [];
    for (const item of list.items) {
      const s = rString(item);
      if (s === undefined) return item.t === 'unknown' ? rUnknown(item.reason, at, list.items.length === 1 ? item.origin : undefined) : rUnknown('Fn::Join of a non-string', at);
      strings.push(s);
    }
    const only = list.items.length === 1 ? list.items[0] : undefined;
    const origin = only?.t === 'scalar' ? only.origin : undefined;
    return origin ? { t: 'scalar', v: strings.join(delimiter), at, origin } : { t: 'scalar', v: strings.join(delimiter), at };
  }

  private select(arg: CfnNode, at: SourceRange): RNode {
    if (arg.kind !== 'seq' || arg.items.length !== 2) return rUnknown('Fn::Select needs [index, list]', at);
    const index = Number(rString(this.resolve(arg.items[0]!)));
    const list = this.listOf(arg.items[1], at);
    if (list.t !== 'list') return list.t === 'unknown' ? rUnknown(list.reason, at) : rUnknown('Fn::Select of a non-list', at);
    const item = Number.isInteger(index) ? list.items[index] : undefined;
    return item ?? rUnknown(`Fn::Select index ${index} is out of range`, at);
  }

  private split(arg: CfnNode, at: SourceRange): RNode {
    if (arg.kind !== 'seq' || arg.items.length !== 2) return rUnknown('Fn::Split needs [delimiter, string]', at);
    const delimiter = rString(this.resolve(arg.items[0]!));
    const source = this.resolve(arg.items[1]!);
    const s = rString(source);
    if (s === undefined || delimiter === undefined) return source.t === 'unknown' ? rUnknown(source.reason, at) : rUnknown('Fn::Split of a non-string', at);
    return { t: 'list', items: s.split(delimiter).map((v): RScalar => ({ t: 'scalar', v, at })), at };
  }

  private findInMap(arg: CfnNode, at: SourceRange): RNode {
    if (arg.kind !== 'seq' || arg.items.length < 3) return rUnknown('Fn::FindInMap needs [map, top-level key, second-level key]', at);
    const keys: string[] = [];
    for (const k of arg.items.slice(0, 3)) {
      const r = this.resolve(k);
      const s = rString(r);
      if (s === undefined) {
        return this.findInMapDefault(arg) ?? rUnknown(r.t === 'unknown' ? `Fn::FindInMap key: ${r.reason}` : 'Fn::FindInMap key is not a string', at);
      }
      keys.push(s);
    }
    const value = child(child(child(this.template.mappings, keys[0]!), keys[1]!), keys[2]!);
    if (!value) return this.findInMapDefault(arg) ?? rUnknown(`mapping ${keys.join('.')} does not exist`, at);
    return this.resolve(value);
  }

  /** AWS::LanguageExtensions: a fourth argument `{DefaultValue: x}`. */
  private findInMapDefault(arg: CfnNode & { kind: 'seq' }): RNode | undefined {
    const fallback = child(arg.items[3], 'DefaultValue');
    return fallback ? this.resolve(fallback) : undefined;
  }

  private fnIf(arg: CfnNode, at: SourceRange): RNode {
    if (arg.kind !== 'seq' || arg.items.length !== 3) return rUnknown('Fn::If needs [condition, value if true, value if false]', at);
    const name = scalarString(arg.items[0]) ?? '';
    const d = this.decide(name);
    if (!d.known) return rUnknown(d.reason, at);
    return this.resolve(d.value ? arg.items[1]! : arg.items[2]!);
  }

  /**
   * The value of a named condition: fixed by the scenario, or decided from parameters. An undecided
   * condition is recorded so that the caller can evaluate both of its values.
   */
  decide(name: string): Decision {
    const fixed = this.scenario.get(name);
    if (fixed !== undefined) return { known: true, value: fixed };
    const d = this.decideCondition(name);
    if (!d.known && this.template.conditions.has(name)) this.undecided.add(name);
    return d;
  }

  /** Like decide(), without recording the condition. */
  decideCondition(name: string): Decision {
    const fixed = this.scenario.get(name);
    if (fixed !== undefined) return { known: true, value: fixed };
    const cached = this.conditionCache.get(name);
    if (cached) return cached;
    const def = this.template.conditions.get(name);
    if (!def) return { known: false, reason: `condition ${name} is not declared` };
    if (this.conditionStack.has(name)) return { known: false, reason: `condition ${name} refers to itself` };
    this.conditionStack.add(name);
    let d: Decision;
    try {
      d = this.decideExpression(def.value);
    } finally {
      this.conditionStack.delete(name);
    }
    const out: Decision = d.known ? d : { known: false, reason: `condition ${name} is unknown (${d.reason})` };
    this.conditionCache.set(name, out);
    return out;
  }

  private decideExpression(node: CfnNode): Decision {
    const only = node.kind === 'map' && node.entries.length === 1 ? node.entries[0] : undefined;
    if (!only) {
      const r = this.resolve(node);
      const s = rString(r);
      if (s === 'true' || s === 'false') return { known: true, value: s === 'true' };
      return { known: false, reason: r.t === 'unknown' ? r.reason : 'not a condition' };
    }
    const args = only.value.kind === 'seq' ? only.value.items : [only.value];
    switch (only.key) {
      case 'Condition':
        return this.decideCondition(scalarString(only.value) ?? '');
      case 'Fn::Equals': {
        const [a, b] = args.map((x) => this.resolve(x));
        if (!a || !b) return { known: false, reason: 'Fn::Equals needs two values' };
        for (const side of [a, b]) if (side.t === 'unknown') return { known: false, reason: side.reason };
        return { known: true, value: JSON.stringify(plainJson(a)) === JSON.stringify(plainJson(b)) || rString(a) === rString(b) && rString(a) !== undefined };
      }
      case 'Fn::Not': {
        const d = args[0] ? this.decideExpression(args[0]) : { known: false as const, reason: 'Fn::Not needs a condition' };
        return d.known ? { known: true, value: !d.value } : d;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const isAnd = only.key === 'Fn::And';
        let firstUnknown: Decision | undefined;
        for (const a of args) {
          const d = this.decideExpression(a);
          if (d.known && d.value !== isAnd) return { known: true, value: !isAnd };
          if (!d.known) firstUnknown ??= d;
        }
        return firstUnknown ?? { known: true, value: isAnd };
      }
      default: {
        const r = this.resolve(node);
        const s = rString(r);
        if (s === 'true' || s === 'false') return { known: true, value: s === 'true' };
        return { known: false, reason: r.t === 'unknown' ? r.reason : `${only.key} is not a condition function` };
      }
    }
  }

  /** Whether a resource with a `Condition` is created in this scenario. */
  exists(logicalId: string): Decision {
    const condition = this.template.resources.get(logicalId)?.condition;
    return condition === undefined ? { known: true, value: true } : this.decide(condition);
  }
}

type SubPart = { literal: string; variable?: undefined } | { variable: string; literal?: undefined };

/** `${Name}` and `${Res.Attr}` are variables; `${!Text}` is the literal `${Text}`. */
export function splitSub(text: string): SubPart[] {
  const parts: SubPart[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('${', i);
    if (open === -1) {
      literal += text.slice(i);
      break;
    }
    const close = text.indexOf('}', open + 2);
    if (close === -1) {
      literal += text.slice(i);
      break;
    }
    literal += text.slice(i, open);
    const inner = text.slice(open + 2, close);
    if (inner.startsWith('!')) literal += '${' + inner.slice(1) + '}';
    else {
      if (literal) parts.push({ literal });
      literal = '';
      parts.push({ variable: inner.trim() });
    }
    i = close + 1;
  }
  if (literal) parts.push({ literal });
  return parts;
}

/** Plain JSON of a resolved node, or the first unknown's reason. */
export function plainJson(node: RNode): { ok: true; value: unknown } | { ok: false; reason: string } {
  switch (node.t) {
    case 'scalar':
      return { ok: true, value: node.v };
    case 'novalue':
      return { ok: true, value: null };
    case 'unknown':
      return { ok: false, reason: node.reason };
    case 'list': {
      const out: unknown[] = [];
      for (const i of node.items) {
        const r = plainJson(i);
        if (!r.ok) return r;
        out.push(r.value);
      }
      return { ok: true, value: out };
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const e of node.entries) {
        const r = plainJson(e.value);
        if (!r.ok) return r;
        setOwn(out, e.key, r.value);
      }
      return { ok: true, value: out };
    }
  }
}
