// Issue 15 on the real local stack (`serve`: the built site plus the intake Lambda's handler,
// file store and .eml outbox) in Debian's Chromium: the status lookup on the data-deletion and
// rights pages (kk, ru, en; JavaScript on and off) lands on the status page, which shows the
// short reference once and the progress line; a wrong e-mail and an unknown reference get the
// same answer; the bound gives 429; the status page's "send the confirmation e-mail again"
// sends a second letter with a new link and the old link no longer confirms; axe-core finds
// nothing on any of these pages.
//
//   node --test tests/browser/lookup.test.mjs     # after tests/browser/install.sh
//
// BROWSER_TEST_KEEP=1 keeps serve's data directory (store, outbox, built site).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import { AXE_PATH, LOCALES, formatAxe, launchBrowser, runAxe } from './lib.mjs';
import { buildServe, ftlText, journalRecords, longDate, readOutbox, squash, startServe, waitFor } from './journey-lib.mjs';

const RUN = Date.now().toString(36);
/** Crockford's base32, grouped: what the pages show. */
const REFERENCE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
/** A reference nobody holds (a fresh one each time: each reference has its own bound). */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function unknownReference() {
  const pick = () => ALPHABET[Math.floor(Math.random() * 32)];
  const half = () => Array.from({ length: 4 }, pick).join('');
  return `${half()}-${half()}`;
}
/** The per-reference bound of the lookup (functions/intake/src/limits.rs). */
const LOOKUPS_PER_REFERENCE = 5;

