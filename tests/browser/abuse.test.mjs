// Issue 14 in Chromium, on the real local stack (`serve` with its file store and outbox):
// what a visitor sees when the function refuses an address it cannot send to or a name of
// invisible characters (the server's localized message next to the field, nothing stored or
// sent), a resubmission (the received page, without the first request's number), and a
// source past its hourly limit (the function's localized 429 page, with the status page's
// security headers). axe-core on each page, no console errors (CSP).
//
//   node --test tests/browser/abuse.test.mjs     # after tests/browser/install.sh
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { formatAxe, launchBrowser, runAxe } from './lib.mjs';
import { buildServe, ftlText, journalRecords, outboxFiles, squash, startServe } from './journey-lib.mjs';

// Three submissions an hour from one address (serve's peer): the last test meets the limit.
const LIMIT = 3;
const RUN = Date.now().toString(36);
const csp = (origin) => `default-src 'none'; style-src 'self' ${origin}; img-src 'self' ${origin}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

describe('abuse protection on serve (issue 14)', { timeout: 10 * 60_000 }, () => {
  let serve;
  let browser;
  const contexts = [];
  const url = (p) => `${serve.origin}${p}`;
  const state = () => ({ records: journalRecords(serve.journal).length, mails: outboxFiles(serve.outbox).length });

  async function openPage({ js = true } = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: js });
    contexts.push(context);
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of [45]\d\d\b/.test(m.text())) problems.push(m.text());
    });
    return { page, problems };
  }

  async function fill(page, { name, email }) {
    await page.check('#type-deletion');
    await page.fill('#f-name', name);
    await page.fill('#f-email', email);
    await page.check('#f-confirm');
  }

  async function noAxeViolations(page, label) {
    const v = await runAxe(page);
    assert.equal(v.length, 0, formatAxe(label, v));
  }

  before(async () => {
    const bin = await buildServe();
    // serve's function reads its limits from the environment, as the Lambda does.
    process.env.SOURCE_REQUESTS_PER_HOUR = String(LIMIT);
    serve = await startServe({ bin });
    browser = await launchBrowser();
  });

  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close().catch(() => {});
  });

  after(async () => {
    await browser?.close();
    await serve?.stop();
  });

  test('an address the mail transport cannot send to and an invisible name: the server says so next to the field', async () => {
    const start = state();
    for (const [locale, field, name, email, key] of [
      ['kk', 'email', 'Айгерім Сапарова', 'ip@[127.0.0.1]', 'field-email-invalid'],
      ['ru', 'name', '\u200B\u200B', `invisible-${RUN}@example.kz`, 'field-name-required'],
      ['en', 'name', 'Jane\u202EeoD', `bidi-${RUN}@example.kz`, 'field-name-invisible_characters'],
    ]) {
      const { page, problems } = await openPage();
      await page.goto(url(`/${locale}/data-deletion/`));
      await fill(page, { name, email });
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/requests'),
        page.click('#request-form button[type=submit]'),
      ]);
      assert.equal(response.status(), 422, `${locale} ${field}: the function refuses it`);
      await page.waitForSelector(`#f-${field}-error:not([hidden])`);
      assert.equal(squash(await page.locator(`#f-${field}-error`).innerText()), ftlText(locale, 'intake', key));
      assert.equal(await page.getAttribute(`#f-${field}`, 'aria-invalid'), 'true');
      await noAxeViolations(page, `${locale}: ${field} error`);
      assert.deepEqual(problems, []);
    }
    assert.deepEqual(state(), start, 'nothing stored or sent');
  });

  test('a resubmission without JavaScript lands on the site\'s received page without the first request\'s number', async () => {
    const email = `twice-${RUN}@example.kz`;
    const first = await openPage({ js: false });
    await first.page.goto(url('/ru/data-deletion/'));
    await fill(first.page, { name: 'Анна Иванова', email });
    // The first lands on its own status page, received.
    await Promise.all([first.page.waitForURL(/\/requests\/ip-[0-9a-f]{32}\?lang=ru&received=sent$/), first.page.click('#request-form button[type=submit]')]);
    const id = new URL(first.page.url()).pathname.split('/')[2];
    const after1 = state();

    // Someone else types the same address, in Kazakh, with JavaScript on the received page.
    const again = await openPage({ js: false });
    await again.page.goto(url('/kk/data-deletion/'));
    await fill(again.page, { name: 'Басқа адам', email: email.toUpperCase() });
    const [response] = await Promise.all([
      again.page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/requests'),
      again.page.click('#request-form button[type=submit]'),
    ]);
    assert.equal(response.status(), 303);
    assert.equal(response.headers().location, `${serve.origin}/kk/data-deletion/received/`);
    await again.page.waitForURL(`${serve.origin}/kk/data-deletion/received/`);
    assert.ok(!again.page.url().includes(id));
    assert.deepEqual(state(), after1, 'nothing new stored or sent');

    const { page, problems } = await openPage();
    await page.goto(url('/kk/data-deletion/received/'));
    assert.equal(await page.getAttribute('html', 'lang'), 'kk');
    assert.equal(await page.locator('[data-receipt]').isHidden(), true, 'no number or deadline is shown');
    assert.equal(await page.locator('[data-receipt-status]').isHidden(), true, 'no status link');
    assert.ok(!(await page.content()).includes(id));
    await noAxeViolations(page, 'received page without a receipt');
    assert.deepEqual(problems, []);
  });

  test('past the hourly limit of its address a browser without JavaScript gets the localized 429 page', async () => {
    // The resubmission test used two of the three submissions of this hour.
    const { page } = await openPage({ js: false });
    await page.goto(url('/en/data-deletion/'));
    await fill(page, { name: 'Jane Doe', email: `third-${RUN}@example.kz` });
    await Promise.all([page.waitForURL(/\/requests\/ip-[0-9a-f]{32}\?lang=en&received=sent$/), page.click('#request-form button[type=submit]')]);
    const before = state();

    const over = await openPage({ js: false });
    await over.page.goto(url('/kk/data-deletion/'));
    await fill(over.page, { name: 'Айгерім Сапарова', email: `fourth-${RUN}@example.kz` });
    const [response] = await Promise.all([
      over.page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/requests'),
      over.page.click('#request-form button[type=submit]'),
    ]);
    assert.equal(response.status(), 429);
    const h = response.headers();
    assert.equal(h['content-security-policy'], csp(serve.origin));
    assert.equal(h['x-frame-options'], 'DENY');
    assert.equal(h['x-content-type-options'], 'nosniff');
    assert.match(h['retry-after'] || '', /^\d+$/);
    await over.page.waitForLoadState();
    assert.equal(await over.page.getAttribute('html', 'lang'), 'kk');
    assert.ok(squash(await over.page.locator('main').innerText()).includes(ftlText('kk', 'intake', 'error-rate-limited')));
    const back = await over.page.getAttribute('main a', 'href');
    assert.ok(back.endsWith('/kk/data-deletion/#request-form'), back);
    assert.deepEqual(state(), before, 'nothing stored or sent');

    // The same page with JavaScript allowed (axe runs as a script of its own).
    const { page: js, problems } = await openPage();
    // On the serve origin, so that axe may read the site's stylesheet like the page does.
    await js.goto(url('/404.html'));
    await js.setContent(await response.text());
    await noAxeViolations(js, '429 page');
    assert.deepEqual(problems, []);
  });
});
