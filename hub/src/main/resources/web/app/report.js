// One shift report: the form a supervisor fills on a tablet (rows added and removed in place, derived values as they
// type, the sensors' figures beside, each finding next to its field), the approval actions of whoever may take them,
// the exports. An edit not yet saved is kept in the browser and saved when the hub is reachable again; the hub stores
// a save sent twice once.
import { getJson, request, upload, hasRole, refusal } from './api.js';
import { startPage, setTitle } from './shell.js';
import { html, render, append } from './html.js';

const id = new URLSearchParams(location.search).get('id');
const key = `derrick.report.${id}`;
const msg = document.getElementById('msg');
const form = document.getElementById('form');
let report = null;
let user = null;
let codes = [];
let materials = [];
let retry = null;

const SECTIONS = [
  { key: 'crew', title: 'Crew', cols: [
    { f: 'role', options: ['supervisor', 'driller', 'helper'] }, { f: 'name' }, { f: 'hours', type: 'number', step: '0.25' }] },
  { key: 'progress', title: 'Drilling progress', cols: [
    { f: 'hole' }, { f: 'coreSize', label: 'size', list: 'sizes' }, { f: 'fromDepth', label: 'from m', type: 'number' },
    { f: 'toDepth', label: 'to m', type: 'number' }, { f: 'start', type: 'time' }, { f: 'end', type: 'time' },
    { f: 'coreRecovered', label: 'core m', type: 'number' }, { f: 'casingSize', label: 'casing' }, { f: 'remarks' }],
    derived: r => {
      const m = num(r.toDepth) - num(r.fromDepth);
      const h = hours(r.start, r.end);
      return `${fixed(m)} m · ${h ? fixed(m / h) + ' m/h' : '—'}${r.coreRecovered !== '' && m > 0 ? ' · ' + fixed(num(r.coreRecovered) / m * 100) + ' %' : ''}`;
    } },
  { key: 'activities', title: 'Activities', cols: [
    { f: 'code', codes: true }, { f: 'start', type: 'time' }, { f: 'end', type: 'time' }, { f: 'description' }],
    derived: r => `${fixed(hours(r.start, r.end))} h` },
  { key: 'materials', title: 'Materials', cols: [{ f: 'name', list: 'materials' }, { f: 'quantity', type: 'number' }, { f: 'unit' }, { f: 'remarks' }] },
  { key: 'surveys', title: 'Surveys', cols: [{ f: 'depth', type: 'number' }, { f: 'dip', type: 'number' }, { f: 'azimuth', type: 'number' },
    { f: 'tool' }, { f: 'remarks' }] },
  { key: 'casing', title: 'Casing', cols: [{ f: 'size' }, { f: 'fromDepth', label: 'from m', type: 'number' }, { f: 'toDepth', label: 'to m', type: 'number' }],
    derived: r => `${fixed(num(r.toDepth) - num(r.fromDepth))} m` },
];
const HEAD = [{ f: 'location', label: 'Site / location' }, { f: 'standby', type: 'checkbox' }, { f: 'standbyReason', label: 'Standby reason' },
  { f: 'standbyHours', label: 'Standby hours', type: 'number' }, { f: 'remarks', label: 'Remarks' }];

const num = v => (v === '' || v === null || v === undefined ? NaN : Number(v));
const fixed = v => (Number.isFinite(v) ? v.toFixed(2) : '—');
function hours(start, end) {
  if (!start || !end) return 0;
  const [a, b] = [start, end].map(t => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5)));
  return ((b - a + 1440) % 1440) / 60;
}

