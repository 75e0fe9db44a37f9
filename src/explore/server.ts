// The explorer's HTTP server: the page's own files (src/explore/assets.ts, looked up by
// exact name, never by joining a URL onto a directory) and a small JSON API over one
// Spec. Bound to 127.0.0.1 only. A bad request gets 400 and a one-line message; nothing
// a client sends can stop the server.
//
// Two guards keep other web pages out: the Host header must name this server (a page
// served from elsewhere cannot reach it by DNS rebinding), and a POST must be
// `application/json` (which a cross-site form cannot send without a CORS preflight,
// which this server never grants).
import { defaultInvariantNames, invariantTable } from '../spec-defaults.ts';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SpecSource } from '../../checker/spec-source.ts';
import type { Spec, State } from '../spec.ts';
import { loadAssets, type Asset } from './assets.ts';
import { startCheck, type CheckJob } from './check-job.ts';
import { BadRequest } from './errors.ts';
import { changedVariables, initialSuccessors, MAX_PATH, parsePath, successorsOf, verdicts, viewOf, walk } from './session.ts';
import { loadTrace, type LoadedTrace } from './trace.ts';
import { pretty } from '../tla/print.ts';
import { fromCrank } from '../tla/value.ts';

export interface ExplorerOptions {
  /** The model's name, for messages (`raft-abstract`). */
  readonly name: string;
  /** What the page's heading says, e.g. `raft-abstract --variant figure8`; default the name. */
  readonly title?: string;
  /** Where a worker thread rebuilds the Spec, so that "check from here" runs off the server's thread. */
  readonly source?: SpecSource;
  /** A trace to open with (`--trace FILE`). */
  readonly trace?: LoadedTrace;
  /** 0 (the default): any free port. */
  readonly port?: number;
  /** Told of each request that failed inside the model or the server (answered 500), e.g. to log it. */
  readonly onError?: (message: string) => void;
}

export interface Explorer {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  readonly port: number;
  /** Stops the server, its connections and any running check. */
  close(): Promise<void>;
}

/** Largest request body: a trace file of a long run. */
const MAX_BODY = 32 << 20;

