/**
 * The HTML report in headless Chromium (Debian's `chromium`, installed by .ci/run): it renders, logs no
 * console errors and requests nothing, and a bucket named `<script>alert(1)</script>` shows as text.
 * Without chromium the test fails under CI=true and is skipped loudly otherwise.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext } from 'playwright-core';
import { runCli } from '../support/cli.js';
import { tempTree } from './support.js';

const CHROMIUM = process.env.S3LINT_CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) {
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} not found: CI must install Debian's chromium (.ci/run does).`);
  console.warn(`\n*** SKIPPING the HTML report browser test: ${CHROMIUM} not found (apt-get install -y chromium) ***\n`);
}

const EVIL = '<script>alert(1)</script>';

const SNAPSHOT = JSON.stringify(
  {
    s3lintSnapshot: 1,
    buckets: [
      { name: EVIL, lifecycle: null, versioning: { Status: 'Suspended' } },
      {
        name: 'clickstream',
        lifecycle: null,
        keyLayouts: [{ source: 'firehose', producer: 'stream/clicks', template: 'clicks/{date:yyyy/MM/dd/HH}/', expectedPutRate: 9000, expectedGetRate: 12000 }],
      },
    ],
  },
  null,
  2,
);

describe.skipIf(!available)('HTML report in headless Chromium', () => {
  let browser: BrowserContext;
  let profile: string;
  let reportFile: string;

  beforeAll(async () => {
    const dir = tempTree({ 'estate.s3lint.json': SNAPSHOT });
    reportFile = join(dir, 'report.html');
    const r = runCli(['check', '.', '--format', 'html', '--output', reportFile], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    profile = mkdtempSync(join(tmpdir(), 's3lint-chromium-'));
    // A fresh profile directory per run (Playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('renders without console errors or requests, and shows a script-named bucket as text', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    let dialogs = 0;
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    page.on('request', (r) => requests.push(r.url()));
    const url = pathToFileURL(reportFile).href;
    await page.goto(url, { waitUntil: 'load' });

    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    expect(dialogs).toBe(0);
    expect(await page.title()).toMatch(/^s3lint report: \d+ findings?$/);
    expect(await page.locator('script').count()).toBe(0);
    const headings = await page.locator('section.resource h3').allTextContents();
    expect(headings).toContain(EVIL);
    expect(await page.locator('h2').allTextContents()).toEqual(['Summary by severity', 'Summary by rule', 'Buckets and resources']);
    // The summary lists each severity with a count; the rule table lists S3L001.
    expect(await page.locator('table.summary tbody tr').count()).toBe(7);
    expect(await page.locator('text=abort-incomplete-multipart-upload').count()).toBeGreaterThan(0);
    // The key-layout chart is an inline SVG with one bar per rate (now and sharded).
    const svg = page.locator('figure svg');
    expect(await svg.count()).toBeGreaterThan(0);
    expect(await svg.first().locator('rect').count()).toBe(4);
    const box = await svg.first().boundingBox();
    expect(box && box.width > 100 && box.height > 20).toBe(true);
    await page.close();
  });

  it('is self-contained: no external references in the file', () => {
    const text = readFileSync(reportFile, 'utf8');
    expect(text).not.toMatch(/\b(?:src|href)="(?!#)/);
    expect(text).not.toContain(EVIL);
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
