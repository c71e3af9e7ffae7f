// Browser tests of the built site: `node --test tests/browser/` (after tests/browser/install.sh).
// Builds the site, serves it on 127.0.0.1, and checks it in Debian's Chromium: HTML validity
// (vnu), WCAG 2.1 A/AA (axe-core, with and without JavaScript), the request form's error and
// result states, languages, canonical/hreflang, tables of contents, skip links, aliases, no
// third-party requests and no cookies; takes screenshots at 390 and 1280 px.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ALIASES,
  BASE_URL,
  DEFAULT_LOCALE,
  LOCALES,
  SCREENSHOTS,
  SLUGS,
  buildSite,
  ensureDir,
  formatAxe,
  formatVnu,
  inertHtml,
  launchBrowser,
  listFiles,
  runAxe,
  runVnu,
  shotName,
  startServer,
  urlPathOf,
} from './lib.mjs';

const WIDTHS = [390, 1280];
const TIMEOUT = 180_000;

/** What a built HTML file is, from its path. */
function describePage(rel) {
  const urlPath = urlPathOf(rel);
  const parts = rel.split('/');
  if (rel === 'index.html') return { rel, urlPath, kind: 'index' };
  if (rel === '404.html') return { rel, urlPath, kind: 'root404' };
  if (parts.length === 2 && SLUGS.includes(parts[0]) && parts[1] === 'index.html') {
    return { rel, urlPath, kind: 'alias', locale: DEFAULT_LOCALE, slug: parts[0], rest: `/${parts[0]}/` };
  }
  if (LOCALES.includes(parts[0])) {
    const locale = parts[0];
    const rest = urlPath.slice(locale.length + 1);
    if (parts.length === 3 && SLUGS.includes(parts[1]) && parts[2] === 'index.html') {
      return { rel, urlPath, kind: 'content', locale, slug: parts[1], rest };
    }
    if (rel === `${locale}/404.html`) return { rel, urlPath, kind: 'localized404', locale, rest };
    // A version's permanent page (/{l}/{slug}/v1.0/) and the comparison with the version before.
    if (parts.length === 4 && SLUGS.includes(parts[1]) && /^v[0-9.]+$/.test(parts[2]) && parts[3] === 'index.html') {
      return { rel, urlPath, kind: 'version', locale, slug: parts[1], version: parts[2].slice(1), rest };
    }
    if (parts.length === 5 && SLUGS.includes(parts[1]) && /^v[0-9.]+$/.test(parts[2]) && parts[3] === 'changes' && parts[4] === 'index.html') {
      return { rel, urlPath, kind: 'changes', locale, slug: parts[1], version: parts[2].slice(1), rest };
    }
    if (rel === `${locale}/data-deletion/received/index.html`) return { rel, urlPath, kind: 'received', locale, rest };
  }
  return { rel, urlPath, kind: 'other' };
}

/** site.js finds the form by document.getElementById('request-form'): that must be the form. */
async function assertFormId(page) {
  const owners = await page.$$eval('[id="request-form"]', (els) => els.map((e) => e.outerHTML.slice(0, 120)));
  assert.equal(owners.length, 1, `id="request-form" must be unique (site.js enhances getElementById('request-form')), found on:\n${owners.join('\n')}`);
  assert.match(owners[0], /^<form\b/, 'id="request-form" is the form');
}

