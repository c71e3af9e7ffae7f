// All four kinds of request through the one form of the rights page, end to end on the real
// local stack: `serve` (the built site plus the intake Lambda's own handler, embedded file
// store and .eml outbox, no AWS) driven by Debian's Chromium, in kk, ru and en.
//
// - With JavaScript, for each locale: an `information` request and a `rectification` request
//   (with details) filed from /{locale}/rights/. The receipt shows inline (number and the
//   localized deadline); the journal holds the request (type, locale, e-mail, name, details)
//   with the rule of content/facts.toml (`[request_deadlines]` -> `[deadlines.*]`: information
//   3 working days, rectification 10) and the deadline the page shows; the acknowledgement
//   states that date, the kind's label (common.ftl `request-type-*`), its own next step
//   (intake.ftl `ack-next-*`) and the rule sentence (intake.ftl `ack-rule`, with the duration
//   as the catalogue words it: common.ftl `duration-working-days`, `Catalog::format_duration`);
//   the operator notice goes to the operator, Reply-To the visitor, naming the request.
//   The calendar is not re-implemented: the stored deadline is checked against the page, the
//   e-mail and the rule, and only loosely against the receipt date (at least the number of
//   working days in calendar days later; the shorter rule ends no later than the longer one).
// - `deletion` (kk) and `consent_withdrawal` with scope `analytics` (en) once each, so that
//   all four kinds pass through the rights page.
// - Without JavaScript, for each locale: a rectification posts form-encoded, is answered 303 to
//   the request's status page (received) in that locale, and is stored as a rectification.
// - A rectification without details is refused by the function: its localized message
//   (intake.ftl `field-details-required`) shows next to the details field, nothing is stored
//   or mailed.
// - axe-core (WCAG 2.1 A/AA): no violations on /{locale}/rights/ in its initial and success
//   states.
//
// 14 valid submissions in all (refused ones do not count), below serve's default limit of 30 per
// source and hour.
//
//   node --test tests/browser/rights.test.mjs     # after tests/browser/install.sh
//
// BROWSER_TEST_KEEP=1 keeps serve's data directory (store, outbox).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { LOCALES, REPO, formatAxe, launchBrowser, runAxe } from './lib.mjs';
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
const DETAILS = {
  kk: 'Тегім қате жазылған: Сапаров емес, Сапарова болуы керек.',
  ru: 'Фамилия записана неверно: не Иванов, а Иванова.',
  en: 'My surname is misspelt: it is Doe, not Dow.',
};
const RUN = Date.now().toString(36);
/** The radio of each kind on the form (site/templates/blocks/request-form.html). */
const RADIO = {
  information: '#type-information',
  rectification: '#type-rectification',
  deletion: '#type-deletion',
  consent_withdrawal: '#type-consent',
};

// ---------------------------------------------------------------------------------------------
// The facts and the catalogue, read from the project the way the function reads them.

const ROOT = process.env.BROWSER_TEST_SITE_ROOT ? path.resolve(process.env.BROWSER_TEST_SITE_ROOT) : REPO;
const FACTS = fs.readFileSync(path.join(ROOT, 'content', 'facts.toml'), 'utf8');

/**
 * The plain `key = value` lines (strings and integers, dotted keys kept) of one table of
 * content/facts.toml: enough for [policy], [request_deadlines] and [deadlines.*].
 */
