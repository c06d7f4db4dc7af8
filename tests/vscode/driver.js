// driver.js - drives code-server in headless Chromium: opens a C file whose facts are in the cache and
// checks what the escinfo extension shows (Problems, hover, inlay hint, code lens, status bar,
// show/hide, a file with no facts, the explain command, a settings change, a crashed server, an
// edited buffer); writes a screenshot (vscode-dangling.png) and one per failed check.
// Usage: node driver.js URL WORKSPACE-FOLDER OUT-DIR
// Environment: PLAYWRIGHT_DIR (the playwright-core package), E2E_SETTINGS (the user settings.json),
// E2E_LSP and E2E_PGID (the esclsp binary and code-server's process group, to find the server).
// Prints one line per check: "PASS what" or "FAIL what: why"; exits 0 when it ran to the end.
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require(process.env.PLAYWRIGHT_DIR || 'playwright-core');

const [url, folder, outDir] = process.argv.slice(2);
const CHROMIUM = process.env.CHROMIUM || '/usr/lib/chromium/chromium';
const results = [];
const pass = (what) => { results.push(true); console.log(`PASS ${what}`); };
const fail = (what, why) => { results.push(false); console.log(`FAIL ${what}: ${String(why).split('\n')[0]}`); };
const norm = (s) => (s || '').replace(/\u00a0/g, ' ');

let page;

/** Runs CHECK(); a throw or a false result is a failure (with a screenshot, failed-N.png).
 *  Returns what CHECK returned. */
async function check(what, fn) {
  try {
    const r = await fn();
    if (r === false) throw new Error('condition not met');
    pass(what);
    return r;
  } catch (e) {
    fail(what, e && e.message ? e.message : e);
    await page.screenshot({ path: path.join(outDir, `failed-${results.length}.png`) }).catch(() => undefined);
    return undefined;
  }
}

/** Waits until FN() returns something truthy; returns it, or throws WHY after MS. */
async function until(page, fn, ms, why) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await page.waitForTimeout(250);
  }
  throw new Error(`${why} (after ${ms} ms)`);
}

/** The esclsp processes of this code-server: E2E_LSP run in process group E2E_PGID. */
function serverPids() {
  const out = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (fs.readlinkSync(`/proc/${pid}/exe`) !== fs.realpathSync(process.env.E2E_LSP)) continue;
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const pgrp = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2];
      if (pgrp === process.env.E2E_PGID) out.push(Number(pid));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return out;
}

async function statusText(page) {
  const items = page.locator('.statusbar-item', { hasText: 'escinfo:' });
  return (await items.count()) ? norm(await items.first().innerText()) : '';
}

async function openFile(page, name) {
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ timeout: 60000 });
  await row.click();
  await page.locator(`.tab.active`, { hasText: name }).waitFor({ timeout: 30000 });
}

/** Moves the cursor of EDITOR with Go to Line (WHERE: ":line" or ":line:column"). */
async function goToLine(page, editor, where) {
  await page.keyboard.press('Escape');
  await editor.locator('.view-lines').click({ position: { x: 5, y: 5 }, force: true });
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').fill(where);
  await page.keyboard.press('Enter');
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
}

