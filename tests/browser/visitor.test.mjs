// What a visitor meets around the policy, in Chromium: the dark scheme (axe in both schemes),
// the printed document (a PDF of /ru/privacy/: operator and version at the top, no navigation,
// link URLs shown), phones at 390 px (tables scroll inside their frame, controls at least
// 44 px tall, the phone number in one piece), and the consent scope shown only for withdrawal.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LOCALES, SLUGS, buildSite, formatAxe, launchBrowser, run, runAxe, startServer } from './lib.mjs';

describe('the visitor around the policy', { timeout: 10 * 60_000 }, () => {
  let site;
  let server;
  let browser;
  const url = (p) => `${server.origin}${p}`;

  before(async () => {
    site = await buildSite();
    server = await startServer(site, async () => false);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close?.();
    if (site) fs.rmSync(site, { recursive: true, force: true });
  });

  test('a dark scheme with no contrast or other axe violation on any page', { timeout: 300_000 }, async (t) => {
    const context = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      for (const l of LOCALES) {
        for (const s of SLUGS) {
          await t.test(`/${l}/${s}/`, async () => {
            await page.goto(url(`/${l}/${s}/`));
            const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
            const [r, g, b] = bg.match(/\d+/g).map(Number);
            assert.ok(r + g + b < 150, `a dark background: ${bg}`);
            const violations = await runAxe(page);
            assert.equal(violations.length, 0, formatAxe(`/${l}/${s}/ (dark)`, violations));
          });
        }
      }
    } finally {
      await context.close();
    }
  });

  test('the printed policy: operator and version first, no navigation, link URLs shown', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(url('/ru/privacy/'));
      // With JavaScript there is a print button; printing hides it.
      assert.equal(await page.isVisible('[data-print]'), true, 'a print button');
      const pdf = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'print-')), 'privacy.pdf');
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.isVisible('.main-nav'), false, 'no navigation in print');
      assert.equal(await page.isVisible('[data-print]'), false, 'no print button in print');
      await page.pdf({ path: pdf, format: 'A4', printBackground: false });
      const r = await run('pdftotext', ['-layout', pdf, '-']);
      assert.equal(r.code, 0, r.stderr);
      const text = r.stdout.replace(/\s+/g, ' ');
      const pages = (r.stdout.match(/\f/g) || []).length;
      assert.ok(pages >= 3 && pages <= 12, `a document of a few pages, not ${pages}`);
      const first = r.stdout.split('\f')[0].replace(/\s+/g, ' ');
      assert.match(first, /Товарищество с ограниченной ответственностью «Interpay»/, 'the operator at the top');
      assert.match(first, /Редакция 1\.0/, 'the version at the top');
      assert.match(first, /Политика конфиденциальности/);
      assert.doesNotMatch(first, /Инструкция по удалению данных Файлы cookies/, 'no navigation bar');
      assert.match(text, /\(https:\/\/wa\.me\/77010819196\)/, 'link URLs are printed');
      assert.match(text, /12\. Контакты/, 'the whole policy, to its last section');
    } finally {
      await context.close();
    }
  });

  test('phones: tables scroll in their frame, controls are 44 px tall, the phone number stays whole', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    try {
      for (const l of LOCALES) {
        await page.goto(url(`/${l}/privacy/`));
        const layout = await page.evaluate(() => {
          const wraps = [...document.querySelectorAll('.table-wrap')].map((w) => ({
            overflow: getComputedStyle(w).overflowX,
            fits: w.getBoundingClientRect().right <= innerWidth + 1,
            // Every column is in the table (scrolling shows it): none is hidden.
            hiddenCells: [...w.querySelectorAll('th, td')].filter((c) => getComputedStyle(c).display === 'none').length,
          }));
          const small = [...document.querySelectorAll('.main-nav a, .langs a, .toc a, button:not([hidden])')]
            .filter((e) => e.offsetParent !== null)
            .map((e) => ({ text: e.textContent.trim().slice(0, 30), h: e.getBoundingClientRect().height }))
            .filter((e) => e.h < 44);
          const phones = [...document.querySelectorAll('a[href^="https://wa.me/"]')].map((a) => {
            const rects = a.getClientRects();
            return { text: a.textContent, lines: rects.length, ws: getComputedStyle(a).whiteSpace };
          });
          return { wraps, small, phones, scrollX: document.documentElement.scrollWidth - innerWidth };
        });
        assert.ok(layout.wraps.length >= 3, `${l}: the tables`);
        for (const w of layout.wraps) {
          assert.equal(w.overflow, 'auto', `${l}: a table scrolls inside its frame`);
          assert.ok(w.fits, `${l}: the frame fits the screen`);
          assert.equal(w.hiddenCells, 0, `${l}: no hidden columns`);
        }
        assert.ok(layout.scrollX <= 1, `${l}: the page itself does not scroll sideways (${layout.scrollX} px)`);
        assert.deepEqual(layout.small, [], `${l}: controls at least 44 px tall`);
        assert.ok(layout.phones.length > 0);
        for (const p of layout.phones) assert.equal(p.lines, 1, `${l}: the phone number ${p.text} on one line`);
      }
    } finally {
      await context.close();
    }
  });

  test('a browser that prefers another language gets a dismissible link to this page in it', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    try {
      const cookiesBefore = await context.cookies();
      await page.goto(url('/ru/privacy/'));
      assert.equal(await page.isVisible('[data-lang-hint]'), true, 'the hint shows');
      const link = page.locator('[data-hint-for=en] a');
      assert.equal(await link.getAttribute('href'), '/en/privacy/');
      assert.equal(await link.textContent(), 'This page is available in English.');
      assert.equal(await page.getAttribute('[data-hint-for=en]', 'lang'), 'en');
      const violations = await runAxe(page);
      assert.equal(violations.length, 0, formatAxe('/ru/privacy/ (language hint)', violations));
      await page.click('[data-hint-for=en] [data-hint-dismiss]');
      assert.equal(await page.isVisible('[data-lang-hint]'), false, 'dismissed');
      assert.deepEqual(await context.cookies(), cookiesBefore, 'no cookie');
      assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0, 'nothing stored');
      // On the page in the preferred language there is nothing to suggest.
      await page.goto(url('/en/privacy/'));
      assert.equal(await page.isVisible('[data-lang-hint]'), false);
    } finally {
      await context.close();
    }
    const noJs = await browser.newContext({ locale: 'en-GB', javaScriptEnabled: false });
    try {
      const page2 = await noJs.newPage();
      await page2.goto(url('/ru/privacy/'));
      assert.equal(await page2.isVisible('[data-lang-hint]'), false, 'without JavaScript the language switcher is enough');
    } finally {
      await noJs.close();
    }
  });

  test('the consent scope shows only for a consent withdrawal (with JavaScript)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      for (const s of ['data-deletion', 'rights']) {
        await page.goto(url(`/en/${s}/`));
        assert.equal(await page.isVisible('#scope-fieldset'), false, `${s}: hidden for the first type`);
        await page.check('#type-consent');
        assert.equal(await page.isVisible('#scope-fieldset'), true, `${s}: shown for a withdrawal`);
        await page.check('#type-deletion');
        assert.equal(await page.isVisible('#scope-fieldset'), false, `${s}: hidden again`);
      }
    } finally {
      await context.close();
    }
  });
});
