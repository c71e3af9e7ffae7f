// End-to-end journeys through the data-deletion form on the real local stack:
// `serve` (the built site plus the intake Lambda's own handler, embedded file store and .eml
// outbox, no AWS) driven by Debian's Chromium. For kk, ru and en, with and without JavaScript:
// the receipt on the page, the stored request in the journal, the acknowledgement and the
// operator notice in the outbox. Also consent withdrawal with a scope, client and server
// field errors, a double click, the language switcher and aliases, axe-core in the error,
// success and received states, and screenshots at 390 and 1280 px.
//
//   node --test tests/browser/            # after tests/browser/install.sh
//
// BROWSER_TEST_KEEP=1 keeps serve's data directory (store, outbox, built site).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { LOCALES, SCREENSHOTS, ensureDir, formatAxe, launchBrowser, runAxe } from './lib.mjs';
import {
  DATE_SHAPE,
  buildServe,
  ftlText,
  journalRecords,
  longDate,
  outboxFiles,
  readJournal,
  readOutbox,
  squash,
  startServe,
  waitFor,
} from './journey-lib.mjs';

const OPERATOR = 'support@interpay.kz';
const NAMES = { kk: 'Айгерім Сапарова', ru: 'Анна Иванова', en: 'Jane Doe' };
const WIDTHS = [390, 1280];
const RUN = Date.now().toString(36);

