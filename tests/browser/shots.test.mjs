// The visitor's journey, page by page, in both colour schemes (issue 15, "Done when"): on the
// real local stack (`serve`: the built site plus the intake Lambda's handler, embedded file
// store and .eml outbox) driven by Debian's Chromium, for kk, ru and en, every page of the
// journey is shown in `prefers-color-scheme: light` and `dark` at 390 and 1280 px, a full-page
// screenshot of each is written to tests/artifacts/journey/, and axe-core runs in each scheme.
//
// The journey: the landing page `/`; the privacy policy, the rights page, the cookies page;
// the data-deletion form (with JavaScript: initial, client-side error, success; without
// JavaScript: initial); the form posted without JavaScript lands on the request's status page
// (`/requests/{id}?lang=…&received=sent`); the confirmation link from the acknowledgement in
// serve's outbox (`/requests/{id}/confirm?token=…`: the button page), its answer after the
// button, the status page it links to (confirmed); the operator marks the request completed
// (`intake --data-dir … mark <id> completed`) and the status page shows it, with the outcome
// letter in the outbox; the function's not-found page and the site's 404.
//
// Each screenshot is checked: the PNG was written, is not empty, is as wide as the viewport;
// the page really is in the scheme asked for (matchMedia, and the page's computed background
// is light in light and dark in dark, with text lighter than the background in dark); no
// horizontal overflow. The site's pages must follow the dark scheme; a page of the function
// that declares no dark scheme at all (no `color-scheme` with dark, no
// `prefers-color-scheme: dark` rule: its own light-only layout) is reported as a TODO subtest
// instead of a failure, and is strict as soon as it declares one.
//
//   node --test tests/browser/shots.test.mjs     # after tests/browser/install.sh
//
// BROWSER_TEST_KEEP=1 keeps serve's data directory (store, outbox, built site).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AXE_PATH, LOCALES, REPO, ensureDir, formatAxe, inertHtml, launchBrowser, run, runAxe } from './lib.mjs';
import { buildServe, readOutbox, squash, startServe, targetDir, waitFor } from './journey-lib.mjs';

export const SHOTS = path.join(REPO, 'tests', 'artifacts', 'journey');
const WIDTHS = [390, 1280];
const SCHEMES = ['light', 'dark'];
const HEIGHT = 900;
const OPERATOR = 'support@interpay.kz';
const NAMES = { kk: 'Айгерім Сапарова', ru: 'Анна Иванова', en: 'Jane Doe' };
const RUN = Date.now().toString(36);
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Width and height of a PNG (its IHDR chunk); throws when the bytes are not a PNG. */
export function pngSize(buf) {
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (buf.length < 24 || !buf.subarray(0, 8).equals(sig) || buf.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error(`not a PNG (${buf.length} bytes)`);
  }
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** Relative luminance (WCAG) of a CSS rgb()/rgba() colour; null when it is transparent. */
function luminance(css) {
  const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+))?\s*\)/.exec(css || '');
  if (!m) return null;
  if (m[4] !== undefined && Number(m[4]) === 0) return null;
  const [r, g, b] = [m[1], m[2], m[3]].map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** What the page shows now: its scheme as the browser reports it, background and text colours, overflow. */
function readScheme(page) {
  return page.evaluate(() => {
    const bodyBg = getComputedStyle(document.body).backgroundColor;
    const rootBg = getComputedStyle(document.documentElement).backgroundColor;
    const transparent = (c) => !c || c === 'transparent' || /rgba\(.*,\s*0\)$/.test(c);
    // The canvas takes the root's background, else the body's (CSS backgrounds, 2.11.2).
    const bg = !transparent(rootBg) ? rootBg : !transparent(bodyBg) ? bodyBg : null;
    // Does the page declare a dark scheme at all? `color-scheme` on the root or a meta, or a
    // `prefers-color-scheme: dark` rule in one of its style sheets.
    let darkRule = false;
    const walk = (rules) => {
      for (const r of rules) {
        if (r.media && /prefers-color-scheme:\s*dark/.test(r.media.mediaText)) darkRule = true;
        if (r.cssRules) walk(r.cssRules);
      }
    };
    for (const s of document.styleSheets) {
      try {
        walk(s.cssRules);
      } catch {
        /* another origin's sheet: none on these pages */
      }
    }
    const declared = getComputedStyle(document.documentElement).colorScheme || '';
    const meta = document.querySelector('meta[name="color-scheme"]')?.content || '';
    return {
      dark: matchMedia('(prefers-color-scheme: dark)').matches,
      light: matchMedia('(prefers-color-scheme: light)').matches,
      bg,
      color: getComputedStyle(document.body).color,
      declaresDark: darkRule || /dark/.test(declared) || /dark/.test(meta),
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    };
  });
}

