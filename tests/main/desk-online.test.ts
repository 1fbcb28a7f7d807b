// The desk service against a real central server (buildServer on an in-memory PGlite, reached through
// app.inject with a link that can be cut): enrolment by an administrator, online sign-in that caches the
// verifier, offline fallback, wrong passwords, token refresh, sign-out revoking the session, the sync agent
// running inside the service, and the status it reports (online/offline, waiting, last sync, rejections).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPgliteDb } from '../../db/postgres/pglite-db.js';
import { getDeskIdentity } from '../../db/sqlite/index.js';
import { NOT_ENROLLED } from '../../electron/desk/online-sign-in.js';
import { DeskService } from '../../electron/desk/service.js';
import { MemoryTokenVault } from '../../electron/desk/token-vault.js';
import type { DeskApiOutputs, DeskApiResult, SyncStatus } from '../../shared/contracts/desk-api.js';
import { tempDir } from '../db/fixtures.js';
import { ADMIN, call } from '../server/helpers.js';
import { ManualDeskClock, PASSWORD, World, injectFetch } from '../sync/harness.js';

const SERVER_URL = 'http://central.test';

let w: World;
let tmp: { dir: string; cleanup: () => void };
let link: { up: boolean; loseNext: boolean };
let clock: ManualDeskClock;
let vault: MemoryTokenVault;
let desk: DeskService;

