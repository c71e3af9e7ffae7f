// Helpers of the end-to-end journey test (journey.test.mjs): build and start the local
// `serve` binary (the site plus the intake Lambda's handler on an embedded store and outbox),
// read its JSON-lines journal and its .eml outbox (a small MIME decoder: base64,
// quoted-printable, RFC 2047 encoded words, nested multiparts), localized long dates, and
// bounded polling on a condition. Shares the general helpers of lib.mjs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { REPO, run } from './lib.mjs';

/** target/ of the workspace, as cargo resolves it (CARGO_TARGET_DIR is relative to the cwd). */
export function targetDir() {
  const t = process.env.CARGO_TARGET_DIR;
  return t ? path.resolve(REPO, t) : path.join(REPO, 'target');
}

export function serveBinary() {
  return path.join(targetDir(), 'debug', 'serve');
}

/** `cargo build -p serve --bin serve` (quick when up to date). */
export async function buildServe() {
  const r = await run('cargo', ['build', '-q', '-p', 'serve', '--bin', 'serve'], { cwd: REPO });
  if (r.code !== 0) throw new Error(`cargo build --bin serve failed (exit ${r.code}):\n${r.stderr}${r.stdout}`);
  const bin = serveBinary();
  if (!fs.existsSync(bin)) throw new Error(`cargo built serve but ${bin} is missing`);
  return bin;
}

/**
 * The environment of serve: this process's, without anything that would send requests to
 * DynamoDB/SMTP instead of the embedded store and outbox.
 */
export function cleanServeEnv() {
  const env = { ...process.env };
  for (const k of [
    'REQUESTS_TABLE',
    'SMTP_URL',
    'SMTP_URL_PARAMETER',
    'MAIL_FROM',
    'OPERATOR_EMAIL',
    'SITE_URL',
    'ALLOWED_ORIGINS',
    'RETENTION_DAYS',
  ]) {
    delete env[k];
  }
  return env;
}

/**
 * Starts serve on a free port with a fresh data directory (or `dataDir`). Resolves when it
 * prints its `serve: listening on http://127.0.0.1:PORT/` line. Returns { origin, dataDir,
 * journal, outbox, child, output(), stop() }.
 */
export async function startServe({ bin = serveBinary(), dataDir, root, timeoutMs = 120_000 } = {}) {
  const dir = dataDir || (await fsp.mkdtemp(path.join(os.tmpdir(), 'journey-serve-')));
  const args = ['--port', '0', '--data-dir', dir];
  const projectRoot = root || process.env.BROWSER_TEST_SITE_ROOT;
  args.push('--root', projectRoot ? path.resolve(projectRoot) : REPO);
  const child = spawn(bin, args, { cwd: REPO, env: cleanServeEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d.toString('utf8');
    if (stderr.length > 200_000) stderr = stderr.slice(-100_000);
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  // Never leave serve behind: on exit, and when this process is told to stop (node --test
  // stops a test file's process with a signal on timeout or interrupt).
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const onSignal = (sig) => {
    child.kill('SIGKILL');
    for (const s of signals) process.removeListener(s, onSignal);
    process.kill(process.pid, sig);
  };
  for (const s of signals) process.once(s, onSignal);

  const origin = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve printed no "listening on" line in ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (d) => {
      stdout += d.toString('utf8');
      const m = /serve: listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code ?? signal}) before listening\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    });
  });

  return {
    origin,
    dataDir: dir,
    journal: path.join(dir, 'store', 'requests.jsonl'),
    outbox: path.join(dir, 'outbox'),
    child,
    output: () => ({ stdout, stderr }),
    async stop() {
      process.removeListener('exit', killOnExit);
      for (const s of signals) process.removeListener(s, onSignal);
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      const r = await exited;
      clearTimeout(timer);
      return r;
    },
  };
}

/** Every event of the store's journal (none when it does not exist yet). */
export function readJournal(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (e.code === 'ENOENT') return [];
    throw e;
  }
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l);
      } catch (e) {
        throw new Error(`${file}:${i + 1}: not JSON (${e.message}): ${l.slice(0, 200)}`);
      }
    });
}