function input(col, value, field) {
  const attrs = html`data-field="${field}" name="${field}" aria-label="${col.label ?? col.f}"`;
  if (col.options) {
    return html`<select ${attrs}>${col.options.map(o => html`<option ${o === value ? html`selected` : ''}>${o}</option>`)}</select>`;
  }
  if (col.codes) {
    return html`<select ${attrs}>${codes.map(c => html`<option value="${c.code}" ${c.code === value ? html`selected` : ''}>${c.code} ${c.label}${c.productive ? '' : ' (NPT)'}</option>`)}</select>`;
  }
  if (col.type === 'checkbox') return html`<input type="checkbox" ${attrs} ${value ? html`checked` : ''}>`;
  return html`<input type="${col.type ?? 'text'}" ${attrs} value="${value ?? ''}" ${col.step ? html`step="${col.step}"` : col.type === 'number' ? html`step="any"` : ''}
    ${col.list ? html`list="${col.list}"` : ''}>`;
}

function rowMarkup(section, row, i) {
  return html`<tr data-row="${i}">${section.cols.map(c => html`<td>${input(c, row[c.f], `${section.key}[${i}].${c.f}`)}</td>`)}
    ${section.derived ? html`<td class="derived" data-testid="derived-${section.key}-${i}"></td>` : ''}
    <td><button type="button" class="remove" data-section="${section.key}" aria-label="remove row">✕</button></td></tr>`;
}

function draw(content) {
  render(form, html`
    <fieldset data-testid="section-head"><legend>Shift</legend>${HEAD.map(c => html`<label>${c.label ?? c.f} ${input(c, content[c.f], c.f)}</label>`)}</fieldset>
    ${SECTIONS.map(s => html`<fieldset data-testid="section-${s.key}"><legend>${s.title}</legend>
      <table class="rows"><thead><tr>${s.cols.map(c => html`<th>${c.label ?? c.f}</th>`)}${s.derived ? html`<th></th>` : ''}<th></th></tr></thead>
      <tbody data-section="${s.key}">${(content[s.key] ?? []).map((r, i) => rowMarkup(s, r, i))}</tbody></table>
      <button type="button" class="add" data-section="${s.key}" data-testid="add-${s.key}">+ row</button></fieldset>`)}
    <datalist id="materials">${materials.map(m => html`<option value="${m.name}">`)}</datalist>
    <datalist id="sizes">${['HQ', 'NQ', 'PQ', 'BQ'].map(s => html`<option value="${s}">`)}</datalist>
    <p><button type="submit" data-testid="save">Save</button> <span class="muted" id="saved"></span></p>`);
  for (const el of form.elements) el.disabled = !report.editable || !hasRole(user, 'supervisor', 'admin');
  derive();
}

/** The form as the API takes it: typed values only (derived ones are the hub's). */
function collect() {
  const body = { version: report.version };
  for (const c of HEAD) {
    const el = form.elements[c.f];
    body[c.f] = c.type === 'checkbox' ? el.checked : c.type === 'number' ? (el.value === '' ? null : Number(el.value)) : (el.value.trim() || null);
  }
  for (const s of SECTIONS) {
    body[s.key] = [...form.querySelectorAll(`tbody[data-section="${s.key}"] tr`)].map(tr => {
      const row = {};
      for (const c of s.cols) {
        const el = tr.querySelector(`[name$="].${c.f}"]`);
        const v = el.value.trim();
        if (v !== '') row[c.f] = c.type === 'number' ? Number(v) : v;
      }
      return row;
    });
  }
  return body;
}

function rowValues(tr, s) {
  const r = {};
  for (const c of s.cols) r[c.f] = tr.querySelector(`[name$="].${c.f}"]`).value;
  return r;
}

function derive() {
  for (const s of SECTIONS.filter(s => s.derived)) {
    form.querySelectorAll(`tbody[data-section="${s.key}"] tr`).forEach(tr => {
      tr.querySelector('.derived').textContent = s.derived(rowValues(tr, s));
    });
  }
}

/** Rows are renumbered after an add or a remove, so each field keeps its name as the API counts rows. */
function renumber(section) {
  form.querySelectorAll(`tbody[data-section="${section}"] tr`).forEach((tr, i) => {
    tr.dataset.row = i;
    tr.querySelectorAll('[data-field]').forEach(el => {
      const f = el.dataset.field.replace(/^\w+\[\d+\]/, `${section}[${i}]`);
      el.dataset.field = f;
      el.name = f;
    });
  });
}

