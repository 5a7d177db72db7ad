// Preload for the safety tests (`node --import ./deny-network.mjs ...`): every way a Node process can reach
// the network (or start a process that could) is replaced by a function that records the attempt to the file
// named by S3LINT_DENY_LOG (one JSON line each) and throws. Plain JavaScript: it runs before any TypeScript.
import { appendFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';

const require = createRequire(import.meta.url);
const log = process.env.S3LINT_DENY_LOG;

function deny(api) {
  return function denied() {
    const entry = { api, args: [...arguments].slice(0, 2).map(describe) };
    if (log) appendFileSync(log, JSON.stringify(entry) + '\n');
    throw new Error(`blocked by the s3lint safety test: ${api}`);
  };
}

function describe(arg) {
  if (arg === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof arg)) return String(arg);
  if (arg instanceof URL) return arg.href;
  if (typeof arg === 'function') return 'function';
  try {
    return JSON.stringify(arg, (k, v) => (typeof v === 'object' && v !== null && k !== '' ? '[object]' : v)).slice(0, 200);
  } catch {
    return typeof arg;
  }
}

function patch(moduleName, names) {
  const mod = require(moduleName);
  for (const name of names) {
    if (typeof mod[name] === 'function') mod[name] = deny(`${moduleName}.${name}`);
  }
  return mod;
}

const net = patch('node:net', ['connect', 'createConnection', 'createServer']);
net.Socket.prototype.connect = deny('net.Socket.prototype.connect');
net.Server.prototype.listen = deny('net.Server.prototype.listen');
patch('node:tls', ['connect', 'createServer']);
const dgram = patch('node:dgram', ['createSocket']);
dgram.Socket.prototype.send = deny('dgram.Socket.prototype.send');
dgram.Socket.prototype.bind = deny('dgram.Socket.prototype.bind');
for (const name of ['node:http', 'node:https']) {
  const mod = patch(name, ['request', 'get', 'createServer']);
  mod.Agent.prototype.createConnection = deny(`${name}.Agent.prototype.createConnection`);
}
patch('node:http2', ['connect', 'createServer', 'createSecureServer']);
const dnsNames = ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveTxt', 'resolveSrv', 'reverse'];
const dns = patch('node:dns', dnsNames);
patch('node:dns/promises', dnsNames);
for (const name of dnsNames) {
  if (typeof dns.Resolver.prototype[name] === 'function') dns.Resolver.prototype[name] = deny(`dns.Resolver.prototype.${name}`);
}
patch('node:child_process', ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']);
syncBuiltinESMExports();

globalThis.fetch = deny('fetch');
if (typeof globalThis.WebSocket === 'function') globalThis.WebSocket = deny('WebSocket');
if (typeof globalThis.EventSource === 'function') globalThis.EventSource = deny('EventSource');
