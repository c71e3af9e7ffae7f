// Lighthouse on six pages of the site (issue 15, "Done when"), on the real local stack
// (`serve`), mobile and desktop presets, in Debian's Chromium launched by chrome-launcher with
// the suite's flags and a fresh profile: accessibility, best practices and SEO must be 100.
//
// Performance is not asserted here: its score comes from timings (simulated throttling over
// a trace measured on this machine), and the team's rule is no timed assertions in tests. It
// is measured by the benchmark, bench/lighthouse.sh, on the same six pages (README,
// "Benchmarks"). The function's pages (/requests/…) are `noindex` by design, so their SEO
// score cannot be 100 and they are not among the six.
//
//   node --test tests/browser/lighthouse.test.mjs     # after tests/browser/install.sh
//
// LIGHTHOUSE_PAGES="/ /ru/privacy/" narrows the pages; reports (JSON) are written to
// tests/artifacts/lighthouse/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CHROMIUM, REPO, ensureDir, launchOptions } from './lib.mjs';
import { buildServe, startServe } from './journey-lib.mjs';

/** The six pages, the same as bench/lighthouse.sh's default. */
export const PAGES = (process.env.LIGHTHOUSE_PAGES || '/ /kk/privacy/ /ru/data-deletion/ /en/rights/ /ru/cookies/ /en/data-deletion/')
  .split(/\s+/)
  .filter(Boolean);
const PRESETS = ['mobile', 'desktop'];
const CATEGORIES = ['accessibility', 'best-practices', 'seo'];
const REPORTS = path.join(REPO, 'tests', 'artifacts', 'lighthouse');
/**
 * serve's live reload (`/__serve/live.js`, which long-polls `/__serve/wait`) is serve's alone,
 * not the site's: blocked, so the page is the one deployed and Lighthouse does not wait out its
 * 45 s load limit on a request that never ends.
 */
const BLOCKED = ['*/__serve/*'];

/** The audits of a category that cost points, for the failure message. */
function costs(lhr, category) {
  const cat = lhr.categories[category];
  return cat.auditRefs
    .filter((ref) => ref.weight > 0)
    .map((ref) => lhr.audits[ref.id])
    .filter((a) => a && a.score !== null && a.score < 1 && !['notApplicable', 'manual', 'informative'].includes(a.scoreDisplayMode))
    .map((a) => {
      const items = ((a.details && a.details.items) || [])
        .slice(0, 5)
        .map((i) => i.node?.snippet || i.url || i.source?.url || JSON.stringify(i).slice(0, 160));
      return `  ${a.id} (score ${a.score}): ${a.title}${a.displayValue ? ` — ${a.displayValue}` : ''}${items.length ? `\n    ${items.join('\n    ')}` : ''}`;
    })
    .join('\n');
}

describe('Lighthouse: accessibility, best practices and SEO are 100 on six pages', { timeout: 20 * 60_000 }, () => {
  let serve;
  let chrome;
  let profile;
  let lighthouse;
  let desktopConfig;
  const timings = {};

  before(async () => {
    let t = Date.now();
    const bin = await buildServe();
    serve = await startServe({ bin });
    timings.serve = Date.now() - t;
    t = Date.now();
    lighthouse = (await import('lighthouse')).default;
    desktopConfig = (await import('lighthouse/core/config/desktop-config.js')).default;
    const chromeLauncher = await import('chrome-launcher');
    // The suite's flags (lib.mjs) and a fresh profile, removed in after().
    profile = await fsp.mkdtemp(path.join(os.tmpdir(), 'lighthouse-profile-'));
    chrome = await chromeLauncher.launch({
      chromePath: CHROMIUM,
      chromeFlags: launchOptions().args,
      userDataDir: profile,
      logLevel: 'error',
    });
    timings.launch = Date.now() - t;
    ensureDir(REPORTS);
  });

  after(async () => {
    await chrome?.kill();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
    if (serve) {
      await serve.stop();
      fs.rmSync(serve.dataDir, { recursive: true, force: true });
    }
    const parts = Object.entries(timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}s`);
    console.log(`lighthouse timings: ${parts.join(', ')}`);
  });

  for (const page of PAGES) {
    for (const preset of PRESETS) {
      test(`${page} (${preset}): ${CATEGORIES.join(', ')} = 100`, async () => {
        const t = Date.now();
        const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES, blockedUrlPatterns: BLOCKED };
        const result = await lighthouse(`${serve.origin}${page}`, flags, preset === 'desktop' ? desktopConfig : undefined);
        timings[`${page} ${preset}`] = Date.now() - t;
        assert.ok(result && result.lhr, `Lighthouse gave no result for ${page} (${preset})`);
        const { lhr } = result;
        const name = `${page.replace(/^\/|\/$/g, '').replace(/\//g, '-') || 'index'}-${preset}`;
        fs.writeFileSync(path.join(REPORTS, `${name}.json`), result.report);
        assert.deepEqual(lhr.runtimeError ?? null, null, `Lighthouse runtime error on ${page}`);
        assert.equal(lhr.finalDisplayedUrl, `${serve.origin}${page}`, 'no redirect');
        const scores = Object.fromEntries(CATEGORIES.map((c) => [c, lhr.categories[c]?.score == null ? null : Math.round(lhr.categories[c].score * 100)]));
        const low = CATEGORIES.filter((c) => scores[c] !== 100);
        assert.deepEqual(
          low,
          [],
          `${page} (${preset}): ${low.map((c) => `${c} ${scores[c]}`).join(', ')}\n${low.map((c) => `${c}:\n${costs(lhr, c)}`).join('\n')}`,
        );
      });
    }
  }
});