(async () => {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  page.setDefaultTimeout(30000);
  const editor = page.locator('.editor-instance .monaco-editor').first();
  try {
    await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });

    await check('dangling.c opens from the Explorer', () => openFile(page, 'dangling.c'));
    await check('a dangling escape is underlined as a warning', () =>
      editor.locator('.squiggly-warning').first().waitFor({ timeout: 60000 }));

    await check('the status bar says facts are fresh', () =>
      until(page, async () => /escinfo: fresh/.test(await statusText(page)), 30000, `status bar: '${'…'}'`)
        .catch(async (e) => { throw new Error(`${e.message}; it says '${await statusText(page)}'`); }));

    await check('an inlay hint follows \'buf\'', async () => {
      const line = await until(page, async () => {
        const lines = (await editor.locator('.view-line').allInnerTexts()).map(norm);
        return lines.find((l) => /char buf/.test(l) && /escape/.test(l));
      }, 30000, 'no inlay hint with "escape" on the line of buf').catch(async (e) => {
        const lines = (await editor.locator('.view-line').allInnerTexts()).map(norm);
        throw new Error(`${e.message}; the line reads '${lines.find((l) => /char buf/.test(l))}'`);
      });
      console.log(`# inlay: ${line.trim()}`);
    });

    await check('a code lens sums up the function', async () => {
      const lens = await until(page, async () => {
        const all = (await editor.locator('.codelens-decoration').allInnerTexts()).map(norm).filter((t) => t.trim());
        return all.find((t) => /escape|dangling/.test(t));
      }, 30000, 'no code lens mentioning an escape');
      console.log(`# code lens: ${lens.trim()}`);
    });

    await check('the Problems panel lists the fact, from escinfo, with its code', async () => {
      await page.keyboard.press('Control+Shift+M');
      const panel = page.locator('.markers-panel');
      await panel.waitFor({ timeout: 15000 });
      const text = await until(page, async () => {
        const t = norm(await panel.innerText());
        return /'buf' escapes/.test(t) && /escinfo/.test(t) && /escape\.return/.test(t) ? t : '';
      }, 15000, 'the Problems panel lacks "\'buf\' escapes" from escinfo with code escape.return');
      console.log(`# problems: ${text.split('\n').filter((l) => /escapes/.test(l))[0]}`);
    });

    await check('the hover on \'buf\' explains the escape', async () => {
      await page.keyboard.press('Escape');
      const squiggle = editor.locator('.squiggly-warning').first();
      const box = await squiggle.boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const hover = page.locator('.monaco-hover-content').first();
      const text = await until(page, async () => {
        if (!(await hover.isVisible())) {
          await page.mouse.move(box.x + box.width / 2 + 1, box.y + box.height / 2);
          return '';
        }
        const t = norm(await hover.innerText());
        return /buf/.test(t) && /escapes/.test(t) ? t : '';
      }, 20000, 'no hover mentioning buf escaping');
      console.log(`# hover: ${text.replace(/\s+/g, ' ').slice(0, 200)}`);
    });

    await check('a screenshot is written', async () => {
      await page.screenshot({ path: path.join(outDir, 'vscode-dangling.png') });
    });
    await page.mouse.move(5, 400);

    await check('the status bar item hides the facts', async () => {
      await page.locator('.statusbar-item', { hasText: 'escinfo:' }).first().click();
      await until(page, async () => /escinfo: off/.test(await statusText(page)), 15000, 'status bar does not say off');
      await until(page, async () => (await editor.locator('.squiggly-warning').count()) === 0, 15000, 'squiggles still shown');
    });
    await check('... and shows them again', async () => {
      await page.locator('.statusbar-item', { hasText: 'escinfo:' }).first().click();
      await editor.locator('.squiggly-warning').first().waitFor({ timeout: 30000 });
      await until(page, async () => /escinfo: fresh/.test(await statusText(page)), 15000, 'status bar does not say fresh');
    });

    await check('"Explain the Fact Under the Cursor" lists the fact\'s flow', async () => {
      // the cursor onto 'buf' (line 10, column 8 of dangling.c)
      await goToLine(page, editor, ':10:8');
      await runCommand(page, 'escinfo: Explain the Fact Under the Cursor');
      const widget = page.locator('.quick-input-widget');
      const text = await until(page, async () => {
        const t = norm(await widget.innerText());
        return /escapes/.test(t) && /1\. /.test(t) ? t : '';
      }, 15000, 'no quick pick with the fact and its numbered steps');
      console.log(`# explain: ${text.replace(/\s+/g, ' ').slice(0, 200)}`);
      await page.keyboard.press('Escape');
    });

    await check('a file with no facts says "no data"', async () => {
      await openFile(page, 'nofacts.c');
      await until(page, async () => /escinfo: no data/.test(await statusText(page)), 30000, 'status bar does not say no data')
        .catch(async (e) => { throw new Error(`${e.message}; it says '${await statusText(page)}'`); });
    });

    await check('a settings change reaches the server without a reload (showNonEscaping)', async () => {
      // as a user would: the Settings editor, the setting's checkbox
      await page.keyboard.press('Control+,');
      // the search box has the focus once the editor is there
      await page.locator('.settings-editor').first().waitFor({ timeout: 15000 });
      await page.waitForTimeout(500);
      const box = page.locator('.settings-editor .setting-item-bool', { hasText: 'Show Non Escaping' })
        .locator('.setting-value-checkbox').first();
      await until(page, async () => {
        await page.keyboard.press('Control+A');
        await page.keyboard.type('escinfo.showNonEscaping', { delay: 20 });
        await page.waitForTimeout(1000);
        return box.isVisible();
      }, 20000, 'the setting does not show in the Settings editor');
      await box.click();
      await until(page, async () => (await box.getAttribute('aria-checked')) === 'true', 5000, 'the checkbox is not checked');
      await page.waitForTimeout(500);
      await page.keyboard.press('Escape');
      await openFile(page, 'dangling.c');
      await goToLine(page, editor, ':36');
      const hint = await until(page, async () => {
        const lines = (await editor.locator('.view-line').allInnerTexts()).map(norm);
        return lines.find((l) => /char word/.test(l) && /no escape/.test(l));
      }, 20000, "no 'no escape' hint on the line of word");
      console.log(`# non-escaping: ${hint.trim()}`);
    });

    await check('a crashed server is restarted, and the user is told', async () => {
      await openFile(page, 'dangling.c');
      const pids = serverPids();
      if (pids.length !== 1) throw new Error(`expected one esclsp of this code-server, found ${pids.length}`);
      process.kill(pids[0], 'SIGKILL');
      const toasts = page.locator('.notifications-toasts');
      await until(page, async () => /restarting/.test(norm(await toasts.innerText().catch(() => ''))), 15000,
        'no notification that the server is restarting');
      await until(page, async () => serverPids().length === 1 && serverPids()[0] !== pids[0], 15000, 'no new esclsp');
      await until(page, async () => /escinfo: fresh/.test(await statusText(page)), 15000, 'status bar does not say fresh');
    });

    await check('an edited buffer is stale', async () => {
      await goToLine(page, editor, ':1:1');
      await page.keyboard.type('/* edited */\n');
      await until(page, async () => (await editor.locator('.view-line').allInnerTexts()).some((l) => /edited/.test(l)), 5000,
        'the text typed is not in the editor');
      await until(page, async () => /escinfo: stale/.test(await statusText(page)), 20000, 'status bar does not say stale')
        .catch(async (e) => { throw new Error(`${e.message}; it says '${await statusText(page)}'`); });
    });
  } catch (e) {
    fail('the run', e && e.stack ? e.stack : e);
  } finally {
    await page.screenshot({ path: path.join(outDir, 'vscode-last.png') }).catch(() => undefined);
    await browser.close();
  }
  console.log(`# ${results.filter(Boolean).length} of ${results.length} checks passed`);
})();
