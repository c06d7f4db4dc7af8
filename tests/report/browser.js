// browser.js - drives an escinfo report in headless Chromium (playwright-core), as a reader would:
// the overview's charts and tables, a file page's facts, flows, filters and keys, no console
// errors; screenshots of both.  With MEASURE=1 it also times a large file's page (bench/).
// Usage: node browser.js REPORT-DIR EXPECTED-JSON OUT-DIR
//   EXPECTED-JSON: {"byCode": {code: n}, "dangling": n, "flowFact": name, "file": "src/parse.c",
//                   "suppressedFile": "src/keep.c", "suppressedFact": name (or null),
//                   "hiddenCode": code, "trendNew": n (with a baseline)}
// Prints one line per check, "PASS what" or "FAIL what: why", and timing lines "MEASURE ...".
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require(process.env.PLAYWRIGHT_DIR || 'playwright-core');

const [reportDir, expectedPath, outDir] = process.argv.slice(2);
const expected = JSON.parse(fs.readFileSync(expectedPath, 'utf8'));
const CHROMIUM = process.env.CHROMIUM || '/usr/lib/chromium/chromium';
const url = (p) => 'file://' + path.resolve(reportDir, p);

async function check(what, fn) {
  try {
    await fn();
    console.log(`PASS ${what}`);
  } catch (e) {
    console.log(`FAIL ${what}: ${String(e && e.message ? e.message : e).split('\n')[0]}`);
  }
}
function expect(cond, why) {
  if (!cond) throw new Error(why);
}

