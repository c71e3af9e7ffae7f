// Issue 15 §1 and §2 in Chromium, on the real local stack (`serve`): without JavaScript, a
// form the function cannot file comes back as the form itself, in the site's layout and the
// form's language, with what was typed kept, each error at its field and in a focused
// summary; corrected, it is filed and lands on the request's status page. The function's
// pages load the site's own stylesheet (the same file as the site's pages), so their header
// looks the same; axe finds nothing in light and dark.
//
//   node --test tests/browser/form-again.test.mjs     # after tests/browser/install.sh
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AXE_PATH, formatAxe, launchBrowser, runAxe } from './lib.mjs';
import { buildServe, ftlText, journalRecords, outboxFiles, squash, startServe } from './journey-lib.mjs';

const RUN = Date.now().toString(36);
const PEOPLE = {
  kk: { name: 'Айгерім Сапарова', details: '' },
  ru: { name: 'Анна Иванова', details: '' },
  en: { name: 'Jane Doe <b>', details: '' },
};

describe('the form again, without JavaScript (issue 15)', { timeout: 10 * 60_000 }, () => {
  let serve;
  let browser;
  const url = (p) => `${serve.origin}${p}`;
  const state = () => ({ records: journalRecords(serve.journal).length, mails: outboxFiles(serve.outbox).length });

  async function context({ js, scheme = 'light' }) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: js, colorScheme: scheme });
    if (js) await ctx.addInitScript({ path: AXE_PATH });
    return ctx;
  }

  /** Watches a page for errors (a stylesheet or icon the CSP refuses would be one). */
  function watch(page) {
    const problems = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 4(22|04)\b/.test(m.text())) problems.push(m.text());
    });
    page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
    return problems;
  }

  before(async () => {
    const bin = await buildServe();
    serve = await startServe({ bin });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await serve?.stop();
  });

  for (const locale of ['kk', 'ru', 'en']) {
    test(`${locale}: a rectification without details comes back filled in, then is filed`, async () => {
      const start = state();
      const email = `again-${locale}-${RUN}@example.kz`;
      const ctx = await context({ js: false });
      try {
        const page = await ctx.newPage();
        const problems = watch(page);
        await page.goto(url(`/${locale}/rights/`));
        const siteCss = await page.getAttribute('link[rel=stylesheet]', 'href');
        await page.check('#type-rectification');
        await page.fill('#f-name', PEOPLE[locale].name);
        await page.fill('#f-email', email);
        await page.fill('#f-phone', '+7 701 000 00 00');
        await page.check('#f-confirm');
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/requests'),
          page.click('#request-form button[type=submit]'),
        ]);
        assert.equal(response.status(), 422);
        await page.waitForLoadState();
        assert.equal(await page.getAttribute('html', 'lang'), locale);
        // What was typed is still there; the type is still the rectification.
        assert.equal(await page.inputValue('#f-name'), PEOPLE[locale].name);
        assert.equal(await page.inputValue('#f-email'), email);
        assert.equal(await page.inputValue('#f-phone'), '+7 701 000 00 00');
        assert.equal(await page.isChecked('#type-rectification'), true);
        assert.equal(await page.isChecked('#f-confirm'), true);
        // The error at its field, and in the summary, which has the focus.
        const message = ftlText(locale, 'intake', 'field-details-required');
        assert.equal(squash(await page.locator('#f-details-error').innerText()), message);
        assert.equal(await page.getAttribute('#f-details', 'aria-invalid'), 'true');
        assert.equal(await page.locator('#form-errors').isVisible(), true);
        assert.ok(squash(await page.locator('#form-errors').innerText()).includes(ftlText(locale, 'intake', 'error-invalid')));
        assert.equal(await page.getAttribute('#form-errors a', 'href'), '#f-details');
        assert.notEqual(await page.getAttribute('#form-errors', 'autofocus'), null, 'the summary takes the focus on load');
        // The site's look: its stylesheet (the same file) and its header and footer.
        assert.equal(await page.getAttribute('link[rel=stylesheet]', 'href'), url(siteCss));
        assert.equal(await page.locator('header.site-header nav.langs a[aria-current]').innerText(), { kk: 'Қазақша', ru: 'Русский', en: 'English' }[locale]);
        assert.equal(await page.locator('footer.site-footer').isVisible(), true);
        assert.deepEqual(state(), start, 'nothing stored or sent');

        // axe, in light and dark, on the page as served (scripts allowed only for axe).
        const html = await page.content();
        for (const scheme of ['light', 'dark']) {
          const axeCtx = await context({ js: true, scheme });
          try {
            const p = await axeCtx.newPage();
            // On the serve origin, so that axe may read the site's stylesheet like the page does.
            await p.goto(url('/404.html'));
            await p.setContent(html, { waitUntil: 'load' });
            assert.equal(await p.evaluate(() => document.activeElement?.id), 'form-errors', `${scheme}: the summary has the focus`);
            const bg = await p.evaluate(() => getComputedStyle(document.body).backgroundColor);
            assert.notEqual(bg, 'rgba(0, 0, 0, 0)', `${scheme}: the site's stylesheet applies`);
            const v = await runAxe(p);
            assert.equal(v.length, 0, formatAxe(`${locale} form again (${scheme})`, v));
          } finally {
            await axeCtx.close();
          }
        }

        // Corrected, it is filed: the status page, received.
        await page.fill('#f-details', 'Фамилия / Surname: Doe');
        await Promise.all([
          page.waitForURL(new RegExp(`/requests/ip-[0-9a-f]{32}\\?lang=${locale}&received=sent$`), { timeout: 20_000 }),
          page.click('#request-form button[type=submit]'),
        ]);
        assert.equal(await page.locator('[data-received]').isVisible(), true);
        assert.equal(squash(await page.locator('[data-field="type"]').innerText()), ftlText(locale, 'common', 'request-type-rectification'));
        assert.equal(await page.getAttribute('link[rel=stylesheet]', 'href'), url(siteCss), 'the status page loads the same stylesheet');
        assert.equal(journalRecords(serve.journal).length, start.records + 1, 'filed once');
        assert.deepEqual(problems, [], 'no errors (the CSP lets the site stylesheet and icon load)');
      } finally {
        await ctx.close();
      }
    });
  }
});
