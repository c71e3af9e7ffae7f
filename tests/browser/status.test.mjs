// The request's life after the form, on the real local stack (`serve`: the built site plus the
// intake Lambda's handler, embedded file store and .eml outbox) driven by Debian's Chromium:
// the status link on the received page, the status page (HTML and JSON, the same 404 for an
// unknown and a malformed id, no personal data, its headers and language links), the links in
// the acknowledgement e-mail, the one-time confirmation link (confirmed, already confirmed,
// forged, another request's token) and what it changes in the journal, the operator notice,
// axe-core and 390 px on the new pages, and Meta's data-deletion callback.
//
//   node --test tests/browser/status.test.mjs     # after tests/browser/install.sh
//
// BROWSER_TEST_KEEP=1 keeps serve's data directory (store, outbox, built site).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import path from 'node:path';
import { AXE_PATH, LOCALES, REPO, formatAxe, launchBrowser, runAxe } from './lib.mjs';
import {
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
const RUN = Date.now().toString(36);
/** Personal data that must never show on a status page. */
const PEOPLE = {
  kk: { name: 'Айгерім Күйбасарова', phone: '+7 (701) 555-12-34', details: 'Қосымшадағы менің есептік жазбамды жойыңыз, тексеру KZ-7781.' },
  ru: { name: 'Анна Статусова', phone: '+7 (702) 444-56-78', details: 'Прошу удалить мою учётную запись в приложении, проверка RU-5523.' },
  en: { name: 'Jane Statusworth', phone: '+7 (705) 333-90-12', details: 'Please delete my account in the app, check EN-3319.' },
};
const FIELDS = ['reference', 'type', 'received', 'deadline', 'status', 'confirmed', 'last-change', 'policy'];
/** The policy version the function compiles in (and each request records). */
const POLICY_VERSION = /^version = "([^"]+)"$/m.exec(fs.readFileSync(path.join(REPO, 'content', 'page-digests.toml'), 'utf8'))[1];
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
/**
 * A signed request as Meta makes one (base64url(HMAC-SHA256(payload part)) "." payload part),
 * with serve's local default app secret (`key`, that of Meta's published test vector), issued
 * now: the callback refuses one older than an hour (issue 14), and the vector is from 2021.
 */
function metaSigned(payload) {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const sig = crypto.createHmac('sha256', 'key').update(body).digest('base64url');
  return `${sig}.${body}`;
}
const SIGNED_REQUEST = metaSigned({ user_id: '0', algorithm: 'HMAC-SHA256', issued_at: Math.floor(Date.now() / 1000) });

/** A catalogue message with its placeables cut off: the literal text before the first `{`. */
const ftlPrefix = (locale, file, key) => ftlText(locale, file, key).split('{')[0].trim();