describe('status lookup and resending the confirmation e-mail on serve', { timeout: 10 * 60_000 }, () => {
  let serve;
  let browser;
  let counter = 0;
  const contexts = [];
  const url = (p) => `${serve.origin}${p}`;
  const freshEmail = (label) => `lookup-${RUN}-${++counter}-${label}@example.kz`;

  async function openPage({ js = true, axe = false } = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: js });
    contexts.push(context);
    // The function's pages forbid scripts: an init script is not subject to their CSP.
    if (axe) await context.addInitScript({ path: AXE_PATH });
    const page = await context.newPage();
    return { context, page };
  }

  async function assertAxe(page, label) {
    const violations = await runAxe(page);
    assert.equal(violations.length, 0, `axe on ${label}:\n${formatAxe(label, violations)}`);
  }

  /** Files a deletion request through the function's JSON API; returns its id, reference, e-mail. */
  async function file(locale, label) {
    const email = freshEmail(label);
    const r = await fetch(url('/requests'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ type: 'deletion', locale, name: 'Test Person', email, confirm: true }),
    });
    const body = await r.json();
    assert.equal(r.status, 201, JSON.stringify(body));
    assert.match(body.reference, REFERENCE, 'the JSON answer carries the grouped reference');
    assert.match(body.id, /^ip-[0-9a-f]{32}$/, 'and keeps the id');
    return { id: body.id, reference: body.reference, email, locale };
  }

  /** The lookup form POSTed by node (counts against the bounds like any attempt). */
  function postLookup(reference, email, locale) {
    return fetch(url('/requests/lookup'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ reference, email, locale }).toString(),
      redirect: 'manual',
    });
  }

  /** Fills the page's lookup form and submits it; resolves with the POST's response. */
  async function lookupInPage(page, reference, email) {
    await page.fill('#l-reference', reference);
    await page.fill('#l-email', email);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/requests/lookup') && r.request().method() === 'POST'),
      page.click('#status-lookup button[type=submit]'),
    ]);
    await page.waitForLoadState('load');
    return response;
  }

  /** The acknowledgement letters to `email` in the outbox. */
  function acks(email) {
    return readOutbox(serve.outbox).filter((m) => m.to.includes(email));
  }

  const tokenOf = (mail) => /\/confirm\?token=([A-Za-z0-9_-]{43})/.exec(mail.text || '')?.[1];

  before(async () => {
    const bin = await buildServe();
    // The lookups of this file come from one address: the per-source bound (which counts
    // submissions' number of lookups an hour) is raised; the per-reference bound is fixed.
    process.env.SOURCE_REQUESTS_PER_HOUR = '1000';
    serve = await startServe({ bin });
    browser = await launchBrowser();
  });

  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close().catch(() => {});
  });

  after(async () => {
    await browser?.close();
    if (serve) {
      await serve.stop();
      if (process.env.BROWSER_TEST_KEEP) console.log(`serve data kept in ${serve.dataDir}`);
      else fs.rmSync(serve.dataDir, { recursive: true, force: true });
    }
  });

  for (const locale of LOCALES) {
    for (const js of [true, false]) {
      const mode = js ? 'JavaScript on' : 'JavaScript off';
      test(`${locale}, ${mode}: the lookup lands on the status page; a wrong e-mail and an unknown reference get one answer`, async () => {
        const req = await file(locale, `find-${js ? 'js' : 'nojs'}`);
        const slug = js ? 'data-deletion' : 'rights';
        const { page } = await openPage({ js });
        await page.goto(url(`/${locale}/${slug}/`));
        assert.equal(await page.locator('#status-lookup').count(), 1, `the lookup form on /${locale}/${slug}/`);
        assert.equal(
          squash(await page.locator('label[for=l-reference]').innerText()),
          squash(ftlText(locale, 'site', 'lookup-form-reference')),
        );
        // As a person types it: lower case, without the hyphen; the address in capitals.
        const typed = req.reference.toLowerCase().replace('-', '');
        const response = await lookupInPage(page, typed, req.email.toUpperCase());
        assert.equal(response.status(), 303, 'the lookup answers 303');
        assert.equal(page.url(), url(`/requests/${req.id}?lang=${locale}`), 'to the status page in the form\'s language');
        assert.equal(await page.getAttribute('html', 'lang'), locale);
        // The number once; the long id only in the URL.
        const text = await page.locator('body').innerText();
        assert.equal(text.split(req.reference).length - 1, 1, `the reference once:\n${text}`);
        assert.equal(text.includes(req.id), false, 'the id is not on the page');
        assert.equal(squash(await page.locator('dd[data-field=reference]').innerText()), req.reference);
        // The progress line: received (dated) is the current step, then in progress, then the answer.
        const steps = await page.$$eval('ol[data-progress] > li', (lis) =>
          lis.map((li) => ({ step: li.dataset.step, state: li.dataset.state, current: li.getAttribute('aria-current'), text: li.textContent.trim(), datetime: li.querySelector('time')?.getAttribute('datetime') ?? null })),
        );
        const record = journalRecords(serve.journal).find((r) => r.id === req.id);
        assert.deepEqual(
          steps.map(({ step, state, current, datetime }) => ({ step, state, current, datetime })),
          [
            { step: 'received', state: 'current', current: 'step', datetime: record.receipt_date },
            { step: 'in_progress', state: 'upcoming', current: null, datetime: null },
            { step: 'final', state: 'upcoming', current: null, datetime: null },
          ],
        );
        assert.ok(steps[0].text.includes(longDate(locale, record.receipt_date)), `the receipt date: ${steps[0].text}`);
        assert.ok(steps[0].text.startsWith(ftlText(locale, 'intake', 'status-step-received')), steps[0].text);
        assert.equal(squash(await page.locator('h2#progress-title').innerText()), squash(ftlText(locale, 'intake', 'status-progress')));
        if (!js) {
          const { page: axePage } = await openPage({ axe: true });
          await axePage.goto(page.url());
          await assertAxe(axePage, `status page (${locale})`);
        }

        // A wrong e-mail and an unknown reference: the same page, status and text.
        const answers = [];
        for (const [reference, email] of [
          [req.reference, `someone-else-${RUN}@example.kz`],
          [unknownReference(), req.email],
        ]) {
          await page.goto(url(`/${locale}/${slug}/#status-lookup`));
          const r = await lookupInPage(page, reference, email);
          answers.push({ status: r.status(), main: squash(await page.locator('main').innerText()), url: page.url() });
        }
        assert.equal(answers[0].status, 404);
        assert.deepEqual(answers[1], answers[0], 'one answer for a wrong e-mail and an unknown reference');
        assert.equal(await page.getAttribute('html', 'lang'), locale);
        assert.ok(answers[0].main.includes(squash(ftlText(locale, 'intake', 'lookup-not-found'))), answers[0].main);
        assert.equal(answers[0].main.includes(req.reference), false, 'the answer does not repeat the reference');
        // Its link goes back to the form.
        await Promise.all([page.waitForURL(/#status-lookup$/), page.click('a[data-lookup-again]')]);
        if (js) {
          const { page: axePage } = await openPage({ axe: true });
          await axePage.goto(url(`/${locale}/data-deletion/`));
          await postAndShow(axePage, unknownReference(), req.email);
          await assertAxe(axePage, `lookup not found (${locale})`);
        }
      });
    }
  }

  /** Posts the lookup from a page (keeping axe's init script) and shows the answer there. */
  async function postAndShow(page, reference, email) {
    await page.fill('#l-reference', reference);
    await page.fill('#l-email', email);
    await Promise.all([page.waitForLoadState('load'), page.click('#status-lookup button[type=submit]')]);
    await page.waitForSelector('[data-lookup]');
  }

  test('the lookup is bounded per reference: 429 with Retry-After, in the form\'s language', async () => {
    const req = await file('kk', 'bound');
    for (let i = 0; i < LOOKUPS_PER_REFERENCE; i++) {
      const r = await postLookup(req.reference, `guess-${i}@example.kz`, 'kk');
      assert.equal(r.status, 404, `attempt ${i + 1}`);
    }
    // The right pair now, in the browser without JavaScript: the reference had its attempts.
    const { page } = await openPage({ js: false });
    await page.goto(url('/kk/data-deletion/'));
    const response = await lookupInPage(page, req.reference, req.email);
    assert.equal(response.status(), 429);
    const retry = Number(response.headers()['retry-after']);
    assert.ok(retry >= 1 && retry <= 3600, `Retry-After ${retry}`);
    assert.equal(await page.getAttribute('html', 'lang'), 'kk');
    assert.ok(squash(await page.locator('main').innerText()).includes(squash(ftlText('kk', 'intake', 'lookup-limited'))));
    const { page: axePage } = await openPage({ axe: true });
    await axePage.goto(url('/kk/data-deletion/'));
    await postAndShow(axePage, req.reference, req.email);
    assert.equal(await axePage.getAttribute('[data-lookup]', 'data-lookup'), 'limited');
    await assertAxe(axePage, 'lookup limited (kk)');
  });

  for (const locale of LOCALES) {
    test(`${locale}: "send the confirmation e-mail again" sends a new link and the old one stops confirming`, async () => {
      const req = await file(locale, 'resend');
      const first = await waitFor(() => acks(req.email)[0], { message: `the acknowledgement to ${req.email}` });
      const oldToken = tokenOf(first);
      assert.ok(oldToken, `a confirmation link in ${first.file}`);

      const { page } = await openPage({ axe: true });
      const status = await page.goto(url(`/requests/${req.id}?lang=${locale}`));
      assert.equal(status.headers()['referrer-policy'], 'strict-origin', 'the page with the button sends its origin');
      assert.match(status.headers()['content-security-policy'], /form-action 'self'/);
      const button = page.locator('form[data-resend-form] button[type=submit]');
      assert.equal(squash(await button.innerText()), squash(ftlText(locale, 'intake', 'status-resend-button')));
      await assertAxe(page, `status page with the resend button (${locale})`);
      await Promise.all([page.waitForURL(url(`/requests/${req.id}?lang=${locale}&resent=sent`)), button.click()]);
      const notice = page.locator('[data-notice=sent]');
      assert.equal(await notice.getAttribute('role'), 'status');
      assert.equal(squash(await notice.innerText()), squash(ftlText(locale, 'intake', 'status-resend-sent')));
      await assertAxe(page, `status page, sent again (${locale})`);

      const letters = await waitFor(() => (acks(req.email).length >= 2 ? acks(req.email) : null), { message: 'a second letter' });
      assert.equal(letters.length, 2, 'exactly one more letter');
      // The outbox's file names do not sort by time: the new letter is the other one.
      const second = letters.find((m) => m.file !== first.file);
      assert.equal(second.subject, first.subject, 'the same letter');
      assert.ok(squash(second.text).includes(req.reference), 'naming the reference');
      const newToken = tokenOf(second);
      assert.ok(newToken && newToken !== oldToken, 'with a new link');

      // The old link no longer confirms; the new one does.
      const confirm = (token) =>
        fetch(url(`/requests/${req.id}/confirm`), {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: new URLSearchParams({ token }).toString(),
        });
      assert.equal((await confirm(oldToken)).status, 400, 'the old link is no longer valid');
      const { page: confirmPage } = await openPage({ js: false });
      await confirmPage.goto(url(`/requests/${req.id}/confirm?token=${newToken}&lang=${locale}`));
      await Promise.all([confirmPage.waitForLoadState('load'), confirmPage.click('form[data-confirm-form] button')]);
      assert.equal(await confirmPage.getAttribute('[data-outcome]', 'data-outcome'), 'confirmed');
      // Confirmed: the button is gone from the status page.
      await page.goto(url(`/requests/${req.id}?lang=${locale}`));
      assert.equal(await page.locator('form[data-resend-form]').count(), 0);
      assert.equal(squash(await page.locator('dd[data-field=reference]').innerText()), req.reference);
    });
  }
});