function value<T>(r: DeskApiResult<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

/** The server's app through inject; its event stream is left out (inject would hold it open for ever). */
function deskFetch(): typeof fetch {
  const through = injectFetch(w.server.app, link);
  return (async (input: string | URL | Request, init?: RequestInit) => {
    if (String(input).includes('/sync/events')) throw new TypeError('no event stream in this test');
    return through(input, init);
  }) as typeof fetch;
}

function openDesk(dir = tmp.dir): DeskService {
  return DeskService.open({
    dataDir: dir,
    serverUrl: SERVER_URL,
    fetch: deskFetch(),
    tokenVault: vault,
    clock,
    nowMs: () => clock.ms,
    syncIntervalMs: 3_600_000,
    random: () => 0.5,
    deskName: 'Front office 1',
  });
}

const contact = {
  channel: 'phone',
  madeBy: 'resident',
  person: { givenName: 'Priya', familyName: 'Shah' },
  whatHappened: 'Boiler broken for a week.',
  dissatisfaction: true,
};

async function status(): Promise<SyncStatus> {
  return value<SyncStatus>(await desk.call('syncStatus', {}));
}
async function syncNow(): Promise<SyncStatus> {
  return value<SyncStatus>(await desk.call('syncNow', {}));
}

beforeEach(async () => {
  w = await World.create(
    () => openPgliteDb({ dataDir: null }),
    [
      { key: 'ada', roles: ['agent'] },
      { key: 'ben', roles: ['agent'] },
    ],
  );
  tmp = tempDir('desk-online-');
  link = { up: true, loseNext: false };
  clock = new ManualDeskClock(Date.parse(w.server.clock.nowIso()));
  vault = new MemoryTokenVault();
  desk = openDesk();
}, 300_000); // a fresh PGlite per test: slow on a loaded machine, never a measure of anything

afterEach(async () => {
  await desk?.closeAsync();
  await w?.close();
  tmp?.cleanup();
}, 120_000);

async function enrolAndSignIn(user: 'ada' | 'ben' = 'ada'): Promise<DeskApiOutputs['signIn']> {
  value(await desk.call('signIn', { email: ADMIN.email, password: ADMIN.password }));
  value(await desk.call('signOut', {}));
  return value<DeskApiOutputs['signIn']>(await desk.call('signIn', { email: w.user(user).email, password: PASSWORD }));
}

describe('online sign-in and enrolment', { timeout: 180_000 }, () => {
  it('says so when a desk that is not enrolled cannot reach the server', async () => {
    link.up = false;
    const r = await desk.call('signIn', { email: ADMIN.email, password: ADMIN.password });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/cannot be reached, and this desk is not enrolled yet/);
    expect(getDeskIdentity(desk.desk.db)).toBeNull();
  });

  it('refuses a non-administrator on a desk that is not enrolled, and enrols it for an administrator', async () => {
    const refused = await desk.call('signIn', { email: w.user('ada').email, password: PASSWORD });
    expect(refused).toEqual({ ok: false, error: { code: 'unauthenticated', message: NOT_ENROLLED } });
    expect(getDeskIdentity(desk.desk.db)).toBeNull();

    // A business area with its owner (who updates and closes its post-resolution actions).
    await w.addBusinessArea('repairs', 'Repairs', 'ben');
    const admin = value<DeskApiOutputs['signIn']>(
      await desk.call('signIn', { email: ADMIN.email, password: ADMIN.password }),
    );
    expect(admin.method).toBe('online');
    const identity = getDeskIdentity(desk.desk.db);
    expect(identity).toMatchObject({ serverUrl: SERVER_URL, displayName: 'Front office 1' });
    const listed = await call(w.server.app, w.admin, 'GET', '/admin/desks');
    const desks = (JSON.parse(listed.body) as { desks: { id: string; deskCode: string }[] }).desks;
    expect(desks.map((d) => d.id)).toContain(identity?.deskId);
    expect(desks.find((d) => d.id === identity?.deskId)?.deskCode).toBe(identity?.deskCode);
    // The reference data came with it: both teams and every user, for display and assignment.
    const ref = value<DeskApiOutputs['referenceData']>(await desk.call('referenceData', {}));
    expect(ref.teams.map((t) => t.name)).toEqual(['Team A', 'Team B']);
    expect(ref.users.map((u) => u.displayName).sort()).toEqual([ADMIN.name, 'ada', 'ben'].sort());
    expect(desk.desk.db.prepare('SELECT key, name, owner_user_id FROM business_areas').all()).toEqual([
      { key: 'repairs', name: 'Repairs', owner_user_id: w.user('ben').id },
    ]);
    // The renderer sees the owner too (it disables the commands of areas a business-area owner does not own).
    expect(ref.businessAreas).toEqual([{ key: 'repairs', name: 'Repairs', ownerUserId: w.user('ben').id }]);
  });

  it('signs in online, then offline with the cached verifier when the server cannot be reached', async () => {
    const online = await enrolAndSignIn('ada');
    expect(online).toMatchObject({
      method: 'online',
      email: w.user('ada').email,
      roles: ['agent'],
      teamName: 'Team A',
    });
    value(await desk.call('signOut', {}));

    link.up = false;
    const offline = value<DeskApiOutputs['signIn']>(
      await desk.call('signIn', { email: w.user('ada').email, password: PASSWORD }),
    );
    expect(offline).toMatchObject({ method: 'offline-cached', userId: online.userId });
    value(await desk.call('signOut', {}));
    // A wrong password checked on the desk says why it was checked here, not only that it does not match.
    const wrong = await desk.call('signIn', { email: w.user('ada').email, password: 'not the password at all' });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) {
      expect(wrong.error.message).toMatch(
        /^The central server cannot be reached, so the password was checked on this desk\. That email .* 4 attempts left/,
      );
    }
    // Ben never signed in on this desk: nothing cached, so no offline sign-in for him.
    const ben = await desk.call('signIn', { email: w.user('ben').email, password: PASSWORD });
    expect(ben.ok).toBe(false);
  });

  it('refuses a wrong password online with the server’s answer, without falling back to the cached verifier', async () => {
    await enrolAndSignIn('ada');
    value(await desk.call('signOut', {}));
    const wrong = await desk.call('signIn', { email: w.user('ada').email, password: 'not the password at all' });
    expect(wrong.ok).toBe(false);
    if (wrong.ok) return;
    expect(wrong.error.code).toBe('unauthenticated');
    expect(wrong.error.message).toBe('The email address or password is not right.');
    expect(await desk.call('session', {})).toEqual({ ok: true, value: null });
  });

  it('refuses a user the server has deactivated, online at once and offline after the next reference refresh', async () => {
    await enrolAndSignIn('ada');
    value(await desk.call('signOut', {}));
    const off = await call(w.server.app, w.admin, 'POST', `/admin/users/${w.user('ada').id}/deactivate`, {});
    expect(off.statusCode).toBeLessThan(300);
    const online = await desk.call('signIn', { email: w.user('ada').email, password: PASSWORD });
    expect(online.ok).toBe(false);
    // Ben's online sign-in brings the reference data, in which Ada is inactive: her cached verifier goes.
    value(await desk.call('signIn', { email: w.user('ben').email, password: PASSWORD }));
    value(await desk.call('signOut', {}));
    link.up = false;
    const offline = await desk.call('signIn', { email: w.user('ada').email, password: PASSWORD });
    expect(offline.ok).toBe(false);
  });
});