function showFindings(findings) {
  form.querySelectorAll('.finding').forEach(el => el.remove());
  form.querySelectorAll('.bad, .warn').forEach(el => el.classList.remove('bad', 'warn'));
  for (const f of findings) {
    const el = form.querySelector(`[data-field="${CSS.escape(f.field)}"]`)
      ?? form.querySelector(`[data-testid="section-${f.field.replace(/\[.*$/, '')}"]`) ?? form.querySelector('[data-testid="section-head"]');
    el.classList.add(f.severity === 'error' ? 'bad' : 'warn');
    el.insertAdjacentElement('afterend', Object.assign(document.createElement('div'), {
      className: `finding ${f.severity}`, textContent: `${f.severity}: ${f.message}` }));
  }
}

function side() {
  const m = report.measured;
  const t = report.totals;
  const mayAct = [
    ['submit', 'Submit', report.editable && hasRole(user, 'supervisor', 'admin')],
    ['approve', 'Approve', report.status === 'submitted' && hasRole(user, 'manager', 'admin')],
    ['reject', 'Reject', report.status === 'submitted' && hasRole(user, 'manager', 'admin')],
    ['client-approve', 'Approve for the client', report.status === 'manager_approved' && hasRole(user, 'client')],
    ['client-reject', 'Reject for the client', report.status === 'manager_approved' && hasRole(user, 'client')],
    ['reopen', 'Reopen', ['approved', 'manager_approved'].includes(report.status) && hasRole(user, 'manager', 'admin')],
  ].filter(a => a[2]);
  render(document.getElementById('side'), html`
    ${mayAct.length ? html`<section class="actions"><h2>Approval</h2>
      <textarea id="comment" rows="2" placeholder="comment (required to reject or reopen)" data-testid="comment"></textarea>
      <p>${mayAct.map(([a, label]) => html`<button type="button" data-action="${a}" data-testid="action-${a}">${label}</button> `)}</p></section>` : ''}
    <section><h2>Quality</h2><p data-testid="score">score ${report.qualityScore} / 100</p>
      <ul class="findings" data-testid="findings">${report.findings.map(f => html`<li class="${f.severity}">${f.severity}: ${f.field}: ${f.message}</li>`)}</ul></section>
    <section><h2>The sensors measured</h2>${report.editable && hasRole(user, 'supervisor', 'admin')
      ? html`<p><button type="button" id="measure" data-testid="measure">Measure again</button></p>` : ''}${m ? html`<table class="events" data-testid="measured">
      <tr><td>hole depth</td><td>${fixed(m.depthStart)} → ${fixed(m.depthEnd)} m</td></tr>
      <tr><td>metres drilled</td><td data-testid="measured-metres">${fixed(m.metres)} (typed ${fixed(t.metres)})</td></tr>
      <tr><td>on-bottom hours · ROP</td><td>${fixed(m.onBottomHours)} h · ${fixed(m.rop)} m/h</td></tr>
      ${Object.entries(m.hoursByState).map(([s, h]) => html`<tr><td>${s}</td><td>${fixed(h)} h</td></tr>`)}
      <tr><td>seen of the shift</td><td>${Math.round(m.coverage * 100)} %</td></tr></table>` : html`<p class="muted">no sensor data</p>`}</section>
    <section><h2>Totals</h2><table class="events" data-testid="totals"><tr><td>metres</td><td>${fixed(t.metres)}</td></tr>
      <tr><td>man-hours</td><td>${fixed(t.manHours)}</td></tr><tr><td>productive · NPT hours</td><td>${fixed(t.productiveHours)} · ${fixed(t.nonProductiveHours)}</td></tr>
      <tr><td>standby hours</td><td>${fixed(t.standbyHours)}</td></tr></table>
      <p><a href="/api/reports/${report.id}/report.pdf" data-testid="pdf">PDF</a> · <a href="/api/reports/${report.id}/report.csv" data-testid="csv">CSV</a> · <a href="/api/reports/${report.id}/report.xlsx" data-testid="xlsx">Excel</a>
      · <a href="/daily.html?rig=${encodeURIComponent(report.rig)}&date=${report.date}" data-testid="daily-link">24 hours</a></p></section>
    <section><h2>History</h2><ul data-testid="history">${report.history.map(h => html`<li>${new Date(h.at).toLocaleString()} · ${h.actorName}:
      ${h.action.replace('_', ' ')}${h.comment ? html` — <q>${h.comment}</q>` : ''}</li>`)}</ul></section>`);
  document.querySelectorAll('[data-action]').forEach(b => b.addEventListener('click', () => act(b.dataset.action)));
  document.getElementById('measure')?.addEventListener('click', async () => {
    const res = await request('POST', `/api/reports/${id}/measure`);
    if (res.ok) {
      report = res.body;
      side();
      showFindings(report.findings);
      msg.textContent = 'The sensors were read again.';
    } else {
      msg.textContent = res.body?.message ?? String(res.status);
    }
  });
}

