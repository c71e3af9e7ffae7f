// Picks the README's screenshots of the visitor's journey (docs/journey/) from those the
// browser test shots.test.mjs wrote to tests/artifacts/journey/: each is cropped to one
// screen around the part of the page its step is about (the box manifest.json records), in
// Debian's Chromium, then reduced with pngquant to stay under MAX_BYTES. Run it through
// curate-shots.sh (which installs pngquant and can run the test first).
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, REPO, run } from './lib.mjs';

const SHOTS = path.join(REPO, 'tests', 'artifacts', 'journey');
const OUT = path.join(REPO, 'docs', 'journey');
const MAX_BYTES = 150 * 1024;
/** Screen heights of the crops: a phone at 390 px, a laptop at 1280 px. */
const SCREEN = { 390: 844, 1280: 800 };

/**
 * The journey in order: [screenshot (name-width-scheme), file in docs/journey/, what it shows,
 * options ({ fit: true }: crop at the bottom of the focused part, for a short letter)].
 */
export const PICKS = [
  ['index-1280-light', '1-landing.png', 'the landing page, three languages'],
  ['ru-privacy-390-dark', '2-privacy.png', 'the privacy policy (ru, 390 px, dark)'],
  ['en-data-deletion-error-390-light', '3-form-error.png', 'the form with a client-side error (en, 390 px)'],
  ['kk-data-deletion-success-1280-dark', '4-form-success.png', 'the receipt after sending with JavaScript (kk, 1280 px, dark)'],
  ['ru-status-received-390-light', '5-received.png', 'the status page a form without JavaScript lands on (ru, 390 px)'],
  ['en-confirm-390-dark', '6-confirm.png', 'the confirmation link from the e-mail: one button (en, 390 px, dark)'],
  ['kk-status-1280-light', '7-status.png', 'the status page after the confirmation (kk, 1280 px)'],
  ['ru-outcome-letter-1280-light', '8-outcome-letter.png', 'the outcome letter in the outbox (ru)', { fit: true }],
];

async function main() {
  const manifestFile = path.join(SHOTS, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new Error(`no ${path.relative(REPO, manifestFile)}: run node --test tests/browser/shots.test.mjs first`);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  const missing = PICKS.filter(([name]) => !manifest[name] || !fs.existsSync(path.join(SHOTS, manifest[name].file)));
  if (missing.length) throw new Error(`missing screenshots: ${missing.map(([n]) => n).join(', ')}`);
  fs.mkdirSync(OUT, { recursive: true });
  for (const f of fs.readdirSync(OUT)) if (f.endsWith('.png')) fs.rmSync(path.join(OUT, f));

  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    for (const [name, target, , options = {}] of PICKS) {
      const shot = manifest[name];
      const screen = SCREEN[shot.width] || 900;
      // From the top when the step's part fits in the first screen, else from a little above it.
      const wanted = shot.focus.bottom <= screen ? 0 : Math.max(0, shot.focus.top - 96);
      const top = Math.max(0, Math.min(wanted, shot.height - screen));
      let height = Math.min(screen, shot.height - top);
      if (options.fit) height = Math.min(height, shot.focus.bottom + 24 - top);
      const data = fs.readFileSync(path.join(SHOTS, shot.file)).toString('base64');
      await page.setViewportSize({ width: shot.width, height });
      await page.setContent(
        `<!DOCTYPE html><html><body style="margin:0"><img alt="" style="display:block;position:absolute;left:0;top:${-top}px" src="data:image/png;base64,${data}"></body></html>`,
      );
      await page.waitForFunction(() => document.images[0].complete && document.images[0].naturalWidth > 0);
      const file = path.join(OUT, target);
      await page.screenshot({ path: file, clip: { x: 0, y: 0, width: shot.width, height } });
      // pngquant: fewer colours until the file is small enough.
      let size = fs.statSync(file).size;
      for (const colors of [256, 128, 64, 32]) {
        if (size <= MAX_BYTES && colors !== 256) break;
        const r = await run('pngquant', ['--force', '--skip-if-larger', '--strip', '--speed', '1', '--output', file, String(colors), '--', file]);
        if (r.code !== 0 && r.code !== 98 && r.code !== 99) throw new Error(`pngquant ${file}: exit ${r.code}\n${r.stderr}`);
        size = fs.statSync(file).size;
      }
      if (size > MAX_BYTES) throw new Error(`${target} is ${size} bytes, more than ${MAX_BYTES}`);
      console.log(`${path.relative(REPO, file)}  ${shot.width}×${height} from ${shot.file} (y ${top})  ${(size / 1024).toFixed(0)} KiB`);
    }
  } finally {
    await browser.close();
  }
}

await main();
