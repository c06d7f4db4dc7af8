// app.js - the file pages of the escinfo report: the source drawn a screenful at a time, with
// C/C++ colouring, each fact marked on its line, its flow drawn on click, filters by code, and
// keyboard navigation between facts.  Reads window.ESCINFO_FILE (files/N.js); no network.
(function () {
  'use strict';
  const data = window.ESCINFO_FILE;
  if (!data) return;

  const LINE_H = 18;
  const OVERSCAN = 40;
  const source = document.getElementById('source');
  const sizer = document.getElementById('sizer');
  const list = document.getElementById('fact-list');
  const detail = document.getElementById('detail');
  const filtersNav = document.getElementById('filters');
  const countsEl = document.getElementById('counts');

  const lines = (data.text === null ? '(the file cannot be read now)' : data.text).split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const facts = data.facts.map((f, i) => Object.assign({ index: i }, f));

  // ---- colouring ------------------------------------------------------------------------------
  const KEYWORDS = new Set(('auto break case char const continue default do double else enum extern float for goto if inline ' +
    'int long register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while ' +
    '_Bool _Complex _Alignas _Alignof _Atomic _Generic _Noreturn _Static_assert _Thread_local bool true false nullptr ' +
    'alignas alignof and asm catch class constexpr const_cast decltype delete dynamic_cast explicit export friend mutable ' +
    'namespace new noexcept not operator or private protected public reinterpret_cast static_assert static_cast template ' +
    'this thread_local throw try typeid typename using virtual override final __attribute__ __builtin_va_list').split(' '));

  // whether each line starts inside a block comment, found once for the whole file
  const inComment = new Uint8Array(lines.length + 1);
  (function () {
    let open = false;
    for (let n = 0; n < lines.length; n++) {
      inComment[n] = open ? 1 : 0;
      const s = lines[n];
      if (!open && s.indexOf('/*') < 0) continue;
      let i = 0;
      while (i < s.length) {
        if (open) {
          const e = s.indexOf('*/', i);
          if (e < 0) { i = s.length; break; }
          open = false; i = e + 2; continue;
        }
        const c = s[i];
        if (c === '"' || c === '\'') { i = skipQuoted(s, i); continue; }
        if (c === '/' && s[i + 1] === '/') break;
        if (c === '/' && s[i + 1] === '*') { open = true; i += 2; continue; }
        i++;
      }
    }
  })();

  function skipQuoted(s, i) {
    const q = s[i];
    let j = i + 1;
    while (j < s.length && s[j] !== q) j += s[j] === '\\' ? 2 : 1;
    return Math.min(j + 1, s.length);
  }

  // the tokens of line N: [start, end, class] for the coloured runs
  function tokens(n) {
    const s = lines[n];
    const out = [];
    let i = 0;
    if (inComment[n]) {
      const e = s.indexOf('*/');
      i = e < 0 ? s.length : e + 2;
      out.push([0, i, 'tok-com']);
    }
    if (/^\s*#/.test(s) && !inComment[n]) {
      const m = /^\s*#\s*\w*/.exec(s);
      out.push([0, m[0].length, 'tok-pp']);
      i = m[0].length;
    }
    while (i < s.length) {
      const c = s[i];
      if (c === '/' && s[i + 1] === '/') { out.push([i, s.length, 'tok-com']); break; }
      if (c === '/' && s[i + 1] === '*') {
        const e = s.indexOf('*/', i + 2);
        const end = e < 0 ? s.length : e + 2;
        out.push([i, end, 'tok-com']); i = end; continue;
      }
      if (c === '"' || c === '\'') { const end = skipQuoted(s, i); out.push([i, end, 'tok-str']); i = end; continue; }
      if (/[A-Za-z_]/.test(c)) {
        let j = i + 1;
        while (j < s.length && /\w/.test(s[j])) j++;
        if (KEYWORDS.has(s.slice(i, j))) out.push([i, j, 'tok-kw']);
        i = j; continue;
      }
      if (/[0-9]/.test(c)) {
        let j = i + 1;
        while (j < s.length && /[\w.']/.test(s[j])) j++;
        out.push([i, j, 'tok-num']); i = j; continue;
      }
      i++;
    }
    return out;
  }

  function esc(s) {
    return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
  }

  // ---- filters ----------------------------------------------------------------------------------
  const codesHere = [...new Set(facts.map((f) => f.code))].sort();
  const enabled = new Map();
  for (const code of codesHere) enabled.set(code, !!(data.codes[code] && data.codes[code].shown));
  let showSuppressed = false;
  const anySuppressed = facts.some((f) => f.suppressed);

  function visible(f) {
    if (f.suppressed && !showSuppressed) return false;
    return enabled.get(f.code) || (f.dangling && enabled.get(f.code) !== false);
  }

  function buildFilters() {
    const parts = codesHere.map((code) => {
      const n = facts.filter((f) => f.code === code).length;
      return `<label title="${esc(data.codes[code] ? data.codes[code].summary : code)}"><input type="checkbox" data-code="${esc(code)}"${enabled.get(code) ? ' checked' : ''}> ${esc(code)} <span class="count">${n}</span></label>`;
    });
    if (anySuppressed) parts.push(`<label><input type="checkbox" id="show-suppressed"> suppressed <span class="count">${facts.filter((f) => f.suppressed).length}</span></label>`);
    filtersNav.innerHTML = parts.join('');
    const box = document.getElementById('show-suppressed');
    if (box) box.checked = showSuppressed;
  }
  filtersNav.addEventListener('change', (e) => {
    const box = e.target;
    if (box.id === 'show-suppressed') showSuppressed = box.checked;
    else enabled.set(box.dataset.code, box.checked);
    refresh();
  });

  // ---- state ------------------------------------------------------------------------------------
  let shown = [];           // the facts the filters let through, in line order
  let byLine = new Map();   // 0-based line -> facts shown there
  let selected = null;      // the selected fact, or null
  let stepLines = new Map(); // 0-based line -> step number, for the selected fact's flow

  function refresh() {
    shown = facts.filter(visible).sort((a, b) => a.line - b.line || a.col - b.col);
    byLine = new Map();
    for (const f of shown) {
      const n = f.line - 1;
      if (!byLine.has(n)) byLine.set(n, []);
      byLine.get(n).push(f);
    }
    if (selected && !visible(selected)) select(null, false);
    countsEl.textContent = ` \u2014 ${facts.length} facts, ${shown.length} shown${data.changed ? ' \u2014 the file changed since its facts were computed' : ''}`;
    renderList();
    render();
  }

  // ---- the source, a screenful at a time -----------------------------------------------------------
  sizer.style.height = `${lines.length * LINE_H}px`;
  let drawn = [-1, -1];

  function lineHtml(n) {
    const s = lines[n];
    const here = byLine.get(n) || [];
    const cuts = new Set([0, s.length]);
    const toks = tokens(n);
    for (const t of toks) { cuts.add(t[0]); cuts.add(t[1]); }
    const spans = here.map((f) => {
      const len = Math.max(1, (f.name || '').length);
      const from = Math.min(f.col, s.length);
      return [from, Math.min(from + len, s.length), f];
    });
    for (const sp of spans) { cuts.add(sp[0]); cuts.add(sp[1]); }
    const points = [...cuts].filter((x) => x >= 0 && x <= s.length).sort((a, b) => a - b);
    let html = '';
    let t = 0;
    for (let k = 0; k + 1 < points.length; k++) {
      const a = points[k], b = points[k + 1];
      while (t < toks.length && toks[t][1] <= a) t++;
      const cls = t < toks.length && toks[t][0] <= a ? toks[t][2] : '';
      let piece = esc(s.slice(a, b));
      if (cls) piece = `<span class="${cls}">${piece}</span>`;
      const sp = spans.find((x) => x[0] <= a && b <= x[1]);
      if (sp) piece = `<span class="fact sev-${sp[2].severity}${sp[2] === selected ? ' selected' : ''}" data-fact="${sp[2].index}">${piece}</span>`;
      html += piece;
    }
    const classes = ['ln'];
    if (here.length) classes.push('has-fact');
    if (here.some((f) => f.severity === 'warning')) classes.push('has-warning');
    if (stepLines.has(n)) classes.push('step');
    if (selected && selected.line - 1 === n) classes.push('current');
    const step = stepLines.has(n) ? ` data-step="${stepLines.get(n)}"` : '';
    return `<div class="${classes.join(' ')}" data-line="${n + 1}" style="top:${n * LINE_H}px"><span class="num">${n + 1}</span><span class="mark"${step}></span>${html}</div>`;
  }

  function render(force) {
    const first = Math.max(0, Math.floor(source.scrollTop / LINE_H) - OVERSCAN);
    const last = Math.min(lines.length, Math.ceil((source.scrollTop + source.clientHeight) / LINE_H) + OVERSCAN);
    if (!force && first === drawn[0] && last === drawn[1]) return;
    drawn = [first, last];
    let html = '';
    for (let n = first; n < last; n++) html += lineHtml(n);
    sizer.innerHTML = html + pathSvg();
  }

  // the selected fact's flow: a dashed path through its steps' lines, in the gutter
  function pathSvg() {
    if (!selected || stepLines.size === 0) return '';
    const ys = [selected.line - 1, ...[...stepLines.keys()]].map((n) => n * LINE_H + LINE_H / 2);
    const order = [selected.line - 1];
    for (const r of selected.routes) for (const st of r.steps) if (!st.file) order.push(st.line - 1);
    const pts = order.map((n) => [66, n * LINE_H + LINE_H / 2]);
    let d = `M ${pts[0][0]} ${pts[0][1]}`;
    for (let i = 1; i < pts.length; i++) {
      const [x0, y0] = pts[i - 1], [x1, y1] = pts[i];
      const bend = 6 + Math.min(12, Math.abs(y1 - y0) / 30);
      d += ` C ${x0 - bend} ${y0}, ${x1 - bend} ${y1}, ${x1} ${y1}`;
    }
    const top = Math.min(...ys) - LINE_H, height = Math.max(...ys) - top + LINE_H;
    const dots = pts.map(([x, y]) => `<circle cx="${x}" cy="${y}" r="3"></circle>`).join('');
    return `<svg id="path-svg" width="70" height="${height + top}" data-steps="${pts.length}"><path d="${d}"></path>${dots}</svg>`;
  }

  let pending = false;
  source.addEventListener('scroll', () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; render(false); });
  });
  window.addEventListener('resize', () => render(true));

  function scrollToLine(line) {
    const y = (line - 1) * LINE_H;
    if (y < source.scrollTop || y > source.scrollTop + source.clientHeight - LINE_H * 3)
      source.scrollTop = Math.max(0, y - source.clientHeight / 3);
    render(true);
  }

  // ---- the list and the detail ----------------------------------------------------------------
  function renderList() {
    list.innerHTML = shown.map((f) =>
      `<li data-fact="${f.index}" class="${f === selected ? 'selected' : ''}${f.suppressed ? ' suppressed' : ''}"><span class="sev sev-${f.severity}"></span><span class="where">${f.line}</span><code>${esc(f.code)}</code> ${esc(f.message || '')}</li>`).join('');
  }

  function renderDetail() {
    if (!selected) { detail.innerHTML = ''; return; }
    const f = selected;
    const code = data.codes[f.code] || {};
    let html = `<h3>${esc(f.message || f.code)}</h3>`;
    html += `<div><a class="docs" href="${esc(code.docs || '#')}" target="_blank" rel="noopener"><code>${esc(f.code)}</code></a> <span class="summary">${esc(code.summary || '')}</span></div>`;
    html += `<div>in <code>${esc(f.function || '?')}</code>, line ${f.line}</div>`;
    f.routes.forEach((r, k) => {
      html += `<div>${k ? `also ${esc(r.message)}${r.dangling ? ' (dangles)' : ''} <code>${esc(r.code)}</code>` : '<b>Flow</b>'}</div><ol>`;
      for (const st of r.steps) {
        const where = st.file ? `${esc(st.file)}:${st.line}` : `line ${st.line}`;
        html += `<li><span class="step-link" data-line="${st.file ? '' : st.line}">${where}</span> ${esc(st.message)}</li>`;
      }
      html += '</ol>';
    });
    if (f.note) html += `<div class="note">${esc(f.note)}</div>`;
    if (f.suppressed) html += `<div class="note">Suppressed by the <code>escinfo-ignore</code> comment on line ${f.suppressed.line}${f.suppressed.why ? `: ${esc(f.suppressed.why)}` : ''}</div>`;
    detail.innerHTML = html;
  }

  function select(f, scroll) {
    selected = f;
    stepLines = new Map();
    if (f) {
      let k = 0;
      for (const r of f.routes) for (const st of r.steps) {
        k++;
        if (!st.file && !stepLines.has(st.line - 1)) stepLines.set(st.line - 1, k);
      }
      history.replaceState(null, '', `#fact-${f.index}`);
      if (scroll !== false) scrollToLine(f.line);
      const li = list.querySelector(`li[data-fact="${f.index}"]`);
      for (const old of list.querySelectorAll('li.selected')) old.classList.remove('selected');
      if (li) { li.classList.add('selected'); li.scrollIntoView({ block: 'nearest' }); }
    } else {
      for (const old of list.querySelectorAll('li.selected')) old.classList.remove('selected');
    }
    renderDetail();
    render(true);
  }

  list.addEventListener('click', (e) => {
    const li = e.target.closest('li[data-fact]');
    if (li) select(facts[Number(li.dataset.fact)]);
  });
  sizer.addEventListener('click', (e) => {
    const span = e.target.closest('[data-fact]');
    if (span) select(facts[Number(span.dataset.fact)], false);
  });
  detail.addEventListener('click', (e) => {
    const step = e.target.closest('.step-link');
    if (step && step.dataset.line) scrollToLine(Number(step.dataset.line));
  });
  document.addEventListener('keydown', (e) => {
    if (e.target instanceof HTMLInputElement || e.ctrlKey || e.metaKey || e.altKey) return;
    const at = selected ? shown.indexOf(selected) : -1;
    if ((e.key === 'j' || e.key === 'n') && shown.length) {
      select(shown[Math.min(shown.length - 1, at + 1)]);
      e.preventDefault();
    } else if ((e.key === 'k' || e.key === 'p') && shown.length) {
      select(shown[Math.max(0, at < 0 ? 0 : at - 1)]);
      e.preventDefault();
    } else if (e.key === 'Escape') {
      select(null, false);
      history.replaceState(null, '', location.pathname);
    }
  });

  buildFilters();
  refresh();
  const m = /^#fact-(\d+)$/.exec(location.hash);
  const l = /^#L(\d+)$/.exec(location.hash);
  if (m && facts[Number(m[1])]) {
    const f = facts[Number(m[1])];
    if (!visible(f)) { enabled.set(f.code, true); if (f.suppressed) showSuppressed = true; buildFilters(); refresh(); }
    select(f);
  } else if (l) {
    scrollToLine(Number(l[1]));
  }
  source.focus();
  document.body.dataset.ready = 'true';
})();
