// The browser mode's host: the built renderer and the DeskApi over HTTP on 127.0.0.1, for VDI and thin clients
// (and the way the UI is tested here). Only the person who launched it can use it:
// - it listens on 127.0.0.1 only;
// - a per-launch secret (32 random bytes) travels in the URL's fragment, which the page exchanges once for an
//   HttpOnly, SameSite=Strict cookie (the answer also carries the session and desk info the page asks first);
//   every API call needs that cookie;
// - the Host header must name 127.0.0.1 or localhost on our port, so a DNS-rebinding page gets nothing;
// - every POST must carry our own Origin (and no cross-site Sec-Fetch-Site), so other pages cannot call in;
// - bodies are size-limited JSON, validated against the contract before they reach the desk core;
// - every response carries a strict Content-Security-Policy.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, readFileSync, statSync, type Stats } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  MAX_REQUEST_BYTES,
  isDeskApiMethod,
  type DeskApiOutputs,
  type DeskApiResult,
  type LaunchExchangeAnswer,
} from '../../shared/contracts/desk-api.js';
import { CONTENT_SECURITY_POLICY } from '../security.js';

export interface DeskCaller {
  call(method: string, input: unknown): Promise<DeskApiResult<unknown>>;
}

export interface BrowserHostOptions {
  readonly desk: DeskCaller;
  /** The built renderer (index.html and assets); null serves the API only. */
  readonly staticDir: string | null;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** For tests; otherwise 32 random bytes per launch. */
  readonly secret?: Buffer;
}

export interface BrowserHost {
  readonly port: number;
  readonly origin: string;
  /** The URL to open: the secret is in the fragment, which browsers never send to a server. */
  readonly url: string;
  readonly secret: string;
  close(): Promise<void>;
}

export const SESSION_COOKIE = 'desk_session';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
} as const;

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
    ...extra,
  });
  res.end(text);
}

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieOf(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

class TooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume(); // drain without keeping it, so the 413 reaches the client
      reject(new TooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        reject(new TooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const secret = (options.secret ?? randomBytes(32)).toString('base64url');
  // Cookies handed out by the exchange; each is random, not derived from the secret.
  const sessions = new Set<string>();
  let port = 0;
  const staticRoot = options.staticDir ? path.resolve(options.staticDir) : null;
  // The renderer's hashed assets (/assets/*), as read: at most what the built renderer holds (about 1.5 MB).
  const assets = new Map<string, Buffer>();

  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = () => allowedHosts().map((h) => `http://${h}`);

  function hasSession(req: IncomingMessage): boolean {
    const c = cookieOf(req, SESSION_COOKIE);
    if (!c) return false;
    for (const s of sessions) if (sameSecret(c, s)) return true;
    return false;
  }

  function originOk(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (!origin || !allowedOrigins().includes(origin)) return false;
    const site = req.headers['sec-fetch-site'];
    return site === undefined || site === 'same-origin';
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    if (!staticRoot) {
      refuse(res, 404, 'not-found', 'no renderer is served by this host');
      return;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      refuse(res, 400, 'invalid-input', 'bad path');
      return;
    }
    let file = path.resolve(staticRoot, '.' + path.posix.normalize(rel));
    if (!file.startsWith(staticRoot + path.sep) && file !== staticRoot) {
      refuse(res, 404, 'not-found', 'not found');
      return;
    }
    let stat: Stats | null;
    try {
      stat = statSync(file);
    } catch {
      stat = null;
    }
    if (!stat || stat.isDirectory()) {
      // The app is one page: unknown paths without an extension get index.html.
      if (path.extname(file) && !stat) {
        refuse(res, 404, 'not-found', 'not found');
        return;
      }
      file = path.join(staticRoot, 'index.html');
      try {
        stat = statSync(file);
      } catch {
        refuse(res, 404, 'not-found', 'the renderer is not built: run npm run build:renderer');
        return;
      }
    }
    const immutable = file.includes(`${path.sep}assets${path.sep}`);
    // A hashed asset never changes under its name: read once, then each request is answered with one write from
    // memory (the launch asks for a dozen at once, while the same thread answers the page's first DeskApi calls).
    let body = immutable ? assets.get(file) : undefined;
    if (immutable && !body) {
      body = readFileSync(file);
      assets.set(file, body);
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'content-length': body?.length ?? stat.size,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') res.end();
    else if (body) res.end(body);
    else createReadStream(file).pipe(res);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS rebinding: a page on evil.example resolved to 127.0.0.1 still says Host: evil.example.
    if (!allowedHosts().includes(req.headers.host ?? '')) {
      refuse(res, 421, 'forbidden', 'this desk answers only to 127.0.0.1 or localhost on its own port');
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (url.pathname.startsWith('/api/')) {
        refuse(res, 405, 'invalid-input', 'DeskApi methods are called with POST');
        return;
      }
      serveStatic(req, res, url.pathname);
      return;
    }
    if (req.method !== 'POST') {
      refuse(res, 405, 'invalid-input', 'method not allowed');
      return;
    }
    if (!originOk(req)) {
      refuse(res, 403, 'forbidden', 'cross-site requests are refused');
      return;
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      refuse(res, 415, 'invalid-input', 'send JSON (content-type: application/json)');
      return;
    }
    let text: string;
    try {
      text = await readBody(req, MAX_REQUEST_BYTES);
    } catch (e) {
      if (e instanceof TooLarge) {
        res.setHeader('connection', 'close');
        refuse(res, 413, 'invalid-input', `the request is over ${MAX_REQUEST_BYTES} bytes`);
      } else refuse(res, 400, 'invalid-input', 'the request could not be read');
      return;
    }
    let body: unknown;
    try {
      body = text === '' ? {} : JSON.parse(text);
    } catch (e) {
      refuse(res, 400, 'invalid-input', `malformed JSON: ${(e as Error).message}`);
      return;
    }

    if (url.pathname === '/auth/exchange') {
      const given = typeof body === 'object' && body !== null ? (body as { secret?: unknown }).secret : undefined;
      if (typeof given !== 'string' || !sameSecret(given, secret)) {
        refuse(res, 401, 'unauthenticated', 'wrong or missing launch secret: open the URL the desk printed');
        return;
      }
      const token = randomBytes(32).toString('base64url');
      sessions.add(token);
      // The page's first two questions, answered with the cookie: one round trip fewer before its first render.
      const value: LaunchExchangeAnswer = {
        session: (await options.desk.call('session', {})) as DeskApiResult<DeskApiOutputs['session']>,
        deskInfo: (await options.desk.call('deskInfo', {})) as DeskApiResult<DeskApiOutputs['deskInfo']>,
      };
      sendJson(
        res,
        200,
        { ok: true, value },
        {
          'set-cookie': `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        },
      );
      return;
    }
    if (!hasSession(req)) {
      refuse(res, 401, 'unauthenticated', 'this browser has not been let in: open the URL the desk printed');
      return;
    }
    const m = /^\/api\/([A-Za-z]{1,40})$/.exec(url.pathname);
    if (!m?.[1] || !isDeskApiMethod(m[1])) {
      refuse(res, 404, 'unknown-method', `no DeskApi method at ${url.pathname}`);
      return;
    }
    const result = await options.desk.call(m[1], body);
    sendJson(res, 200, result);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      console.error('browser host: request failed', e);
      if (!res.headersSent) refuse(res, 500, 'internal', 'the desk could not answer');
      else res.destroy();
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    url: `${origin}/#secret=${secret}`,
    secret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
