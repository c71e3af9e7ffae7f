// Helpers of the browser tests: build the site, serve it, drive Debian's Chromium, run vnu
// and axe-core. No network: everything is served from 127.0.0.1.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '..', '..');
export const BASE_URL = 'https://interpay.kz';
export const LOCALES = ['kk', 'ru', 'en'];
export const DEFAULT_LOCALE = 'ru';
export const SLUGS = ['privacy', 'rights', 'data-deletion', 'cookies'];
export const ALIASES = SLUGS; // /privacy/ … serve the Russian page
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const AXE_PATH = path.join(HERE, 'node_modules', 'axe-core', 'axe.min.js');
export const VNU_JAR = path.join(HERE, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
export const SCREENSHOTS = path.join(REPO, 'tests', 'artifacts', 'screenshots');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs a command; resolves with { code, stdout, stderr } (never rejects on exit status). */
export function run(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}

/**
 * Builds the site into a fresh temporary directory and returns it. BROWSER_TEST_SITE_ROOT
 * builds another project root (content/, locales/, site/), e.g. a scratch copy.
 */
export async function buildSite() {
  const out = await fsp.mkdtemp(path.join(os.tmpdir(), 'site-browser-test-'));
  const args = ['run', '-q', '--bin', 'build-site', '--', '--out', out, '--base-url', BASE_URL];
  if (process.env.BROWSER_TEST_SITE_ROOT) args.push('--root', path.resolve(process.env.BROWSER_TEST_SITE_ROOT));
  const r = await run('cargo', args, { cwd: REPO });
  if (r.code !== 0) {
    throw new Error(`build-site failed (exit ${r.code}):\n${r.stderr}${r.stdout}`);
  }
  return out;
}

/** Every file under dir, as paths relative to it with forward slashes, sorted. */
export async function listFiles(dir) {
  const out = [];
  async function walk(rel) {
    for (const e of await fsp.readdir(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(r);
      else out.push(r);
    }
  }
  await walk('');
  return out.sort();
}

/** The URL path a built HTML file is served at: a/b/index.html -> /a/b/, 404.html -> /404.html. */
export function urlPathOf(rel) {
  if (rel === 'index.html') return '/';
  if (rel.endsWith('/index.html')) return `/${rel.slice(0, -'index.html'.length)}`;
  return `/${rel}`;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
};

export function contentType(file) {
  return TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

async function isFile(p) {
  try {
    return (await fsp.stat(p)).isFile();
  } catch {
    return false;
  }
}

async function isDir(p) {
  try {
    return (await fsp.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * A static server of root on 127.0.0.1 (a free port): /x/ -> /x/index.html, /x -> 301 /x/
 * when x is a directory, anything else -> the 404 page of the path's locale (else /404.html)
 * with status 404. `onRequest(req, res)` may answer a request first (return true when it did):
 * the tests use it to stand in for the intake function at /requests.
 */
export async function startServer(root, onRequest) {
  const rootAbs = path.resolve(root);
  const log = [];
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      log.push({ method: req.method, path: url.pathname });
      if (onRequest && (await onRequest(req, res, url))) return;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('method not allowed\n');
        return;
      }
      let pathname;
      try {
        pathname = decodeURIComponent(url.pathname);
      } catch {
        pathname = '/\u0000';
      }
      const file = path.join(rootAbs, pathname);
      const inside = file === rootAbs || file.startsWith(rootAbs + path.sep);
      let target = null;
      if (inside && !pathname.includes('\u0000')) {
        if (pathname.endsWith('/')) {
          if (await isFile(path.join(file, 'index.html'))) target = path.join(file, 'index.html');
        } else if (await isFile(file)) {
          target = file;
        } else if (await isDir(file)) {
          res.writeHead(301, { Location: `${url.pathname}/${url.search}` });
          res.end();
          return;
        }
      }
      let status = 200;
      if (!target) {
        status = 404;
        const locale = pathname.split('/')[1];
        const localized = path.join(rootAbs, locale || '-', '404.html');
        target = LOCALES.includes(locale) && (await isFile(localized)) ? localized : path.join(rootAbs, '404.html');
      }
      const body = await fsp.readFile(target);
      res.writeHead(status, {
        'Content-Type': contentType(target),
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(String(e && e.stack));
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** Launch options for Debian's Chromium: Playwright downloads no browser. */
export function launchOptions() {
  return {
    executablePath: CHROMIUM,
    headless: true,
    // Playwright itself gives every launch() a fresh profile: it mkdtemps
    // $TMPDIR/playwright_chromiumdev_profile-XXXXXX, passes it as --user-data-dir and removes it
    // on close (passing --user-data-dir here is refused by launch()).
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  };
}

/** Launches Chromium (playwright-core, imported lazily so a missing install fails clearly). */
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch(launchOptions());
}

/**
 * Runs vnu over files (absolute paths) and returns its messages (errors only). vnu prints its
 * JSON report on stderr.
 */
export async function runVnu(files) {
  const r = await run('java', ['-Xss4m', '-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files]);
  let report;
  try {
    report = JSON.parse(r.stderr.trim() || r.stdout.trim() || '{"messages":[]}');
  } catch {
    throw new Error(`vnu gave no JSON report (exit ${r.code}):\n${r.stderr}\n${r.stdout}`);
  }
  return report.messages || [];
}

export function formatVnu(messages, root) {
  return messages
    .map((m) => {
      const file = m.url ? decodeURIComponent(m.url.replace(/^file:/, '')) : '?';
      const rel = root ? path.relative(root, file) : file;
      const where = m.lastLine ? `${m.lastLine}:${m.firstColumn ?? m.lastColumn ?? ''}` : '';
      let extract = '';
      if (m.extract) {
        // The highlighted part, with a little context: vnu's extracts can be very long.
        const start = Math.max(0, (m.hiliteStart ?? 0) - 60);
        const end = Math.min(m.extract.length, (m.hiliteStart ?? 0) + (m.hiliteLength ?? 80) + 60, start + 220);
        extract = `\n      ${JSON.stringify(m.extract.slice(start, end))}`;
      }
      return `  ${rel}:${where} [${m.type}${m.subType ? `/${m.subType}` : ''}] ${m.message}${extract}`;
    })
    .join('\n');
}

/** Injects axe-core into a page with JavaScript and runs the WCAG 2.0/2.1 A and AA rules. */
export async function runAxe(page, context = undefined) {
  const has = await page.evaluate(() => typeof window.axe === 'object');
  if (!has) await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(
    ({ tags, context }) =>
      window.axe
        .run(context || document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
        .then((r) =>
          r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
          })),
        ),
    { tags: AXE_TAGS, context },
  );
}

export function formatAxe(label, violations) {
  return violations
    .map(
      (v) =>
        `  ${label}: ${v.id} (${v.impact}) ${v.help}\n` +
        v.nodes.map((n) => `    ${n.target}\n      ${n.html.slice(0, 300)}\n      ${(n.summary || '').replace(/\n/g, '\n      ')}`).join('\n'),
    )
    .join('\n');
}

/**
 * The DOM a browser without JavaScript builds, made inert so it can be shown in a page with
 * JavaScript (where axe runs) the same way: <script> elements removed, <noscript> unwrapped
 * (a browser without scripting renders its content). The templates have no inline event
 * handlers (a strict CSP applies), so there are none to drop.
 */
export function inertHtml(html) {
  return html
    .replace(/<script\b[^>]*>[\s\S]*?<\/script\s*>/gi, '')
    .replace(/<\/?noscript\b[^>]*>/gi, '');
}

/** A file name for a URL path: /en/privacy/ -> en-privacy, / -> index, /404.html -> 404. */
export function shotName(urlPath) {
  const s = urlPath.replace(/^\/|\/$/g, '').replace(/\.html$/, '').replace(/[/]+/g, '-');
  return s || 'index';
}

export function ensureDir(dir) {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