/** The core tray photos by hole, with an upload form while the report is editable and the user may write it. */
async function photos() {
  const box = document.getElementById('photos');
  const list = await getJson(`/api/reports/${id}/photos`);
  const holes = [...new Set((report.progress ?? []).map(p => p.hole))];
  const may = report.editable && hasRole(user, 'supervisor', 'admin');
  const byHole = Object.groupBy(list, p => p.hole);
  const depth = p => (p.fromDepth != null ? `${fixed(p.fromDepth)}–${p.toDepth != null ? fixed(p.toDepth) : '?'} m` : '');
  render(box, html`<h2>Core tray photos</h2>
    ${list.length ? Object.entries(byHole).map(([hole, ps]) => html`<h3>Hole ${hole}</h3><div class="photos">${ps.map(p => html`
      <figure data-testid="photo-${p.id}"><a href="/api/reports/${id}/photos/${p.id}" target="_blank" rel="noopener">
        <img src="/api/reports/${id}/photos/${p.id}/thumbnail" alt="${p.caption ?? `core tray, hole ${p.hole}`}" loading="lazy"></a>
        <figcaption>${p.caption ?? ''} ${depth(p)}<br><span class="muted">${p.uploadedBy} · ${Math.round(p.bytes / 1000)} kB</span>
        ${may ? html` <button type="button" class="remove-photo" data-photo="${p.id}" aria-label="remove photo">✕</button>` : ''}</figcaption></figure>`)}</div>`)
      : html`<p class="muted">No photos yet.</p>`}
    ${may ? (holes.length ? html`<form id="photo-form" class="form-row" data-testid="photo-form">
      <label>Hole <select name="hole">${holes.map(h => html`<option>${h}</option>`)}</select></label>
      <label>From (m) <input name="fromDepth" type="number" step="0.01" min="0" size="6"></label>
      <label>To (m) <input name="toDepth" type="number" step="0.01" min="0" size="6"></label>
      <label>Caption <input name="caption" maxlength="200"></label>
      <label>Photo <input name="file" type="file" accept="image/jpeg,image/png" required data-testid="photo-file"></label>
      <button type="submit">Upload</button></form><p id="photo-msg" class="msg" data-testid="photo-msg" role="status"></p>`
      : html`<p class="muted">Add a progress row (and save) to attach its core tray photos.</p>`) : ''}`);
  document.getElementById('photo-form')?.addEventListener('submit', async e => {
    e.preventDefault();
    const f = new FormData(e.target);
    const file = f.get('file');
    const params = new URLSearchParams({ hole: f.get('hole'), name: file.name });
    for (const k of ['fromDepth', 'toDepth', 'caption']) if (f.get(k)) params.set(k, f.get(k));
    const out = document.getElementById('photo-msg');
    out.textContent = 'Uploading…';
    try {
      const res = await upload(`/api/reports/${id}/photos?${params}`, file);
      if (res.ok) {
        await photos();
        document.getElementById('photo-msg').textContent = `Added ${file.name}.`;
      } else {
        out.textContent = `Not added: ${res.body?.message ?? res.status}`;
      }
    } catch (err) {
      out.textContent = `Not added: the hub is not reachable (${err.message}).`;
    }
  });
  box.querySelectorAll('.remove-photo').forEach(b => b.addEventListener('click', async () => {
    const res = await request('DELETE', `/api/reports/${id}/photos/${b.dataset.photo}`);
    if (res.ok) await photos();
    else msg.textContent = res.body?.message ?? String(res.status);
  }));
}

