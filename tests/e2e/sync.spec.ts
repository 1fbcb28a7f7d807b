// Sync end to end: a real central server process (PGlite) and browser-mode desks configured with it, driven in
// Chromium. (a) An agent signed in online keeps working while the server is stopped (the title bar says offline
// and how many changes wait), and everything syncs once it is back; the server's own API then holds the work.
// (b) Two desks on separate data directories: a change made on desk A appears on desk B.
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { SYNC_PROTOCOL_VERSION } from '../../shared/contracts/sync.js';
import { SHOTS } from './helpers.js';
import { BrowserDesk, CentralServer, PASSWORD, SERVER_ADMIN } from './sync-world.js';

const ANN = { email: 'ann@sync.example', name: 'Ann Agent' };
const BOB = { email: 'bob@sync.example', name: 'Bob Agent' };

let server: CentralServer;
let deskA: BrowserDesk;
let deskB: BrowserDesk;

test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

test.beforeAll(async () => {
  test.setTimeout(240_000);
  server = await CentralServer.create();
  await server.addTeam('Complaints East', [ANN, BOB]);
  deskA = new BrowserDesk(server.url, 'Desk A');
  deskB = new BrowserDesk(server.url, 'Desk B');
  await Promise.all([deskA.start(), deskB.start()]);
});

test.afterAll(async () => {
  await Promise.all([deskA?.close(), deskB?.close()]);
  await server?.close();
});

const syncButton = (page: Page) => page.locator('[data-sync-mode]');

async function open(page: Page, desk: BrowserDesk): Promise<void> {
  page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
  await page.goto('about:blank');
  await page.goto(desk.url);
  await page.locator('html[data-desk-launch="ok"]').waitFor({ state: 'attached' });
  // The desk keeps one session per process: whoever an earlier test left signed in signs out.
  await signOut(page);
}

async function signInHere(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('navigation', { name: 'Workspace' })).toBeVisible();
}

async function signOut(page: Page): Promise<void> {
  await page.evaluate(
    "fetch('/api/signOut', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })",
  );
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}

/** The first sign-in on a new desk is an administrator's, online: it enrols the desk with the server. */
async function enrolAndSignIn(page: Page, desk: BrowserDesk, user: { email: string }): Promise<void> {
  await open(page, desk);
  await expect(page.getByText(/an administrator signs in/i)).toBeVisible();
  await signInHere(page, SERVER_ADMIN.email, SERVER_ADMIN.password);
  await signOut(page);
  await signInHere(page, user.email, PASSWORD);
  await expect(syncButton(page)).toHaveAttribute('data-sync-mode', 'online', { timeout: 20_000 });
}