function factsTable(name) {
  const start = FACTS.indexOf(`\n[${name}]\n`);
  if (start < 0) throw new Error(`content/facts.toml has no [${name}] table`);
  const body = FACTS.slice(start + name.length + 4).split(/\n\[/)[0];
  const table = {};
  for (const line of body.split('\n')) {
    const m = /^([A-Za-z0-9_.]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|(\d+))\s*$/.exec(line);
    if (m) table[m[1]] = m[2] !== undefined ? JSON.parse(`"${m[2]}"`) : Number(m[3]);
  }
  return table;
}

/** The deadline rule of a kind of request: `[request_deadlines]` names its `[deadlines.*]`. */
function ruleOf(kind) {
  const key = factsTable('request_deadlines')[kind];
  assert.ok(key, `content/facts.toml [request_deadlines] names a deadline for ${kind}`);
  const d = factsTable(`deadlines.${key}`);
  assert.ok(Number.isInteger(d.amount) && d.unit, `[deadlines.${key}] has an amount and a unit`);
  return { key, amount: d.amount, unit: d.unit, article: d.article };
}

/** A whole Fluent message (its continuation lines too) of locales/<locale>/<file>.ftl. */
function ftlMessage(locale, file, key) {
  const text = fs.readFileSync(path.join(ROOT, 'locales', locale, `${file}.ftl`), 'utf8');
  const m = new RegExp(`^${key.replace(/-/g, '\\-')} = (.*(?:\\n[ \\t]+.*|\\n\\}.*)*)`, 'm').exec(text);
  if (!m) throw new Error(`${locale}/${file}.ftl has no message ${key}`);
  return m[1];
}

/**
 * A Fluent message with its variables filled in: `{ $x }` placeables, and a select on a
 * number (`{ $count -> [one] … *[other] … }`) resolved by CLDR plural rules, as fluent-rs
 * does (the catalogue turns Unicode isolation off).
 */
function fluent(locale, file, key, args = {}) {
  let msg = ftlMessage(locale, file, key);
  msg = msg.replace(/\{\s*\$(\w+)\s*->\s*\n([\s\S]*?)\n\s*\}/g, (_, name, variants) => {
    const value = args[name];
    const cases = [...variants.matchAll(/^\s*(\*)?\[([^\]]+)\]\s*(.*)$/gm)].map((v) => ({
      def: !!v[1],
      key: v[2].trim(),
      text: v[3],
    }));
    const category = new Intl.PluralRules(locale).select(value);
    const hit =
      cases.find((c) => c.key === String(value)) || cases.find((c) => c.key === category) || cases.find((c) => c.def);
    if (!hit) throw new Error(`${locale}/${file}.ftl ${key}: no variant for ${name}=${value}`);
    return hit.text;
  });
  return msg.replace(/\{\s*\$(\w+)\s*\}/g, (_, name) => {
    if (!(name in args)) throw new Error(`${locale}/${file}.ftl ${key}: no value for $${name}`);
    return String(args[name]);
  });
}

/** The duration as the catalogue words it (`Catalog::format_duration`). */
function durationText(locale, rule) {
  const key = { working_days: 'duration-working-days', calendar_days: 'duration-calendar-days' }[rule.unit];
  assert.ok(key, `a known deadline unit: ${rule.unit}`);
  return fluent(locale, 'common', key, { count: rule.amount });
}

/**
 * The acknowledgement's rule sentence (functions/intake/src/mail/compose.rs): `ack-rule` with
 * the law and its article, or `ack-rule-commitment` for the operator's own deadline.
 */
function ruleSentence(locale, rule) {
  const duration = durationText(locale, rule);
  if (rule.article === undefined) return fluent(locale, 'intake', 'ack-rule-commitment', { rule: duration });
  const law = factsTable('policy')[`law_short.${locale}`];
  assert.ok(law, `[policy] law_short.${locale}`);
  return fluent(locale, 'intake', 'ack-rule', { rule: duration, law, article: rule.article });
}

/** Whole days from one YYYY-MM-DD date to another. */
const daysBetween = (a, b) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;

// ---------------------------------------------------------------------------------------------