/** The few entities tera's HTML escaping writes. */
function decodeEntities(s) {
  const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return s.replace(/&(#[xX][0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e) => {
    if (e[0] !== '#') return named[e];
    return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describe('request status page, confirmation link and Meta callback on serve', { timeout: 10 * 60_000 }, () => {
  let serve;
  let browser;
  let mailCounter = 0;
  const timings = {};
  const contexts = [];
  /** locale -> promise of the request submitted in that language (see submitted()). */
  const requests = new Map();

  const url = (p) => `${serve.origin}${p}`;
  const freshEmail = (label) => `status-${RUN}-${++mailCounter}-${label}@example.kz`;
  const journalLines = () => readJournal(serve.journal).length;

  /** A page in a new context (closed after the test). `axe`: axe-core preloaded despite the CSP. */
  async function openPage({ js = true, width = 1280, locale, axe = false } = {}) {
    const options = { viewport: { width, height: 900 }, javaScriptEnabled: js };
    if (locale) options.locale = locale;
    const context = await browser.newContext(options);
    contexts.push(context);
    // The status pages forbid every script (default-src 'none'); an init script is not subject
    // to the page's CSP, so axe is there before runAxe looks for it, and the page keeps its
    // real CSP (no bypassCSP, which would also let blocked styles apply).
    if (axe) await context.addInitScript({ path: AXE_PATH });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e}`));
    // Console errors, such as a style or script the CSP refuses; Chromium also logs every
    // non-2xx main document ("Failed to load resource"), which the tests expect and check.
    page.on('console', (m) => {
      if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of [45]\d\d\b/.test(m.text())) {
        problems.push(`console error: ${m.text()}`);
      }
    });
    return { context, page, problems };
  }

  /** GET with node's fetch; the body as text and as bytes. */
  async function get(p, headers = {}) {
    const r = await fetch(url(p), { headers, redirect: 'manual' });
    const bytes = Buffer.from(await r.arrayBuffer());
    return { status: r.status, headers: r.headers, bytes, text: bytes.toString('utf8') };
  }

  async function statusJson(id) {
    const r = await get(`/requests/${id}`, { Accept: 'application/json' });
    assert.equal(r.status, 200, `GET /requests/${id} (JSON): ${r.text}`);
    assert.match(r.headers.get('content-type') || '', /^application\/json/);
    return JSON.parse(r.text);
  }

  /**
   * Submits the form without JavaScript in `locale` (303 to the received page) and returns
   * the request: { locale, id, deadline, receivedUrl, email, name, phone, details, record,
   * ack, notice, statusUrl, confirmUrl, token }. Memoized per locale: the tests share one
   * request per language.
   */
  function submitted(locale) {
    if (!requests.has(locale)) requests.set(locale, submit(locale));
    return requests.get(locale);
  }

  async function submit(locale) {
    const person = PEOPLE[locale];
    const email = freshEmail(locale);
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(url(`/${locale}/data-deletion/`));
      await page.check('#type-deletion');
      await page.fill('#f-name', person.name);
      await page.fill('#f-email', email);
      await page.fill('#f-phone', person.phone);
      await page.fill('#f-details', person.details);
      await page.check('#f-confirm');
      // Without JavaScript the form post lands on the request's status page, "received".
      const landing = new RegExp(`^${escapeRe(serve.origin)}/requests/(ip-[0-9a-f]{32})\\?lang=${locale}&received=sent$`);
      await Promise.all([page.waitForURL(landing, { timeout: 20_000 }), page.click('#request-form button[type=submit]')]);
      const id = landing.exec(page.url())[1];
      assert.equal(await page.locator('[data-received]').isVisible(), true, 'the "received" notice on the status page');

      const record = await waitFor(() => journalRecords(serve.journal).find((r) => r.id === id), {
        message: `request ${id} is not in the journal ${serve.journal}`,
      });
      const deadline = record.deadline;
      // The site's received page (links from before) with the number and deadline in its URL.
      const receivedUrl = `${serve.origin}/${locale}/data-deletion/received/?id=${id}&deadline=${deadline}`;
      const mails = await waitFor(
        () => {
          const all = readOutbox(serve.outbox);
          const ack = all.filter((m) => m.to.includes(email));
          const notice = all.filter((m) => m.to.includes(OPERATOR) && m.replyTo.includes(email));
          return ack.length && notice.length ? { ack, notice } : null;
        },
        { message: `the outbox ${serve.outbox} lacks the acknowledgement or the notice for ${email}` },
      );
      assert.equal(mails.ack.length, 1, `one acknowledgement to ${email}`);
      assert.equal(mails.notice.length, 1, `one operator notice for ${email}`);
      const [ack] = mails.ack;
      const [notice] = mails.notice;
      const statusUrl = `${serve.origin}/requests/${id}?lang=${locale}`;
      const confirmRe = new RegExp(`${escapeRe(serve.origin)}/requests/${id}/confirm\\?token=([A-Za-z0-9_-]+)`);
      const m = confirmRe.exec(ack.text || '');
      return {
        locale,
        id,
        deadline,
        receivedUrl,
        email,
        ...person,
        record,
        ack,
        notice,
        statusUrl,
        confirmUrl: m ? m[0] : null,
        token: m ? m[1] : null,
      };
    } finally {
      await context.close();
    }
  }

  /** The request's confirmation link from its acknowledgement (fails when there is none). */
  async function confirmLink(locale) {
    const req = await submitted(locale);
    assert.ok(req.confirmUrl, `the acknowledgement ${req.ack.file} has a confirmation link:\n${req.ack.text}`);
    assert.match(req.token, TOKEN, 'the token is 43 URL-safe base64 characters');
    return req;
  }

  /** The status page's fields, its data-* attributes and its language links. */
  async function readStatusPage(page) {
    const dl = page.locator('dl.status');
    assert.equal(await dl.count(), 1, 'one dl.status');
    const fields = {};
    for (const f of FIELDS) {
      const dd = page.locator(`dl.status dd[data-field="${f}"]`);
      assert.equal(await dd.count(), 1, `one dd[data-field=${f}]`);
      fields[f] = squash(await dd.innerText());
    }
    const langs = await page.$$eval('a[hreflang]', (as) =>
      as.map((a) => ({ hreflang: a.getAttribute('hreflang'), href: a.getAttribute('href'), current: a.getAttribute('aria-current') })),
    );
    return {
      lang: await page.getAttribute('html', 'lang'),
      status: await dl.getAttribute('data-status'),
      confirmed: await dl.getAttribute('data-confirmed'),
      policyHref: await page.getAttribute('dd[data-field="policy"] a[data-policy-link]', 'href'),
      fields,
      langs,
    };
  }

  /** The status page as the request shows it before confirmation, in `lang`. */
  function assertUnconfirmedPage(s, req, lang) {
    assert.equal(s.lang, lang, '<html lang>');
    assert.equal(s.status, 'received', 'data-status');
    assert.equal(s.confirmed, 'false', 'data-confirmed');
    assert.equal(s.fields.reference, `${req.record.reference.slice(0, 4)}-${req.record.reference.slice(4)}`, 'the short reference, grouped');
    assert.equal(s.fields.type, ftlText(lang, 'common', 'request-type-deletion'), 'type field');
    assert.equal(s.fields.received, longDate(lang, req.record.receipt_date), 'received field');
    assert.equal(s.fields.deadline, longDate(lang, req.deadline), 'deadline field');
    assert.equal(s.fields.status, ftlText(lang, 'intake', 'status-value-received'), 'status field');
    assert.equal(s.fields.confirmed, ftlText(lang, 'intake', 'status-confirmed-no'), 'confirmed field');
    assert.ok(
      s.fields['last-change'].endsWith(`: ${ftlText(lang, 'intake', 'status-value-received')}`),
      `last change is the receipt: ${s.fields['last-change']}`,
    );
    assert.equal(s.fields.policy, ftlText(lang, 'intake', 'status-policy-value').replace('{ $version }', POLICY_VERSION), 'policy field');
    assert.equal(s.policyHref, `${serve.origin}/${lang}/privacy/v${POLICY_VERSION}/`, 'the link to the version\'s permanent page');
    assertLanguageLinks(s.langs, lang);
  }

  function assertLanguageLinks(langs, current) {
    assert.deepEqual(
      langs.map((l) => l.hreflang).sort(),
      [...LOCALES].sort(),
      `one language link per locale: ${JSON.stringify(langs)}`,
    );
    for (const l of langs) {
      // The same page in that language (its other parameters kept), as the site's switcher.
      assert.match(l.href, new RegExp(`^\\?(.*&)?lang=${l.hreflang}$`), `href of the ${l.hreflang} link`);
      assert.equal(l.current, l.hreflang === current ? 'true' : null, `aria-current of the ${l.hreflang} link`);
    }
  }

  /** Neither the page's markup nor its text has the requester's name, e-mail, phone or details. */
  function assertNoPersonalData(label, html, req) {
    const digits = req.phone.replace(/\D/g, '');
    const leaks = [
      ['name', req.name],
      ['e-mail', req.email],
      ['e-mail local part', req.email.split('@')[0]],
      ['phone', req.phone],
      ['phone digits', digits],
      ['details', req.details],
      ['details (start)', req.details.slice(0, 20)],
    ].filter(([, v]) => html.includes(v));
    assert.deepEqual(
      leaks.map(([k]) => k),
      [],
      `${label} shows personal data: ${leaks.map(([k, v]) => `${k} «${v}»`).join(', ')}`,
    );
  }

  function assertPageHeaders(label, headers, { form = false } = {}) {
    assert.equal(headers.get('cache-control'), 'no-store', `${label}: cache-control`);
    // The page with the confirmation button: strict-origin, so that its form POST carries the
    // site's Origin (under no-referrer browsers send "Origin: null"); never the path.
    assert.equal(headers.get('referrer-policy'), form ? 'strict-origin' : 'no-referrer', `${label}: referrer-policy`);
    const csp = headers.get('content-security-policy') || '';
    assert.match(csp, /(^|;)\s*default-src 'none'\s*(;|$)/, `${label}: content-security-policy «${csp}»`);
    assert.match(csp, form ? /form-action 'self'/ : /form-action 'none'/, `${label}: form-action «${csp}»`);
  }

  /**
   * Opens the confirmation link as the requester does, from the e-mail: the page shows one
   * button and changes nothing (no journal line); returns the page's response. The caller
   * clicks the button.
   */
  async function openConfirmationPage(page, req, lang) {
    const lines = journalLines();
    const response = await page.goto(req.confirmUrl);
    assert.equal(response.status(), 200, `GET ${req.confirmUrl}`);
    assertPageHeaders('confirmation page (button)', await response.allHeaders().then((h) => new Headers(h)), { form: true });
    assert.equal(await page.locator('.outcome').getAttribute('data-outcome'), 'pending', 'the link shows the button first');
    assert.equal(await page.getAttribute('html', 'lang'), lang, `the button page is in ${lang}`);
    assert.equal(squash(await page.locator('.outcome h1').innerText()), ftlText(lang, 'intake', 'confirm-title-pending'));
    const button = page.locator('form[data-confirm-form] button[type=submit]');
    assert.equal(await button.count(), 1, 'one button');
    assert.equal(squash(await button.innerText()), ftlText(lang, 'intake', 'confirm-button'));
    assert.equal(await page.getAttribute('form[data-confirm-form]', 'method'), 'post');
    assertNoPersonalData('confirmation page (button)', await page.content(), req);
    assert.equal(journalLines(), lines, 'opening the link changes nothing');
    assert.equal((await statusJson(req.id)).confirmed, false, 'opening the link does not confirm');
    return response;
  }

  /** Clicks the confirmation button; returns the POST's response. */
  async function pressConfirm(page) {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/confirm')),
      page.locator('form[data-confirm-form] button[type=submit]').click(),
    ]);
    await page.waitForURL((u) => u.pathname.endsWith('/confirm') && !u.searchParams.has('token'));
    return response;
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
  });

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
    console.log(`status timings: ${parts.join(', ')}`);
  });

  for (const locale of LOCALES) {
    test(`${locale}: the received page links to the status page, which shows the request in ${locale}`, async () => {
      const req = await submitted(locale);
      const { page, problems } = await openPage();
      await page.goto(req.receivedUrl);
      await page.waitForSelector('p[data-receipt-status]:not([hidden])');
      const link = page.locator('p[data-receipt-status] a[data-receipt-status-link]');
      assert.equal(await link.count(), 1, 'a[data-receipt-status-link] inside p[data-receipt-status]');
      assert.equal(await link.isVisible(), true, 'the status link shows with JavaScript');
      assert.equal(await link.getAttribute('href'), `/requests/${req.id}?lang=${locale}`, 'href of the status link');
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().isNavigationRequest() && new URL(r.url()).pathname.startsWith('/requests/')),
        link.click(),
      ]);
      assert.equal(response.url(), req.statusUrl, 'the link leads to the status page');
      assert.equal(response.status(), 200, 'the status page answers 200');
      await page.waitForURL(req.statusUrl);
      assertUnconfirmedPage(await readStatusPage(page), req, locale);
      assert.equal(squash(await page.locator('h1').innerText()), squash(ftlText(locale, 'intake', 'status-page-title').replace('{ $id }', req.id)));
      assertNoPersonalData(`/requests/${req.id}?lang=${locale} (markup)`, await page.content(), req);
      assertNoPersonalData(`/requests/${req.id}?lang=${locale} (text)`, await page.locator('body').innerText(), req);
      // The policy version's permanent page opens from the status page, in the same language.
      await Promise.all([page.waitForURL(`${serve.origin}/${locale}/privacy/v${POLICY_VERSION}/`), page.locator('a[data-policy-link]').click()]);
      assert.equal(await page.getAttribute('html', 'lang'), locale, 'the permanent page is in the request\'s language');
      assert.deepEqual(problems, [], 'no page errors, no console errors (CSP)');
    });
  }

  test('the status page: headers, no personal data in the served bytes, language links switch the language', async () => {
    const req = await submitted('ru');
    for (const lang of LOCALES) {
      const r = await get(`/requests/${req.id}?lang=${lang}`, { Accept: 'text/html' });
      assert.equal(r.status, 200, `GET /requests/${req.id}?lang=${lang}`);
      assert.match(r.headers.get('content-type') || '', /^text\/html/);
      // An unconfirmed request's page has the button "send the confirmation e-mail again"
      // (issue 15): the confirmation form's policies then, else the strict ones.
      assertPageHeaders(`GET /requests/${req.id}?lang=${lang}`, r.headers, { form: r.text.includes('data-resend-form') });
      assert.match(r.text, new RegExp(`<html lang="${lang}"`), `served in ${lang}`);
      assertNoPersonalData(`GET /requests/${req.id}?lang=${lang}`, r.text, req);
    }
    // Without ?lang the language chosen on the form wins over the browser's (here Kazakh).
    const kk = await openPage({ locale: 'kk-KZ' });
    await kk.page.goto(url(`/requests/${req.id}`));
    assert.equal(await kk.page.getAttribute('html', 'lang'), 'ru', 'the request\'s language without ?lang');

    const { page } = await openPage();
    await page.goto(req.statusUrl);
    for (const target of ['kk', 'en', 'ru']) {
      await Promise.all([
        page.waitForURL(`${serve.origin}/requests/${req.id}?lang=${target}`),
        page.click(`a[hreflang="${target}"]`),
      ]);
      const s = await readStatusPage(page);
      // The request itself is Russian; only the page's language changes.
      assertUnconfirmedPage(s, req, target);
    }
  });

  test('JSON status: the documented fields, no personal data, no-store', async () => {
    const req = await submitted('en');
    const r = await get(`/requests/${req.id}`, { Accept: 'application/json' });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') || '', /^application\/json/);
    assert.equal(r.headers.get('cache-control'), 'no-store', 'JSON cache-control');
    const body = JSON.parse(r.text);
    assert.deepEqual(
      Object.keys(body).sort(),
      ['confirmed', 'deadline', 'id', 'last_change', 'policy_url', 'policy_version', 'received_at', 'reference', 'status', 'type'],
      `JSON keys: ${r.text}`,
    );
    assert.equal(body.id, req.id);
    assert.equal(body.type, 'deletion');
    assert.equal(body.received_at, req.record.received_at);
    assert.equal(body.deadline, req.deadline);
    assert.equal(body.status, 'received');
    assert.equal(body.confirmed, false);
    assert.equal(body.policy_version, POLICY_VERSION);
    assert.equal(body.policy_url, `${serve.origin}/en/privacy/v${POLICY_VERSION}/`);
    assert.equal((await get(new URL(body.policy_url).pathname)).status, 200, 'the permanent page exists');
    assert.deepEqual(Object.keys(body.last_change || {}).sort(), ['at', 'by', 'status'], 'last_change keys');
    assert.equal(body.last_change.status, 'received');
    assert.equal(typeof body.last_change.by, 'string');
    assert.equal(body.last_change.at, req.record.received_at, 'the last change is the receipt');
    assertNoPersonalData(`GET /requests/${req.id} (JSON)`, r.text, req);
  });

  test('an unknown id and a malformed id get the same 404, byte for byte', async () => {
    const unknown = `ip-${crypto.randomBytes(16).toString('hex')}`;
    const paths = [`/requests/${unknown}`, '/requests/nope'];
    for (const accept of ['text/html', 'application/json']) {
      const [a, b] = await Promise.all(paths.map((p) => get(p, { Accept: accept, 'Accept-Language': 'ru' })));
      assert.equal(a.status, 404, `${paths[0]} (${accept})`);
      assert.equal(b.status, 404, `${paths[1]} (${accept})`);
      assert.equal(a.headers.get('cache-control'), 'no-store', `${paths[0]} (${accept}): cache-control`);
      assert.ok(a.bytes.equals(b.bytes), `${accept} bodies differ:\n${a.text}\n---\n${b.text}`);
      assert.equal(a.headers.get('content-type'), b.headers.get('content-type'), `${accept}: content types`);
      if (accept === 'text/html') {
        assertPageHeaders(`${paths[0]} (404)`, a.headers);
        assertPageHeaders(`${paths[1]} (404)`, b.headers);
      }
    }
    // And in the browser, in its own language.
    const { page } = await openPage({ locale: 'en-US' });
    const bodies = [];
    for (const p of paths) {
      const response = await page.goto(url(p));
      assert.equal(response.status(), 404, `${p} in the browser`);
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      assert.equal(await page.locator('dl.status').count(), 0, 'no status on the 404 page');
      bodies.push(await response.body());
    }
    assert.ok(bodies[0].equals(bodies[1]), `the browser got different 404 pages:\n${bodies[0]}\n---\n${bodies[1]}`);
  });

  for (const locale of LOCALES) {
    test(`${locale}: the acknowledgement has the status and confirmation links (text and HTML); the notice says not confirmed`, async () => {
      const req = await submitted(locale);
      const { ack, notice } = req;
      const text = ack.text || '';
      const html = decodeEntities(ack.html || '');
      const confirmRe = new RegExp(`${escapeRe(serve.origin)}/requests/${req.id}/confirm\\?token=([A-Za-z0-9_-]*)`);
      const links = {};
      for (const [part, body] of [
        ['text', text],
        ['html', html],
      ]) {
        assert.ok(body.includes(req.statusUrl), `acknowledgement ${ack.file} (${part}) has the status link ${req.statusUrl}:\n${body}`);
        // The status URL is followed by something other than more query.
        const after = body.slice(body.indexOf(req.statusUrl) + req.statusUrl.length)[0] || '';
        assert.doesNotMatch(after, /[A-Za-z0-9&=_-]/, `(${part}) the status link ends after ?lang=${locale}`);
        // The policy version in force at receipt, with its permanent page.
        const policyLine = ftlText(locale, 'intake', 'ack-policy').replace('{ $version }', POLICY_VERSION);
        const policyUrl = `${serve.origin}/${locale}/privacy/v${POLICY_VERSION}/`;
        assert.ok(body.includes(policyLine), `acknowledgement ${ack.file} (${part}) names the policy version: «${policyLine}»:\n${body}`);
        assert.ok(body.slice(body.indexOf(policyLine)).includes(policyUrl), `(${part}) links to ${policyUrl}`);
        const m = confirmRe.exec(body);
        assert.ok(m, `acknowledgement ${ack.file} (${part}) has a confirmation link ${serve.origin}/requests/${req.id}/confirm?token=…:\n${body}`);
        assert.match(m[1], TOKEN, `(${part}) token «${m[1]}» is 43 URL-safe base64 characters`);
        links[part] = m[1];
      }
      assert.equal(links.text, links.html, 'the same token in both parts');
      // The HTML part links them (not only shows them).
      const hrefs = [...(ack.html || '').matchAll(/href="([^"]*)"/g)].map((h) => decodeEntities(h[1]));
      assert.ok(hrefs.includes(req.statusUrl), `an <a href> to the status page: ${hrefs.join(' ')}`);
      assert.ok(hrefs.includes(req.confirmUrl), `an <a href> to the confirmation link: ${hrefs.join(' ')}`);

      // The operator works in Russian: «Подтверждён заявителем: Пока нет (…)».
      const label = ftlText('ru', 'intake', 'notice-confirmed');
      const notYet = ftlPrefix('ru', 'intake', 'notice-confirmed-not-yet');
      for (const [part, body] of [
        ['text', squash(notice.text)],
        ['html', squash(decodeEntities((notice.html || '').replace(/<[^>]+>/g, ' ')))],
      ]) {
        const i = body.indexOf(label);
        assert.ok(i >= 0, `operator notice ${notice.file} (${part}) has «${label}»:\n${body}`);
        assert.ok(
          body.slice(i + label.length, i + label.length + notYet.length + 4).includes(notYet),
          `operator notice ${notice.file} (${part}): «${label}» is followed by «${notYet}…»:\n${body}`,
        );
        assert.ok(!body.includes(req.token), `operator notice (${part}) does not carry the requester's token`);
      }
    });
  }

  test('ru: the confirmation link shows a button (nothing changes); its POST confirms once; again is 409; a forged token is 400; nothing else changes', async () => {
    const req = await confirmLink('ru');
    const { page, problems } = await openPage({ locale: 'ru-RU', axe: true });
    const beforeLines = journalLines();
    const beforeMails = outboxFiles(serve.outbox).length;

    await openConfirmationPage(page, req, 'ru');
    const axeButton = await runAxe(page);
    assert.equal(axeButton.length, 0, `axe on the confirmation button page:\n${formatAxe('pending (ru)', axeButton)}`);
    const response = await pressConfirm(page);
    assert.equal(response.status(), 200, 'POST of the button');
    assert.equal(response.request().postData(), `token=${req.token}`, 'the button posts the token');
    assert.equal(response.request().headers().origin, serve.origin, 'the POST carries the site origin');
    assertPageHeaders('confirmation page', await response.allHeaders().then((h) => new Headers(h)));
    assert.equal(await page.locator('.outcome').getAttribute('data-outcome'), 'confirmed', '.outcome[data-outcome]');
    assert.equal(await page.getAttribute('html', 'lang'), 'ru', 'the confirmation page is in Russian');
    assert.equal(squash(await page.locator('.outcome h1').innerText()), ftlText('ru', 'intake', 'confirm-title-confirmed'));
    const outcomeText = squash(await page.locator('.outcome').innerText());
    // The request's short reference (issue 15), not the id.
    const number = `${req.record.reference.slice(0, 4)}-${req.record.reference.slice(4)}`;
    assert.ok(outcomeText.includes(number), `the page names ${number}: ${outcomeText}`);
    assert.ok(outcomeText.includes(longDate('ru', req.deadline)), `the page has the deadline: ${outcomeText}`);
    assertNoPersonalData('confirmation page', await page.content(), req);
    const statusLink = page.locator('a[data-status-link]');
    assert.equal(await statusLink.count(), 1, 'a[data-status-link]');
    assert.equal(await statusLink.getAttribute('href'), `/requests/${req.id}?lang=ru`);
    const axeConfirmed = await runAxe(page);
    assert.equal(axeConfirmed.length, 0, `axe on the confirmation page:\n${formatAxe('confirmed (ru)', axeConfirmed)}`);

    // The journal: one new line, the request with confirmed_at; no new e-mail.
    const confirmedEvent = await waitFor(
      () => readJournal(serve.journal).find((e) => e.record?.id === req.id && e.record?.confirmed_at),
      { message: `no journal entry of ${req.id} with confirmed_at` },
    );
    assert.equal(confirmedEvent.event, 'updated', 'the confirmation is an update of the request');
    assert.equal(journalLines(), beforeLines + 1, 'one journal line for the confirmation');
    assert.equal(outboxFiles(serve.outbox).length, beforeMails, 'no e-mail for the confirmation');

    await Promise.all([page.waitForURL(req.statusUrl), statusLink.click()]);
    const s = await readStatusPage(page);
    assert.equal(s.lang, 'ru');
    assert.equal(s.status, 'received', 'the status does not change on confirmation');
    assert.equal(s.confirmed, 'true', 'data-confirmed after the confirmation');
    assert.ok(
      s.fields.confirmed.startsWith(ftlPrefix('ru', 'intake', 'status-confirmed-yes')),
      `confirmed field: ${s.fields.confirmed}`,
    );
    assert.ok(
      s.fields['last-change'].endsWith(`: ${ftlText('ru', 'intake', 'status-value-confirmed')}`),
      `last change is the confirmation: ${s.fields['last-change']}`,
    );
    const axeStatus = await runAxe(page);
    assert.equal(axeStatus.length, 0, `axe on the confirmed status page:\n${formatAxe('status (ru, confirmed)', axeStatus)}`);
    const json = await statusJson(req.id);
    assert.equal(json.confirmed, true, 'JSON confirmed');
    assert.equal(json.status, 'received', 'JSON status');
    assert.equal(json.last_change?.status, 'confirmed', `JSON last_change: ${JSON.stringify(json.last_change)}`);
    assert.equal(json.last_change?.by, 'requester', 'JSON last_change.by');
    assert.equal(json.last_change?.at, confirmedEvent.record.confirmed_at, 'JSON last_change.at is confirmed_at');

    // The same link again: 409, already confirmed, nothing changes.
    const lines = journalLines();
    const again = await page.goto(req.confirmUrl);
    assert.equal(again.status(), 409, 'the same link again');
    assert.equal(await page.locator('.outcome').getAttribute('data-outcome'), 'already_confirmed');
    assert.equal(await page.getAttribute('html', 'lang'), 'ru');
    assert.equal(await page.getAttribute('a[data-status-link]', 'href'), `/requests/${req.id}?lang=ru`);
    const axeAgain = await runAxe(page);
    assert.equal(axeAgain.length, 0, `axe on the already-confirmed page:\n${formatAxe('already_confirmed (ru)', axeAgain)}`);
    assert.equal(journalLines(), lines, 'the journal is unchanged by a second confirmation');
    assert.deepEqual(await statusJson(req.id), json, 'the status is unchanged by a second confirmation');

    // A forged token for the same id: 400, invalid, nothing changes.
    let forged;
    do forged = crypto.randomBytes(32).toString('base64url');
    while (forged === req.token);
    assert.match(forged, TOKEN);
    const bad = await page.goto(url(`/requests/${req.id}/confirm?token=${forged}`));
    assert.equal(bad.status(), 400, 'a forged token');
    assert.equal(await page.locator('.outcome').getAttribute('data-outcome'), 'invalid');
    const axeInvalid = await runAxe(page);
    assert.equal(axeInvalid.length, 0, `axe on the invalid-link page:\n${formatAxe('invalid (ru)', axeInvalid)}`);
    assertNoPersonalData('invalid-link page', await page.content(), req);
    assert.equal(journalLines(), lines, 'the journal is unchanged by a forged token');
    assert.deepEqual(await statusJson(req.id), json, 'the status is unchanged by a forged token');
    assert.equal(outboxFiles(serve.outbox).length, beforeMails, 'no e-mail for any of it');
    assert.deepEqual(problems, [], 'no page errors, no console errors (CSP)');
  });

  test("another request's token does not confirm a request (400 invalid, nothing changes)", async () => {
    const kk = await confirmLink('kk');
    const en = await confirmLink('en');
    const beforeKk = await statusJson(kk.id);
    const beforeEn = await statusJson(en.id);
    const lines = journalLines();
    const { page } = await openPage();
    for (const [id, token, label] of [
      [kk.id, en.token, "en's token on kk's id"],
      [en.id, kk.token, "kk's token on en's id"],
    ]) {
      const r = await page.goto(url(`/requests/${id}/confirm?token=${token}`));
      assert.equal(r.status(), 400, label);
      assert.equal(await page.locator('.outcome').getAttribute('data-outcome'), 'invalid', label);
      assert.equal(await page.locator('a[data-status-link]').count(), 0, `${label}: no link to a request's status`);
    }
    // Malformed: a short token, and an unknown id with a well-formed token.
    for (const p of [`/requests/${kk.id}/confirm?token=short`, `/requests/ip-${crypto.randomBytes(16).toString('hex')}/confirm?token=${kk.token}`]) {
      const r = await page.goto(url(p));
      assert.equal(r.status(), 400, p);
      assert.equal(await page.locator('.outcome').getAttribute('data-outcome'), 'invalid', p);
    }
    assert.equal(journalLines(), lines, 'the journal is unchanged');
    assert.deepEqual(await statusJson(kk.id), beforeKk, 'kk request unchanged');
    assert.deepEqual(await statusJson(en.id), beforeEn, 'en request unchanged');
    assert.equal(beforeKk.confirmed, false);
  });

  test("kk: the confirmation page is in the request's language even in a browser that prefers English", async () => {
    const req = await confirmLink('kk');
    const { page, problems } = await openPage({ locale: 'en-US', axe: true });
    const lines = journalLines();
    await openConfirmationPage(page, req, 'kk');
    const response = await pressConfirm(page);
    assert.equal(response.status(), 200, 'POST of the button');
    assert.equal(await page.locator('.outcome').getAttribute('data-outcome'), 'confirmed');
    assert.equal(journalLines(), lines + 1, 'one journal line for the confirmation');
    const json = await statusJson(req.id);
    assert.equal(json.confirmed, true);
    assert.equal(json.last_change?.status, 'confirmed');
    assert.equal(json.last_change?.by, 'requester');
    const violations = await runAxe(page);
    assert.equal(violations.length, 0, `axe on the confirmation page:\n${formatAxe(`confirmed (${await page.getAttribute('html', 'lang')})`, violations)}`);
    assert.deepEqual(problems, []);
    const lang = await page.getAttribute('html', 'lang');
    const statusHref = await page.getAttribute('a[data-status-link]', 'href');
    // The contract: the confirmation page speaks the request's language (kk), whatever the
    // browser's Accept-Language (here en-US); the confirmation link carries no ?lang.
    assert.equal(
      lang,
      'kk',
      `the confirmation page of a kk request, opened from its e-mail in a browser sending Accept-Language en-US, is in «${lang}» (status link ${statusHref}); expected kk`,
    );
    assert.equal(squash(await page.locator('.outcome h1').innerText()), ftlText('kk', 'intake', 'confirm-title-confirmed'));
    assert.equal(statusHref, `/requests/${req.id}?lang=kk`);
  });

  test('en: without JavaScript, opening the link (again and again, and HEAD) changes nothing; the button confirms', async () => {
    const req = await confirmLink('en');
    const { page, problems } = await openPage({ js: false, locale: 'en-GB' });
    const lines = journalLines();
    // What a mail scanner does: open the link, several times, and HEAD it.
    for (let i = 0; i < 3; i++) await openConfirmationPage(page, req, 'en');
    for (let i = 0; i < 3; i++) {
      const head = await fetch(req.confirmUrl, { method: 'HEAD' });
      assert.equal(head.status, 200, 'HEAD of the link');
    }
    assert.equal(journalLines(), lines, 'GETs and HEADs wrote nothing');
    assert.equal((await statusJson(req.id)).confirmed, false, 'still unconfirmed');
    const response = await pressConfirm(page);
    assert.equal(response.status(), 200, 'POST of the button without JavaScript');
    assert.equal(await page.locator('.outcome').getAttribute('data-outcome'), 'confirmed');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(squash(await page.locator('.outcome h1').innerText()), ftlText('en', 'intake', 'confirm-title-confirmed'));
    assert.equal(journalLines(), lines + 1, 'one journal line for the confirmation');
    assert.equal((await statusJson(req.id)).confirmed, true);
    assert.deepEqual(problems, []);
  });

  test('axe-core (WCAG 2.1 A/AA) on the status page in kk, ru and en, the 404 page and an invalid-link page; no horizontal scrolling at 390 px', async () => {
    const failures = [];
    const overflow = [];
    const req = await submitted('en');
    const pages = [
      ...LOCALES.map((l) => ({ path: `/requests/${req.id}?lang=${l}`, label: `status (${l})`, status: 200 })),
      { path: `/requests/ip-${'0'.repeat(32)}?lang=kk`, label: '404 (kk)', status: 404 },
      { path: `/requests/${req.id}/confirm?token=${'A'.repeat(43)}&lang=kk`, label: 'invalid confirmation (kk)', status: 400 },
    ];
    for (const width of [390, 1280]) {
      const { page, problems } = await openPage({ width, axe: true });
      for (const p of pages) {
        const response = await page.goto(url(p.path));
        assert.equal(response.status(), p.status, p.path);
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
        if (scroll > width) overflow.push(`${p.label} at ${width}px: scrollWidth ${scroll}`);
        if (width === 390) {
          const v = await runAxe(page);
          if (v.length) failures.push(formatAxe(p.label, v));
        }
      }
      assert.deepEqual(problems, [], `no page errors, no console errors (CSP) at ${width}px`);
    }
    assert.equal(failures.length, 0, `axe violations:\n${failures.join('\n')}`);
    assert.deepEqual(overflow, [], 'no horizontal scrolling');
  });

  test('Meta callback: signed request -> status URL and confirmation code; same again -> same code; tampered -> 400', async () => {
    const post = (signed) =>
      fetch(url('/meta/data-deletion'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ signed_request: signed }).toString(),
      });
    const records = journalRecords(serve.journal).length;
    const r = await post(SIGNED_REQUEST);
    const text = await r.text();
    assert.equal(r.status, 200, `POST /meta/data-deletion: ${text}`);
    assert.match(r.headers.get('content-type') || '', /^application\/json/);
    const body = JSON.parse(text);
    assert.deepEqual(Object.keys(body).sort(), ['confirmation_code', 'url'], `Meta answer: ${text}`);
    assert.match(body.confirmation_code, /^ip-[0-9a-f]{32}$/, 'confirmation_code');
    assert.equal(body.url, `${serve.origin}/requests/${body.confirmation_code}`, 'url is the status page');
    const record = journalRecords(serve.journal).find((x) => x.id === body.confirmation_code);
    assert.ok(record, `${body.confirmation_code} is stored`);
    assert.equal(record.type, 'meta_deletion');
    assert.equal(journalRecords(serve.journal).length, records + 1, 'one request');

    const { page, problems } = await openPage({ locale: 'ru-RU' });
    const response = await page.goto(body.url);
    assert.equal(response.status(), 200, `GET ${body.url}`);
    const lang = await page.getAttribute('html', 'lang');
    assert.equal(lang, 'ru', 'in the browser language (no ?lang)');
    const dl = page.locator('dl.status');
    assert.equal(await dl.getAttribute('data-status'), 'received');
    // Meta's requests have no short reference: the number shown is the confirmation code.
    assert.equal(squash(await page.locator('dd[data-field="reference"]').innerText()), body.confirmation_code);
    assert.equal(squash(await page.locator('dd[data-field="type"]').innerText()), ftlText(lang, 'common', 'request-type-meta_deletion'));
    assert.equal(
      squash(await page.locator('dd[data-field="confirmed"]').innerText()),
      ftlText(lang, 'intake', 'status-confirmed-not-applicable'),
      'the confirmed field says it is not needed',
    );
    assert.deepEqual(problems, []);

    const again = await post(SIGNED_REQUEST);
    assert.equal(again.status, 200, 'the same signed request again');
    const againBody = await again.json();
    assert.equal(againBody.confirmation_code, body.confirmation_code, 'the same confirmation code');
    assert.equal(againBody.url, body.url, 'the same url');
    assert.equal(journalRecords(serve.journal).length, records + 1, 'no second request');

    const lines = journalLines();
    const [sig, payload] = SIGNED_REQUEST.split('.');
    const tamperedSig = `${sig[0] === 'M' ? 'N' : 'M'}${sig.slice(1)}.${payload}`;
    const tamperedPayload = `${sig}.${Buffer.from(JSON.stringify({ user_id: '1', algorithm: 'HMAC-SHA256', issued_at: Math.floor(Date.now() / 1000) })).toString('base64url')}`;
    for (const [label, signed] of [
      ['tampered signature', tamperedSig],
      ['tampered payload', tamperedPayload],
    ]) {
      const bad = await post(signed);
      assert.equal(bad.status, 400, `${label}: ${await bad.text()}`);
    }
    assert.equal(journalLines(), lines, 'nothing stored for a tampered request');
  });
});