describe('the journey in light and dark, 390 and 1280 px: screenshots and axe-core', { timeout: 20 * 60_000 }, () => {
  let serve;
  let browser;
  let jsContext;
  let noJsContext;
  let intakeBin;
  let mailCounter = 0;
  const timings = {};
  const written = [];
  const todo = [];
  /** name-width-scheme -> { file, width, height, focus: {top, bottom} }: where to crop (curate-shots.mjs). */
  const manifest = {};
  const url = (p) => `${serve.origin}${p}`;
  const freshEmail = (label) => `shots-${RUN}-${++mailCounter}-${label}@example.kz`;

  before(async () => {
    let t = Date.now();
    const bin = await buildServe();
    const r = await run('cargo', ['build', '-q', '-p', 'intake', '--bin', 'intake'], { cwd: REPO });
    if (r.code !== 0) throw new Error(`cargo build --bin intake failed (exit ${r.code}):\n${r.stderr}${r.stdout}`);
    intakeBin = path.join(targetDir(), 'debug', 'intake');
    timings.build = Date.now() - t;
    t = Date.now();
    serve = await startServe({ bin });
    timings.serve = Date.now() - t;
    t = Date.now();
    browser = await launchBrowser();
    // One context with JavaScript, axe preloaded: an init script is not subject to the page's
    // CSP (the function's pages forbid every script), and the page keeps its real CSP. One
    // without JavaScript, for the form as a browser without scripting shows it.
    jsContext = await browser.newContext({ viewport: { width: WIDTHS[0], height: HEIGHT } });
    await jsContext.addInitScript({ path: AXE_PATH });
    noJsContext = await browser.newContext({ viewport: { width: WIDTHS[0], height: HEIGHT }, javaScriptEnabled: false });
    timings.launch = Date.now() - t;
    fs.rmSync(SHOTS, { recursive: true, force: true });
    ensureDir(SHOTS);
  });

  after(async () => {
    await browser?.close();
    if (serve) {
      await serve.stop();
      if (process.env.BROWSER_TEST_KEEP) console.log(`serve data kept in ${serve.dataDir}`);
      else fs.rmSync(serve.dataDir, { recursive: true, force: true });
    }
    const parts = Object.entries(timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}s`);
    if (written.length) fs.writeFileSync(path.join(SHOTS, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
    console.log(`shots timings: ${parts.join(', ')}; ${written.length} screenshots in ${path.relative(REPO, SHOTS)}`);
    if (todo.length) console.log(`TODO (reported, not failed):\n  ${todo.join('\n  ')}`);
  });

  /**
   * Shows `page` (already in the state to show) in each scheme and width: writes
   * `<name>-<width>-<scheme>.png`, checks each screenshot and the scheme, and runs axe in each
   * scheme (`axe`: 'page' on the page itself, 'inert' on an inert copy of a page without
   * JavaScript, or false). `kind`: 'site' pages must follow the dark scheme; 'function' pages
   * must when they declare one (else a TODO subtest); 'mail' is shown in light only. `focus`:
   * the part of the page the step is about (its box goes into manifest.json, for cropping).
   */
  async function capture(t, page, name, { kind = 'site', axe = 'page', schemes = SCHEMES, focus = 'h1' } = {}) {
    const seen = {};
    const axeFailures = [];
    for (const scheme of schemes) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: HEIGHT });
        const s = await readScheme(page);
        assert.equal(s.dark, scheme === 'dark', `${name} at ${width}px: matchMedia(prefers-color-scheme: dark) in ${scheme}`);
        assert.equal(s.light, scheme === 'light', `${name} at ${width}px: matchMedia(prefers-color-scheme: light) in ${scheme}`);
        const fits = () => assert.ok(s.scrollWidth <= s.innerWidth, `${name} at ${width}px (${scheme}): ${s.scrollWidth - s.innerWidth}px wider than the viewport`);
        if (kind !== 'mail' || s.scrollWidth <= s.innerWidth) fits();
        else {
          // A letter is laid out by the reader's mail client, not by this browser: reported.
          todo.push(`${name} at ${width}px: ${s.scrollWidth - s.innerWidth}px wider than the viewport`);
          await t.test(`${name}: fits ${width} px`, { todo: 'the letter is wider than a phone screen' }, fits);
        }
        seen[scheme] = s;
        const file = path.join(SHOTS, `${name}-${width}-${scheme}.png`);
        const buf = await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
        const size = pngSize(buf);
        // As wide as the viewport (or, for a letter reported above, as its content).
        assert.equal(size.width, Math.max(width, s.scrollWidth), `${path.basename(file)}: PNG width`);
        assert.ok(size.height >= Math.min(HEIGHT, 200), `${path.basename(file)}: PNG height ${size.height}`);
        const onDisk = fs.statSync(file).size;
        assert.equal(onDisk, buf.length, `${path.basename(file)} written whole`);
        assert.ok(onDisk > 2_000, `${path.basename(file)} is not empty (${onDisk} bytes)`);
        written.push(file);
        const box = await page.locator(focus).first().evaluate((el) => {
          const r = el.getBoundingClientRect();
          return { top: Math.round(r.top + window.scrollY), bottom: Math.round(r.bottom + window.scrollY) };
        });
        manifest[path.basename(file, '.png')] = { file: path.basename(file), ...size, focus: box };
      }
      if (axe) {
        const violations = axe === 'inert' ? await axeWithoutJs(page, scheme) : await runAxe(page);
        if (violations.length) axeFailures.push(formatAxe(`${name} (${scheme})`, violations));
      }
    }
    assert.equal(axeFailures.length, 0, `axe violations:\n${axeFailures.join('\n')}`);
    if (schemes.length < 2) return;

    const { light, dark } = seen;
    const check = () => {
      const lb = luminance(light.bg);
      const db = luminance(dark.bg);
      assert.ok(lb !== null && lb > 0.6, `${name}: the background in light is light (${light.bg})`);
      assert.ok(db !== null && db < 0.1, `${name}: the background in dark is dark (${dark.bg}; light: ${light.bg})`);
      assert.ok(luminance(dark.color) > db, `${name}: text lighter than the background in dark (${dark.color} on ${dark.bg})`);
      const [a, b] = ['light', 'dark'].map((s) => fs.readFileSync(path.join(SHOTS, `${name}-${WIDTHS[0]}-${s}.png`)));
      assert.ok(!a.equals(b), `${name}: the light and dark screenshots differ`);
    };
    if (kind === 'site' || dark.declaresDark) {
      check();
    } else {
      todo.push(`${name}: declares no dark scheme (background ${dark.bg} in dark)`);
      await t.test(`${name}: follows prefers-color-scheme: dark`, { todo: 'the page declares no dark scheme (its own light-only layout)' }, check);
    }
  }

  /**
   * axe on a page without JavaScript (axe is a script): the DOM that page built, its scripts
   * removed and <noscript> unwrapped, served at the same URL to a page with JavaScript in the
   * same scheme (see README "axe without JavaScript").
   */
  async function axeWithoutJs(noJsPage, scheme) {
    const target = noJsPage.url();
    const body = inertHtml(await noJsPage.content());
    const inert = await jsContext.newPage();
    try {
      await inert.emulateMedia({ colorScheme: scheme });
      const handler = (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
      await inert.route(target, handler);
      await inert.goto(target);
      await inert.unroute(target, handler);
      const state = await inert.evaluate(() => ({
        scripts: document.scripts.length,
        noValidate: document.getElementById('request-form')?.noValidate ?? null,
      }));
      assert.equal(state.scripts, 0, 'the inert copy has no scripts');
      if (state.noValidate !== null) assert.equal(state.noValidate, false, 'the form is in its no-JS state');
      return await runAxe(inert);
    } finally {
      await inert.close();
    }
  }

  async function goto(page, p, status = 200) {
    const response = await page.goto(url(p));
    assert.equal(response.status(), status, `GET ${p}`);
    return response;
  }

  async function fill(page, { name, email, confirm = true }) {
    await page.check('#type-deletion');
    await page.fill('#f-name', name);
    await page.fill('#f-email', email);
    if (confirm) await page.check('#f-confirm');
    else await page.uncheck('#f-confirm');
  }

  test('the landing page and the trilingual 404', async (t) => {
    const page = await jsContext.newPage();
    try {
      await goto(page, '/');
      await capture(t, page, 'index');
      await goto(page, '/no-such-page/', 404);
      assert.equal(await page.locator('main#content').count(), 1, 'the trilingual 404 page');
      await capture(t, page, '404');
    } finally {
      await page.close();
    }
  });

  for (const locale of LOCALES) {
    test(`${locale}: every page of the journey, light and dark, 390 and 1280 px, axe in each scheme`, async (t) => {
      const page = await jsContext.newPage();
      const noJs = await noJsContext.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      try {
        const lang = async (p = page) => assert.equal(await p.getAttribute('html', 'lang'), locale, `<html lang> of ${p.url()}`);
        // The site's pages.
        for (const slug of ['privacy', 'rights', 'cookies']) {
          await t.test(slug, async (t) => {
            await goto(page, `/${locale}/${slug}/`);
            await lang();
            await capture(t, page, `${locale}-${slug}`);
          });
        }

        // The form with JavaScript: initial, client-side error, success.
        let receipt;
        await t.test('data-deletion (JavaScript): initial, error, success', async (t) => {
          await goto(page, `/${locale}/data-deletion/`);
          await lang();
          assert.equal(await page.evaluate(() => document.getElementById('request-form').noValidate), true, 'site.js enhanced the form');
          await capture(t, page, `${locale}-data-deletion`, { focus: '#request-form' });
          await fill(page, { name: '', email: 'not-an-email', confirm: false });
          await page.click('#request-form button[type=submit]');
          await page.locator('#form-errors').waitFor({ state: 'visible' });
          assert.equal(await page.locator('#f-email-error').isVisible(), true, 'the e-mail error shows');
          await capture(t, page, `${locale}-data-deletion-error`, { focus: '#form-errors' });
          await fill(page, { name: NAMES[locale], email: freshEmail(`js-${locale}`) });
          await page.click('#request-form button[type=submit]');
          await page.waitForSelector('#request-result:not([hidden]), #form-errors:not([hidden])', { timeout: 20_000 });
          assert.equal(await page.locator('#request-result').isVisible(), true, `the receipt shows, not errors: ${squash(await page.locator('#form-errors').innerText().catch(() => ''))}`);
          receipt = squash(await page.locator('[data-result-id]').innerText());
          // The short reference (the id stays in the links and the attribute).
          assert.match(receipt, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/, 'the request number on the page');
          assert.match(await page.getAttribute('[data-result-id]', 'data-request-id'), /^ip-[0-9a-f]{32}$/);
          await page.locator('#request-result').scrollIntoViewIfNeeded();
          await capture(t, page, `${locale}-data-deletion-success`, { focus: '#request-result' });
        });

        // Without JavaScript: the form, then its post lands on the request's status page.
        const email = freshEmail(`nojs-${locale}`);
        let id;
        let reference;
        let ackFile;
        await t.test('data-deletion without JavaScript, and the status page it lands on (received)', async (t) => {
          await noJs.goto(url(`/${locale}/data-deletion/`));
          await lang(noJs);
          assert.equal(await noJs.evaluate(() => document.getElementById('request-form').noValidate), false, 'the form in its no-JS state');
          await capture(t, noJs, `${locale}-data-deletion-nojs`, { axe: 'inert', focus: '#request-form' });
          await noJs.emulateMedia({ colorScheme: 'light' });
          await fill(noJs, { name: NAMES[locale], email });
          const landing = new RegExp(`^${escapeRe(serve.origin)}/requests/(ip-[0-9a-f]{32})\\?lang=${locale}&received=sent$`);
          await Promise.all([noJs.waitForURL(landing, { timeout: 20_000 }), noJs.click('#request-form button[type=submit]')]);
          id = landing.exec(noJs.url())[1];
          // The function's pages forbid every script (CSP default-src 'none'): the same page
          // with JavaScript on is the page a browser without it shows, and axe can run there.
          await goto(page, new URL(noJs.url()).pathname + new URL(noJs.url()).search);
          await lang();
          assert.equal(await page.locator('[data-received]').isVisible(), true, 'the "received" notice');
          reference = squash(await page.locator('[data-field="reference"]').innerText());
          assert.match(reference, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/, 'the short reference, once');
          assert.equal(await page.locator('[data-status]').getAttribute('data-status'), 'received');
          await capture(t, page, `${locale}-status-received`, { kind: 'function' });
        });

        // The confirmation link of the acknowledgement, its answer, the status page after it.
        await t.test('the confirmation link, its answer, the status page (confirmed)', async (t) => {
          assert.ok(id, 'the request of the previous step');
          const ack = await waitFor(() => readOutbox(serve.outbox).find((m) => m.to.includes(email)), {
            message: `no acknowledgement to ${email} in ${serve.outbox}`,
          });
          const link = new RegExp(`${escapeRe(serve.origin)}(/requests/${id}/confirm\\?token=[A-Za-z0-9_-]+)`).exec(ack.text || '');
          assert.ok(link, `the acknowledgement ${ack.file} has a confirmation link:\n${ack.text}`);
          ackFile = ack.file;
          await goto(page, link[1]);
          await lang();
          assert.equal(await page.locator('[data-outcome]').getAttribute('data-outcome'), 'pending', 'the link shows the button');
          await capture(t, page, `${locale}-confirm`, { kind: 'function' });
          await page.emulateMedia({ colorScheme: 'light' });
          await Promise.all([
            page.waitForURL((u) => u.pathname.endsWith('/confirm') && !u.searchParams.has('token')),
            page.locator('form[data-confirm-form] button[type=submit]').click(),
          ]);
          assert.equal(await page.locator('[data-outcome]').getAttribute('data-outcome'), 'confirmed', 'the button confirms');
          await lang();
          await capture(t, page, `${locale}-confirmed`, { kind: 'function' });
          await Promise.all([page.waitForURL((u) => u.pathname === `/requests/${id}`), page.locator('a[data-status-link]').click()]);
          assert.equal(await page.locator('[data-confirmed]').getAttribute('data-confirmed'), 'true', 'the status page says confirmed');
          await capture(t, page, `${locale}-status`, { kind: 'function' });
        });

        // The operator closes the request: the status page shows it, the outcome letter is sent.
        await t.test('completed: the status page and the outcome letter', async (t) => {
          assert.ok(id, 'the request of the previous step');
          const r = await run(intakeBin, ['--data-dir', serve.dataDir, '--site-url', serve.origin, 'mark', id, 'completed'], { cwd: REPO });
          assert.equal(r.code, 0, `intake mark ${id} completed:\n${r.stderr}${r.stdout}`);
          await goto(page, `/requests/${id}?lang=${locale}`);
          assert.equal(await page.locator('[data-status]').getAttribute('data-status'), 'completed', 'the status page shows completed');
          await capture(t, page, `${locale}-status-completed`, { kind: 'function' });
          const letter = await waitFor(() => readOutbox(serve.outbox).find((m) => m.to.includes(email) && m.file !== ackFile), {
            message: `no outcome letter to ${email} in ${serve.outbox}`,
          });
          assert.equal(readOutbox(serve.outbox).filter((m) => m.to.includes(email)).length, 2, 'the acknowledgement and the outcome letter');
          assert.ok(letter.html, `the outcome letter ${letter.file} has a text/html part`);
          const mail = await jsContext.newPage();
          try {
            await mail.setContent(letter.html);
            assert.equal(await mail.getAttribute('html', 'lang'), locale, 'the letter is in the request\'s language');
            assert.ok(squash(await mail.locator('body').innerText()).includes(reference), 'the letter names the request');
            // An e-mail client, not the browser, decides how a letter looks in dark mode.
            await capture(t, mail, `${locale}-outcome-letter`, { kind: 'mail', schemes: ['light'], axe: false, focus: 'body' });
          } finally {
            await mail.close();
          }
        });

        // The function's not-found page and the site's 404.
        await t.test("the function's not-found page and the site's 404", async (t) => {
          await goto(page, `/requests/ip-${'0'.repeat(32)}?lang=${locale}`, 404);
          await lang();
          assert.equal(await page.locator('[data-status]').count(), 0, 'no status on the not-found page');
          await capture(t, page, `${locale}-not-found`, { kind: 'function' });
          await goto(page, `/${locale}/no-such-page/`, 404);
          await lang();
          await capture(t, page, `${locale}-404`);
        });
        assert.deepEqual(errors, [], 'no page errors');
      } finally {
        await page.close();
        await noJs.close();
      }
    });
  }

  test('every screenshot was written', () => {
    // index and 404: 2 pages; per locale 14 pages in two schemes and the letter in one.
    const perScheme = 2 + LOCALES.length * 14;
    const expected = perScheme * SCHEMES.length * WIDTHS.length + LOCALES.length * WIDTHS.length;
    const files = fs.readdirSync(SHOTS).filter((f) => f.endsWith('.png'));
    assert.equal(new Set(written).size, written.length, 'no screenshot written twice');
    assert.equal(files.length, expected, `${files.length} screenshots in ${SHOTS}, expected ${expected}`);
  });
});