type Json = unknown;

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
  });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: Json): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new BadRequest(`the request body is larger than ${MAX_BODY >> 20} MiB`, 413));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new BadRequest('send the request body as application/json', 415);
  const text = await readBody(req);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new BadRequest(`the request body is not JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadRequest('the request body must be a JSON object');
  return value as Record<string, unknown>;
}

/** A path given in a JSON body: `[0, 3, 1]` or `"0.3.1"`. */
function pathFromJson(value: unknown): number[] {
  if (typeof value === 'string') return parsePath(value);
  if (!Array.isArray(value)) throw new BadRequest("'path' must be a list of successor indices, e.g. [0, 3, 1]");
  if (value.length > MAX_PATH) throw new BadRequest(`the path has ${value.length} steps, more than the ${MAX_PATH} the explorer accepts`);
  if (!value.every((i) => Number.isSafeInteger(i) && (i as number) >= 0)) throw new BadRequest("'path' must hold only non-negative integers");
  return value as number[];
}

function atFrom(text: string | null, path: readonly number[]): number {
  if (text === null) return path.length;
  if (!/^[0-9]{1,7}$/.test(text)) throw new BadRequest(`bad step 'at=${text.slice(0, 40)}': expected a step number from 1 to ${path.length}`);
  return Number(text);
}

/** The static asset a URL path names, by exact name; a traversal attempt is a BadRequest. */
function assetFor(assets: ReadonlyMap<string, Asset>, rawPath: string): Asset | undefined {
  // Only plain names: no percent-escapes, dot segments, backslashes or control
  // characters, so there is nothing to decode and nothing that could climb out.
  if (!/^\/[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(rawPath) && rawPath !== '/') {
    if (/%|\.\.|\\|[\x00-\x1f]|\/\//.test(rawPath)) throw new BadRequest('bad path: only the explorer\'s own files can be read');
    return undefined;
  }
  return assets.get(rawPath === '/' ? 'index.html' : rawPath.slice(1));
}

export async function startExplorer(spec: Spec<State, unknown>, options: ExplorerOptions): Promise<Explorer> {
  const assets = await loadAssets();
  const jobs = new Set<CheckJob>();
  let port = 0;
  const defaults = defaultInvariantNames(spec);
  const model = {
    name: options.name,
    title: options.title ?? options.name,
    variables: spec.variables,
    invariants: [...invariantTable(spec).values()].map((inv) => ({ name: inv.name, description: inv.description, checkedByDefault: defaults.includes(inv.name) })),
    initialStates: initialSuccessors(spec).length,
    hasPicture: spec.logView !== undefined,
    ...(options.trace === undefined ? {} : { trace: options.trace }),
  };

  const api = async (req: IncomingMessage, res: ServerResponse, route: string, query: URLSearchParams): Promise<void> => {
    const method = req.method ?? 'GET';
    const getOnly = ['/api/model', '/api/initial', '/api/state', '/api/successors', '/api/invariants'];
    const postOnly = ['/api/trace', '/api/check'];
    if (getOnly.includes(route) && method !== 'GET') throw new BadRequest(`${route} takes GET, not ${method}`, 405);
    if (postOnly.includes(route) && method !== 'POST') throw new BadRequest(`${route} takes POST, not ${method}`, 405);
    switch (route) {
      case '/api/model':
        return sendJson(res, 200, model);
      case '/api/initial':
        return sendJson(res, 200, {
          states: initialSuccessors(spec).map((s) => ({ label: s.label, variables: spec.variables.map((name) => ({ name, value: pretty(fromCrank(s.state[name])) })) })),
        });
      case '/api/state': {
        const path = parsePath(query.get('path'));
        return sendJson(res, 200, viewOf(spec, path, atFrom(query.get('at'), path)));
      }
      case '/api/successors': {
        const state = walk(spec, parsePath(query.get('path'))).at(-1)!.state;
        return sendJson(res, 200, {
          successors: successorsOf(spec, state).map((s) => ({ label: s.label, changes: changedVariables(spec, state, s.state) })),
        });
      }
      case '/api/invariants': {
        const path = parsePath(query.get('path'));
        return sendJson(res, 200, { invariants: verdicts(spec, walk(spec, path).at(-1)!.state) });
      }
      case '/api/trace': {
        const body = await readJson(req);
        const { name, text } = body;
        if (typeof text !== 'string') throw new BadRequest("'text' must be the trace file's content, as a string");
        if (name !== undefined && typeof name !== 'string') throw new BadRequest("'name' must be the file's name, as a string");
        // The name goes into one-line messages: no control characters, not too long.
        const shown = name === undefined ? 'the trace' : name.replace(/[\x00-\x1f\x7f]/g, '?').slice(0, 200);
        return sendJson(res, 200, loadTrace(spec, options.name, shown, text));
      }
      case '/api/check':
        return runCheck(req, res, await readJson(req));
      default:
        throw new BadRequest(`no such API: ${route} (known: ${[...getOnly, ...postOnly].join(', ')})`, 404);
    }
  };

  const runCheck = (_req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>): Promise<void> => {
    const path = pathFromJson(body['path']);
    walk(spec, path); // a bad path is refused here, before the stream starts
    const invariants = body['invariants'];
    if (invariants !== undefined && !(Array.isArray(invariants) && invariants.every((n) => typeof n === 'string'))) {
      throw new BadRequest("'invariants' must be a list of invariant names");
    }
    for (const name of (invariants as string[] | undefined) ?? []) {
      if (!invariantTable(spec).has(name)) throw new BadRequest(`unknown invariant '${name}' (${options.name} has: ${[...invariantTable(spec).keys()].join(', ')})`);
    }
    if (jobs.size > 0) throw new BadRequest('a check is already running: wait for it or cancel it', 409);
    // One JSON object per line: progress reports, then the result.
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    res.flushHeaders();
    const job = startCheck(spec, options.source, { path, ...(invariants === undefined ? {} : { invariants: invariants as string[] }) }, (e) => {
      if (!res.writableEnded) res.write(JSON.stringify(e) + '\n');
    });
    jobs.add(job);
    // The page gave up (cancel, reload, closed tab): stop the search.
    res.on('close', () => {
      if (!res.writableFinished) void job.cancel();
    });
    return job.finished.finally(() => {
      jobs.delete(job);
      res.end();
    });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const host = (req.headers.host ?? '').toLowerCase();
      if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) throw new BadRequest(`this server answers only requests for 127.0.0.1:${port}`, 403);
      const raw = req.url ?? '/';
      if (!raw.startsWith('/')) throw new BadRequest('bad request target');
      const q = raw.indexOf('?');
      const rawPath = q < 0 ? raw : raw.slice(0, q);
      const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
      if (rawPath.startsWith('/api/')) return await api(req, res, rawPath, query);
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new BadRequest(`${req.method} is not allowed here`, 405);
      const asset = assetFor(assets, rawPath);
      if (asset === undefined) throw new BadRequest(`not found: ${rawPath.slice(0, 80)}`, 404);
      send(res, 200, asset.type, asset.body);
    } catch (err) {
      if (res.headersSent) {
        res.end();
        return;
      }
      if (err instanceof BadRequest) {
        sendJson(res, err.status, { error: err.message });
        return;
      }
      // A model that throws, or a bug here: the request fails, the server goes on.
      const message = err instanceof Error ? err.message : String(err);
      options.onError?.(`${req.method} ${(req.url ?? '').slice(0, 200)}: ${message}`);
      sendJson(res, 500, { error: `internal error: ${message}` });
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  // Malformed HTTP (a NUL in the URL, a broken header) is refused on the socket.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () => {
      closing ??= (async () => {
        await Promise.all([...jobs].map((j) => j.cancel()));
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}
