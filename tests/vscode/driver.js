// driver.js - drives code-server in headless Chromium: opens a C file whose facts are in the cache and
// checks what the escinfo extension shows (Problems, hover, inlay hint, code lens, status bar,
// show/hide, a file with no facts, the explain command, a settings change, a crashed server, an
// edited buffer); writes a screenshot (vscode-dangling.png) and one per failed check.
// Usage: node driver.js URL WORKSPACE-FOLDER OUT-DIR
// Environment: PLAYWRIGHT_DIR (the playwright-core package), E2E_SETTINGS (the user settings.json),
// E2E_LSP and E2E_PGID (the esclsp binary and code-server's process group, to find the server).
// Prints one line per check: "PASS what" or "FAIL what: why"; exits 0 when it ran to the end.
//
// Every wait is for a condition on the page (an element, a text), bounded by a limit long enough for
// a loaded two-core machine (LONG); a check that times out says what the page showed at that moment
// (active editor, status bar, notifications) and leaves a screenshot, failed-N.png.  Each check
// starts from a known state (no widget open, the file it needs in front), so that one failure does
// not cascade into the next.
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
const LONG = 60000; // bound of a wait for something the editor must show
const SHORT = 15000; // bound of a wait for a widget that opens on a key press

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
    fail(what, `${e && e.message ? e.message : e}; ${await describePage(page)}`);
    await page.screenshot({ path: path.join(outDir, `failed-${results.length}.png`) }).catch(() => undefined);
    return undefined;
  }
}

/** What the page shows now, in one line: the active editor tab, the status bar's escinfo item,
 *  the notifications and whether a quick input is open. */
async function describePage(page) {
  const text = async (loc) => norm(await loc.first().innerText({ timeout: 2000 }).catch(() => '')).replace(/\s+/g, ' ').trim();
  const tab = await text(page.locator('.tab.active'));
  const status = await statusText(page).catch(() => '');
  const toasts = await text(page.locator('.notifications-toasts'));
  const quick = await page.locator('.quick-input-widget').first().isVisible().catch(() => false);
  return `the page shows: active tab '${tab}', status bar '${status}', notifications '${toasts.slice(0, 200)}'` +
    (quick ? ', a quick input open' : '');
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
  return (await items.count()) ? norm(await items.first().innerText({ timeout: 5000 }).catch(() => '')) : '';
}

/** Closes whatever widget is open (quick input, hover, settings search focus): the known state every
 *  check starts from. */
async function settle(page) {
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Escape');
    if (!(await page.locator('.quick-input-widget').first().isVisible().catch(() => false))) break;
  }
}

/** Brings NAME to the front: a click on its row in the Explorer, again until its tab is the active one
 *  (a click can land while the workbench is still laying out, or be taken by a closing widget). */
async function openFile(page, name) {
  await settle(page);
  const active = page.locator('.tab.active', { hasText: name });
  if (await active.count()) return;
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ timeout: LONG });
  await until(page, async () => {
    await row.click({ timeout: 5000 }).catch(() => undefined);
    return (await active.count()) > 0;
  }, LONG, `the tab of ${name} is not the active one`);
}

/** Moves the cursor of EDITOR with Go to Line (WHERE: ":line" or ":line:column"). */
async function goToLine(page, editor, where) {
  await settle(page);
  await editor.locator('.view-lines').click({ position: { x: 5, y: 5 }, force: true });
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: SHORT });
  await input.fill(where);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: SHORT });
}