describe('built site in Chromium', { timeout: 15 * 60_000 }, () => {
  let site; // output directory
  let htmlFiles = [];
  let pages = []; // describePage() of every HTML file
  let server;
  let browser;
  let jsContext; // JavaScript on: the normal visitor
  let noJsContext; // JavaScript off: what the no-JS visitor's browser builds
  let inertContext; // JavaScript on, showing no-JS DOMs with scripts stripped, for axe
  let vnu; // promise of vnu's messages, started as soon as the site is built
  const requested = []; // every URL any page asked for
  const intakeCalls = []; // JSON bodies POSTed to the stand-in intake
  const timings = {};

  const url = (p) => `${server.origin}${p}`;
  const localized = () => pages.filter((p) => p.locale);
  const contentPages = () => pages.filter((p) => p.kind === 'content');

  before(async () => {
    let t = Date.now();
    site = await buildSite();
    timings.build = Date.now() - t;
    const files = await listFiles(site);
    htmlFiles = files.filter((f) => f.endsWith('.html'));
    pages = htmlFiles.map(describePage);
    // vnu (a JVM start plus ~20 files) runs while the browser tests go on.
    t = Date.now();
    vnu = runVnu(htmlFiles.map((f) => path.join(site, f))).then((m) => {
      timings.vnu = Date.now() - t;
      return m;
    });
    vnu.catch(() => {});

    // Stands in for the intake function at /requests: 201 with a receipt, or the function's
    // 422 answer with field errors when the name is "server-error".
    server = await startServer(site, async (req, res, u) => {
      if (u.pathname !== '/requests') return false;
      if (req.method !== 'POST') return false;
      const chunks = [];
      for await (const c of req) chunks.push(c);
      let body = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = { unparsed: true };
      }
      intakeCalls.push({ contentType: req.headers['content-type'], accept: req.headers.accept, body });
      const json = (status, value) => {
        res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(value));
      };
      if (body.name === 'again') {
        // The function's answer to a resubmission: nothing about the first request.
        json(200, { type: body.type, status: 'received', message: 'Server: already received' });
      } else if (body.name === 'server-error') {
        json(422, { error: { code: 'invalid', message: 'Server: check the form', fields: { email: 'Server: e-mail rejected' } } });
      } else {
        json(201, {
          id: 'DR-TEST-0001',
          type: body.type,
          received_at: '2026-06-15T10:00:00Z',
          deadline: '2026-06-29',
          status: 'received',
          deadline_text: 'DEADLINE-TEXT',
          acknowledgement: 'sent',
          message: 'ok',
        });
      }
      return true;
    });

    t = Date.now();
    browser = await launchBrowser();
    jsContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    noJsContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    inertContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    for (const c of [jsContext, noJsContext, inertContext]) c.on('request', (r) => requested.push(r.url()));
    timings.launch = Date.now() - t;
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (site && !process.env.BROWSER_TEST_KEEP) fs.rmSync(site, { recursive: true, force: true });
    else if (site) console.log(`built site kept in ${site}`);
    const parts = Object.entries(timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}s`);
    console.log(`timings: ${parts.join(', ')}`);
  });

  test('the build has every page, alias, 404, sitemap, robots.txt and hashed assets', async () => {
    const files = await listFiles(site);
    const expected = ['index.html', '404.html', 'sitemap.xml', 'robots.txt'];
    for (const l of LOCALES) {
      for (const s of SLUGS) expected.push(`${l}/${s}/index.html`);
      expected.push(`${l}/404.html`, `${l}/data-deletion/received/index.html`);
    }
    for (const s of ALIASES) expected.push(`${s}/index.html`);
    const missing = expected.filter((f) => !files.includes(f));
    assert.deepEqual(missing, [], `missing from the build: ${missing.join(', ')}`);
    assert.ok(files.some((f) => /^assets\/site\.[0-9a-f]+\.css$/.test(f)), 'assets/site.<hash>.css');
    assert.ok(files.some((f) => /^assets\/site\.[0-9a-f]+\.js$/.test(f)), 'assets/site.<hash>.js');
    // Every page at the permanent URL of the version in force.
    const versions = pages.filter((p) => p.kind === 'version');
    assert.equal(versions.length, LOCALES.length * SLUGS.length, 'a permanent page per page and language');
    const unknown = pages.filter((p) => p.kind === 'other').map((p) => p.rel);
    assert.deepEqual(unknown, [], `HTML files the tests do not know: ${unknown.join(', ')}`);
  });

  test('the test server: index files, redirects, 404 pages, content types', async () => {
    const get = (p) => fetch(url(p), { redirect: 'manual' });
    let r = await get('/en/privacy');
    assert.equal(r.status, 301);
    assert.equal(r.headers.get('location'), '/en/privacy/');
    r = await get('/en/privacy/');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/html; charset=utf-8$/);
    r = await get('/no-such-page/');
    assert.equal(r.status, 404);
    assert.match(await r.text(), /<html lang="kk"/);
    r = await get('/en/no-such-page/');
    assert.equal(r.status, 404);
    assert.match(await r.text(), /<html lang="en"/);
    for (const [file, type] of [
      ['sitemap.xml', /^application\/xml/],
      ['robots.txt', /^text\/plain/],
    ]) {
      r = await get(`/${file}`);
      assert.equal(r.status, 200, file);
      assert.match(r.headers.get('content-type'), type, file);
    }
    const assets = (await listFiles(site)).filter((f) => f.startsWith('assets/'));
    for (const a of assets) {
      r = await get(`/${a}`);
      assert.equal(r.status, 200, a);
      if (a.endsWith('.css')) assert.match(r.headers.get('content-type'), /^text\/css/);
      if (a.endsWith('.js')) assert.match(r.headers.get('content-type'), /^text\/javascript/);
    }
  });

  test('vnu: every built HTML file is valid HTML', { timeout: TIMEOUT }, async () => {
    const messages = await vnu;
    if (messages.length) console.log(`# vnu errors:\n${formatVnu(messages, site)}`);
    assert.equal(messages.length, 0, `vnu reported ${messages.length} error(s):\n${formatVnu(messages, site)}`);
  });

  test('axe-core (WCAG 2.0/2.1 A and AA), JavaScript enabled, every page', { timeout: TIMEOUT }, async (t) => {
    const t0 = Date.now();
    const page = await jsContext.newPage();
    try {
      for (const p of pages) {
        await t.test(p.urlPath, async () => {
          const res = await page.goto(url(p.urlPath));
          assert.equal(res.status(), 200);
          const violations = await runAxe(page);
          assert.equal(violations.length, 0, `axe violations on ${p.urlPath} (JS):\n${formatAxe(p.urlPath, violations)}`);
        });
      }
    } finally {
      await page.close();
      timings.axeJs = Date.now() - t0;
    }
  });

  // axe needs JavaScript, so it cannot run in a page whose JavaScript is off. The page is
  // loaded with JavaScript off (noJsContext): the DOM that browser builds is serialized, its
  // <script> elements removed and <noscript> unwrapped, and that inert document is served at
  // the same URL (so the same CSS loads) to a page with JavaScript on, where axe is injected.
  test('axe-core (WCAG 2.0/2.1 A and AA), JavaScript disabled, every page', { timeout: TIMEOUT }, async (t) => {
    const t0 = Date.now();
    const noJs = await noJsContext.newPage();
    const inert = await inertContext.newPage();
    try {
      for (const p of pages) {
        await t.test(p.urlPath, async () => {
          const target = url(p.urlPath);
          const res = await noJs.goto(target);
          assert.equal(res.status(), 200);
          const html = await noJs.content();
          const stripped = inertHtml(html);
          const handler = (route) =>
            route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: stripped });
          await inert.route(target, handler);
          try {
            await inert.goto(target);
          } finally {
            await inert.unroute(target, handler);
          }
          const state = await inert.evaluate(() => ({
            scripts: document.scripts.length,
            noValidate: document.getElementById('request-form')?.noValidate ?? null,
          }));
          assert.equal(state.scripts, 0, 'the inert copy has no scripts');
          if (state.noValidate !== null) assert.equal(state.noValidate, false, 'the form is in its no-JS state');
          const violations = await runAxe(inert);
          assert.equal(violations.length, 0, `axe violations on ${p.urlPath} (no JS):\n${formatAxe(p.urlPath, violations)}`);
        });
      }
    } finally {
      await noJs.close();
      await inert.close();
      timings.axeNoJs = Date.now() - t0;
    }
  });

  test('the request form: empty submit shows localized errors, still accessible', { timeout: TIMEOUT }, async (t) => {
    const page = await jsContext.newPage();
    const seen = {};
    try {
      for (const l of LOCALES) {
        await t.test(`/${l}/data-deletion/`, async () => {
          const before = intakeCalls.length;
          await page.goto(url(`/${l}/data-deletion/`));
          await assertFormId(page);
          const msgs = await page.$eval('#request-form', (f) => ({
            required: f.dataset.msgRequired,
            confirm: f.dataset.msgConfirm,
            summary: f.dataset.msgSummary,
          }));
          assert.ok(msgs.required && msgs.confirm && msgs.summary, 'the form carries its messages');
          assert.equal(await page.isVisible('#form-errors'), false, 'no errors before submitting');
          await page.click('#request-form button[type=submit]');
          await page.waitForSelector('#form-errors', { state: 'visible' });
          assert.equal((await page.textContent('#f-name-error')).trim(), msgs.required);
          assert.equal((await page.textContent('#f-email-error')).trim(), msgs.required);
          assert.equal((await page.textContent('#f-confirm-error')).trim(), msgs.confirm);
          assert.ok(await page.isVisible('#f-name-error'));
          assert.match(await page.textContent('#form-errors'), new RegExp(msgs.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
          assert.equal(await page.getAttribute('#f-name', 'aria-invalid'), 'true');
          assert.equal(await page.evaluate(() => document.activeElement?.id), 'form-errors', 'focus moves to the summary');
          const links = await page.$$eval('#form-errors a', (as) => as.map((a) => a.getAttribute('href')));
          assert.deepEqual(links, ['#f-name', '#f-email', '#f-confirm']);
          assert.equal(intakeCalls.length, before, 'nothing is sent while the form has errors');
          seen[l] = msgs.required;
          const violations = await runAxe(page);
          assert.equal(violations.length, 0, `axe violations in the error state of /${l}/data-deletion/:\n${formatAxe(`/${l}/data-deletion/ (errors)`, violations)}`);
          ensureDir(SCREENSHOTS);
          if (l === 'en') {
            for (const w of WIDTHS) {
              await page.setViewportSize({ width: w, height: 900 });
              await page.screenshot({ path: path.join(SCREENSHOTS, `en-data-deletion-errors-${w}.png`), fullPage: true });
            }
            await page.setViewportSize({ width: 1280, height: 900 });
          }
        });
      }
      assert.equal(new Set(Object.values(seen)).size, LOCALES.length, `each locale has its own message: ${JSON.stringify(seen)}`);
    } finally {
      await page.close();
    }
  });

  test('the consent-withdrawal scopes are the three the policy names, in every language', async () => {
    // Policy §3 (service notifications by prior consent), §9 (analytics cookies with consent)
    // and all processing based on consent; the policy never names marketing messages.
    const page = await noJsContext.newPage();
    try {
      const labelsByLocale = {};
      for (const l of LOCALES) {
        await page.goto(url(`/${l}/data-deletion/`));
        const radios = await page.$$eval('#scope-fieldset input[name=scope]', (els) =>
          els.map((e) => ({ value: e.value, checked: e.checked, label: document.querySelector(`label[for="${e.id}"]`)?.textContent.trim() ?? '' })),
        );
        assert.deepEqual(radios.map((r) => r.value), ['notifications', 'analytics', 'all'], `${l}: scope values`);
        assert.deepEqual(radios.filter((r) => r.checked).map((r) => r.value), ['all'], `${l}: default scope`);
        for (const r of radios) assert.ok(r.label.length > 3, `${l}: label of ${r.value}`);
        assert.equal(new Set(radios.map((r) => r.label)).size, 3, `${l}: distinct labels`);
        assert.doesNotMatch((await page.textContent('main')).toLowerCase(), /marketing|маркетинг/, `${l}: no marketing consent`);
        labelsByLocale[l] = radios.map((r) => r.label).join('|');
      }
      assert.equal(new Set(Object.values(labelsByLocale)).size, LOCALES.length, `each language has its own labels: ${JSON.stringify(labelsByLocale)}`);
    } finally {
      await page.close();
    }
  });

  test('the rights page offers every right of the policy as a request type, in every language', { timeout: TIMEOUT }, async () => {
    const page = await noJsContext.newPage();
    try {
      for (const l of LOCALES) {
        await page.goto(url(`/${l}/rights/`));
        const types = await page.$$eval('#request-form input[name=type]', (els) => els.map((e) => e.value));
        assert.deepEqual(types, ['information', 'rectification', 'deletion', 'consent_withdrawal'], `${l}: request types`);
        const labels = await page.$$eval('#request-form input[name=type]', (els) => els.map((e) => document.querySelector(`label[for="${e.id}"]`)?.textContent.trim()));
        assert.equal(new Set(labels).size, 4, `${l}: four labels ${labels}`);
        // The privacy policy's rights section links to it; the data-deletion page keeps its form.
        await page.goto(url(`/${l}/privacy/`));
        assert.ok(await page.$(`#rights ~ p a[href="/${l}/rights/#request"]`), `${l}: privacy §8 links the rights page`);
        await page.goto(url(`/${l}/data-deletion/`));
        const deletionTypes = await page.$$eval('#request-form input[name=type]', (els) => els.map((e) => e.value));
        assert.deepEqual(deletionTypes, ['deletion', 'consent_withdrawal'], `${l}: the data-deletion form`);
      }
    } finally {
      await page.close();
    }
    const js = await jsContext.newPage();
    try {
      await js.goto(url('/en/rights/'));
      await js.check('#type-information');
      await js.fill('#f-name', 'Test Person');
      await js.fill('#f-email', 'person@example.com');
      await js.check('#f-confirm');
      await js.click('#request-form button[type=submit]');
      await js.waitForSelector('#request-result', { state: 'visible' });
      assert.equal(intakeCalls.at(-1).body.type, 'information');
      assert.equal((await js.textContent('[data-result-id]')).trim(), 'DR-TEST-0001');
      // A resubmission: the server's message, no number, and no claim that an e-mail was sent.
      await js.goto(url('/ru/rights/'));
      await js.fill('#f-name', 'again');
      await js.fill('#f-email', 'person@example.com');
      await js.check('#f-confirm');
      await js.click('#request-form button[type=submit]');
      await js.waitForSelector('#request-result', { state: 'visible' });
      assert.equal(await js.isVisible('#request-result .receipt'), false, 'no receipt for a resubmission');
      assert.equal((await js.textContent('[data-result-message]')).trim(), 'Server: already received');
      assert.equal(await js.isVisible('[data-result-mail]'), false, 'no claim that a new e-mail was sent');
      const violations = await runAxe(js);
      assert.equal(violations.length, 0, formatAxe('/ru/rights/ (resubmission)', violations));
    } finally {
      await js.close();
    }
  });

  test('the request form: JSON post, server field errors, then the receipt', { timeout: TIMEOUT }, async () => {
    const page = await jsContext.newPage();
    try {
      await page.goto(url('/en/data-deletion/'));
      await assertFormId(page);
      await page.fill('#f-name', 'server-error');
      await page.fill('#f-email', 'person@example.com');
      await page.check('#f-confirm');
      await page.click('#request-form button[type=submit]');
      await page.waitForSelector('#f-email-error', { state: 'visible' });
      assert.equal((await page.textContent('#f-email-error')).trim(), 'Server: e-mail rejected');
      assert.match(await page.textContent('#form-errors'), /Server: check the form/);
      let violations = await runAxe(page);
      assert.equal(violations.length, 0, formatAxe('/en/data-deletion/ (server errors)', violations));

      await page.fill('#f-name', 'Test Person');
      await page.check('#type-consent');
      await page.check('#scope-notifications');
      await page.click('#request-form button[type=submit]');
      await page.waitForSelector('#request-result', { state: 'visible' });
      assert.equal((await page.textContent('[data-result-id]')).trim(), 'DR-TEST-0001');
      assert.equal((await page.textContent('[data-result-deadline]')).trim(), 'DEADLINE-TEXT');
      assert.equal(await page.isVisible('#request-form'), false, 'the form gives way to the receipt');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'request-result');
      const last = intakeCalls.at(-1);
      assert.match(last.contentType, /^application\/json/);
      assert.match(last.accept, /application\/json/);
      assert.deepEqual(
        { ...last.body },
        {
          locale: 'en',
          // Which form it was (the function shows that form again if it cannot file it).
          page: 'data-deletion',
          type: 'consent_withdrawal',
          scope: 'notifications',
          name: 'Test Person',
          email: 'person@example.com',
          phone: '',
          details: '',
          website: '',
          confirm: true,
        },
      );
      violations = await runAxe(page);
      assert.equal(violations.length, 0, formatAxe('/en/data-deletion/ (receipt)', violations));
      ensureDir(SCREENSHOTS);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'en-data-deletion-receipt-390.png'), fullPage: false });
    } finally {
      await page.close();
    }
  });

  test('the received page shows the receipt from its query', async () => {
    const page = await jsContext.newPage();
    try {
      for (const l of LOCALES) {
        await page.goto(url(`/${l}/data-deletion/received/?id=DR-TEST-0002&deadline=2026-06-29`));
        await page.waitForSelector('[data-receipt]', { state: 'visible' });
        assert.equal((await page.textContent('[data-receipt-id]')).trim(), 'DR-TEST-0002');
        const deadline = (await page.textContent('[data-receipt-deadline]')).trim();
        assert.match(deadline, /29/, `${l}: ${deadline}`);
        assert.match(deadline, /2026/, `${l}: ${deadline}`);
        assert.notEqual(deadline, '2026-06-29', `${l}: the date is written out`);
      }
      for (const q of ['', '?id=<b>x</b>']) {
        await page.goto(url(`/en/data-deletion/received/${q}`));
        const display = await page.$eval('[data-receipt]', (e) => `hidden=${e.hidden}, display: ${getComputedStyle(e).display}`);
        assert.equal(await page.isVisible('[data-receipt]'), false, `without a valid id no receipt shows (query "${q}"), but [data-receipt] has ${display}`);
      }
    } finally {
      await page.close();
    }
  });

  test('every page: lang, canonical, hreflang alternates, skip link, hidden stays hidden', { timeout: TIMEOUT }, async (t) => {
    const page = await jsContext.newPage();
    try {
      for (const p of pages) {
        await t.test(p.urlPath, async () => {
          await page.goto(url(p.urlPath));
          const info = await page.evaluate(() => {
            const canon = [...document.querySelectorAll('link[rel=canonical]')].map((l) => l.getAttribute('href'));
            const alternates = [...document.querySelectorAll('link[rel=alternate][hreflang]')].map((l) => [
              l.getAttribute('hreflang'),
              l.getAttribute('href'),
            ]);
            const focusable = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])')];
            const skip = document.querySelector('a.skip-link');
            return {
              lang: document.documentElement.getAttribute('lang'),
              canon,
              alternates,
              firstFocusable: focusable[0] ? focusable[0].outerHTML : null,
              firstFocusableHref: focusable[0] ? focusable[0].getAttribute('href') : null,
              skipHref: skip ? skip.getAttribute('href') : null,
              skipText: skip ? skip.textContent.trim() : '',
              content: !!document.getElementById('content'),
              contentIsMain: document.getElementById('content')?.tagName === 'MAIN',
              mainFirst: document.body.firstElementChild?.id === 'content',
              sectionLangs: [...document.querySelectorAll('main section[lang]')].map((s) => s.getAttribute('lang')),
              title: document.title,
              // Elements with the hidden attribute that a CSS display rule shows anyway.
              shownHidden: [...document.querySelectorAll('[hidden]')]
                .filter((e) => getComputedStyle(e).display !== 'none')
                .map((e) => `${e.outerHTML.slice(0, 80)}… (display: ${getComputedStyle(e).display})`),
            };
          });
          assert.ok(info.title.trim(), 'a title');
          assert.deepEqual(info.shownHidden, [], 'elements with the hidden attribute are not displayed');
          // The trilingual /404.html is served at any unknown URL: it needs no canonical.
          if (p.kind !== 'root404' || info.canon.length) assert.equal(info.canon.length, 1, 'one canonical link');
          for (const c of info.canon) assert.ok(c.startsWith(`${BASE_URL}/`), `canonical ${c} is absolute on ${BASE_URL}`);
          assert.ok(info.content && info.contentIsMain, 'main#content');
          if (p.locale) {
            assert.equal(info.lang, p.locale, '<html lang>');
            const canonicalLocale = p.kind === 'alias' ? DEFAULT_LOCALE : p.locale;
            // The permanent page of the version in force points to the current page; an
            // older version's page is its own canonical (it has the "not in force" notice).
            const superseded = p.kind === 'version' && (await page.$('.superseded')) !== null;
            const canonicalRest = p.kind === 'version' && !superseded ? `/${p.slug}/` : p.rest;
            assert.equal(info.canon[0], `${BASE_URL}/${canonicalLocale}${canonicalRest}`, 'canonical');
            const expected = [...LOCALES.map((l) => [l, `${BASE_URL}/${l}${p.rest}`]), ['x-default', `${BASE_URL}/${DEFAULT_LOCALE}${p.rest}`]];
            assert.deepEqual(
              [...info.alternates].sort(),
              [...expected].sort(),
              'hreflang alternates for kk, ru, en and x-default',
            );
            // The skip link is the first thing a keyboard reaches, and it shows when focused.
            assert.equal(info.skipHref, '#content', 'a skip link to #content');
            assert.ok(info.skipText, 'the skip link has text');
            assert.equal(info.firstFocusableHref, '#content', `the skip link comes first, not ${info.firstFocusable}`);
            await page.keyboard.press('Tab');
            const focus = await page.evaluate(() => {
              const a = document.activeElement;
              const r = a.getBoundingClientRect();
              return { cls: a.className, left: r.left, top: r.top, w: r.width, h: r.height, vw: innerWidth };
            });
            assert.equal(focus.cls, 'skip-link', 'Tab focuses the skip link');
            assert.ok(focus.left >= 0 && focus.top >= 0 && focus.w > 0 && focus.left + focus.w <= focus.vw, `the focused skip link is on screen: ${JSON.stringify(focus)}`);
            await page.keyboard.press('Enter');
            assert.equal(await page.evaluate(() => document.activeElement?.id), 'content', 'the skip link moves focus to #content');
          } else {
            // The trilingual pages (language index, /404.html): each section says its language;
            // <main id="content"> is the body's first element, so there is nothing to skip.
            assert.ok(LOCALES.includes(info.lang), `<html lang> is one of ${LOCALES}`);
            assert.deepEqual([...info.sectionLangs].sort(), [...LOCALES].sort(), 'a section in each language');
            if (p.kind === 'index') assert.equal(info.canon[0], `${BASE_URL}/`, 'canonical');
            assert.ok(info.mainFirst || info.skipHref === '#content', 'main#content first, or a skip link to it');
          }
        });
      }
    } finally {
      await page.close();
    }
  });

  test('the language switcher leads to the same page in each language', { timeout: TIMEOUT }, async (t) => {
    const page = await jsContext.newPage();
    try {
      for (const p of localized()) {
        await t.test(p.urlPath, async () => {
          await page.goto(url(p.urlPath));
          const links = await page.$$eval('nav.langs a', (as) =>
            as.map((a) => ({ href: a.getAttribute('href'), hreflang: a.getAttribute('hreflang'), lang: a.getAttribute('lang'), current: a.getAttribute('aria-current'), text: a.textContent.trim() })),
          );
          assert.deepEqual(links.map((l) => l.hreflang).sort(), [...LOCALES].sort(), 'one link per language');
          for (const l of links) {
            assert.equal(l.lang, l.hreflang, 'each language name is marked with its language');
            assert.ok(l.text, 'a visible name');
          }
          const current = links.filter((l) => l.current).map((l) => l.hreflang);
          assert.deepEqual(current, [p.locale], 'the current language is marked');
          for (const [i, l] of links.entries()) {
            if (i > 0) await page.goto(url(p.urlPath));
            await Promise.all([page.waitForURL((u) => u.pathname === `/${l.hreflang}${p.rest}`), page.click(`nav.langs a[hreflang="${l.hreflang}"]`)]);
            const here = new URL(page.url());
            assert.equal(here.pathname, `/${l.hreflang}${p.rest}`);
            assert.equal(await page.getAttribute('html', 'lang'), l.hreflang);
          }
        });
      }
    } finally {
      await page.close();
    }
  });

  test('tables of contents: the same anchors in kk, ru and en, each target exists', { timeout: TIMEOUT }, async (t) => {
    const page = await jsContext.newPage();
    try {
      for (const slug of SLUGS) {
        await t.test(slug, async () => {
          const lists = {};
          for (const p of pages.filter((x) => x.slug === slug)) {
            await page.goto(url(p.urlPath));
            const toc = await page.$$eval('nav.toc a', (as) =>
              as.map((a) => {
                const href = a.getAttribute('href');
                const id = href.startsWith('#') ? decodeURIComponent(href.slice(1)) : null;
                return {
                  href,
                  text: a.textContent.trim(),
                  targets: id ? document.querySelectorAll(`[id="${CSS.escape(id)}"]`).length : 0,
                };
              }),
            );
            assert.ok(toc.length > 0, `${p.urlPath} has a table of contents`);
            for (const e of toc) {
              assert.ok(e.text, `${p.urlPath}: ToC entry ${e.href} has text`);
              assert.equal(e.targets, 1, `${p.urlPath}: ToC target ${e.href} exists once`);
            }
            lists[p.urlPath] = toc.map((e) => e.href);
          }
          const [first, ...rest] = Object.entries(lists);
          assert.ok(Object.keys(lists).length >= LOCALES.length, `${slug} in every language`);
          for (const [where, hrefs] of rest) assert.deepEqual(hrefs, first[1], `${where} ToC equals ${first[0]}`);
        });
      }
    } finally {
      await page.close();
    }
  });

  test('every in-page anchor has a target and every site link resolves', { timeout: TIMEOUT }, async () => {
    const page = await jsContext.newPage();
    const problems = [];
    const internal = new Set();
    try {
      for (const p of pages) {
        await page.goto(url(p.urlPath));
        const r = await page.$$eval('a[href]', (as) =>
          as.map((a) => {
            const href = a.getAttribute('href');
            const id = href.startsWith('#') ? decodeURIComponent(href.slice(1)) : null;
            return { href, missing: id !== null && id !== '' && !document.getElementById(id) };
          }),
        );
        for (const a of r) {
          if (a.missing) problems.push(`${p.urlPath}: ${a.href} has no target`);
          if (a.href.startsWith('/')) internal.add(a.href.split('#')[0]);
        }
      }
      for (const href of internal) {
        const res = await fetch(url(href), { redirect: 'manual' });
        if (res.status !== 200) problems.push(`${href}: ${res.status}`);
      }
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  test('/privacy/, /data-deletion/ and /cookies/ serve the Russian pages, canonical to /ru/…', async () => {
    const page = await jsContext.newPage();
    try {
      for (const slug of ALIASES) {
        const res = await page.goto(url(`/${slug}/`));
        assert.equal(res.status(), 200);
        assert.equal(new URL(page.url()).pathname, `/${slug}/`, 'served in place, not redirected');
        assert.equal(await page.getAttribute('html', 'lang'), 'ru');
        assert.equal(await page.getAttribute('link[rel=canonical]', 'href'), `${BASE_URL}/ru/${slug}/`);
        const aliasMain = await page.innerHTML('main');
        await page.goto(url(`/ru/${slug}/`));
        assert.equal(aliasMain, await page.innerHTML('main'), `/${slug}/ has the content of /ru/${slug}/`);
      }
    } finally {
      await page.close();
    }
  });

  test('screenshots at 390 and 1280 px, full page', { timeout: TIMEOUT }, async () => {
    const t0 = Date.now();
    ensureDir(SCREENSHOTS);
    // Files are overwritten, never cleared: journey.test.mjs writes into the same folder.
    const page = await jsContext.newPage();
    try {
      for (const w of WIDTHS) {
        await page.setViewportSize({ width: w, height: 900 });
        for (const p of pages) {
          await page.goto(url(p.urlPath));
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          assert.ok(overflow <= 0, `${p.urlPath} at ${w}px scrolls sideways by ${overflow}px`);
          await page.screenshot({ path: path.join(SCREENSHOTS, `${shotName(p.urlPath)}-${w}.png`), fullPage: true });
        }
      }
    } finally {
      await page.close();
      timings.screenshots = Date.now() - t0;
    }
    const shots = fs.readdirSync(SCREENSHOTS).filter((f) => f.endsWith('.png'));
    assert.ok(shots.length >= pages.length * WIDTHS.length);
  });

  test('no page requests another host, and nothing is stored in the browser', async () => {
    assert.ok(requested.length > pages.length, 'requests were recorded');
    const foreign = [...new Set(requested.filter((u) => !u.startsWith(`${server.origin}/`) && !u.startsWith('data:')))];
    assert.deepEqual(foreign, [], `requests to other hosts:\n${foreign.join('\n')}`);
    for (const [name, ctx] of [['js', jsContext], ['no-js', noJsContext], ['inert', inertContext]]) {
      assert.deepEqual(await ctx.cookies(), [], `${name}: no cookies`);
    }
    const page = await jsContext.newPage();
    try {
      await page.goto(url('/en/privacy/'));
      const stored = await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length, cookie: document.cookie }));
      assert.deepEqual(stored, { local: 0, session: 0, cookie: '' }, 'no web storage, no cookies');
    } finally {
      await page.close();
    }
  });
});