async function command(page: Page, button: string, fill: (dialog: ReturnType<Page['getByRole']>) => Promise<void>) {
  await page.getByRole('button', { name: button, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await fill(dialog);
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await expect(dialog).toBeHidden();
}

async function logAndConvert(page: Page, given: string, family: string): Promise<{ reference: string; id: string }> {
  await page.keyboard.press('Alt+n');
  await expect(page.getByRole('heading', { name: 'Log a contact' })).toBeVisible();
  await page.getByLabel('Given name', { exact: true }).fill(given);
  await page.getByLabel('Family name', { exact: true }).fill(family);
  await page.getByLabel("What happened, in the resident's words").fill('The communal door has not locked for weeks.');
  await page.getByLabel('The outcome the resident wants').fill('A working lock.');
  await page.getByLabel(/I offered the resident the choice/).check();
  await page.keyboard.press('Control+Enter');
  const heading = page.getByRole('heading', { level: 1, name: /^CMP-[0-9A-Z]{3,6}-\d{6}$/ });
  await expect(heading).toBeVisible();
  const id = /#\/case\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
  return { reference: (await heading.textContent()) ?? '', id };
}

test('(a) the central server stops while an agent keeps working; once it is back everything syncs', async ({
  page,
}) => {
  await enrolAndSignIn(page, deskA, ANN);
  await page.getByTestId('account-menu').click();
  await expect(page.getByTestId('sign-in-method')).toHaveText(/Signed in online/);
  await page.keyboard.press('Escape');
  const status = syncButton(page);
  await expect(status).toContainText('0 changes waiting');
  await page.screenshot({ path: path.join(SHOTS, 'sync-online.png'), clip: { x: 0, y: 0, width: 1440, height: 56 } });

  await server.stop();
  const { reference, id } = await logAndConvert(page, 'Noor', 'Haddad');
  expect(id).not.toBe('');
  await command(page, 'Accept', async () => {});
  await command(page, 'Acknowledge', async (d) => {
    await d.getByLabel('Our understanding of the complaint').fill('The communal door lock is broken.');
  });
  await expect(page.getByText(/Stage 1: respond by/)).toBeVisible();
  // The desk noticed (its push after each change failed) and says so, with the changes it holds.
  await expect(status).toHaveAttribute('data-sync-mode', 'offline', { timeout: 20_000 });
  const waiting = Number(await status.getAttribute('data-sync-waiting'));
  expect(waiting).toBeGreaterThanOrEqual(4); // the contact, its conversion, acceptance, acknowledgement
  await expect(status).toContainText(`Offline · ${waiting} changes waiting`);
  await page.screenshot({ path: path.join(SHOTS, 'sync-offline.png'), clip: { x: 0, y: 0, width: 1440, height: 56 } });

  // The details panel, from the keyboard.
  await status.focus();
  await page.keyboard.press('Enter');
  const panel = page.getByRole('dialog', { name: 'Offline' });
  await expect(panel).toBeVisible();
  await expect(panel).toContainText(`${waiting} changes`);
  await expect(panel.getByText(/cannot be reached/)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();

  await server.start();
  await status.click();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(status).toHaveAttribute('data-sync-waiting', '0', { timeout: 30_000 });
  await expect(status).toHaveAttribute('data-sync-mode', 'online');
  await expect(page.getByRole('dialog', { name: 'Online' })).toContainText('0 changes');
  await page.screenshot({ path: path.join(SHOTS, 'sync-panel.png') });
  await page.keyboard.press('Escape');

  // The server holds the work: pull through its own API, as Ann on desk A.
  const token = await server.adminToken();
  const desks = await server.api<{ desks: { id: string; name: string }[] }>('GET', '/admin/desks', token);
  const deskId = desks.desks.find((d) => d.name === 'Desk A')?.id;
  const ann = await server.api<{ accessToken: string }>('POST', '/auth/login', null, {
    email: ANN.email,
    password: PASSWORD,
    deskId,
  });
  const pulled = await server.api<{
    changes: { entityType: string; entityId: string; data: Record<string, unknown> }[];
  }>('POST', '/sync/pull', ann.accessToken, { protocolVersion: SYNC_PROTOCOL_VERSION, cursor: '0', limit: 500 });
  const complaint = pulled.changes.find((c) => c.entityType === 'complaints' && c.entityId === id);
  expect(complaint?.data.reference).toBe(reference);
  expect(String(complaint?.data.state_json)).toContain('"acknowledged"');

  // Signing in while the server is down: the verifier cached at the online sign-in lets Ann in, and says so.
  await server.stop();
  await signOut(page);
  await signInHere(page, ANN.email, PASSWORD);
  await page.getByTestId('account-menu').click();
  await expect(page.getByTestId('sign-in-method')).toHaveText(/Signed in offline/);
  await page.keyboard.press('Escape');
  await server.start();
});

test('(b) two desks on one server: a change on desk A appears on desk B', async ({ browser }) => {
  const a = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const b = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await open(a, deskA);
  await signInHere(a, ANN.email, PASSWORD);
  await enrolAndSignIn(b, deskB, BOB);

  const { reference, id } = await logAndConvert(a, 'Ivy', 'Marsh');
  await expect(syncButton(a)).toHaveAttribute('data-sync-waiting', '0', { timeout: 30_000 });

  // Desk B is told by the server's event stream and pulls: the complaint opens there.
  await b.evaluate(`window.location.hash = '#/case/${id}'`);
  await expect(b.getByRole('heading', { level: 1, name: reference })).toBeVisible({ timeout: 30_000 });
  await expect(b.getByText('Being screened')).toBeVisible();

  // A further change on A reaches B's open page without a reload.
  await command(a, 'Accept', async () => {});
  await expect(b.getByText(/Stage 1: acknowledge by/)).toBeVisible({ timeout: 30_000 });
  await a.close();
  await b.close();
});

test('(c) the same step taken on two desks while the server is down: the second is refused, shown and undone', async ({
  browser,
}) => {
  const a = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const b = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await open(a, deskA);
  await signInHere(a, ANN.email, PASSWORD);
  await open(b, deskB);
  await signInHere(b, BOB.email, PASSWORD);
  const { reference, id } = await logAndConvert(a, 'Omar', 'Price');
  await expect(syncButton(a)).toHaveAttribute('data-sync-waiting', '0', { timeout: 30_000 });
  await b.evaluate(`window.location.hash = '#/case/${id}'`);
  await expect(b.getByRole('heading', { level: 1, name: reference })).toBeVisible({ timeout: 30_000 });

  await server.stop();
  await command(a, 'Accept', async () => {});
  await command(b, 'Accept', async () => {});
  await server.start();
  for (const page of [a, b]) {
    await syncButton(page).click();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(syncButton(page)).toHaveAttribute('data-sync-waiting', '0', { timeout: 30_000 });
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();
  }
  // Ann's acceptance reached the server first; Bob's is refused, listed with its reason, and undone on his desk
  // (the case shows the server's version: accepted, by Ann).
  await expect(syncButton(b)).toContainText('1 rejected');
  const panel = b.getByRole('dialog', { name: 'Online' });
  await expect(panel).toBeHidden();
  await syncButton(b).focus();
  await b.keyboard.press('Enter');
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('heading', { name: 'Changes the server refused (1)' })).toBeVisible();
  await expect(panel.getByRole('listitem')).toContainText('Complaint command');
  await b.screenshot({ path: path.join(SHOTS, 'sync-rejections.png') });
  await b.keyboard.press('Escape');
  await expect(b.getByText(/Stage 1: acknowledge by/)).toBeVisible();
  await a.close();
  await b.close();
});