describe('all four request types through the rights page on serve', { timeout: 15 * 60_000 }, () => {
  let serve;
  let browser;
  let mailCounter = 0;
  const contexts = [];
  const timings = {};

  /** A fresh e-mail address for each submission (the store dedupes type+e-mail+scope for 24 h). */
  const freshEmail = (label) => `rights-${RUN}-${++mailCounter}-${label}@example.kz`;
  const url = (p) => `${serve.origin}${p}`;
  const state = () => ({ records: journalRecords(serve.journal).length, mails: outboxFiles(serve.outbox).length });

  /** A page in a new context; `posts` collects every POST to /requests it makes. */
  async function openPage({ js = true } = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: js });
    contexts.push(context);
    const page = await context.newPage();
    const posts = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/requests') posts.push(r);
    });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    return { page, posts, errors };
  }

  /**
   * Opens /{locale}/rights/ and checks it has one request form offering the four kinds, with
   * information chosen first; with JavaScript, that site.js enhanced it.
   */
  async function openRights(page, locale, { js = true } = {}) {
    const response = await page.goto(url(`/${locale}/rights/`));
    assert.equal(response.status(), 200, `/${locale}/rights/ answers 200`);
    assert.equal(await page.getAttribute('html', 'lang'), locale, `/${locale}/rights/ is in ${locale}`);
    // One request form (the status lookup's form is the other form of the page).
    assert.equal(await page.locator('form#request-form').count(), 1, `/${locale}/rights/ has one request form`);
    assert.equal(await page.locator('[id="request-form"]').count(), 1, `/${locale}/rights/ has one #request-form`);
    const kinds = await page.$$eval('#request-form input[name=type]', (els) => els.map((e) => e.value));
    assert.deepEqual(
      kinds,
      ['information', 'rectification', 'deletion', 'consent_withdrawal'],
      `/${locale}/rights/ offers the four kinds of request, in this order`,
    );
    assert.equal(await page.isChecked(RADIO.information), true, `/${locale}/rights/: information is chosen first`);
    assert.equal(await page.inputValue('#request-form input[name=locale]'), locale, `the form posts locale ${locale}`);
    if (js) {
      assert.equal(
        await page.evaluate(() => document.getElementById('request-form').noValidate),
        true,
        `/${locale}/rights/: site.js enhanced the form`,
      );
    }
  }

  async function fill(page, { type, name, email, details, scope }) {
    await page.check(RADIO[type]);
    if (scope) await page.check(`#scope-${scope}`);
    await page.fill('#f-name', name);
    await page.fill('#f-email', email);
    if (details !== undefined) await page.fill('#f-details', details);
    await page.check('#f-confirm');
  }

  /** Waits for the inline receipt or the error summary; fails with the errors when they show. */
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

  /** Files one request from /{locale}/rights/ with JavaScript; returns the inline receipt. */
  async function fileWithJs(locale, { type, details, scope }) {
    const { page, posts, errors } = await openPage();
    const email = freshEmail(`${type}-${locale}`);
    const name = NAMES[locale];
    await openRights(page, locale);
    await fill(page, { type, name, email, details, scope });
    await page.click('#request-form button[type=submit]');
    const { id, deadlineText } = await waitForResult(page);
    assert.match(id, /^ip-[0-9a-f]{32}$/, `${locale} ${type}: the request number shows on the page`);
    assert.match(deadlineText, DATE_SHAPE[locale], `${locale} ${type}: the deadline «${deadlineText}» is a ${locale} long date`);
    assert.equal(await page.locator('#request-form').isHidden(), true, `${locale} ${type}: the form is hidden after success`);
    assert.equal(await page.locator('[data-result-mail]').isVisible(), true, `${locale} ${type}: the "e-mail sent" line shows`);
    assert.equal(posts.length, 1, `${locale} ${type}: one POST /requests`);
    assert.match(posts[0].headers()['content-type'] || '', /^application\/json/, `${locale} ${type}: posted as JSON`);
    assert.equal(posts[0].postDataJSON().type, type, `${locale} ${type}: the posted type`);
    assert.deepEqual(errors, [], `${locale} ${type}: no page errors`);
    return { page, id, deadlineText, email, name };
  }

  /**
   * The journal holds the request as filed, with the deadline rule of the facts; the outbox
   * the acknowledgement (deadline, kind, next step, rule sentence) and the operator's notice.
   */
  async function assertFiled({ id, locale, email, name, type, details = null, scope = null, deadlineText }) {
    const what = `${locale} ${type} ${id}`;
    const record = await waitFor(() => journalRecords(serve.journal).find((r) => r.id === id), {
      message: `${what}: the request is in the journal ${serve.journal}`,
    });
    assert.equal(record.type, type, `${what}: stored type ${type}`);
    assert.equal(record.locale, locale, `${what}: stored locale ${locale}`);
    assert.equal(record.email, email, `${what}: stored e-mail ${email}`);
    assert.equal(record.name, name, `${what}: stored name ${name}`);
    assert.equal(record.details ?? null, details, `${what}: stored details`);
    assert.equal(record.scope ?? null, scope, `${what}: stored scope ${scope}`);
    assert.equal(record.status, 'received', `${what}: stored status received`);

    const rule = ruleOf(type);
    assert.equal(record.rule, `${rule.amount} ${rule.unit}`, `${what}: the rule applied is [deadlines.${rule.key}] of the facts`);
    assert.match(record.receipt_date, /^\d{4}-\d{2}-\d{2}$/, `${what}: a receipt date`);
    assert.match(record.deadline, /^\d{4}-\d{2}-\d{2}$/, `${what}: a deadline date`);
    assert.ok(
      daysBetween(record.receipt_date, record.deadline) >= rule.amount,
      `${what}: the deadline ${record.deadline} is at least ${rule.amount} days after the receipt ${record.receipt_date}`,
    );
    const expectedDate = longDate(locale, record.deadline);
    if (deadlineText !== undefined) {
      assert.equal(deadlineText, expectedDate, `${what}: the page shows the stored deadline ${record.deadline}`);
    }

    const ackEvent = await waitFor(() => readJournal(serve.journal).find((e) => e.event === 'ack' && e.id === id), {
      message: `${what}: an ack event in the journal`,
    });
    assert.equal(ackEvent.status, 'sent', `${what}: the acknowledgement was sent`);
    const mails = await waitFor(
      () => {
        const all = readOutbox(serve.outbox);
        const toVisitor = all.filter((m) => m.to.includes(email.toLowerCase()));
        const toOperator = all.filter((m) => m.replyTo.includes(email.toLowerCase()));
        return toVisitor.length >= 1 && toOperator.length >= 1 ? { toVisitor, toOperator } : null;
      },
      { message: `${what}: the outbox ${serve.outbox} holds the acknowledgement and the notice for ${email}` },
    );
    assert.equal(mails.toVisitor.length, 1, `${what}: one acknowledgement to ${email}`);
    assert.equal(mails.toOperator.length, 1, `${what}: one operator notice with Reply-To ${email}`);
    const [ack] = mails.toVisitor;
    const [notice] = mails.toOperator;

    assert.ok(ack.text, `${what}: the acknowledgement ${ack.file} has a text/plain part`);
    const ackText = squash(ack.text);
    const shown = `\n--- ${ack.file} ---\n${ack.text}`;
    // The letters name the short reference (issue 15); the id is in their links.
    const number = `${record.reference.slice(0, 4)}-${record.reference.slice(4)}`;
    assert.ok(ack.subject.includes(number), `${what}: the acknowledgement's subject names ${number}: ${ack.subject}`);
    assert.ok(ackText.includes(number), `${what}: the acknowledgement names ${number}${shown}`);
    assert.ok(ackText.includes(id), `${what}: the acknowledgement links to ${id}${shown}`);
    assert.ok(ackText.includes(expectedDate), `${what}: the acknowledgement states the deadline «${expectedDate}»${shown}`);
    const label = squash(ftlText(locale, 'common', `request-type-${type}`));
    assert.ok(ackText.includes(label), `${what}: the acknowledgement names the kind «${label}» (request-type-${type})${shown}`);
    const next = squash(ftlText(locale, 'intake', `ack-next-${type}`));
    assert.ok(ackText.includes(next), `${what}: the acknowledgement's next step is ack-next-${type} «${next}»${shown}`);
    const duration = squash(durationText(locale, rule));
    assert.ok(duration.startsWith(`${rule.amount} `), `${what}: the duration «${duration}» starts with ${rule.amount}`);
    const sentence = squash(ruleSentence(locale, rule));
    assert.ok(sentence.includes(duration), `${what}: the rule sentence «${sentence}» holds «${duration}»`);
    assert.ok(ackText.includes(sentence), `${what}: the acknowledgement states the rule «${sentence}»${shown}`);
    if (ack.html) {
      assert.ok(squash(ack.html).includes(expectedDate), `${what}: the HTML acknowledgement states «${expectedDate}»`);
    }

    assert.deepEqual(notice.to, [OPERATOR], `${what}: the notice goes to ${OPERATOR}`);
    assert.deepEqual(notice.replyTo, [email.toLowerCase()], `${what}: the notice's Reply-To is ${email}`);
    const noticeText = squash(notice.text);
    assert.ok(noticeText.includes(number), `${what}: the notice ${notice.file} names ${number}:\n${notice.text}`);
    assert.ok(noticeText.includes(id), `${what}: the notice links to ${id}:\n${notice.text}`);
    assert.ok(squash(notice.subject).includes(number), `${what}: the notice's subject names ${number}: ${notice.subject}`);
    if (details) {
      assert.ok(noticeText.includes(squash(details)), `${what}: the notice carries the details «${details}»:\n${notice.text}`);
    }
    return record;
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
    console.log(`rights timings: ${Object.entries(timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}s`).join(', ')}`);
  });

  for (const locale of LOCALES) {
    test(`${locale}, with JavaScript: information and rectification from /${locale}/rights/, receipt inline, stored with the facts' deadlines, acknowledged and notified`, async () => {
      const start = state();

      const info = await fileWithJs(locale, { type: 'information' });
      const infoRecord = await assertFiled({ ...info, locale, type: 'information', details: null });

      const rect = await fileWithJs(locale, { type: 'rectification', details: DETAILS[locale] });
      const rectRecord = await assertFiled({ ...rect, locale, type: 'rectification', details: DETAILS[locale] });

      // Same receipt day: the shorter rule (3 working days) ends no later than the longer (10).
      if (infoRecord.receipt_date === rectRecord.receipt_date) {
        const [short, long] = [ruleOf('information'), ruleOf('rectification')];
        assert.ok(short.amount < long.amount, `information (${short.amount}) has a shorter deadline than rectification (${long.amount})`);
        assert.ok(
          infoRecord.deadline < rectRecord.deadline,
          `received the same day, information's deadline ${infoRecord.deadline} is before rectification's ${rectRecord.deadline}`,
        );
      }
      assert.deepEqual(state(), { records: start.records + 2, mails: start.mails + 4 }, `${locale}: two requests, four e-mails`);
    });
  }

  test('deletion (kk) and consent withdrawal with scope analytics (en) through the rights page', async () => {
    const start = state();
    const del = await fileWithJs('kk', { type: 'deletion' });
    await assertFiled({ ...del, locale: 'kk', type: 'deletion' });

    const consent = await fileWithJs('en', { type: 'consent_withdrawal', scope: 'analytics' });
    await assertFiled({ ...consent, locale: 'en', type: 'consent_withdrawal', scope: 'analytics' });
    assert.deepEqual(state(), { records: start.records + 2, mails: start.mails + 4 }, 'two requests, four e-mails');
  });

  for (const locale of LOCALES) {
    test(`${locale}, without JavaScript: a rectification posts form-encoded, 303 to its status page in ${locale}, stored as a rectification`, async () => {
      const { page, posts } = await openPage({ js: false });
      const email = freshEmail(`nojs-${locale}`);
      const name = NAMES[locale];
      const start = state();
      await openRights(page, locale, { js: false });
      await fill(page, { type: 'rectification', name, email, details: DETAILS[locale] });
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/requests'),
        page.click('#request-form button[type=submit]'),
      ]);
      assert.equal(response.status(), 303, `${locale}: the form post is answered 303`);
      // It lands on the request's own status page, "received", in the form's language: the
      // number, the deadline of a rectification (not a deletion's) and the status.
      const location = new URL(response.headers().location || '', serve.origin);
      assert.match(location.pathname, /^\/requests\/ip-[0-9a-f]{32}$/, `${locale}: 303 to the status page`);
      assert.equal(location.search, `?lang=${locale}&received=sent`, `${locale}: in ${locale}, received`);
      await page.waitForURL(location.href, { timeout: 20_000 });
      assert.equal(await page.getAttribute('html', 'lang'), locale, `${locale}: the status page is in ${locale}`);
      const id = location.pathname.split('/')[2];
      assert.equal(await page.locator('[data-received]').isVisible(), true, `${locale}: the "received" notice`);
      assert.match(squash(await page.locator('[data-field=reference]').innerText()), /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/, `${locale}: the short reference on the page`);
      const deadlineShown = squash(await page.locator('[data-field=deadline]').innerText());
      assert.equal(posts.length, 1, `${locale}: one POST /requests`);
      assert.match(
        posts[0].headers()['content-type'] || '',
        /^application\/x-www-form-urlencoded/,
        `${locale}: posted form-encoded`,
      );
      assert.equal(new URLSearchParams(posts[0].postData() || '').get('type'), 'rectification', `${locale}: posted type=rectification`);

      const record = await assertFiled({ id, locale, email, name, type: 'rectification', details: DETAILS[locale] });
      assert.equal(deadlineShown, longDate(locale, record.deadline), `${locale}: the page shows the stored deadline`);
      assert.deepEqual(state(), { records: start.records + 1, mails: start.mails + 2 }, `${locale}: one request, two e-mails`);
    });
  }

  test('a rectification without details is refused: the localized message next to the details field, nothing stored or mailed', async () => {
    const start = state();
    for (const [locale, details] of [
      ['kk', ''],
      ['ru', ''],
      ['en', ''],
      ['ru', '  \n  '], // white space alone is no description either
    ]) {
      const label = `${locale} (details ${JSON.stringify(details)})`;
      const { page, posts, errors } = await openPage();
      await openRights(page, locale);
      await fill(page, { type: 'rectification', name: NAMES[locale], email: freshEmail(`nodetails-${locale}`), details });
      await page.click('#request-form button[type=submit]');
      await page.waitForSelector('#f-details-error:not([hidden]), #request-result:not([hidden])', { timeout: 20_000 });
      assert.equal(await page.locator('#request-result').isHidden(), true, `${label}: no receipt is shown`);
      const expected = squash(ftlText(locale, 'intake', 'field-details-required'));
      assert.equal(
        squash(await page.locator('#f-details-error').innerText()),
        expected,
        `${label}: #f-details-error says «${expected}» (intake.ftl field-details-required)`,
      );
      assert.equal(await page.getAttribute('#f-details', 'aria-invalid'), 'true', `${label}: #f-details is aria-invalid`);
      const described = (await page.getAttribute('#f-details', 'aria-describedby')) || '';
      assert.ok(described.split(/\s+/).includes('f-details-error'), `${label}: #f-details is described by its error`);
      const summary = squash(await page.locator('#form-errors').innerText());
      assert.ok(summary.startsWith(squash(ftlText(locale, 'intake', 'error-invalid'))), `${label}: the summary starts with error-invalid: ${summary}`);
      assert.ok(summary.includes(expected), `${label}: the summary lists the details error: ${summary}`);
      assert.equal(await page.locator('#request-form').isVisible(), true, `${label}: the form stays`);
      assert.equal(await page.locator('#request-form button[type=submit]').isEnabled(), true, `${label}: the button is enabled again`);
      assert.equal(posts.length, 1, `${label}: the form was posted once (the function refuses it)`);
      assert.deepEqual(errors, [], `${label}: no page errors`);
    }
    assert.deepEqual(state(), start, 'journal and outbox unchanged by refused rectifications');
  });

  test('axe-core: no WCAG 2.1 A/AA violations on /{locale}/rights/ in its initial and success states', async () => {
    const failures = [];
    const check = async (page, label) => {
      const v = await runAxe(page);
      if (v.length) failures.push(formatAxe(label, v));
    };
    for (const locale of LOCALES) {
      const { page } = await openPage();
      await openRights(page, locale);
      await check(page, `/${locale}/rights/ (initial)`);
      await fill(page, { type: 'information', name: NAMES[locale], email: freshEmail(`axe-${locale}`) });
      await page.click('#request-form button[type=submit]');
      const { id } = await waitForResult(page);
      assert.match(id, /^ip-[0-9a-f]{32}$/, `${locale}: the success state shows a request number`);
      await check(page, `/${locale}/rights/ (success)`);
    }
    assert.equal(failures.length, 0, `no axe violations expected:\n${failures.join('\n')}`);
  });
});
