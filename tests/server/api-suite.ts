// The API behaviour, written once and run against both databases the server supports: a real PostgreSQL
// (api-postgres.test.ts) and the embedded PGlite (api-pglite.test.ts).
import nodeCrypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/postgres/db.js';
import { latestVersion, migrate } from '../../db/postgres/migrations.js';
import { BANK_HOLIDAYS } from '../../shared/domain/calendar/bank-holidays.js';
import { PROFILES } from '../../shared/domain/profiles/catalogue.js';
import { requirePermission } from '../../server/auth/context.js';
import { ADMIN, call, json, login, makeServer, seedAdmin, type Session, type TestServer } from './helpers.js';

const PASSWORD = 'a perfectly fine password';

export function apiSuite(label: string, open: () => Promise<{ db: Db; cleanup: () => Promise<void> }>): void {
  describe(`server API on ${label}`, () => {
    let db: Db;
    let cleanup: () => Promise<void>;
    let s: TestServer;
    let admin: Session;
    let teamId: string;
    let n = 0;
    const email = (what: string): string => `${what}.${++n}@example.org`;

    async function createUser(roles: string[], team: string | null = teamId): Promise<{ id: string; email: string }> {
      const e = email(roles.join('-') || 'none');
      const res = await call(s.app, admin, 'POST', '/admin/users', {
        email: e,
        displayName: `User ${n}`,
        teamId: team,
        roles,
        password: PASSWORD,
      });
      expect(res.statusCode, res.body).toBe(201);
      return { id: json<{ user: { id: string } }>(res).user.id, email: e };
    }

    async function count(table: string): Promise<number> {
      const r = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      return r.rows[0]?.n ?? -1;
    }

    beforeAll(async () => {
      ({ db, cleanup } = await open());
      await migrate(db);
      s = await makeServer(db);
      await seedAdmin(db, s.clock);
      admin = await login(s.app, ADMIN.email, ADMIN.password);
      const res = await call(s.app, admin, 'POST', '/admin/teams', { name: 'Contact Centre North' });
      expect(res.statusCode, res.body).toBe(201);
      teamId = json<{ team: { id: string } }>(res).team.id;
    });

    // Some tests move the clock past the access token's life; each test starts with a fresh sign-in.
    beforeEach(async () => {
      admin = await login(s.app, ADMIN.email, ADMIN.password);
    });

    afterAll(async () => {
      await s?.app.close();
      await cleanup?.();
    });

    describe('health', () => {
      it('answers /health and /ready without a token', async () => {
        const health = await call(s.app, null, 'GET', '/health');
        expect(health.statusCode).toBe(200);
        expect(json(health)).toEqual({ status: 'ok' });
        const ready = await call(s.app, null, 'GET', '/ready');
        expect(ready.statusCode).toBe(200);
        expect(json(ready)).toMatchObject({ status: 'ready', schemaVersion: latestVersion() });
        expect(ready.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      });
    });

    describe('sign-in', () => {
      it('signs in with the right password, whatever the case of the email', async () => {
        const u = await createUser(['agent']);
        const res = await call(s.app, null, 'POST', '/auth/login', {
          email: u.email.toUpperCase(),
          password: PASSWORD,
        });
        expect(res.statusCode).toBe(200);
        const body = json<{ accessToken: string; refreshToken: string; user: { roles: string[]; teamId: string } }>(
          res,
        );
        expect(body.accessToken).toMatch(/^cd1\./);
        expect(body.refreshToken).toHaveLength(43);
        expect(body.user).toMatchObject({ roles: ['agent'], teamId });
        const me = await call(s.app, body.accessToken, 'GET', '/me');
        expect(me.statusCode).toBe(200);
        expect(json<{ permissions: string[] }>(me).permissions).toContain('log-contact');
        expect(json<{ permissions: string[] }>(me).permissions).not.toContain('refuse');
      });

      it('answers a wrong password and an unknown user with the same 401', async () => {
        const u = await createUser(['agent']);
        const wrong = await call(s.app, null, 'POST', '/auth/login', { email: u.email, password: 'not the password!' });
        const unknown = await call(s.app, null, 'POST', '/auth/login', { email: email('ghost'), password: PASSWORD });
        expect(wrong.statusCode).toBe(401);
        expect(unknown.statusCode).toBe(401);
        expect(json(wrong)).toEqual(json(unknown));
        expect(json(wrong)).toMatchObject({ error: 'invalid-credentials' });
      });

      it('spends the same scrypt work on an unknown email as on a wrong password', async () => {
        // Counted, not timed: every scrypt derivation with its cost parameters. Node's built-in ESM exports
        // follow the CommonJS module object after syncBuiltinESMExports(), so the server's import sees the wrapper.
        const u = await createUser(['agent']);
        const calls: number[] = [];
        const original = nodeCrypto.scrypt;
        const wrapped = ((...args: Parameters<typeof original>) => {
          const options = args[3] as { N?: number } | undefined;
          calls.push(typeof options === 'object' ? (options.N ?? 0) : 0);
          return (original as (...a: unknown[]) => void)(...args);
        }) as typeof original;
        nodeCrypto.scrypt = wrapped;
        syncBuiltinESMExports();
        try {
          const attempt = async (mail: string) => {
            calls.length = 0;
            const r = await call(s.app, null, 'POST', '/auth/login', {
              email: mail,
              password: 'not the password at all',
            });
            expect(r.statusCode).toBe(401);
            return [...calls];
          };
          const wrong = await attempt(u.email);
          const unknown = await attempt(email('nobody'));
          expect(wrong).toHaveLength(1);
          expect(unknown).toEqual(wrong); // one derivation each, with the same cost
        } finally {
          nodeCrypto.scrypt = original;
          syncBuiltinESMExports();
        }
      });

      it('rate-limits failed sign-ins per email and address: the 11th attempt in 15 minutes gets 429', async () => {
        const u = await createUser(['agent']);
        for (let i = 0; i < 10; i++) {
          const r = await call(s.app, null, 'POST', '/auth/login', { email: u.email, password: `wrong password ${i}` });
          expect(r.statusCode).toBe(401);
        }
        // Even the right password is refused while limited: otherwise guessing could continue.
        const limited = await call(s.app, null, 'POST', '/auth/login', { email: u.email, password: PASSWORD });
        expect(limited.statusCode).toBe(429);
        expect(json(limited)).toMatchObject({ error: 'too-many-attempts' });
        expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
        // Another address is counted separately.
        const other = await s.app.inject({
          method: 'POST',
          url: '/auth/login',
          payload: { email: u.email, password: PASSWORD },
          remoteAddress: '127.0.0.2',
        });
        expect(other.statusCode).toBe(200);
        s.clock.advance(15 * 60 * 1000 + 1000);
        const later = await call(s.app, null, 'POST', '/auth/login', { email: u.email, password: PASSWORD });
        expect(later.statusCode).toBe(200);
      });

      it('refuses a deactivated user with the same 401, and ends their sessions at once', async () => {
        const u = await createUser(['agent']);
        const session = await login(s.app, u.email, PASSWORD);
        const off = await call(s.app, admin, 'POST', `/admin/users/${u.id}/deactivate`);
        expect(off.statusCode, off.body).toBe(200);
        expect(json<{ user: { active: boolean } }>(off).user.active).toBe(false);
        expect((await call(s.app, session, 'GET', '/me')).statusCode).toBe(401);
        const again = await call(s.app, null, 'POST', '/auth/login', { email: u.email, password: PASSWORD });
        expect(again.statusCode).toBe(401);
        expect(json(again)).toMatchObject({ error: 'invalid-credentials' });
        const refresh = await call(s.app, null, 'POST', '/auth/refresh', { refreshToken: session.refreshToken });
        expect(refresh.statusCode).toBe(401);
      });

      it('binds a session to an enrolled desk, and refuses an unknown one', async () => {
        const desk = await call(s.app, admin, 'POST', '/admin/desks', { name: 'North 1' });
        const deskId = json<{ desk: { id: string } }>(desk).desk.id;
        const u = await createUser(['agent']);
        const session = await login(s.app, u.email, PASSWORD, { deskId });
        expect(json(await call(s.app, session, 'GET', '/me'))).toMatchObject({ deskId });
        const unknown = await call(s.app, null, 'POST', '/auth/login', {
          email: u.email,
          password: PASSWORD,
          deskId: '01900000-0000-7000-8000-000000000000',
        });
        expect(unknown.statusCode).toBe(400);
        expect(json(unknown)).toMatchObject({ error: 'unknown-desk' });
      });
    });

    describe('tokens', () => {
      it('refuses requests without a token, with a bad token, and with an expired token', async () => {
        const none = await call(s.app, null, 'GET', '/reference-data');
        expect(none.statusCode).toBe(401);
        expect(json(none)).toMatchObject({ error: 'unauthenticated' });
        expect(none.headers['www-authenticate']).toBe('Bearer');
        const unknownRoute = await call(s.app, null, 'GET', '/no/such/route');
        expect(unknownRoute.statusCode).toBe(401);

        const session = await login(s.app, ADMIN.email, ADMIN.password);
        const [head, body, sig] = session.accessToken.split('.');
        const claims = JSON.parse(Buffer.from(body ?? '', 'base64url').toString()) as Record<string, unknown>;
        const forged = `${head}.${Buffer.from(JSON.stringify({ ...claims, roles: ['administrator', 'manager'] })).toString('base64url')}.${sig}`;
        const bad = await call(s.app, forged, 'GET', '/me');
        expect(bad.statusCode).toBe(401);
        expect(json(bad)).toMatchObject({ error: 'invalid-token' });

        expect((await call(s.app, session, 'GET', '/me')).statusCode).toBe(200);
        s.clock.advance(14 * 60 * 1000);
        expect((await call(s.app, session, 'GET', '/me')).statusCode).toBe(200);
        s.clock.advance(61 * 1000);
        const expired = await call(s.app, session, 'GET', '/me');
        expect(expired.statusCode).toBe(401);
        expect(json(expired)).toMatchObject({ error: 'token-expired' });
        // The refresh token still works after the access token expired.
        const refreshed = await call(s.app, null, 'POST', '/auth/refresh', { refreshToken: session.refreshToken });
        expect(refreshed.statusCode, refreshed.body).toBe(200);
        const next = json<{ accessToken: string }>(refreshed).accessToken;
        expect((await call(s.app, next, 'GET', '/me')).statusCode).toBe(200);
      });

      it('rotates refresh tokens; reusing an old one revokes the whole family', async () => {
        const u = await createUser(['team-leader']);
        const first = await login(s.app, u.email, PASSWORD);
        const r1 = await call(s.app, null, 'POST', '/auth/refresh', { refreshToken: first.refreshToken });
        expect(r1.statusCode).toBe(200);
        const second = json<{ accessToken: string; refreshToken: string }>(r1);
        expect(second.refreshToken).not.toBe(first.refreshToken);
        const r2 = await call(s.app, null, 'POST', '/auth/refresh', { refreshToken: second.refreshToken });
        expect(r2.statusCode).toBe(200);
        const third = json<{ accessToken: string; refreshToken: string }>(r2);
        expect((await call(s.app, third.accessToken, 'GET', '/me')).statusCode).toBe(200);

        // A stolen copy of the first token is replayed: the session ends for everyone holding it.
        const reuse = await call(s.app, null, 'POST', '/auth/refresh', { refreshToken: first.refreshToken });
        expect(reuse.statusCode).toBe(401);
        expect(json(reuse)).toMatchObject({ error: 'refresh-token-reused' });
        const latest = await call(s.app, null, 'POST', '/auth/refresh', { refreshToken: third.refreshToken });
        expect(latest.statusCode).toBe(401);
        expect(json(latest)).toMatchObject({ error: 'session-ended' });
        expect((await call(s.app, third.accessToken, 'GET', '/me')).statusCode).toBe(401);
        // Other sessions of the same user are untouched.
        const other = await login(s.app, u.email, PASSWORD);
        expect((await call(s.app, other, 'GET', '/me')).statusCode).toBe(200);
        const rows = await db.query<{ reason: string }>(
          `SELECT revoked_reason AS reason FROM sessions WHERE user_id = $1 AND revoked_at IS NOT NULL`,
          [u.id],
        );
        expect(rows.rows.map((r) => r.reason)).toEqual(['refresh-token-reuse']);
      });

      it('refuses an unknown refresh token', async () => {
        const res = await call(s.app, null, 'POST', '/auth/refresh', { refreshToken: 'x'.repeat(43) });
        expect(res.statusCode).toBe(401);
        expect(json(res)).toMatchObject({ error: 'invalid-refresh-token' });
      });

      it('logs out: the access token and refresh token of that session stop working', async () => {
        const u = await createUser(['agent']);
        const a = await login(s.app, u.email, PASSWORD);
        const b = await login(s.app, u.email, PASSWORD);
        const out = await call(s.app, a, 'POST', '/auth/logout');
        expect(out.statusCode, out.body).toBe(200);
        expect(json(out)).toEqual({ sessionsEnded: 1 });
        expect((await call(s.app, a, 'GET', '/me')).statusCode).toBe(401);
        expect((await call(s.app, null, 'POST', '/auth/refresh', { refreshToken: a.refreshToken })).statusCode).toBe(
          401,
        );
        expect((await call(s.app, b, 'GET', '/me')).statusCode).toBe(200);
        const all = await call(s.app, b, 'POST', '/auth/logout', { allSessions: true });
        expect(json(all)).toEqual({ sessionsEnded: 1 });
        expect((await call(s.app, b, 'GET', '/me')).statusCode).toBe(401);
        expect((await call(s.app, null, 'POST', '/auth/logout')).statusCode).toBe(401);
      });
    });

    describe('roles', () => {
      it('refuses every admin route to every other role with 403 and a reason', async () => {
        for (const role of ['agent', 'team-leader', 'manager', 'business-area-owner']) {
          const u = await createUser([role]);
          const session = await login(s.app, u.email, PASSWORD);
          const attempts = [
            call(s.app, session, 'POST', '/admin/users', {
              email: email('sneaky'),
              displayName: 'Sneaky',
              roles: ['administrator'],
              password: PASSWORD,
            }),
            call(s.app, session, 'PUT', `/admin/users/${u.id}/roles`, { roles: ['administrator'] }),
            call(s.app, session, 'POST', '/admin/desks', { name: 'Rogue desk' }),
            call(s.app, session, 'GET', '/admin/audit'),
            call(s.app, session, 'POST', '/admin/teams', { name: 'Rogue team' }),
          ];
          for (const res of await Promise.all(attempts)) {
            expect(res.statusCode).toBe(403);
            expect(json(res)).toMatchObject({ error: 'forbidden' });
            expect(json<{ message: string }>(res).message).toContain('administrator');
          }
          expect(json<{ user: { roles: string[] } }>(await call(s.app, session, 'GET', '/me')).user.roles).toEqual([
            role,
          ]);
        }
        expect(await count(`desks WHERE name = 'Rogue desk'`)).toBe(0);
      });

      it('applies a role change at once, and never removes the last administrator', async () => {
        const u = await createUser(['agent']);
        const session = await login(s.app, u.email, PASSWORD);
        expect((await call(s.app, session, 'GET', '/admin/users')).statusCode).toBe(403);
        const promote = await call(s.app, admin, 'PUT', `/admin/users/${u.id}/roles`, {
          roles: ['manager', 'administrator'],
        });
        expect(promote.statusCode, promote.body).toBe(200);
        // The same access token, no new sign-in: the server reads roles per request.
        expect((await call(s.app, session, 'GET', '/admin/users')).statusCode).toBe(200);
        await call(s.app, admin, 'PUT', `/admin/users/${u.id}/roles`, { roles: ['agent'] });
        const alone = await call(s.app, admin, 'PUT', `/admin/users/${admin.userId}/roles`, { roles: ['manager'] });
        expect(alone.statusCode).toBe(409);
        expect(json(alone)).toMatchObject({ error: 'last-administrator' });
        expect((await call(s.app, admin, 'GET', '/admin/users')).statusCode).toBe(200);
      });
      it('checks use-case permissions with the shared table, and requires a desk for mutations', async () => {
        const guarded = await makeServer(db, {}, (app) => {
          app.post('/test/refuse', async (request) => ({ actor: requirePermission(request, 'refuse') }));
        });
        try {
          const desk = json<{ desk: { id: string } }>(await call(s.app, admin, 'POST', '/admin/desks', { name: 'G' }));
          const deskId = desk.desk.id;
          const agent = await login(guarded.app, (await createUser(['agent'])).email, PASSWORD, { deskId });
          const manager = (await createUser(['manager'])).email;
          const refused = await call(guarded.app, agent, 'POST', '/test/refuse', {});
          expect(refused.statusCode).toBe(403);
          expect(json(refused)).toMatchObject({ error: 'forbidden', message: 'Your role (agent) may not refuse.' });
          const noDesk = await call(
            guarded.app,
            await login(guarded.app, manager, PASSWORD),
            'POST',
            '/test/refuse',
            {},
          );
          expect(noDesk.statusCode).toBe(403);
          expect(json(noDesk)).toMatchObject({ error: 'desk-required' });
          const ok = await call(
            guarded.app,
            await login(guarded.app, manager, PASSWORD, { deskId }),
            'POST',
            '/test/refuse',
            {},
          );
          expect(ok.statusCode, ok.body).toBe(200);
          expect(json(ok)).toMatchObject({ actor: { roles: ['manager'], teamId, deskId } });
        } finally {
          await guarded.app.close();
        }
      });
    });

    describe('administration', () => {
      it('creates users (email unique whatever its case), sets teams, and audits it all', async () => {
        const u = await createUser(['agent', 'team-leader']);
        const dup = await call(s.app, admin, 'POST', '/admin/users', {
          email: u.email.toUpperCase(),
          displayName: 'Twin',
          roles: ['agent'],
          password: PASSWORD,
        });
        expect(dup.statusCode).toBe(409);
        expect(json(dup)).toMatchObject({ error: 'email-taken' });
        const weak = await call(s.app, admin, 'POST', '/admin/users', {
          email: email('weak'),
          displayName: 'Weak',
          roles: ['agent'],
          password: 'short',
        });
        expect(weak.statusCode).toBe(400);
        expect(json(weak)).toMatchObject({ error: 'weak-password' });
        const noTeam = await call(s.app, admin, 'PUT', `/admin/users/${u.id}/team`, { teamId: null });
        expect(json<{ user: { teamId: string | null } }>(noTeam).user.teamId).toBeNull();
        const badTeam = await call(s.app, admin, 'PUT', `/admin/users/${u.id}/team`, {
          teamId: '01900000-0000-7000-8000-000000000000',
        });
        expect(badTeam.statusCode).toBe(400);

        const list = json<{ users: { id: string; email: string }[] }>(await call(s.app, admin, 'GET', '/admin/users'));
        expect(list.users.map((x) => x.id)).toContain(u.id);
        expect(JSON.stringify(list)).not.toMatch(/scrypt\$/);
        const audit = json<{ entries: { action: string; entityId: string; requestId: string | null }[] }>(
          await call(s.app, admin, 'GET', '/admin/audit'),
        );
        const mine = audit.entries.filter((e) => e.entityId === u.id).map((e) => e.action);
        expect(mine).toEqual(expect.arrayContaining(['user.create', 'user.set-team']));
        expect(audit.entries.every((e) => e.requestId !== null || e.action === 'user.create-first-administrator')).toBe(
          true,
        );
      });

      it('enrols desks with unique codes of 3-6 capitals and digits', async () => {
        const codes = new Set<string>();
        for (let i = 0; i < 15; i++) {
          const res = await call(s.app, admin, 'POST', '/admin/desks', { name: `Desk ${i}` });
          expect(res.statusCode).toBe(201);
          const code = json<{ desk: { deskCode: string } }>(res).desk.deskCode;
          expect(code).toMatch(/^[A-Z0-9]{3,6}$/);
          codes.add(code);
        }
        expect(codes.size).toBe(15);
        const listed = json<{ desks: { deskCode: string }[] }>(await call(s.app, admin, 'GET', '/admin/desks'));
        expect(new Set(listed.desks.map((d) => d.deskCode)).size).toBe(listed.desks.length);
      });

      it('deactivates a lost desk: its sessions end and it cannot sign in again', async () => {
        const desk = json<{ desk: { id: string } }>(await call(s.app, admin, 'POST', '/admin/desks', { name: 'Lost' }));
        const u = await createUser(['agent']);
        const onDesk = await login(s.app, u.email, PASSWORD, { deskId: desk.desk.id });
        const elsewhere = await login(s.app, u.email, PASSWORD);
        const res = await call(s.app, admin, 'POST', `/admin/desks/${desk.desk.id}/deactivate`);
        expect(res.statusCode, res.body).toBe(200);
        expect(json(res)).toMatchObject({ desk: { active: false } });
        expect((await call(s.app, onDesk, 'GET', '/me')).statusCode).toBe(401);
        expect(
          (await call(s.app, null, 'POST', '/auth/refresh', { refreshToken: onDesk.refreshToken })).statusCode,
        ).toBe(401);
        expect((await call(s.app, elsewhere, 'GET', '/me')).statusCode).toBe(200);
        const again = await call(s.app, null, 'POST', '/auth/login', {
          email: u.email,
          password: PASSWORD,
          deskId: desk.desk.id,
        });
        expect(json(again)).toMatchObject({ error: 'unknown-desk' });
        const unknown = await call(
          s.app,
          admin,
          'POST',
          '/admin/desks/01900000-0000-7000-8000-000000000000/deactivate',
        );
        expect(unknown.statusCode).toBe(404);
      });

      it('draws another desk code when the first collides', async () => {
        const queue = ['ZZ9Z', 'ZZ9Z', 'ZZ8Y'];
        const other = await makeServer(db, { newDeskCode: () => queue.shift() ?? 'QQQ7' });
        try {
          const a = await call(other.app, admin, 'POST', '/admin/desks', { name: 'First' });
          const b = await call(other.app, admin, 'POST', '/admin/desks', { name: 'Second' });
          expect(json<{ desk: { deskCode: string } }>(a).desk.deskCode).toBe('ZZ9Z');
          expect(b.statusCode, b.body).toBe(201);
          expect(json<{ desk: { deskCode: string } }>(b).desk.deskCode).toBe('ZZ8Y');
          expect(await count(`admin_audit WHERE action = 'desk.enrol' AND detail->>'deskCode' = 'ZZ9Z'`)).toBe(1);
        } finally {
          await other.app.close();
        }
      });
    });

    describe('hostile input', () => {
      it('answers malformed JSON with 400 and a reason, storing nothing', async () => {
        const before = await count('users');
        const res = await s.app.inject({
          method: 'POST',
          url: '/admin/users',
          headers: { authorization: `Bearer ${admin.accessToken}`, 'content-type': 'application/json' },
          payload: '{"email": "x@example.org", "displayName": ',
        });
        expect(res.statusCode).toBe(400);
        expect(json(res)).toMatchObject({ error: 'malformed-json' });
        const login = await s.app.inject({
          method: 'POST',
          url: '/auth/login',
          headers: { 'content-type': 'application/json' },
          payload: '{"email":',
        });
        expect(login.statusCode).toBe(400);
        expect(await count('users')).toBe(before);
      });

      it('answers an oversized body with 413, storing nothing', async () => {
        const before = await count('users');
        const res = await call(s.app, admin, 'POST', '/admin/users', {
          email: email('big'),
          displayName: 'Big',
          roles: ['agent'],
          password: PASSWORD,
          padding: 'x'.repeat(200 * 1024),
        });
        expect(res.statusCode).toBe(413);
        expect(json(res)).toMatchObject({ error: 'body-too-large' });
        expect(await count('users')).toBe(before);
      });

      it('answers invalid fields, unknown fields, wrong types and wrong media types with a 4xx reason', async () => {
        const before = await count('users');
        const cases: [unknown, number, string][] = [
          [{ email: 'not-an-email', displayName: 'X', roles: ['agent'], password: PASSWORD }, 400, 'invalid-request'],
          [{ email: email('r'), displayName: 'X', roles: ['superuser'], password: PASSWORD }, 400, 'invalid-request'],
          [
            { email: email('r'), displayName: 'X', roles: ['agent'], password: PASSWORD, admin: true },
            400,
            'invalid-request',
          ],
          [[1, 2, 3], 400, 'invalid-request'],
          [{ email: { $gt: '' }, displayName: 'X', roles: ['agent'], password: PASSWORD }, 400, 'invalid-request'],
        ];
        for (const [payload, status, error] of cases) {
          const res = await call(s.app, admin, 'POST', '/admin/users', payload);
          expect(res.statusCode, res.body).toBe(status);
          expect(json(res)).toMatchObject({ error });
          expect(json<{ message: string }>(res).message.length).toBeGreaterThan(10);
        }
        const text = await s.app.inject({
          method: 'POST',
          url: '/admin/teams',
          headers: { authorization: `Bearer ${admin.accessToken}`, 'content-type': 'text/plain' },
          payload: 'name=x',
        });
        expect(text.statusCode).toBe(415);
        const proto = await s.app.inject({
          method: 'POST',
          url: '/admin/teams',
          headers: { authorization: `Bearer ${admin.accessToken}`, 'content-type': 'application/json' },
          payload: '{"name":"Proto","__proto__":{"x":1}}',
        });
        expect(proto.statusCode).toBe(400);
        const badId = await call(s.app, admin, 'POST', '/admin/users/not-a-uuid/deactivate');
        expect(badId.statusCode).toBe(400);
        expect(await count('users')).toBe(before);
      });
    });

    describe('reference data', () => {
      it('serves profiles, bank holidays with overrides, categories, areas, templates, users and teams', async () => {
        const puts = [
          call(s.app, admin, 'PUT', '/admin/business-areas/repairs', { name: 'Repairs', sortOrder: 1 }),
          call(s.app, admin, 'PUT', '/admin/business-areas/asb', { name: 'Anti-social behaviour', sortOrder: 2 }),
        ];
        for (const r of await Promise.all(puts)) expect(r.statusCode, r.body).toBe(200);
        expect(
          (
            await call(s.app, admin, 'PUT', '/admin/categories/damp-mould', {
              name: 'Damp and mould',
              businessAreaKey: 'repairs',
            })
          ).statusCode,
        ).toBe(200);
        const badCat = await call(s.app, admin, 'PUT', '/admin/categories/x', { name: 'X', businessAreaKey: 'nope' });
        expect(badCat.statusCode).toBe(400);
        const add = await call(s.app, admin, 'POST', '/admin/bank-holiday-overrides', {
          region: 'england-and-wales',
          date: '2026-06-15',
          action: 'add',
          name: 'Royal occasion',
        });
        expect(add.statusCode, add.body).toBe(201);
        const remove = await call(s.app, admin, 'POST', '/admin/bank-holiday-overrides', {
          region: 'scotland',
          date: '2026-11-30',
          action: 'remove',
        });
        expect(remove.statusCode, remove.body).toBe(201);
        const assign = await call(s.app, admin, 'POST', '/admin/profile-assignments', {
          profileId: PROFILES[0]?.id,
          from: '2026-01-01',
          to: null,
          reason: 'board decision',
        });
        expect(assign.statusCode, assign.body).toBe(201);
        const unknownProfile = await call(s.app, admin, 'POST', '/admin/profile-assignments', {
          profileId: 'no-such-profile',
          from: '2026-01-01',
          to: null,
        });
        expect(unknownProfile.statusCode).toBe(400);
        for (const version of [1, 2]) {
          const t = await call(s.app, admin, 'POST', '/admin/templates', {
            kind: 'acknowledgement',
            key: 'ack-stage1',
            name: 'Stage 1 acknowledgement',
            body: `Dear {{resident}}, version ${version}`,
          });
          expect(json(t)).toMatchObject({ version });
        }

        const agent = await login(s.app, (await createUser(['agent'])).email, PASSWORD);
        const res = await call(s.app, agent, 'GET', '/reference-data');
        expect(res.statusCode).toBe(200);
        const doc = json<{
          profiles: { id: string }[];
          profileAssignments: { profileId: string; from: string; to: string | null }[];
          bankHolidays: { regions: Record<string, { date: string; name: string }[]> };
          businessAreas: { key: string }[];
          categories: { key: string; businessAreaKey: string }[];
          templates: { key: string; version: number }[];
          users: Record<string, unknown>[];
          teams: { id: string }[];
        }>(res);
        expect(doc.profiles.map((p) => p.id)).toEqual(PROFILES.map((p) => p.id));
        expect(doc.profileAssignments).toEqual([
          expect.objectContaining({ profileId: PROFILES[0]?.id, from: '2026-01-01', to: null }),
        ]);
        const ew = doc.bankHolidays.regions['england-and-wales'] ?? [];
        expect(ew).toContainEqual(expect.objectContaining({ date: '2026-06-15', name: 'Royal occasion' }));
        expect(ew.length).toBe(BANK_HOLIDAYS.regions['england-and-wales'].length + 1);
        const sc = doc.bankHolidays.regions.scotland ?? [];
        expect(sc.map((h) => h.date)).not.toContain('2026-11-30');
        expect(BANK_HOLIDAYS.regions.scotland.map((h) => h.date)).toContain('2026-11-30');
        expect(doc.businessAreas.map((a) => a.key)).toEqual(['repairs', 'asb']);
        expect(doc.categories).toEqual([expect.objectContaining({ key: 'damp-mould', businessAreaKey: 'repairs' })]);
        expect(doc.templates.map((t) => `${t.key}@${t.version}`)).toEqual(['ack-stage1@1', 'ack-stage1@2']);
        expect(doc.teams.map((t) => t.id)).toContain(teamId);
        expect(doc.users.length).toBeGreaterThan(3);
        expect(doc.users.every((u) => !('email' in u))).toBe(true);

        const again = await call(s.app, agent, 'GET', '/reference-data', undefined, {
          'if-none-match': String(res.headers.etag),
        });
        expect(again.statusCode).toBe(304);
      });
    });

    describe('logs', () => {
      it('are JSON lines with request ids and never contain a password or a token', async () => {
        const lines = s.logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
        expect(lines.length).toBeGreaterThan(20);
        expect(lines.some((l) => typeof l.reqId === 'string')).toBe(true);
        const text = s.logs.text();
        expect(text).not.toContain(PASSWORD);
        expect(text).not.toContain(ADMIN.password);
        expect(text).not.toContain(admin.accessToken);
        expect(text).not.toContain(admin.refreshToken);
        expect(text).not.toContain(admin.accessToken.split('.')[2] ?? 'never');
      });
    });
  });
}
