// The editor's preview in Chromium: `serve` on a scratch copy of the project. A saved edit
// reloads the open page by itself; a broken edit replaces the page with the list of errors
// (file and line), and the page comes back by itself when the mistake is fixed.
//
//   node --test tests/browser/live.test.mjs     # after tests/browser/install.sh
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO, launchBrowser } from './lib.mjs';
import { buildServe, startServe } from './journey-lib.mjs';

async function scratchProject() {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'live-project-'));
  for (const sub of ['content', 'locales', 'site/templates', 'site/assets']) {
    await fsp.cp(path.join(REPO, sub), path.join(dir, sub), { recursive: true });
  }
  return dir;
}

function edit(file, change) {
  fs.writeFileSync(file, change(fs.readFileSync(file, 'utf8')));
}

describe('live reload and the error page in Chromium', { timeout: 10 * 60_000 }, () => {
  let serve;
  let browser;
  let project;

  before(async () => {
    project = await scratchProject();
    const bin = await buildServe();
    serve = await startServe({ bin, root: project });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await serve?.stop();
    if (project) await fsp.rm(project, { recursive: true, force: true });
  });

  test('an edit reloads the page; a mistake shows its errors; the fix brings the page back', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${serve.origin}/en/privacy/`);
      assert.match(await page.textContent('main'), /support@interpay\.kz/);

      // Save a fact: the open page reloads by itself and shows it.
      let reloaded = page.waitForEvent('load', { timeout: 60_000 });
      edit(path.join(project, 'content/facts.toml'), (t) => t.replaceAll('support@interpay.kz', 'edited@interpay.kz'));
      await reloaded;
      await page.waitForFunction(() => document.body.textContent.includes('edited@interpay.kz'), null, { timeout: 60_000 });

      // Break a page: the browser shows the build's errors with file and line.
      const cookies = path.join(project, 'content/en/cookies.md');
      const good = fs.readFileSync(cookies, 'utf8');
      reloaded = page.waitForEvent('load', { timeout: 60_000 });
      fs.writeFileSync(cookies, `${good}\n{{ facts.operator.fax }}\n`);
      await reloaded;
      // Read in one evaluation that is retried across reloads: the page may reload again
      // while it is read (a build already under way when the file was saved).
      const shown = await (
        await page.waitForFunction(
          () => {
            const items = [...document.querySelectorAll('ol.build-errors li')].map((e) => e.textContent);
            return items.length ? { items, h1: document.querySelector('h1')?.textContent } : null;
          },
          null,
          { timeout: 60_000 },
        )
      ).jsonValue();
      const line = good.split('\n').length + 1;
      assert.ok(
        shown.items.some((e) => e.includes(`content/en/cookies.md:${line} (en)`) && e.includes('facts.operator.fax')),
        shown.items.join('\n'),
      );
      assert.equal(shown.h1, 'The site did not build');

      // Fix it: the page comes back by itself.
      reloaded = page.waitForEvent('load', { timeout: 60_000 });
      fs.writeFileSync(cookies, good);
      await reloaded;
      const main = await (
        await page.waitForFunction(
          () => document.querySelector('article.policy') && document.querySelector('main').textContent,
          null,
          { timeout: 60_000 },
        )
      ).jsonValue();
      assert.match(main, /edited@interpay\.kz/);
    } finally {
      await page.close();
    }
  });
});