/** The records of the journal's `created` events, in order. */
export function journalRecords(file) {
  return readJournal(file)
    .filter((e) => e.event === 'created')
    .map((e) => e.record);
}

/** The .eml file names in the outbox, sorted. */
export function outboxFiles(dir) {
  try {
    return fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
  } catch (e) {
    if (e.code === 'ENOENT') return [];
    throw e;
  }
}

/** Every message of the outbox, parsed. */
export function readOutbox(dir) {
  return outboxFiles(dir).map((f) => ({ file: f, ...parseMessage(fs.readFileSync(path.join(dir, f), 'utf8')) }));
}

// ---------------------------------------------------------------------------------------------
// A small MIME reader: enough for lettre's messages (multipart/alternative of text/plain and
// text/html, base64 or quoted-printable, RFC 2047 encoded-word headers).

function bytesOfQuotedPrintable(s) {
  const text = s.replace(/=\r?\n/g, ''); // soft line breaks
  const out = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of Buffer.from(c, 'utf8')) out.push(b);
    }
  }
  return Buffer.from(out);
}

export function decodeQuotedPrintable(s, charset = 'utf-8') {
  return new TextDecoder(charset).decode(bytesOfQuotedPrintable(s));
}

/** RFC 2047 encoded words (=?charset?B|Q?...?=) in a header value; whitespace between adjacent words is dropped. */
export function decodeWords(value) {
  const word = /=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g;
  const joined = value.replace(/(=\?[^?]+\?[bBqQ]\?[^?]*\?=)\s+(?==\?[^?]+\?[bBqQ]\?)/g, '$1');
  return joined.replace(word, (_, charset, enc, data) => {
    const cs = charset.split('*')[0].toLowerCase();
    const bytes =
      enc.toLowerCase() === 'b' ? Buffer.from(data, 'base64') : bytesOfQuotedPrintable(data.replace(/_/g, ' '));
    return new TextDecoder(cs).decode(bytes);
  });
}

function splitHead(raw) {
  const m = /\r?\n\r?\n/.exec(raw);
  if (!m) return { head: raw, body: '' };
  return { head: raw.slice(0, m.index), body: raw.slice(m.index + m[0].length) };
}

/** Header lines unfolded; returns a Map of lower-case name -> [decoded values]. */
export function parseHeaders(head) {
  const headers = new Map();
  const unfolded = head.replace(/\r?\n(?=[ \t])/g, '');
  for (const line of unfolded.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    const value = decodeWords(line.slice(i + 1).trim());
    if (!headers.has(name)) headers.set(name, []);
    headers.get(name).push(value);
  }
  return headers;
}

/** A header parameter such as boundary or charset. */
function param(value, name) {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value || '');
  return m ? (m[1] ?? m[2]) : undefined;
}

function decodeBody(body, headers) {
  const cte = (headers.get('content-transfer-encoding')?.[0] || '7bit').toLowerCase();
  const charset = (param(headers.get('content-type')?.[0], 'charset') || 'utf-8').toLowerCase();
  if (cte === 'base64') return new TextDecoder(charset).decode(Buffer.from(body.replace(/\s+/g, ''), 'base64'));
  if (cte === 'quoted-printable') return decodeQuotedPrintable(body, charset);
  return body;
}

/** The leaf parts of a MIME entity: [{ type, headers, text }]. */
function leafParts(raw) {
  const { head, body } = splitHead(raw);
  const headers = parseHeaders(head);
  const ctype = headers.get('content-type')?.[0] || 'text/plain';
  const type = ctype.split(';')[0].trim().toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = param(ctype, 'boundary');
    if (!boundary) throw new Error(`multipart without boundary: ${ctype}`);
    const delim = `--${boundary}`;
    const chunks = body.split(new RegExp(`(?:^|\\r?\\n)${delim.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(--)?[ \\t]*(?:\\r?\\n|$)`));
    // chunks: preamble, part, undefined|'--', part, ... ; keep the parts before the closing delimiter.
    const parts = [];
    for (let i = 1; i < chunks.length; i += 2) {
      const closing = chunks[i] === '--';
      if (closing) break;
      const part = chunks[i + 1];
      if (part !== undefined) parts.push(...leafParts(part));
    }
    return parts;
  }
  return [{ type, headers, text: decodeBody(body, headers) }];
}