describe('journeys through the data-deletion form on serve', { timeout: 20 * 60_000 }, () => {
  let serve;
  let browser;
  let mailCounter = 0;
  const timings = {};
  const contexts = [];

  /** A fresh e-mail address for each submission (the store dedupes type+e-mail+scope for 24 h). */
  const freshEmail = (label) => `journey-${RUN}-${++mailCounter}-${label}@example.kz`;
  const url = (p) => `${serve.origin}${p}`;

  /** A page in a new context; `posts` collects every POST to /requests it makes. */
  async function openPage({ js = true, width = 1280 } = {}) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: js });
    contexts.push(context);
    const page = await context.newPage();
    const posts = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/requests') posts.push(r);
    });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e));
    return { context, page, posts, errors };
  }

  /**
   * Opens /{locale}/data-deletion/ and checks site.js can find the form: it enhances
   * document.getElementById('request-form'), so that id must be the form's alone.
   */
  async function openForm(page, locale, { js = true } = {}) {
    await page.goto(url(`/${locale}/data-deletion/`));
    const owners = await page.$$eval('[id="request-form"]', (els) => els.map((e) => e.outerHTML.slice(0, 80)));
    assert.equal(
      owners.length,
      1,
      `/${locale}/data-deletion/: id="request-form" must be unique (site.js enhances getElementById('request-form')); found on:\n${owners.join('\n')}`,
    );
    assert.match(owners[0], /^<form\b/, 'id="request-form" is the form');
    if (js) {
      assert.equal(await page.evaluate(() => document.getElementById('request-form').noValidate), true, 'site.js enhanced the form');
    }
  }

  async function fill(page, { name, email, phone, type = 'deletion', scope, confirm = true }) {
    await page.check(type === 'consent_withdrawal' ? '#type-consent' : '#type-deletion');
    if (scope) await page.check(`#scope-${scope}`);
    if (name !== undefined) await page.fill('#f-name', name);
    if (email !== undefined) await page.fill('#f-email', email);
    if (phone !== undefined) await page.fill('#f-phone', phone);
    if (confirm) await page.check('#f-confirm');
    else await page.uncheck('#f-confirm');
  }

  /** Waits for the JS result or the error summary; fails with the errors when they show. */
  async function waitForResult(page) {
    await page.waitForSelector('#request-result:not([hidden]), #form-errors:not([hidden])', { timeout: 20_000 });
    if (await page.locator('#form-errors').isVisible()) {
      assert.fail(`the form shows errors instead of a receipt: ${squash(await page.locator('#form-errors').innerText())}`);
    }
    return {
      id: await page.locator('[data-result-id]').getAttribute('data-request-id'),
      number: squash(await page.locator('[data-result-id]').innerText()),
      deadlineText: squash(await page.locator('[data-result-deadline]').innerText()),
    };
  }

  const state = () => ({ records: journalRecords(serve.journal).length, mails: outboxFiles(serve.outbox).length });

  /**
   * The journal holds the request (and its acknowledgement event), the outbox the
   * acknowledgement to the visitor and the notice to the operator. Returns the record.
   */
  async function assertStoredAndMailed({ id, locale, email, name, type = 'deletion', scope = null }) {
    const record = await waitFor(() => journalRecords(serve.journal).find((r) => r.id === id), {
      timeoutMs: 10_000,
      message: `request ${id} is not in the journal ${serve.journal}`,
    });
    assert.equal(record.locale, locale, 'stored locale');
    assert.equal(record.type, type, 'stored type');
    assert.equal(record.email, email, 'stored e-mail');
    assert.equal(record.name, name, 'stored name');
    assert.equal(record.scope ?? null, scope, 'stored scope');
    assert.match(record.deadline, /^\d{4}-\d{2}-\d{2}$/, 'stored deadline');
    assert.equal(record.status, 'received');
    const ack = await waitFor(
      () => readJournal(serve.journal).find((e) => e.event === 'ack' && e.id === id),
      { timeoutMs: 10_000, message: `no ack event for ${id} in the journal` },
    );
    assert.equal(ack.status, 'sent', `ack event of ${id}`);

    const mails = await waitFor(
      () => {
        const all = readOutbox(serve.outbox);
        const toVisitor = all.filter((m) => m.to.includes(email.toLowerCase()));
        const toOperator = all.filter((m) => m.replyTo.includes(email.toLowerCase()));
        return toVisitor.length >= 1 && toOperator.length >= 1 ? { toVisitor, toOperator } : null;
      },
      { timeoutMs: 10_000, message: `the outbox ${serve.outbox} lacks the acknowledgement or the notice for ${email}` },
    );
    assert.equal(mails.toVisitor.length, 1, `one acknowledgement to ${email}`);
    assert.equal(mails.toOperator.length, 1, `one operator notice with Reply-To ${email}`);
    const [ackMail] = mails.toVisitor;
    const [notice] = mails.toOperator;
    assert.deepEqual(ackMail.to, [email.toLowerCase()], 'acknowledgement To');
    assert.ok(ackMail.text, `acknowledgement ${ackMail.file} has a text/plain part`);
    assert.ok(ackMail.html, `acknowledgement ${ackMail.file} has a text/html part`);
    const ackText = squash(ackMail.text);
    assert.ok(ackText.includes(id), `acknowledgement ${ackMail.file} text names ${id}:\n${ackMail.text}`);
    const number = `${record.reference.slice(0, 4)}-${record.reference.slice(4)}`;
    assert.ok(ackText.includes(number), `acknowledgement ${ackMail.file} text names ${number}`);
    assert.ok(ackMail.subject.includes(number), `acknowledgement subject names ${number}: ${ackMail.subject}`);
    const expectedDate = longDate(locale, record.deadline);
    assert.ok(
      ackText.includes(expectedDate),
      `acknowledgement ${ackMail.file} text has the deadline «${expectedDate}»:\n${ackMail.text}`,
    );
    assert.deepEqual(notice.to, [OPERATOR], 'operator notice To');
    assert.deepEqual(notice.replyTo, [email.toLowerCase()], 'operator notice Reply-To');
    assert.ok(squash(notice.text).includes(id), `operator notice ${notice.file} text names ${id}:\n${notice.text}`);
    return { record, ackMail, notice, expectedDate };
  }

  before(async () => {
    let t = Date.now();
    const bin = await buildServe();
    timings.build = Date.now() - t;
    t = Date.now();
    serve = await startServe({ bin });
    timings.serve = Date.now() - t;
    t = Date.now();
    browser = await launchBrowser();
    timings.launch = Date.now() - t;
    ensureDir(SCREENSHOTS);
  });

  // Each test's browser contexts are closed when it ends.
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close().catch(() => {});
  });

  after(async () => {
    for (const c of contexts.splice(0)) await c.close().catch(() => {});
    await browser?.close();
    if (serve) {
      await serve.stop();
      if (process.env.BROWSER_TEST_KEEP) console.log(`serve data kept in ${serve.dataDir}`);
      else fs.rmSync(serve.dataDir, { recursive: true, force: true });
    }
    const parts = Object.entries(timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}s`);
    console.log(`journey timings: ${parts.join(', ')}`);
  });

  for (const locale of LOCALES) {
    test(`${locale}, with JavaScript: receipt on the page, request stored, acknowledgement and notice sent`, async () => {
      const { page, posts, errors } = await openPage();
      const email = freshEmail(`js-${locale}`);
      const name = NAMES[locale];
      const start = state();
      await openForm(page, locale);
      assert.equal(await page.getAttribute('html', 'lang'), locale);
      await fill(page, { name, email });
      await page.click('#request-form button[type=submit]');
      const { id, deadlineText } = await waitForResult(page);
      assert.match(id, /^ip-[0-9a-f]{32}$/, 'request id on the page');
      assert.match(deadlineText, DATE_SHAPE[locale], `deadline «${deadlineText}» is a ${locale} long date`);
      if (locale === 'kk') assert.match(deadlineText, /жылғы/);
      if (locale === 'ru') assert.match(deadlineText, /г\.$/);
      if (locale !== 'en') assert.match(deadlineText, /[\u0400-\u04FF]/, 'Cyrillic month');
      assert.equal(await page.locator('#request-form').isHidden(), true, 'the form is hidden after success');
      assert.equal(await page.locator('[data-result-mail]').isVisible(), true, 'the "e-mail sent" line shows');
      assert.equal(posts.length, 1, 'one POST /requests');
      assert.match(posts[0].headers()['content-type'] || '', /^application\/json/);

      const { record, expectedDate } = await assertStoredAndMailed({ id, locale, email, name });
      assert.equal(deadlineText, expectedDate, `the page's deadline is the stored ${record.deadline}`);
      const end = state();
      assert.deepEqual(end, { records: start.records + 1, mails: start.mails + 2 }, 'one request, two e-mails');
      assert.deepEqual(errors.map(String), [], 'no page errors');
    });
  }

  for (const locale of LOCALES) {
    test(`${locale}, without JavaScript: 303 to the request's status page in ${locale} (received), request stored and mailed`, async () => {
      const { page, posts } = await openPage({ js: false });
      const email = freshEmail(`nojs-${locale}`);
      const name = NAMES[locale];
      const start = state();
      await page.goto(url(`/${locale}/data-deletion/`));
      await fill(page, { name, email });
      const landing = new RegExp(`^${serve.origin.replace(/[.]/g, '\\.')}/requests/ip-[0-9a-f]{32}\\?lang=${locale}&received=sent$`);
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/requests'),
        page.click('#request-form button[type=submit]'),
      ]);
      assert.equal(response.status(), 303, 'the form post is answered with 303');
      await page.waitForURL(landing, { timeout: 20_000 });
      const id = new URL(page.url()).pathname.split('/')[2];
      assert.equal(await page.getAttribute('html', 'lang'), locale, 'the status page is in the form language');
      assert.equal(posts.length, 1, 'one POST /requests');
      assert.match(posts[0].headers()['content-type'] || '', /^application\/x-www-form-urlencoded/);

      const { record, expectedDate } = await assertStoredAndMailed({ id, locale, email, name });
      assert.deepEqual(state(), { records: start.records + 1, mails: start.mails + 2 }, 'one request, two e-mails');
      // The page shows the number, the deadline and the status, and says it was received.
      assert.equal(await page.locator('[data-received]').isVisible(), true, 'the "received" notice shows');
      assert.equal(squash(await page.locator('[data-received]').innerText()), squash(ftlText(locale, 'intake', 'accepted')));
      assert.equal(squash(await page.locator('[data-field=reference]').innerText()), `${record.reference.slice(0, 4)}-${record.reference.slice(4)}`, 'the short reference');
      assert.equal(squash(await page.locator('[data-field=deadline]').innerText()), expectedDate, `the stored deadline ${record.deadline}`);
      assert.equal(await page.locator('.status').getAttribute('data-status'), 'received');

      // The site's received page still shows a number and deadline given in its URL (links
      // from before), with JavaScript.
      const js = await openPage();
      await js.page.goto(url(`/${locale}/data-deletion/received/?id=${id}&deadline=${record.deadline}`));
      await js.page.waitForSelector('[data-receipt]:not([hidden])');
      assert.equal(squash(await js.page.locator('[data-receipt-id]').innerText()), id);
      assert.equal(squash(await js.page.locator('[data-receipt-deadline]').innerText()), expectedDate);
    });
  }

  test('consent withdrawal with scope analytics is stored as such', async () => {
    const { page } = await openPage();
    const locale = 'kk';
    const email = freshEmail('consent');
    const name = NAMES[locale];
    await openForm(page, locale);
    await fill(page, { name, email, type: 'consent_withdrawal', scope: 'analytics' });
    await page.click('#request-form button[type=submit]');
    const { id, deadlineText } = await waitForResult(page);
    assert.match(deadlineText, DATE_SHAPE[locale]);
    const { record } = await assertStoredAndMailed({ id, locale, email, name, type: 'consent_withdrawal', scope: 'analytics' });
    assert.equal(record.type, 'consent_withdrawal');
    assert.equal(record.scope, 'analytics');
  });

  test('an invalid e-mail shows a localized error next to the field; nothing is sent or stored', async () => {
    const start = state();
    const messages = {};
    for (const locale of LOCALES) {
      const { page, posts } = await openPage();
      await openForm(page, locale);
      await fill(page, { name: NAMES[locale], email: 'not-an-email' });
      await page.click('#request-form button[type=submit]');
      await page.waitForSelector('#f-email-error:not([hidden])');
      const error = page.locator('#f-email-error');
      assert.equal(await error.isVisible(), true, `${locale}: #f-email-error visible`);
      const text = squash(await error.innerText());
      assert.ok(text, `${locale}: #f-email-error has text`);
      assert.equal(text, await page.getAttribute('#request-form', 'data-msg-email'), `${locale}: the form's own e-mail message`);
      assert.equal(await page.getAttribute('#f-email', 'aria-invalid'), 'true', `${locale}: #f-email aria-invalid`);
      assert.equal(await page.locator('#form-errors').isVisible(), true, `${locale}: #form-errors visible`);
      assert.ok(squash(await page.locator('#form-errors').innerText()).includes(text), `${locale}: the summary lists it`);
      assert.equal(
        await page.evaluate(() => document.activeElement && document.activeElement.id),
        'form-errors',
        `${locale}: focus moves to the summary`,
      );
      assert.equal(await page.locator('#request-result').isHidden(), true);
      assert.equal(posts.length, 0, `${locale}: nothing was posted`);
      messages[locale] = text;
    }
    assert.notEqual(messages.en, messages.ru, 'en and ru messages differ');
    assert.notEqual(messages.kk, messages.ru, 'kk and ru messages differ');
    assert.deepEqual(state(), start, 'journal and outbox unchanged');
  });

  test("the server's 422 field errors are shown and nothing is stored", async () => {
    const start = state();
    const locale = 'ru';
    const { page, posts } = await openPage();
    await openForm(page, locale);
    // site.js does not check the phone; the function does.
    await fill(page, { name: NAMES[locale], email: freshEmail('server-422'), phone: 'abc' });
    await page.click('#request-form button[type=submit]');
    await page.waitForSelector('#f-phone-error:not([hidden])', { timeout: 20_000 });
    assert.equal(posts.length, 1, 'the form was posted');
    const expected = ftlText(locale, 'intake', 'field-phone-invalid');
    assert.equal(squash(await page.locator('#f-phone-error').innerText()), expected, '#f-phone-error has the server message');
    assert.equal(await page.getAttribute('#f-phone', 'aria-invalid'), 'true');
    const summary = squash(await page.locator('#form-errors').innerText());
    assert.ok(summary.startsWith(ftlText(locale, 'intake', 'error-invalid')), `summary starts with the server message: ${summary}`);
    assert.equal(await page.locator('#request-form button[type=submit]').isEnabled(), true, 'the button is enabled again');

    // Invalid and malformed JSON straight from the page (same origin).
    const answers = await page.evaluate(async () => {
      const send = async (body) => {
        const r = await fetch('/requests', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body,
        });
        return { status: r.status, lang: r.headers.get('content-language'), body: await r.json() };
      };
      return [
        await send(JSON.stringify({ type: 'deletion', locale: 'en', name: 'X', email: 'not-an-email', confirm: true })),
        await send('{"type": "deletion",'),
      ];
    });
    assert.equal(answers[0].status, 422);
    assert.equal(answers[0].lang, 'en');
    assert.equal(answers[0].body.error.code, 'validation_failed');
    assert.equal(answers[0].body.error.fields.email, ftlText('en', 'intake', 'field-email-invalid'));
    assert.equal(answers[1].status, 400);
    assert.equal(answers[1].body.error.code, 'malformed_json');
    assert.deepEqual(state(), start, 'journal and outbox unchanged');
  });

  test('a double click on submit sends one request', async () => {
    const { page, posts } = await openPage();
    const locale = 'ru';
    const email = freshEmail('dblclick');
    const start = state();
    await openForm(page, locale);
    await fill(page, { name: NAMES[locale], email });
    await page.locator('#request-form button[type=submit]').dblclick();
    const { id } = await waitForResult(page);
    await assertStoredAndMailed({ id, locale, email, name: NAMES[locale] });
    assert.equal(posts.length, 1, 'one POST /requests from a double click');
    const records = journalRecords(serve.journal);
    assert.equal(records.length, start.records + 1, 'exactly one new request in the journal');
    assert.equal(records.filter((r) => r.email === email).length, 1);
    assert.equal(outboxFiles(serve.outbox).length, start.mails + 2, 'exactly two new e-mails');
  });

  test('the language switcher and the unprefixed aliases', async () => {
    const { page } = await openPage();
    for (const target of ['kk', 'en']) {
      await page.goto(url('/ru/data-deletion/'));
      assert.equal(await page.getAttribute('nav.langs a[aria-current]', 'hreflang'), 'ru', 'ru is the current language');
      await Promise.all([
        page.waitForURL(url(`/${target}/data-deletion/`)),
        page.click(`nav.langs a[hreflang="${target}"]`),
      ]);
      assert.equal(await page.getAttribute('html', 'lang'), target);
      assert.equal(await page.getAttribute('nav.langs a[aria-current]', 'hreflang'), target);
      assert.equal(await page.inputValue('#request-form input[name=locale]'), target, 'the form posts its locale');
    }
    for (const alias of ['/privacy', '/data-deletion']) {
      const response = await page.goto(url(alias));
      assert.equal(response.status(), 200, `${alias} ends in 200`);
      assert.equal(new URL(page.url()).pathname, `${alias}/`, `${alias} is redirected to ${alias}/`);
      assert.equal(await page.getAttribute('html', 'lang'), 'ru', `${alias} is Russian`);
    }
    assert.equal(await page.inputValue('#request-form input[name=locale]'), 'ru', '/data-deletion/ posts ru');
  });

  test('axe-core: no WCAG 2.1 A/AA violations in the error, success and received states', async () => {
    const failures = [];
    const check = async (page, label) => {
      const v = await runAxe(page);
      if (v.length) failures.push(formatAxe(label, v));
    };
    for (const locale of LOCALES) {
      const { page } = await openPage();
      await openForm(page, locale);
      await fill(page, { name: '', email: 'not-an-email', confirm: false });
      await page.click('#request-form button[type=submit]');
      await page.waitForSelector('#form-errors:not([hidden])');
      await check(page, `/${locale}/data-deletion/ (error state)`);

      const email = freshEmail(`axe-${locale}`);
      await fill(page, { name: NAMES[locale], email });
      await page.click('#request-form button[type=submit]');
      const { id } = await waitForResult(page);
      await check(page, `/${locale}/data-deletion/ (success state)`);

      const record = journalRecords(serve.journal).find((r) => r.id === id);
      assert.ok(record, `${id} stored`);
      await page.goto(url(`/${locale}/data-deletion/received/?id=${id}&deadline=${record.deadline}`));
      await page.waitForSelector('[data-receipt]:not([hidden])');
      await check(page, `/${locale}/data-deletion/received/?id=…&deadline=… (with receipt)`);
    }
    assert.equal(failures.length, 0, `axe violations:\n${failures.join('\n')}`);
  });

  test('every radio and checkbox sits beside its label at 390 and 1280 px, with and without errors', async () => {
    const problems = [];
    for (const width of WIDTHS) {
      for (const locale of LOCALES) {
        const { page } = await openPage({ width });
        await openForm(page, locale);
        // The consent scopes show only while consent withdrawal is the chosen type: hidden
        // controls are left out, and the state 'withdrawal' checks them shown.
        const check = async (state, { scopesShown = false } = {}) => {
          const found = await page.evaluate(() =>
            Array.from(document.querySelectorAll('#request-form .choice input')).map((input) => {
              const label = document.querySelector(`label[for="${input.id}"]`);
              const a = input.getBoundingClientRect();
              const b = label.getBoundingClientRect();
              return { id: input.id, hidden: input.closest('[hidden]') !== null, beside: b.top < a.bottom && a.top < b.bottom && b.left >= a.right - 1, input: [a.left, a.top, a.right, a.bottom].map(Math.round), label: [b.left, b.top, b.right, b.bottom].map(Math.round) };
            }),
          );
          for (const f of found.filter((x) => x.hidden && (scopesShown || !x.id.startsWith('scope-')))) {
            problems.push(`/${locale}/data-deletion/ at ${width}px (${state}): #${f.id} is hidden`);
          }
          for (const f of found.filter((x) => !x.hidden && !x.beside)) {
            problems.push(`/${locale}/data-deletion/ at ${width}px (${state}): #${f.id} [${f.input}] and its label [${f.label}] are not on one line`);
          }
        };
        await check('initial');
        await fill(page, { name: '', email: 'not-an-email', confirm: false });
        await page.click('#request-form button[type=submit]');
        await page.waitForSelector('#form-errors:not([hidden])');
        await check('error');
        await page.check('#type-consent');
        await check('withdrawal', { scopesShown: true });
      }
    }
    assert.deepEqual(problems, [], `controls and labels (label left/top/right/bottom):\n${problems.join('\n')}`);
  });

  test('screenshots at 390 and 1280 px: initial, error, success and received', async () => {
    const dir = ensureDir(SCREENSHOTS);
    const overflow = [];
    for (const width of WIDTHS) {
      for (const locale of LOCALES) {
        const { page } = await openPage({ width });
        const shot = async (state) => {
          const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          if (wide > 0) overflow.push(`${locale} ${state} at ${width}px: ${wide}px wider than the viewport`);
          await page.screenshot({ path: path.join(dir, `journey-${locale}-${state}-${width}.png`), fullPage: true });
          // The form (or the receipt) alone, easier to review than the whole page.
          const part = { initial: '#request-form', error: '#request-form', success: '#request-result' }[state];
          if (part) await page.locator(part).screenshot({ path: path.join(dir, `journey-${locale}-${state}-${width}-form.png`) });
        };
        await openForm(page, locale);
        await shot('initial');
        await fill(page, { name: '', email: 'not-an-email', confirm: false });
        await page.click('#request-form button[type=submit]');
        await page.waitForSelector('#form-errors:not([hidden])');
        await shot('error');
        await fill(page, { name: NAMES[locale], email: freshEmail(`shot-${locale}-${width}`) });
        await page.click('#request-form button[type=submit]');
        const { id } = await waitForResult(page);
        await page.locator('#request-result').scrollIntoViewIfNeeded();
        await shot('success');
        const record = journalRecords(serve.journal).find((r) => r.id === id);
        await page.goto(url(`/${locale}/data-deletion/received/?id=${id}&deadline=${record.deadline}`));
        await page.waitForSelector('[data-receipt]:not([hidden])');
        await shot('received');
      }
    }
    const files = fs.readdirSync(dir).filter((f) => f.startsWith('journey-') && f.endsWith('.png'));
    assert.ok(files.length >= WIDTHS.length * LOCALES.length * 4, `screenshots written: ${files.length}`);
    assert.deepEqual(overflow, [], 'no horizontal overflow');
  });
});
