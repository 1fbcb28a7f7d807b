// The browser-mode host's defences, over real HTTP on 127.0.0.1 against a desk on a temp SQLite file.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../electron/browser/host.js';
import { DEMO_USERS, seedDemoOrganisation } from '../../electron/desk/demo.js';
import { DeskService } from '../../electron/desk/service.js';
import type { IsoDate } from '../../shared/domain/dates.js';

let dir: string;
let service: DeskService;
let host: BrowserHost;
let cookie: string;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: () => { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

function send(
  method: string,
  pathname: string,
  opts: { headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, method, path: pathname, headers: opts.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
        });
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const good = () => ({
  host: `127.0.0.1:${host.port}`,
  origin: `http://127.0.0.1:${host.port}`,
  'content-type': 'application/json',
  cookie,
});

const post = (pathname: string, body: unknown, headers: Record<string, string> = good()) =>
  send('POST', pathname, { headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'browser-host-'));
  const today = '2026-03-11' as IsoDate;
  service = DeskService.open({
    dataDir: dir,
    clock: { nowIso: () => `${today}T12:00:00.000Z`, today: () => today },
  });
  await seedDemoOrganisation(service.desk, { today, cases: 40 });
  const staticDir = path.join(dir, 'static');
  mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>desk</title>');
  writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  host = await startBrowserHost({ desk: service, staticDir });
  const r = await post('/auth/exchange', { secret: host.secret }, { ...good(), cookie: '' });
  expect(r.status).toBe(200);
  const set = String(r.headers['set-cookie']);
  expect(set).toMatch(/HttpOnly/);
  expect(set).toMatch(/SameSite=Strict/);
  cookie = set.split(';')[0] ?? '';
}, 60_000);

afterAll(async () => {
  await host.close();
  service.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser host', () => {
  it('listens on 127.0.0.1 and prints a URL with the secret in the fragment', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/#secret=[A-Za-z0-9_-]{43}$`));
  });

  it('refuses a wrong or missing launch secret with 401', async () => {
    expect((await post('/auth/exchange', { secret: 'guess' }, { ...good(), cookie: '' })).status).toBe(401);
    expect((await post('/auth/exchange', {}, { ...good(), cookie: '' })).status).toBe(401);
  });

  it('answers the exchange with the session and desk info the page asks first, as the DeskApi answers them', async () => {
    const r = await post('/auth/exchange', { secret: host.secret }, { ...good(), cookie: '' });
    expect(r.status).toBe(200);
    const value = r.json().value as { session: unknown; deskInfo: unknown };
    expect(value.session).toEqual({ ok: true, value: null });
    expect(value.deskInfo).toEqual(JSON.parse((await post('/api/deskInfo', {})).body));
    expect(value.deskInfo).toMatchObject({ ok: true, value: { enrolled: true } });
  });

  it('refuses API calls without the session cookie (or with a forged one) with 401', async () => {
    expect((await post('/api/session', {}, { ...good(), cookie: '' })).status).toBe(401);
    expect((await post('/api/session', {}, { ...good(), cookie: 'desk_session=' + host.secret })).status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding) with 421, on pages and API alike', async () => {
    const evil = { ...good(), host: `evil.example:${host.port}` };
    expect((await post('/api/session', {}, evil)).status).toBe(421);
    expect((await send('GET', '/', { headers: { host: 'evil.example' } })).status).toBe(421);
    expect((await post('/api/session', {}, { ...good(), host: `127.0.0.1:${host.port + 1}` })).status).toBe(421);
  });

  it('accepts localhost on our port', async () => {
    const r = await post(
      '/api/session',
      {},
      {
        ...good(),
        host: `localhost:${host.port}`,
        origin: `http://localhost:${host.port}`,
      },
    );
    expect(r.status).toBe(200);
  });

  it('refuses a foreign or missing Origin, and cross-site fetches, with 403', async () => {
    expect((await post('/api/session', {}, { ...good(), origin: 'https://evil.example' })).status).toBe(403);
    const { origin: _o, ...noOrigin } = good();
    expect((await post('/api/session', {}, noOrigin)).status).toBe(403);
    expect((await post('/api/session', {}, { ...good(), 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post('/auth/exchange', { secret: host.secret }, { ...good(), origin: 'null' })).status).toBe(403);
  });

  it('answers an unknown method with 404', async () => {
    const r = await post('/api/dropEverything', {});
    expect(r.status).toBe(404);
    expect(r.json().error?.code).toBe('unknown-method');
  });

  it('answers malformed JSON with 400 and the reason', async () => {
    const r = await post('/api/session', '{"oops": ');
    expect(r.status).toBe(400);
    expect(r.json().error?.message).toMatch(/malformed JSON/);
  });

  it('refuses a body over the limit with 413, and non-JSON with 415', async () => {
    expect((await post('/api/search', { query: 'x'.repeat(300_000) })).status).toBe(413);
    expect((await post('/api/session', {}, { ...good(), 'content-type': 'text/plain' })).status).toBe(415);
  });

  it('validates payloads against the contract and returns errors as values', async () => {
    const r = await post('/api/signIn', { email: 'a@b.c', password: 'x', extra: 1 });
    expect(r.status).toBe(200);
    expect(r.json()).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('runs a real method end to end: sign in, then My work from the SQLite file', async () => {
    const agent = DEMO_USERS[0];
    const signIn = await post('/api/signIn', { email: agent?.email, password: agent?.password });
    expect(signIn.json()).toMatchObject({ ok: true, value: { displayName: 'Ada Agent' } });
    const work = await post('/api/myWork', { limit: 5 });
    expect(work.status).toBe(200);
    const body = work.json() as { ok: true; value: { items: { reference: string }[] } };
    expect(body.ok).toBe(true);
    expect(body.value.items[0]?.reference).toMatch(/^CMP-DEMO-\d{6}$/);
    expect(work.headers['cache-control']).toBe('no-store');
  });

  it('serves the renderer with a strict CSP and no path traversal', async () => {
    const page = await send('GET', '/', { headers: { host: `127.0.0.1:${host.port}` } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(page.headers['x-frame-options']).toBe('DENY');
    const asset = await send('GET', '/assets/app.js', { headers: { host: `127.0.0.1:${host.port}` } });
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toMatch(/immutable/);
    expect(asset.headers['content-security-policy']).toMatch(/script-src 'self'/);
    // Answered from memory the second time: the same bytes and length.
    const again = await send('GET', '/assets/app.js', { headers: { host: `127.0.0.1:${host.port}` } });
    expect([asset.body, again.body]).toEqual(['console.log(1)', 'console.log(1)']);
    expect(again.headers['content-length']).toBe('14');
    const head = await send('HEAD', '/assets/app.js', { headers: { host: `127.0.0.1:${host.port}` } });
    expect([head.status, head.body, head.headers['content-length']]).toEqual([200, '', '14']);
    expect((await send('GET', '/assets/missing.js', { headers: { host: `127.0.0.1:${host.port}` } })).status).toBe(404);
    const traversal = await send('GET', '/../../../../etc/passwd', { headers: { host: `127.0.0.1:${host.port}` } });
    expect(traversal.body).not.toMatch(/root:/);
    const encoded = await send('GET', '/%2e%2e/%2e%2e/etc/passwd', { headers: { host: `127.0.0.1:${host.port}` } });
    expect(encoded.body).not.toMatch(/root:/);
    expect((await send('GET', '/api/session', { headers: { host: `127.0.0.1:${host.port}` } })).status).toBe(405);
  });
});