/**
 * Parses an RFC 5322 message: { headers, subject, to, from, replyTo (address lists,
 * lower-case), text, html, parts }.
 */
export function parseMessage(raw) {
  const { head } = splitHead(raw);
  const headers = parseHeaders(head);
  const parts = leafParts(raw);
  const first = (type) => parts.find((p) => p.type === type)?.text;
  return {
    headers,
    subject: headers.get('subject')?.[0] || '',
    from: addresses(headers.get('from')?.[0]),
    to: addresses(headers.get('to')?.[0]),
    replyTo: addresses(headers.get('reply-to')?.[0]),
    text: first('text/plain'),
    html: first('text/html'),
    parts,
  };
}

/** The bare addresses of an address-list header, lower-case. */
export function addresses(value) {
  if (!value) return [];
  return value
    .split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)
    .map((a) => {
      const m = /<([^>]+)>/.exec(a);
      return (m ? m[1] : a).trim().toLowerCase();
    })
    .filter(Boolean);
}

// ---------------------------------------------------------------------------------------------
// Localized long dates, as the catalogue (locales/*/common.ftl `date-long`) writes them.

export const MONTHS = {
  ru: ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'],
  kk: ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** The shape of a long date in each locale: ru «16 ноября 2026 г.», kk «2026 жылғы 16 қараша», en «16 November 2026». */
export const DATE_SHAPE = {
  ru: new RegExp(`^([1-9]|[12][0-9]|3[01]) (${MONTHS.ru.join('|')}) (\\d{4}) г\\.$`),
  kk: new RegExp(`^(\\d{4}) жылғы ([1-9]|[12][0-9]|3[01]) (${MONTHS.kk.join('|')})$`),
  en: new RegExp(`^([1-9]|[12][0-9]|3[01]) (${MONTHS.en.join('|')}) (\\d{4})$`),
};

/** 2026-11-16 -> the locale's long date. */
export function longDate(locale, iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${iso}`);
  const [y, mo, d] = [m[1], MONTHS[locale][parseInt(m[2], 10) - 1], String(parseInt(m[3], 10))];
  if (locale === 'ru') return `${d} ${mo} ${y} г.`;
  if (locale === 'kk') return `${y} жылғы ${d} ${mo}`;
  return `${d} ${mo} ${y}`;
}

/** Collapses runs of white space (including no-break spaces) to one space, trimmed. */
export function squash(s) {
  return String(s ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

// ---------------------------------------------------------------------------------------------

/**
 * Polls `probe` (sync or async) until it returns a truthy value, which is returned; throws
 * `message` (a string or a function of the last value) after `timeoutMs`. Waits on an
 * event-loop turn of `intervalMs` between probes: a bounded wait for a condition.
 */
export async function waitFor(probe, { timeoutMs = 10_000, intervalMs = 50, message = 'condition not met' } = {}) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() > end) throw new Error(typeof message === 'function' ? message(last) : `${message} (after ${timeoutMs} ms)`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A one-line message of the Fluent catalogue (locales/<locale>/<file>.ftl), verbatim. */
export function ftlText(locale, file, key) {
  const root = process.env.BROWSER_TEST_SITE_ROOT ? path.resolve(process.env.BROWSER_TEST_SITE_ROOT) : REPO;
  const text = fs.readFileSync(path.join(root, 'locales', locale, `${file}.ftl`), 'utf8');
  const m = new RegExp(`^${key.replace(/[-]/g, '\\-')} = (.+)$`, 'm').exec(text);
  if (!m) throw new Error(`${locale}/${file}.ftl has no one-line message ${key}`);
  return m[1].trim();
}
