import { chromium } from 'playwright-core';
import fs from 'node:fs';
const t0 = Date.now();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
console.log('launched', Date.now()-t0, browser.version());
const ctx = await browser.newContext({ javaScriptEnabled: false });
const page = await ctx.newPage();
await page.setContent('<html lang="en"><body><p id=x>hi</p><script>document.getElementById("x").textContent="js ran"</script></body></html>');
console.log('text', await page.textContent('#x'));
try { console.log('eval', await page.evaluate(() => 1+1)); } catch (e) { console.log('eval failed', e.message); }
const axe = fs.readFileSync('node_modules/axe-core/axe.min.js','utf8');
try { await page.evaluate(axe); console.log('axe typeof', await page.evaluate(() => typeof window.axe)); } catch (e) { console.log('axe eval failed', e.message); }
try { const r = await page.evaluate(() => window.axe.run(document, {runOnly:{type:'tag',values:['wcag2a']}}).then(r=>r.violations.length)); console.log('axe run', r);} catch(e) {console.log('axe run failed', e.message)}
console.log('text after', await page.textContent('#x'));
await browser.close();
