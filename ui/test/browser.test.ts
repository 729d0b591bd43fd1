// The dashboard in a real browser: Debian chromium driven by playwright-core, against the built app
// (startUi) and the real API (startApi) over a seeded embedded database. Screenshots of the main
// views at desktop and phone widths go to ui/test-results/ (git-ignored) for a person to look at.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMigratedEmbedded } from '../../test/template-db.ts';
import type { EmbeddedDatabase } from '../../db/engine/embedded.ts';
import { insertPostScores, insertPosts, redditId } from '../../test/fixtures.ts';
import { ACTIVE, loadDataset, startTestApi } from '../../api/test/harness.ts';
import type { ApiServer } from '../../api/server.ts';
import { startUi, type UiServer } from '../server.ts';
import { UI_DIR } from '../build.ts';
import { findExecutable, requireTools } from '../../test/system-tools.ts';

// CHROMIUM_PATH points at another build; otherwise Debian's chromium from PATH (.ci/run installs it).
const chromiumTool = process.env.CHROMIUM_PATH ? undefined : requireTools('chromium');
const CHROMIUM = process.env.CHROMIUM_PATH ?? findExecutable('chromium') ?? '/usr/bin/chromium';
const skipReason = chromiumTool?.skipReason;
const SHOTS = path.join(UI_DIR, 'test-results');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

let db: EmbeddedDatabase;
let api: ApiServer;
let ui: UiServer;
let browser: Browser;

beforeAll(async () => {
  if (skipReason) return;
  if (!fs.existsSync(CHROMIUM)) throw new Error(`CHROMIUM_PATH=${CHROMIUM} does not exist`);
  fs.mkdirSync(SHOTS, { recursive: true });
  db = await openMigratedEmbedded();
  await loadDataset(db);
  api = await startTestApi(db);
  ui = await startUi({ apiUrl: api.url, port: 0, host: '127.0.0.1', log: () => {} });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await ui?.close();
  await api?.close();
  await db?.close();
});

async function open(path: string, viewport = DESKTOP): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.setDefaultTimeout(15_000);
  const response = await page.goto(`${ui.url}${path}`);
  expect(response?.status()).toBe(200);
  return page;
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

describe.skipIf(skipReason !== undefined)(chromiumTool?.title('overview') ?? 'overview', () => {
  it('lists every tracked subreddit, server-rendered, and search filters them (kept in the URL)', async () => {
    const response = await fetch(`${ui.url}/`);
    // Security headers on the server-rendered page (ui/server.ts).
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
    const html = await response.text();
    for (const name of ['AskScience', 'Jokes', 'worldnews'])
      expect(html).toContain(`data-subreddit="${name}"`);
    expect(html).not.toContain('OnlyOld');

    const page = await open('/');
    const rows = page.locator('tbody tr[data-subreddit]');
    await expect.poll(() => rows.count()).toBe(3);
    await shoot(page, 'overview-desktop');
    // The CSV download is exactly the rows shown.
    const csv = decodeURIComponent(
      (await page.locator('a[download="subreddits.csv"]').getAttribute('href'))!.replace(/^data:[^,]*,/, ''),
    );
    expect(
      csv
        .trim()
        .split('\r\n')
        .map((line) => line.split(',')[0]),
    ).toEqual(['subreddit', 'AskScience', 'worldnews', 'Jokes']);

    await page.getByLabel('Search').fill('joke');
    await page.waitForURL((url) => url.searchParams.get('q') === 'joke');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-subreddit')).toBe('Jokes');

    // Sorting is a link: the URL holds it too.
    await page.goto(`${ui.url}/?sort=name`);
    await expect
      .poll(() => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-subreddit'))))
      .toEqual(['AskScience', 'Jokes', 'worldnews']);
    await page.close();

    const phone = await open('/', PHONE);
    await shoot(phone, 'overview-phone');
    await phone.close();
  });
});

describe.skipIf(skipReason !== undefined)(chromiumTool?.title('subreddit page') ?? 'subreddit page', () => {
  it('draws one point per hour of the chosen range, in the server HTML too', async () => {
    const html = await (await fetch(`${ui.url}/r/askscience`)).text();
    expect(html).toContain('data-points="168"');
    expect(html.match(/<rect data-bucket=/g)?.length).toBe(168);

    const page = await open('/r/askscience');
    await expect.poll(() => page.locator('.bars rect').count()).toBe(168);
    await expect.poll(() => page.locator('h1').textContent()).toBe('r/AskScience');
    // Hover shows the values of the hour under the pointer.
    const chart = page.locator('.chart');
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2);
    await expect.poll(() => page.locator('.tip').textContent()).toContain('r/AskScience');
    await shoot(page, 'subreddit-desktop');
    await page.close();

    const phone = await open('/r/askscience?range=24h', PHONE);
    await shoot(phone, 'subreddit-phone');
    await phone.close();
  });

  it('changing the range updates the URL and the chart', async () => {
    const page = await open('/r/AskScience');
    await page.getByRole('link', { name: '24 h' }).click();
    await page.waitForURL((url) => url.searchParams.get('range') === '24h');
    await expect.poll(() => page.locator('.bars rect').count()).toBe(24);
    await expect.poll(() => page.locator('.chart').getAttribute('data-points')).toBe('24');

    await page.getByRole('link', { name: '30 d' }).click();
    await page.waitForURL((url) => url.searchParams.get('range') === '30d');
    await expect.poll(() => page.locator('.bars rect').count()).toBe(720);

    // Back returns to the previous range: each choice is a history entry.
    await page.goBack();
    await expect.poll(() => page.locator('.bars rect').count()).toBe(24);

    // Compare: a second line, named in the URL.
    await page.getByLabel('Compare with').fill('Jokes');
    await page.getByRole('button', { name: 'Add' }).click();
    await page.waitForURL((url) => url.searchParams.get('compare') === 'Jokes');
    await expect.poll(() => page.locator('g.line').count()).toBe(2);
    await shoot(page, 'subreddit-compare-desktop');
    await page.close();
  });

  it('shows a new post without a reload', async () => {
    const page = await open('/r/AskScience?range=24h');
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    const post = {
      id: redditId(9_000),
      createdAt: new Date(Date.now() - 5_000),
      subreddit: 'AskScience',
      title: 'A brand new question about neutrinos',
    };
    await insertPosts(db, [post]);
    await insertPostScores(db, [{ post, modelVersion: ACTIVE, seriousness: 0.9 }]);
    await page.getByText(post.title).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    await page.close();
  });

  it('shows a 404 page for an unknown subreddit', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    const response = await page.goto(`${ui.url}/r/NoSuchSubreddit`);
    expect(response?.status()).toBe(404);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Not found');
    expect(await page.textContent('main')).toContain('r/NoSuchSubreddit is not tracked');
    await shoot(page, 'not-found-desktop');
    await page.close();
  });
});
