import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import path from 'node:path';

export const SHOTS = path.resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');

export function deskUrl(): string {
  const url = process.env.DESK_URL;
  if (!url) throw new Error('DESK_URL is not set: run through playwright.config.ts (global set-up)');
  return url;
}

/** Opens the launch URL (which lets this browser in) and makes sure nobody is signed in on the desk. */
const watched = new WeakSet<Page>();

export async function openDesk(page: Page): Promise<void> {
  if (!watched.has(page)) {
    watched.add(page);
    page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') console.log(`console error: ${m.text()}`);
    });
  }
  // From about:blank, so the launch URL is a fresh page load even when only its fragment differs.
  await page.goto('about:blank');
  await page.goto(deskUrl());
  await page.locator('html[data-desk-launch="ok"]').waitFor({ state: 'attached' });
  await page.evaluate(
    "fetch('/api/signOut', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })",
  );
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await openDesk(page);
  await signInHere(page, email, password);
}

/** Signs in from the sign-in page already shown. */
export async function signInHere(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('navigation', { name: 'Workspace' })).toBeVisible();
}

/** axe-core on the page as it is: no serious or critical WCAG 2.2 A/AA violation (named by `screen` if any). */
export async function expectNoSeriousAxeViolations(page: Page, screen: string): Promise<void> {
  // Colours are judged as they settle, not halfway through a dialog's fade-in (axe once read the resolve dialog's
  // submit button mid-animation as too faint): every finite animation running now is let finish first.
  await page.evaluate(`Promise.all(
    document
      .getAnimations()
      .filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
      .map((a) => a.finished.catch(() => undefined)),
  )`);
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    // Fluent's focus manager (Tabster) puts aria-hidden focus guards around toolbars and menus; they pass
    // focus straight on and are never announced, which axe cannot know.
    .exclude('[data-tabster-dummy]')
    .analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `${screen}: axe violations`).toEqual([]);
}
