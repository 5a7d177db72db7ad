/**
 * A loopback HTTP proxy in front of moto_server that injects faults into S3 calls: 503 SlowDown above a
 * request-rate cap and at a random rate, 403 AccessDenied on chosen operations and buckets, and
 * connection resets. It also records every request's operation, for the read-only assertion.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Operation name derived from the request ("GetBucketPolicy", "ListBuckets", "AssumeRole"...). */
  operation: string;
  bucket?: string;
}

export interface FaultRules {
  /** S3 requests per second above which the proxy answers 503 SlowDown (token bucket, burst = 1 s). */
  rateCap?: number;
  /** Fraction of S3 requests answered 503 SlowDown at random (seeded). */
  randomSlowDown?: number;
  /** Reset the connection of every n-th S3 request, without an answer. */
  resetEvery?: number;
  /** Always answer 503 SlowDown when this returns true (throttled beyond any retry budget). */
  throttle?: (req: RecordedRequest) => boolean;
  /** Never answer when this returns true (the client's timeout must fire). */
  hang?: (req: RecordedRequest) => boolean;
  /** Answer 403 AccessDenied when this returns true. */
  deny?: (req: RecordedRequest) => boolean;
  seed?: number;
}

export interface FaultProxy {
  endpoint: string;
  requests: RecordedRequest[];
  counts: { rateCapped: number; randomSlowDown: number; throttled: number; denied: number; reset: number; forwarded: number };
  close(): Promise<void>;
}

/** S3 REST subresources (query keys) → operation, for GET requests on a bucket. */
const S3_SUBRESOURCES: [string, string][] = [
  ['policyStatus', 'GetBucketPolicyStatus'],
  ['policy', 'GetBucketPolicy'],
  ['publicAccessBlock', 'GetPublicAccessBlock'],
  ['ownershipControls', 'GetBucketOwnershipControls'],
  ['lifecycle', 'GetBucketLifecycleConfiguration'],
  ['encryption', 'GetBucketEncryption'],
  ['versioning', 'GetBucketVersioning'],
  ['logging', 'GetBucketLogging'],
  ['website', 'GetBucketWebsite'],
  ['replication', 'GetBucketReplication'],
  ['object-lock', 'GetObjectLockConfiguration'],
  ['tagging', 'GetBucketTagging'],
  ['location', 'GetBucketLocation'],
  ['acl', 'GetBucketAcl'],
];

export function s3Operation(method: string, url: URL): { operation: string; bucket?: string } {
  const [bucket, ...keyParts] = url.pathname.split('/').slice(1);
  if (url.pathname.startsWith('/v20180820/')) {
    const name = url.pathname.includes('publicAccessBlock') ? 'PublicAccessBlock' : url.pathname.split('/').pop() ?? '';
    return { operation: `${method === 'GET' ? 'Get' : method === 'DELETE' ? 'Delete' : 'Put'}${name}` };
  }
  if (bucket === undefined || bucket === '') return { operation: method === 'GET' ? 'ListBuckets' : `${method} /` };
  const key = keyParts.join('/');
  const query = url.searchParams;
  const prefix = method === 'GET' ? 'Get' : method === 'HEAD' ? 'Head' : method === 'DELETE' ? 'Delete' : 'Put';
  if (key === '') {
    for (const [sub, op] of S3_SUBRESOURCES) if (query.has(sub)) return { operation: op.replace(/^Get/, prefix), bucket };
    if (method === 'GET') return { operation: query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects', bucket };
    return { operation: method === 'PUT' ? 'CreateBucket' : `${prefix}Bucket`, bucket };
  }
  return { operation: `${prefix}Object`, bucket };
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function s3Error(res: ServerResponse, status: number, code: string, message: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>s3lint-proxy</RequestId></Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** A 403 in the query protocol's error shape: EC2's for Describe* calls, STS's otherwise. */
function queryError(res: ServerResponse, operation: string): void {
  const body = operation.startsWith('Describe')
    ? '<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>s3lint-proxy</RequestID></Response>'
    : `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform: ${operation}</Message></Error><RequestId>s3lint-proxy</RequestId></ErrorResponse>`;
  res.writeHead(403, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The operation of a query-protocol call (STS, EC2, Organizations JSON uses X-Amz-Target). */
function queryOperation(req: IncomingMessage, body: Buffer): string | undefined {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop();
  const action = new URLSearchParams(body.toString('utf8')).get('Action');
  return action ?? undefined;
}

export async function startFaultProxy(upstream: string, rules: FaultRules = {}): Promise<FaultProxy> {
  const target = new URL(upstream);
  const random = mulberry32(rules.seed ?? 42);
  const requests: RecordedRequest[] = [];
  const counts = { rateCapped: 0, randomSlowDown: 0, throttled: 0, denied: 0, reset: 0, forwarded: 0 };
  let s3Requests = 0;
  let tokens = rules.rateCap ?? Infinity;
  let refilledAt = Date.now();
  const takeToken = (): boolean => {
    if (rules.rateCap === undefined) return true;
    const now = Date.now();
    tokens = Math.min(rules.rateCap, tokens + ((now - refilledAt) / 1000) * rules.rateCap);
    refilledAt = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', upstream);
      const method = req.method ?? 'GET';
      const queryOp = queryOperation(req, body);
      const isS3 = queryOp === undefined;
      const recorded: RecordedRequest = isS3 ? { method, ...s3Operation(method, url) } : { method, operation: queryOp };
      requests.push(recorded);
      if (isS3) {
        s3Requests++;
        // Drawn for every request, so the random sequence does not depend on the other faults.
        const unlucky = random() < (rules.randomSlowDown ?? 0);
        if (rules.resetEvery !== undefined && s3Requests % rules.resetEvery === 0) {
          counts.reset++;
          req.socket.destroy();
          return;
        }
        const slowDown =
          rules.throttle?.(recorded) === true
            ? 'throttled'
            : !takeToken()
              ? 'rateCapped'
              : unlucky
                ? 'randomSlowDown'
                : undefined;
        if (slowDown !== undefined) {
          counts[slowDown]++;
          return s3Error(res, 503, 'SlowDown', 'Please reduce your request rate.');
        }
        if (rules.hang?.(recorded) === true) return;
        if (rules.deny?.(recorded) === true) {
          counts.denied++;
          return s3Error(res, 403, 'AccessDenied', 'Access Denied');
        }
      } else if (rules.deny?.(recorded) === true) {
        counts.denied++;
        return queryError(res, recorded.operation);
      }
      counts.forwarded++;
      const upstreamReq = request(
        { host: target.hostname, port: target.port, method, path: req.url, headers: req.headers },
        (upstreamRes) => {
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          upstreamRes.pipe(res);
        },
      );
      upstreamReq.on('error', () => req.socket.destroy());
      upstreamReq.end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