(async () => {
  const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('request', (r) => { if (!r.url().startsWith('file://')) consoleErrors.push(`network request: ${r.url()}`); });
  page.setDefaultTimeout(20000);
  try {
    await page.goto(url('index.html'));
    await check('the overview charts facts by code, with the right counts', async () => {
      const bars = await page.$$eval('#by-code .bar', (gs) => gs.map((g) => [g.dataset.key, Number(g.dataset.count)]));
      const got = Object.fromEntries(bars);
      expect(JSON.stringify(got, Object.keys(got).sort()) === JSON.stringify(expected.byCode, Object.keys(expected.byCode).sort()),
        `chart ${JSON.stringify(got)} != expected ${JSON.stringify(expected.byCode)}`);
      expect((await page.locator('#by-code rect').count()) === bars.length, 'a bar without its rectangle');
    });
    await check('the overview charts facts by directory, largest frames and most escapes', async () => {
      for (const id of ['by-directory', 'largest-frames', 'most-escapes'])
        expect((await page.locator(`#${id} .bar`).count()) > 0, `no bars in #${id}`);
    });
    await check('the dangling facts come first, all of them', async () => {
      const rows = await page.locator('#dangling tbody tr').count();
      expect(rows === expected.dangling, `${rows} rows, expected ${expected.dangling}`);
      expect(Number(await page.locator('#total-dangling').innerText()) === expected.dangling, 'total-dangling');
    });
    if (expected.trendNew !== undefined) {
      await check('the trend against the baseline', async () => {
        const n = Number(await page.locator('#trend-new').innerText());
        expect(n === expected.trendNew, `${n} new, expected ${expected.trendNew}`);
      });
    }
    fs.mkdirSync(outDir, { recursive: true });
    await page.screenshot({ path: path.join(outDir, 'report-overview.png'), fullPage: false });

    // a file page, reached from the overview
    await page.locator('#files a', { hasText: expected.file }).first().click();
    await page.waitForSelector('body[data-ready="true"]');
    await check('a file page opens from the overview with its source and facts', async () => {
      expect((await page.locator('.ln').count()) > 5, 'no source lines drawn');
      expect((await page.locator('#fact-list li').count()) > 0, 'no facts listed');
      expect((await page.locator('.ln .tok-kw').count()) > 0, 'no syntax colouring');
    });
    await check('a click on a fact highlights its flow\'s lines and draws the path', async () => {
      await page.locator('#fact-list li', { hasText: `'${expected.flowFact}'` }).first().click();
      await page.waitForSelector('.ln.step');
      const steps = await page.locator('.ln.step').count();
      const drawn = Number(await page.locator('#path-svg').getAttribute('data-steps'));
      expect(steps >= 1 && drawn >= 2, `${steps} step lines, path of ${drawn} points`);
      expect(/Flow/.test(await page.locator('#detail').innerText()), 'no flow in the detail');
      expect((await page.locator('.fact.selected').count()) > 0, 'the name is not marked selected');
      const href = await page.locator('#detail a.docs').getAttribute('href');
      expect(/codes\.md#/.test(href), `docs link ${href}`);
    });
    await page.screenshot({ path: path.join(outDir, 'report-file.png'), fullPage: false });
    await check('keys j and k move between facts', async () => {
      const before = await page.locator('#fact-list li.selected').innerText();
      await page.keyboard.press('j');
      const after = await page.locator('#fact-list li.selected').innerText();
      await page.keyboard.press('k');
      const back = await page.locator('#fact-list li.selected').innerText();
      expect(after !== before && back === before, `j: '${after}', k: '${back}'`);
      await page.keyboard.press('Escape');
      expect((await page.locator('.ln.step').count()) === 0, 'Escape leaves the flow drawn');
    });
    await check('a code filter hides and shows its facts', async () => {
      const code = expected.hiddenCode;
      const n = () => page.locator('#fact-list li', { hasText: code }).count();
      const before = await n();
      await page.locator(`#filters input[data-code="${code}"]`).uncheck();
      const hidden = await n();
      await page.locator(`#filters input[data-code="${code}"]`).check();
      expect(before > 0 && hidden === 0 && (await n()) === before, `${before} -> ${hidden} -> ${await n()}`);
    });
    if (expected.suppressedFact) {
      await check('suppressed facts show on request, with their comment', async () => {
        await page.goto(url('index.html'));
        await page.locator('#files a', { hasText: expected.suppressedFile }).first().click();
        await page.waitForSelector('body[data-ready="true"]');
        const li = page.locator('#fact-list li', { hasText: `'${expected.suppressedFact}'` });
        expect((await li.count()) === 0, 'a suppressed fact listed by default');
        await page.locator('#show-suppressed').check();
        await li.first().click();
        expect(/Suppressed by the escinfo-ignore comment/.test(await page.locator('#detail').innerText()), 'no comment in the detail');
        await page.locator('#show-suppressed').uncheck();
      });
    }
    if (process.env.LARGE_PAGE) {
      // a large file's page: opens, draws only a screenful, jumps to its end
      const t0 = Date.now();
      await page.goto(url(process.env.LARGE_PAGE));
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
      const openMs = Date.now() - t0;
      await check('a large file\'s page draws a screenful of lines, not the whole file', async () => {
        const n = await page.locator('.ln').count();
        expect(n > 20 && n < 400, `${n} lines in the page`);
      });
      await check('a large file\'s page scrolls to its last line', async () => {
        const total = await page.evaluate(() => document.getElementById('sizer').offsetHeight);
        await page.evaluate(() => { const s = document.getElementById('source'); s.scrollTop = s.scrollHeight; });
        await page.waitForFunction(() => {
          const ls = [...document.querySelectorAll('.ln')].map((e) => Number(e.dataset.line));
          return ls.length && Math.max(...ls) * 18 >= document.getElementById('sizer').offsetHeight;
        });
        expect(total > 100000, `sizer ${total} px high`);
      });
      if (process.env.MEASURE) {
        const frames = await page.evaluate(async () => {
          const s = document.getElementById('source');
          s.scrollTop = 0;
          const times = [];
          let last = performance.now();
          for (let i = 0; i < 300; i++) {
            s.scrollTop += 700;
            await new Promise((r) => requestAnimationFrame(r));
            const now = performance.now();
            times.push(now - last);
            last = now;
          }
          return times.sort((a, b) => a - b);
        });
        const mean = frames.reduce((a, b) => a + b, 0) / frames.length;
        console.log(`MEASURE open_ms=${openMs} frame_mean_ms=${mean.toFixed(1)} frame_p95_ms=${frames[Math.floor(frames.length * 0.95)].toFixed(1)} frame_max_ms=${frames[frames.length - 1].toFixed(1)}`);
      }
    }
    await check('no console errors and no network requests', async () => {
      expect(consoleErrors.length === 0, consoleErrors.join(' | '));
    });
  } catch (e) {
    console.log(`FAIL the run: ${e && e.stack ? e.stack.split('\n').slice(0, 3).join(' ') : e}`);
  } finally {
    await browser.close();
  }
})();