describe('the sync agent inside the desk service', { timeout: 180_000 }, () => {
  it('sends the signed-in user’s work and reports online, waiting and last sync; offline while the link is down', async () => {
    await enrolAndSignIn('ada');
    const first = await syncNow();
    expect(first).toMatchObject({ mode: 'online', serverConfigured: true, waitingChanges: 0, rejections: 0 });
    const firstSync = first.lastSyncAt;
    expect(firstSync).not.toBeNull();

    link.up = false;
    const logged = value<DeskApiOutputs['logContact']>(await desk.call('logContact', contact));
    clock.ms += 60_000;
    const down = await syncNow();
    expect(down).toMatchObject({ mode: 'offline', waitingChanges: 1, lastSyncAt: firstSync });
    expect(down.lastError).toMatch(/cannot be reached.*network is down/);

    link.up = true;
    clock.ms += 60_000;
    const up = await syncNow();
    expect(up).toMatchObject({ mode: 'online', waitingChanges: 0, rejections: 0, lastError: null });
    expect(up.lastSyncAt).toBe(clock.nowIso());
    const server = await w.serverDump();
    expect(server.contacts.map((c) => c.id)).toContain(logged.contactId);
  });

  it('refreshes the access token when it expires, rotating the refresh token', async () => {
    await enrolAndSignIn('ada');
    await syncNow();
    const before = await vault.load();
    w.server.clock.advance(20 * 60_000); // past the 15-minute access token
    clock.ms += 20 * 60_000;
    value(await desk.call('logContact', contact));
    const after = await syncNow();
    expect(after).toMatchObject({ mode: 'online', waitingChanges: 0 });
    const tokens = await vault.load();
    expect(tokens?.refreshToken).not.toBe(before?.refreshToken);
    expect(tokens?.accessToken).not.toBe(before?.accessToken);
    // The old refresh token is spent: using it again is refused (and ends that session on the server).
    const reuse = await w.server.app.inject({
      method: 'POST',
      url: '/auth/refresh',
      payload: { refreshToken: before?.refreshToken },
    });
    expect(reuse.statusCode).toBe(401);
  });

  it('revokes the server session on sign-out when online', async () => {
    await enrolAndSignIn('ada');
    const tokens = await vault.load();
    value(await desk.call('signOut', {}));
    expect(await vault.load()).toBeNull();
    const refresh = await w.server.app.inject({
      method: 'POST',
      url: '/auth/refresh',
      payload: { refreshToken: tokens?.refreshToken },
    });
    expect(refresh.statusCode).toBe(401);
    expect((JSON.parse(refresh.body) as { error: string }).error).toBe('session-ended');
  });

  it('keeps syncing after an offline sign-in when this user’s server session is still valid', async () => {
    await enrolAndSignIn('ada');
    await syncNow();
    // A restart of the desk while the server is down: the session's tokens are still in the vault.
    await desk.closeAsync();
    link.up = false;
    desk = openDesk();
    const s = value<DeskApiOutputs['signIn']>(
      await desk.call('signIn', { email: w.user('ada').email, password: PASSWORD }),
    );
    expect(s.method).toBe('offline-cached');
    value(await desk.call('logContact', contact));
    expect(await status()).toMatchObject({ mode: 'offline', waitingChanges: 1, needsOnlineSignIn: false });
    link.up = true;
    expect(await syncNow()).toMatchObject({ mode: 'online', waitingChanges: 0 });
  });

  it('waits for an online sign-in after an offline one with no server session, and holds other users’ work back', async () => {
    await enrolAndSignIn('ben');
    value(await desk.call('signOut', {})); // revokes Ben's session
    value(await desk.call('signIn', { email: w.user('ada').email, password: PASSWORD }));
    value(await desk.call('signOut', {}));
    link.up = false;
    value(await desk.call('signIn', { email: w.user('ada').email, password: PASSWORD }));
    value(await desk.call('logContact', contact));
    const waiting = await syncNow();
    expect(waiting).toMatchObject({ mode: 'offline', waitingChanges: 1, needsOnlineSignIn: true });
    expect(waiting.lastError).toMatch(/online sign-in/);

    // Ben signs in online: Ada's change is hers to send, so it waits (never pushed as Ben's, which the
    // server would refuse and roll back).
    value(await desk.call('signOut', {}));
    link.up = true;
    value(await desk.call('signIn', { email: w.user('ben').email, password: PASSWORD }));
    const asBen = await syncNow();
    expect(asBen).toMatchObject({ mode: 'online', waitingChanges: 1, waitingForOthers: 1, rejections: 0 });
    value(await desk.call('signOut', {}));
    value(await desk.call('signIn', { email: w.user('ada').email, password: PASSWORD }));
    expect(await syncNow()).toMatchObject({ mode: 'online', waitingChanges: 0, waitingForOthers: 0, rejections: 0 });
  });

  it('indexes for search what its first sync brought, in the background, and says so until it is done', async () => {
    const writer = await w.addDesk('ben');
    writer.must('log-contact', { ...contact, person: { givenName: 'Farah', familyName: 'Quenby' } });
    expect((await writer.sync()).pending).toBe(0);
    await enrolAndSignIn('ada');
    await syncNow(); // a first sync: by snapshot, its search documents registered, their text left to the build
    const answers: DeskApiOutputs['search'][] = [];
    for (let i = 0; i < 200; i++) {
      const a = value<DeskApiOutputs['search']>(await desk.call('search', { query: 'Quenby' }));
      answers.push(a);
      if (a.indexing === null) break;
      expect(a.indexing.done).toBeLessThan(a.indexing.total);
      await new Promise((r) => setImmediate(r));
    }
    const last = answers.at(-1);
    expect(last?.indexing).toBeNull();
    expect(last?.hits.map((h) => h.title)).toContain('Farah Quenby');
  });

  it('lists a rejected change with a plain-English reason and rolls the record back to the server’s truth', async () => {
    await enrolAndSignIn('ada');
    await syncNow();
    // A desk clock ten minutes ahead of the server's: the server refuses the change (clock-skew).
    clock.ms += 10 * 60_000;
    const logged = value<DeskApiOutputs['logContact']>(await desk.call('logContact', contact));
    const after = await syncNow();
    expect(after).toMatchObject({ mode: 'online', waitingChanges: 0, rejections: 1 });
    const list = value<DeskApiOutputs['syncRejections']>(await desk.call('syncRejections', {}));
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ useCase: 'log-contact', code: 'clock-skew', actorId: w.user('ada').id });
    expect(list[0]?.reason).toMatch(/clock is too far ahead/);
    // Rolled back: the server never had the contact, so the desk no longer has it either.
    const row = desk.desk.db.prepare('SELECT id FROM contacts WHERE id = ?').get(logged.contactId);
    expect(row).toBeUndefined();
  });
});