function show(r) {
  report = r;
  setTitle(`${r.rig} · ${r.date} · ${r.shiftType} shift`);
  render(document.getElementById('status'), html`${r.status.replace('_', ' ')}`);
  render(document.getElementById('head'), html`<p class="muted">${r.window} ${r.timeZone} · client ${r.client ?? 'none'} · version ${r.version}
    · last changed by ${r.updatedBy} ${new Date(r.updatedAt).toLocaleString()}</p>`);
  draw(r);
  showFindings(r.findings);
  side();
  photos().catch(e => { document.getElementById('photos').textContent = `Cannot load the photos: ${e.message}`; });
}

async function save(body) {
  localStorage.setItem(key, JSON.stringify(body));
  let res;
  try {
    res = await request('PUT', `/api/reports/${id}`, body);
  } catch (e) {
    msg.textContent = 'Not saved: the hub is not reachable. The edit is kept on this tablet and saved when the hub is back.';
    clearTimeout(retry);
    retry = setTimeout(() => save(body), 15_000);
    return;
  }
  if (res.ok) {
    localStorage.removeItem(key);
    show(res.body);
    msg.textContent = 'Saved.';
  } else if (res.status === 400) {
    msg.textContent = `Not saved: ${res.body.message}`;
    showFindings(res.body.fields.map(f => ({ severity: 'error', field: f.field, message: f.message })));
  } else {
    localStorage.removeItem(key);
    msg.textContent = `Not saved: ${res.body?.message ?? res.status}`;
    if (res.body?.current) show(res.body.current);
  }
}

async function act(action) {
  const comment = document.getElementById('comment').value.trim();
  const res = await request('POST', `/api/reports/${id}/${action}`, comment ? { comment } : {});
  if (res.ok) {
    show(res.body);
    msg.textContent = `Done: ${res.body.status.replace('_', ' ')}.`;
  } else {
    msg.textContent = refusal(res);
  }
}

async function start() {
  user = await startPage();
  [codes, materials] = await Promise.all([getJson('/api/reports/codes'), getJson('/api/reports/materials')]);
  show(await getJson(`/api/reports/${encodeURIComponent(id)}`));
  const kept = JSON.parse(localStorage.getItem(key) ?? 'null');
  if (kept && kept.version === report.version && report.editable) {
    draw(kept);
    msg.textContent = 'An edit that was not saved is back from this tablet: save it, or reload to drop it.';
  }
  form.addEventListener('input', () => {
    derive();
    localStorage.setItem(key, JSON.stringify(collect()));
  });
  form.addEventListener('submit', e => { e.preventDefault(); save(collect()); });
  form.addEventListener('click', e => {
    const s = SECTIONS.find(x => x.key === e.target.dataset.section);
    if (!s) return;
    const body = form.querySelector(`tbody[data-section="${s.key}"]`);
    if (e.target.classList.contains('add')) {
      append(body, rowMarkup(s, {}, body.children.length));
    } else if (e.target.classList.contains('remove')) {
      e.target.closest('tr').remove();
      renumber(s.key);
    }
    derive();
  });
  window.addEventListener('online', () => { const k = JSON.parse(localStorage.getItem(key) ?? 'null'); if (k) save(k); });
}

start().catch(e => { msg.textContent = `Cannot load the report: ${e.message}`; });