async function runCommand(page, title) {
  await settle(page);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: SHORT });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: LONG });
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
      editor.locator('.squiggly-warning').first().waitFor({ timeout: LONG }));

    await check('the status bar says facts are fresh', () =>
      until(page, async () => /escinfo: fresh/.test(await statusText(page)), LONG, 'status bar does not say fresh'));

    await check('an inlay hint follows \'buf\'', async () => {
      const line = await until(page, async () => {
        const lines = (await editor.locator('.view-line').allInnerTexts()).map(norm);
        return lines.find((l) => /char buf/.test(l) && /escape/.test(l));
      }, LONG, 'no inlay hint with "escape" on the line of buf').catch(async (e) => {
        const lines = (await editor.locator('.view-line').allInnerTexts()).map(norm);
        throw new Error(`${e.message}; the line reads '${lines.find((l) => /char buf/.test(l))}'`);
      });
      console.log(`# inlay: ${line.trim()}`);
    });

    await check('a code lens sums up the function', async () => {
      const lens = await until(page, async () => {
        const all = (await editor.locator('.codelens-decoration').allInnerTexts()).map(norm).filter((t) => t.trim());
        return all.find((t) => /escape|dangling/.test(t));
      }, LONG, 'no code lens mentioning an escape');
      console.log(`# code lens: ${lens.trim()}`);
    });

    await check('clicking the code lens lists the function\'s facts with their flows (a quick pick, no notification)', async () => {
      await editor.locator('.codelens-decoration a', { hasText: /escape|dangling/ }).first().click();
      const widget = page.locator('.quick-input-widget');
      const text = await until(page, async () => {
        const t = norm(await widget.innerText().catch(() => ''));
        return /the facts of format_id/.test(t) && /'buf' escapes/.test(t) && /1\. /.test(t) ? t : '';
      }, LONG, 'no quick pick titled "the facts of format_id" with the fact and its numbered steps');
      console.log(`# lens list: ${text.replace(/\s+/g, ' ').slice(0, 200)}`);
      const toasts = norm(await page.locator('.notifications-toasts').innerText().catch(() => ''));
      if (/escapes/.test(toasts)) throw new Error(`a notification shows the facts as well: ${toasts.slice(0, 200)}`);
      await page.keyboard.press('Escape');
    });

    await check('the Problems panel lists the fact, from escinfo, with its code', async () => {
      await page.keyboard.press('Control+Shift+M');
      const panel = page.locator('.markers-panel');
      await panel.waitFor({ timeout: LONG });
      const text = await until(page, async () => {
        const t = norm(await panel.innerText());
        return /'buf' escapes/.test(t) && /escinfo/.test(t) && /escape\.return/.test(t) ? t : '';
      }, LONG, 'the Problems panel lacks "\'buf\' escapes" from escinfo with code escape.return');
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
      }, LONG, 'no hover mentioning buf escaping');
      console.log(`# hover: ${text.replace(/\s+/g, ' ').slice(0, 200)}`);
    });

    await check('... once: the diagnostic beside it has the message and the flow, the hover adds what the code means', async () => {
      const text = await until(page, async () => {
        const parts = await page.locator('.monaco-hover-content').allInnerTexts();
        const t = norm(parts.join('\n'));
        return /leaves its function as \(part of\) the return value/.test(t) ? t : '';
      }, LONG, 'no hover with the meaning of escape.return');
      const messages = (text.match(/'buf' escapes:/g) || []).length;
      if (messages !== 1) throw new Error(`the message shows ${messages} times in the hover: ${text.slice(0, 400)}`);
    });

    await check('a screenshot is written', async () => {
      await page.screenshot({ path: path.join(outDir, 'vscode-dangling.png') });
    });
    await page.mouse.move(5, 400);

    await check('the status bar item hides the facts', async () => {
      await page.locator('.statusbar-item', { hasText: 'escinfo:' }).first().click();
      await until(page, async () => /escinfo: off/.test(await statusText(page)), LONG, 'status bar does not say off');
      await until(page, async () => (await editor.locator('.squiggly-warning').count()) === 0, LONG, 'squiggles still shown');
    });
    await check('... and shows them again', async () => {
      await page.locator('.statusbar-item', { hasText: 'escinfo:' }).first().click();
      await editor.locator('.squiggly-warning').first().waitFor({ timeout: LONG });
      await until(page, async () => /escinfo: fresh/.test(await statusText(page)), LONG, 'status bar does not say fresh');
    });

    await check('"Explain the Fact Under the Cursor" lists the fact\'s flow', async () => {
      // the cursor onto 'buf' (line 10, column 8 of dangling.c)
      await goToLine(page, editor, ':10:8');
      await runCommand(page, 'escinfo: Explain the Fact Under the Cursor');
      const widget = page.locator('.quick-input-widget');
      const text = await until(page, async () => {
        const t = norm(await widget.innerText());
        return /escapes/.test(t) && /1\. /.test(t) ? t : '';
      }, LONG, 'no quick pick with the fact and its numbered steps');
      console.log(`# explain: ${text.replace(/\s+/g, ' ').slice(0, 200)}`);
      await page.keyboard.press('Escape');
    });

    await check('a file with no facts says "no data"', async () => {
      await openFile(page, 'nofacts.c');
      await until(page, async () => /escinfo: no data/.test(await statusText(page)), LONG, 'status bar does not say no data');
    });

    await check('saving a file analyses it from compile_commands.json: its facts appear without a build', async () => {
      await openFile(page, 'saved.c');
      await until(page, async () => /escinfo: no data/.test(await statusText(page)), LONG, 'saved.c does not start without facts');
      // an edit a user would make, then Ctrl+S
      await editor.locator('.view-lines').click({ position: { x: 5, y: 5 }, force: true });
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('// saved'); // (a block comment would be closed by the editor as well)
      await page.keyboard.press('Control+S');
      await page.keyboard.press('Control+Home'); // the facts are near the top: in view
      await until(page, async () => (await editor.locator('.squiggly-warning').count()) > 0, LONG,
        'no escape squiggle in saved.c after the save');
      await until(page, async () => /escinfo: fresh/.test(await statusText(page)), LONG, 'the status bar does not say fresh');
      const line = await until(page, async () => {
        const lines = (await editor.locator('.view-line').allInnerTexts()).map(norm);
        return lines.find((l) => /char buf/.test(l) && /escape/.test(l));
      }, LONG, 'no inlay hint with "escape" on the line of buf in saved.c');
      console.log(`# after the save: ${line.trim()}`);
    });

    await check('a settings change reaches the server without a reload (showNonEscaping)', async () => {
      // as a user would: the Settings editor, its search box, the setting's checkbox
      await settle(page);
      await page.keyboard.press('Control+,');
      const settings = page.locator('.settings-editor').first();
      await settings.waitFor({ timeout: LONG });
      // (an edit context, not a textarea: it takes key presses once it has the focus)
      const search = settings.locator('.search-container .suggest-input-container').first();
      await search.waitFor({ timeout: LONG });
      const item = settings.locator('.setting-item-bool', { hasText: 'Show Non Escaping' }).first();
      const box = item.locator('.setting-value-checkbox').first();
      const focused = () => page.evaluate(() => (document.activeElement && document.activeElement.getAttribute('aria-label')) || '');
      await until(page, async () => {
        await search.click({ timeout: 5000 }).catch(() => undefined);
        // never type unless the search box has the focus: the keys would go into a file
        if (!/Search settings/i.test(await focused())) return false;
        await page.keyboard.press('Control+A');
        await page.keyboard.type('escinfo.showNonEscaping', { delay: 20 });
        await item.waitFor({ timeout: 5000 }).catch(() => undefined);
        return box.isVisible();
      }, LONG, 'the setting does not show in the Settings editor');
      await until(page, async () => {
        if ((await box.getAttribute('aria-checked')) === 'true') return true;
        await box.click({ timeout: 5000 }).catch(() => undefined);
        return (await box.getAttribute('aria-checked')) === 'true';
      }, LONG, 'the checkbox is not checked');
      // written to the user's settings.json: what the extension reacts to
      await until(page, async () => /"escinfo\.showNonEscaping": *true/.test(fs.readFileSync(process.env.E2E_SETTINGS, 'utf8')),
        LONG, 'the setting is not in settings.json');
      await openFile(page, 'dangling.c');
      await goToLine(page, editor, ':36');
      const hint = await until(page, async () => {
        const lines = (await editor.locator('.view-line').allInnerTexts()).map(norm);
        return lines.find((l) => /char word/.test(l) && /no escape/.test(l));
      }, LONG, "no 'no escape' hint on the line of word");
      console.log(`# non-escaping: ${hint.trim()}`);
    });

    await check('a crashed server is restarted, and the user is told', async () => {
      await openFile(page, 'dangling.c');
      let pids = [];
      await until(page, async () => (pids = serverPids()).length === 1, LONG,
        'not exactly one esclsp of this code-server').catch((e) => { throw new Error(`${e.message}: found ${pids.length}`); });
      process.kill(pids[0], 'SIGKILL');
      const toasts = page.locator('.notifications-toasts');
      await until(page, async () => /restarting/.test(norm(await toasts.innerText().catch(() => ''))), LONG,
        'no notification that the server is restarting');
      await until(page, async () => serverPids().length === 1 && serverPids()[0] !== pids[0], LONG, 'no new esclsp');
      await until(page, async () => /escinfo: fresh/.test(await statusText(page)), LONG, 'status bar does not say fresh');
    });

    await check('a server that fails to start is one notification, the extension\'s, and a good one starts again', async () => {
      await runCommand(page, 'Notifications: Clear All Notifications');
      // the installed esclsp, for a moment, a program that reads a little and exits: found, started,
      // but gone before it answers initialize (the connection closes while the start is pending)
      const lsp = process.env.E2E_LSP;
      fs.renameSync(lsp, `${lsp}.real`);
      try {
        fs.writeFileSync(lsp, '#!/bin/sh\nsleep 1\nexit 1\n', { mode: 0o755 });
        await runCommand(page, 'escinfo: Restart the Server');
        const toasts = page.locator('.notifications-toasts');
        const text = await until(page, async () => {
          const t = norm(await toasts.innerText().catch(() => ''));
          return /could not start the language server/.test(t) ? t : '';
        }, LONG, 'no notification that the server could not start');
        await page.waitForTimeout(2000); // time for a second notification to show, if any
        const all = norm(await toasts.innerText().catch(() => ''));
        const count = await page.locator('.notifications-toasts .notification-toast').count();
        if (/couldn't/i.test(all) || count !== 1) throw new Error(`${count} notifications: ${all.slice(0, 300)}`);
        console.log(`# failed start: ${text.slice(0, 160)}`);
      } finally {
        fs.rmSync(lsp, { force: true });
        fs.renameSync(`${lsp}.real`, lsp);
      }
      await runCommand(page, 'escinfo: Restart the Server');
      await until(page, async () => /escinfo: fresh/.test(await statusText(page)), LONG, 'the server does not start again');
    });

    await check('an edited buffer is stale', async () => {
      await openFile(page, 'dangling.c');
      await until(page, async () => /escinfo: fresh/.test(await statusText(page)), LONG, 'status bar does not say fresh before the edit');
      await goToLine(page, editor, ':1:1');
      await page.keyboard.type('/* edited */\n');
      await until(page, async () => (await editor.locator('.view-line').allInnerTexts()).some((l) => /edited/.test(l)), LONG,
        'the text typed is not in the editor');
      await until(page, async () => /escinfo: stale/.test(await statusText(page)), LONG, 'status bar does not say stale');
    });
  } catch (e) {
    fail('the run', e && e.stack ? e.stack : e);
  } finally {
    await page.screenshot({ path: path.join(outDir, 'vscode-last.png') }).catch(() => undefined);
    await browser.close();
  }
  console.log(`# ${results.filter(Boolean).length} of ${results.length} checks passed`);
})();
