// The campaign planner: a scenario's campaign wells in a grid (Tabulator: edit in place, undo/redo, keyboard, range
// paste) saved through the API with the version each row started from; the last calculation's schedule as a Gantt
// (frappe-gantt: drag a bar to move its planned start, stretch it to change its days); the figures, plan vs actual,
// comments, levelling suggestions, the comparison of two scenarios; rigs and wells in grids of their own; import.
import { getJson, request, hasRole, refusal } from './api.js';
import { startPage } from './shell.js';
import { html, render, escape } from './html.js';
import { Tabulator } from './vendor-tabulator.js';
import { Gantt } from './vendor-gantt.js';
import { rigGrid, wellGrid, pasteRange, oneAtATime } from './plan-books.js';
import { startImport } from './plan-import.js';

const msg = document.getElementById('msg');
const select = document.getElementById('scenario');
let user = null;
let scenarios = [];
let scenario = null;   // GET /api/plan/scenarios/{id}
let wells = [];        // GET /api/plan/wells
let rigs = [];         // GET /api/plan/rigs
let comments = [];     // GET /api/plan/scenarios/{id}/comments
let lastRun = null;
let grid = null;
let gantt = null;
let zoom = 'Week';
let selected = null;   // the campaign well whose comments are shown
const money = v => Math.round(v).toLocaleString('en');
const say = text => { msg.textContent = text; };

// frappe-gantt writes task names as markup, and Tabulator writes a formatter's result as markup: both get escape()d text

// lookups by id, rebuilt on each load (a scenario of thousands of wells: no search per row)
let byId = { wells: new Map(), cws: new Map(), campaigns: new Map(), slots: new Map(), comments: new Map() };
function index() {
  byId = {
    wells: new Map(wells.map(w => [w.id, w])), cws: new Map(scenario.wells.map(w => [w.id, w])),
    campaigns: new Map(scenario.campaigns.map(c => [c.id, c])), slots: new Map((lastRun?.results?.schedule ?? []).map(s => [s.campaignWell, s])),
    comments: comments.reduce((m, c) => m.set(c.campaignWell, (m.get(c.campaignWell) ?? 0) + 1), new Map()),
  };
}
const wellName = id => byId.wells.get(id)?.name ?? `well ${id}`;
const cwName = id => { const w = byId.cws.get(id); return w ? wellName(w.well) : `#${id}`; };
const campaignName = id => byId.campaigns.get(id)?.name ?? id;
const canWrite = () => hasRole(user, 'editor', 'manager', 'admin');
const mayEdit = () => scenario && scenario.scenario.status !== 'archived'
  && (hasRole(user, 'manager', 'admin') || (hasRole(user, 'editor') && scenario.scenario.status === 'draft'));

function row(w) {
  return {
    id: w.id, version: w.version, campaign: w.campaign, well: w.well, wellName: wellName(w.well), rig: w.rig ?? '',
    plannedStart: w.plannedStart ?? '', durationDays: w.durationDays, status: w.status, nptDays: w.nptDays,
    hole: w.hole ?? '', dependencies: w.dependencies, extras: w.extras, actualStart: w.actualStart, actualEnd: w.actualEnd,
    after: w.dependencies.map(d => `${cwName(d.predecessor)}${d.lagDays ? ` +${d.lagDays} d` : ''}`).join(', '),
    scheduled: scheduledOf(w.id), comments: byId.comments.get(w.id) ?? 0,
  };
}

function scheduledOf(id) {
  const slot = byId.slots.get(id);
  return slot ? `${slot.start} → ${slot.end}` : '';
}

function body(r) {
  return {
    version: r.version, campaign: r.campaign, well: r.well, rig: r.rig || null, plannedStart: r.plannedStart || null,
    durationDays: Number(r.durationDays), status: r.status, nptDays: Number(r.nptDays || 0), dependencies: r.dependencies,
    hole: r.hole || null, extras: r.extras, actualStart: r.actualStart ?? null, actualEnd: r.actualEnd ?? null,
  };
}

const saveRow = oneAtATime(saveNow);

async function saveNow(cell) {
  const r = cell.getRow().getData();
  const res = await request('PUT', `/api/plan/campaign-wells/${r.id}`, body(r));
  if (res.ok) {
    cell.getRow().update({ version: res.body.version });
    say(`Saved campaign well #${r.id}.`);
  } else {
    cell.restoreOldValue();
    say(`Not saved: ${refusal(res)}`);
    if (res.status === 409 && res.body?.current) cell.getRow().update(row(res.body.current));
  }
}

function drawGrid() {
  const editable = mayEdit();
  const columns = [
    { title: '#', field: 'id', width: 60 },
    { title: 'Well', field: 'wellName', minWidth: 120, headerFilter: 'input' },
    { title: 'Campaign', field: 'campaign', formatter: c => escape(campaignName(c.getValue())) },
    { title: 'Rig', field: 'rig', editor: editable && 'list', editorParams: { values: ['', ...rigs.map(r => r.id)] }, headerFilter: 'input' },
    { title: 'Planned start', field: 'plannedStart', editor: editable && 'date', editorParams: { format: 'yyyy-MM-dd' } },
    { title: 'Days', field: 'durationDays', editor: editable && 'number', editorParams: { min: 0.01, step: 0.5 }, validator: ['required', 'min:0.01'] },
    { title: 'Status', field: 'status', editor: editable && 'list', editorParams: { values: ['planned', 'in_progress', 'complete', 'cancelled'] },
      headerFilter: 'list', headerFilterParams: { values: ['', 'planned', 'in_progress', 'complete', 'cancelled'] } },
    { title: 'NPT days', field: 'nptDays', editor: editable && 'number', editorParams: { min: 0 }, validator: ['min:0'] },
    { title: 'Hole (reports)', field: 'hole', editor: editable && 'input' },
    { title: 'After', field: 'after' },
    { title: 'Scheduled', field: 'scheduled', headerTooltip: 'by the last calculation' },
    { title: 'Comments', field: 'comments', width: 100, cssClass: 'clickable', formatter: c => escape(`${c.getValue()} ▸`),
      cellClick: (e, c) => showComments(c.getRow().getData().id) },
  ];
  grid?.destroy();
  grid = new Tabulator('#grid', {
    // a fixed height once the rows need more: Tabulator then draws only those in view (a scenario may have thousands;
    // its maxHeight made Chromium's renderer crash here)
    data: scenario.wells.map(row), columns, layout: 'fitColumns', index: 'id', history: true, keybindings: true,
    height: scenario.wells.length > 15 ? '600px' : undefined,
    // spreadsheet-like: a click selects, a double click (or typing) edits, a paste from Excel fills the selected range
    clipboard: true, clipboardPasteParser: 'range', clipboardPasteAction: pasteRange, selectableRange: editable ? 1 : false, selectableRangeColumns: false,
    editTriggerEvent: 'dblclick', placeholder: 'No campaign wells yet: add one below, or import them.',
  });
  grid.on('cellEdited', saveRow);
  // an undo or redo puts a cell's value back (or forward): saved like an edit
  grid.on('historyUndo', (action, component) => { if (action === 'cellEdit') saveRow(component); });
  grid.on('historyRedo', (action, component) => { if (action === 'cellEdit') saveRow(component); });
  // the Gantt shows what the grid's filters leave
  grid.on('dataFiltered', ganttSoon);
  grid.on('validationFailed', (cell, value) => say(`${cell.getColumn().getDefinition().title}: ${value} is not allowed (kept ${cell.getValue()})`));
}

async function showComments(id) {
  selected = id;
  const box = document.getElementById('comments');
  box.hidden = false;
  const mine = comments.filter(c => c.campaignWell === id);
  render(box, html`<h3>Comments on ${cwName(id)} (#${id})</h3>
    ${mine.length ? html`<ul class="comments">${mine.map(c => html`<li><span class="muted">${c.author} · ${c.at.slice(0, 16).replace('T', ' ')}</span>
      ${c.body}${c.author === user.username || hasRole(user, 'admin')
        ? html` <button type="button" class="link" data-delete="${c.id}">delete</button>` : ''}</li>`)}</ul>` : html`<p class="muted">None yet.</p>`}
    ${scenario.scenario.status === 'archived' ? '' : html`<form id="comment-form" class="form-row"><label>Comment
      <input name="body" maxlength="2000" required data-testid="comment-text"></label><button type="submit">Add</button></form>`}`);
  box.querySelectorAll('[data-delete]').forEach(b => b.addEventListener('click', async () => {
    const res = await request('DELETE', `/api/plan/comments/${b.dataset.delete}`);
    say(res.ok ? 'Comment deleted.' : `Not deleted: ${refusal(res)}`);
    await reloadComments();
  }));
  document.getElementById('comment-form')?.addEventListener('submit', async e => {
    e.preventDefault();
    const res = await request('POST', `/api/plan/campaign-wells/${id}/comments`, { body: e.target.body.value });
    say(res.ok ? 'Comment added.' : `Not added: ${refusal(res)}`);
    if (res.ok) await reloadComments();
  });
}

async function reloadComments() {
  comments = await getJson(`/api/plan/scenarios/${scenario.scenario.id}/comments`);
  index();
  grid.updateData(grid.getData().map(r => ({ id: r.id, comments: byId.comments.get(r.id) ?? 0 })));
  if (selected) await showComments(selected);
  if (lastRun?.results) drawGantt(lastRun.results);
}

function drawKpis(run) {
  lastRun = run;
  const box = document.getElementById('kpis');
  if (run.status === 'pending' || run.status === 'running') {
    render(box, html`<p data-testid="calc-progress">Calculating in the background (run ${run.id}): ${run.stage ?? run.status}
      <progress max="1" value="${run.progress}"></progress> ${Math.round(run.progress * 100)} %</p>`);
    return;
  }
  if (run.status === 'failed') {
    render(box, html`<p class="bad">Run ${run.id} failed: ${run.error}</p>`);
    return;
  }
  const r = run.results;
  render(box, html`<table class="events" data-testid="kpi-table">
    <tr><td>ETA</td><td data-testid="eta">${r.eta ?? '—'}</td></tr><tr><td>cost</td><td data-testid="cost">${money(r.cost)}</td></tr>
    <tr><td>critical path</td><td>${r.criticalPath.map(id => cwName(id)).join(' → ')}</td></tr>
    ${r.rigs.map(g => html`<tr><td>${g.rig}</td><td>utilization ${(g.utilization * 100).toFixed(1)} % · NPT ${(g.nptPct * 100).toFixed(1)} % ·
      ${money(g.cost)} ${g.currency} · ${g.wells} wells</td></tr>`)}
    ${r.conflicts.length ? html`<tr><td>conflicts as entered (${r.conflicts.length})</td><td class="bad" data-testid="conflicts">${r.conflicts.slice(0, 20)
      .map(c => `${c.rig}: ${cwName(c.first)} and ${cwName(c.second)} (${c.from} → ${c.to})`).join('; ')}${r.conflicts.length > 20 ? ' …' : ''}</td></tr>` : ''}
    ${r.unplaced.length ? html`<tr><td>unplaced (${r.unplaced.length})</td><td>${r.unplaced.slice(0, 20).map(u => `${cwName(u.well)}: ${u.reason}`).join('; ')}${r.unplaced.length > 20 ? ' …' : ''}</td></tr>` : ''}</table>
    ${(r.actuals ?? []).length ? html`<h3>Plan vs actual (from the daily reports)</h3><table class="events" data-testid="actuals">
      <tr><th>Well</th><th>Hole</th><th>Started</th><th>Deepest</th><th>Of planned</th><th>Rate</th><th>Forecast end</th><th>Slippage</th></tr>
      ${r.actuals.map(a => html`<tr><td>${cwName(a.campaignWell)}</td><td>${a.hole}</td><td>${a.start}</td><td>${a.deepest.toFixed(1)} m</td>
        <td>${a.pct == null ? '—' : `${(a.pct * 100).toFixed(0)} %`}</td><td>${a.ratePerDay.toFixed(1)} m/day</td><td>${a.forecastEnd}</td>
        <td class="${a.slippageDays > 0 ? 'bad' : ''}">${a.slippageDays == null ? '—' : `${a.slippageDays > 0 ? '+' : ''}${a.slippageDays.toFixed(1)} d`}</td></tr>`)}</table>` : ''}
    <p class="muted">Run ${run.id} by ${run.requestedBy} · <a href="/api/plan/scenarios/${scenario.scenario.id}/runs/${run.id}">results as JSON</a> ·
      <a href="/api/plan/scenarios/${scenario.scenario.id}/runs/${run.id}/schedule.csv">schedule as CSV</a></p>`);
  index();
  grid?.updateData(grid.getData().map(r => ({ id: r.id, scheduled: scheduledOf(r.id) })));
  drawGantt(r);
}

// the Gantt again once the grid's rows settle (Tabulator reports a filtering for every row an update touches)
let ganttTimer = null;
function ganttSoon() {
  clearTimeout(ganttTimer);
  ganttTimer = setTimeout(() => { if (lastRun?.results) drawGantt(lastRun.results); }, 150);
}

/** Bars drawn at most: a chart of thousands is unreadable (and slow to draw); the grid's filters choose which. */
const MAX_BARS = 300;

function drawGantt(results) {
  const box = document.getElementById('gantt');
  const note = document.getElementById('gantt-note');
  render(box, html``);
  gantt = null;
  const shown = grid ? new Set(grid.getData('active').map(r => r.id)) : null;
  const all = [...(results?.schedule ?? [])].filter(s => !shown || shown.has(s.campaignWell))
    .sort((a, b) => (a.rig ?? '').localeCompare(b.rig ?? '') || a.start.localeCompare(b.start));
  const schedule = all.slice(0, MAX_BARS);
  render(note, all.length > MAX_BARS ? html`Showing the first ${MAX_BARS} of ${all.length} wells (by rig): filter the grid by rig, well or status to see others.`
    : html``);
  if (!schedule.length) return;
  const conflicted = new Set((results.conflicts ?? []).flatMap(c => [c.first, c.second]));
  const actual = new Map((results.actuals ?? []).map(a => [a.campaignWell, a]));
  const drawn = new Set(schedule.map(x => x.campaignWell));
  const deps = new Map(scenario.wells.filter(w => drawn.has(w.id))
    .map(w => [w.id, w.dependencies.filter(d => drawn.has(d.predecessor)).map(d => `cw-${d.predecessor}`).join(', ')]));
  const tasks = [];
  for (const s of schedule) {
    const a = actual.get(s.campaignWell);
    const talk = byId.comments.get(s.campaignWell) ?? 0;
    tasks.push({
      id: `cw-${s.campaignWell}`, name: escape(`${s.rig ?? 'no rig'} · ${cwName(s.campaignWell)}${talk ? ` · ${talk} comment${talk > 1 ? 's' : ''}` : ''}`), start: s.start, end: s.end,
      progress: a?.pct == null ? 0 : Math.round(a.pct * 100), dependencies: deps.get(s.campaignWell) ?? '',
      // one class (frappe-gantt adds it as one token): a conflict first, then slippage, else what set its start
      custom_class: conflicted.has(s.campaignWell) ? 'conflict' : a?.slippageDays > 0 ? 'slipped' : `driver-${s.driver}`,
    });
    if (a) {
      tasks.push({ id: `actual-${s.campaignWell}`, name: escape(`actual: ${a.deepest.toFixed(0)} m, ends ${a.forecastEnd}`), start: a.start,
        end: a.forecastEnd, progress: 0, custom_class: 'actual' });
    }
  }
  const editable = mayEdit();
  gantt = new Gantt(box, tasks, {
    view_mode: zoom, popup: false, holidays: {}, ignore: [], readonly: !editable, readonly_progress: true, today_button: false,
    view_mode_select: false, infinite_padding: false, scroll_to: 'start',
    // the scheduler moves the dependents (after the save), not the drag
    move_dependencies: false,
    on_click: task => { if (task.id.startsWith('cw-')) showComments(Number(task.id.slice(3))); },
    on_date_change: (task, start, end) => moveBar(task, start, end),
  });
}

// a bar moved: frappe-gantt reports every step of a drag; the last position is saved once the bar has stopped, from
// the row's version at that time
let moveTimer = null;
function moveBar(task, start, end) {
  if (!task.id.startsWith('cw-')) return;
  const id = Number(task.id.slice(3));
  clearTimeout(moveTimer);
  moveTimer = setTimeout(() => saveMove(id, start, end), 400);
}

async function saveMove(id, start, end) {
  const found = grid.getRow(id);
  if (!found) return;
  const day = d => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const days = Math.max(0.5, Math.round((end - start) / 864e5 * 2) / 2);
  const res = await request('PUT', `/api/plan/campaign-wells/${id}`, { ...body(found.getData()), plannedStart: day(start), durationDays: days });
  say(res.ok ? `Moved ${cwName(id)} to ${day(start)} (${days} days).` : `Not moved: ${refusal(res)}`);
  await load(scenario.scenario.id, true);
}

async function follow(run) {
  drawKpis(run);
  while (run.status === 'pending' || run.status === 'running') {
    await new Promise(r => setTimeout(r, 700));
    run = await getJson(`/api/plan/scenarios/${run.scenario}/runs/${run.id}`);
    if (run.scenario !== scenario.scenario.id) return run;
    drawKpis(run);
  }
  return run;
}

async function calculate() {
  const res = await request('POST', `/api/plan/scenarios/${scenario.scenario.id}/calc`, {});
  if (!res.ok) {
    say(`Not calculated: ${refusal(res)}`);
    return null;
  }
  const run = await follow(res.body);
  if (run.status === 'failed') say(`The calculation failed: ${run.error}`);
  return run;
}

async function suggest() {
  const box = document.getElementById('suggestions');
  const res = await request('GET', `/api/plan/scenarios/${scenario.scenario.id}/suggestions`);
  if (!res.ok) {
    say(`No suggestions: ${refusal(res)}`);
    return;
  }
  const s = res.body;
  if (!s.moves.length) {
    render(box, html`<p class="muted" data-testid="no-moves">No move to another rig removes a conflict or brings the ETA (${s.etaBefore ?? '—'}) forward.</p>`);
    return;
  }
  render(box, html`<p>ETA ${s.etaBefore} → <b>${s.etaAfter}</b>; conflicts ${s.conflictsBefore} → <b>${s.conflictsAfter}</b> (${s.tried} schedules tried)</p>
    <table class="events" data-testid="moves"><tr><th></th><th>Well</th><th>From</th><th>To</th><th>ETA after</th><th>Conflicts after</th></tr>
    ${s.moves.map((m, i) => html`<tr><td><input type="checkbox" checked data-move="${i}"></td><td>${cwName(m.well)}</td><td>${m.fromRig}</td>
      <td><b>${m.toRig}</b></td><td>${m.etaAfter}</td><td>${m.conflictsAfter}</td></tr>`)}</table>
    ${mayEdit() ? html`<button type="button" id="apply-moves" data-testid="apply-moves">Apply the ticked moves</button>` : ''}`);
  document.getElementById('apply-moves')?.addEventListener('click', async () => {
    const moves = [...box.querySelectorAll('[data-move]')].filter(b => b.checked).map(b => s.moves[Number(b.dataset.move)])
      .map(m => ({ campaignWell: m.well, version: byId.cws.get(m.well).version, rig: m.toRig }));
    const applied = await request('POST', `/api/plan/scenarios/${scenario.scenario.id}/suggestions/apply`, { moves });
    say(applied.ok ? `Moved ${applied.body.length} wells.` : `Not applied: ${refusal(applied)}`);
    render(box, html``);
    await load(scenario.scenario.id, applied.ok);
  });
}

async function compare() {
  const other = document.getElementById('other').value;
  const box = document.getElementById('compare-out');
  if (!other) {
    render(box, html``);
    return;
  }
  const c = await getJson(`/api/plan/compare?a=${scenario.scenario.id}&b=${other}`);
  const side = x => html`<td>${x.eta ?? '—'}</td><td>${x.cost == null ? '—' : money(x.cost)}</td><td>${x.conflicts ?? '—'}</td>`;
  const pct = f => f ? `${(f.utilization * 100).toFixed(1)} %` : '—';
  render(box, html`<h2>${c.a.scenario.name} against ${c.b.scenario.name}</h2>
    <table class="events" data-testid="compare-table"><tr><th></th><th>ETA</th><th>Cost</th><th>Conflicts</th></tr>
      <tr><td>${c.a.scenario.name}</td>${side(c.a)}</tr><tr><td>${c.b.scenario.name}</td>${side(c.b)}</tr></table>
    <table class="events"><tr><th>Rig</th><th>Utilization: ${c.a.scenario.name}</th><th>${c.b.scenario.name}</th>
      <th>Cost: ${c.a.scenario.name}</th><th>${c.b.scenario.name}</th></tr>
      ${c.rigs.map(r => html`<tr><td>${r.rig}</td><td>${pct(r.a)}</td><td>${pct(r.b)}</td><td>${r.a ? money(r.a.cost) : '—'}</td>
        <td>${r.b ? money(r.b.cost) : '—'}</td></tr>`)}</table>
    <table class="events"><tr><th>Well</th><th>${c.a.scenario.name}</th><th>${c.b.scenario.name}</th><th>End moves</th></tr>
      ${c.wells.map(w => html`<tr><td>${w.name}</td><td>${w.a ? `${w.a.rig ?? '—'} ${w.a.start} → ${w.a.end}` : '—'}</td>
        <td>${w.b ? `${w.b.rig ?? '—'} ${w.b.start} → ${w.b.end}` : '—'}</td>
        <td>${w.endShiftDays == null ? '' : `${w.endShiftDays > 0 ? '+' : ''}${w.endShiftDays} d`}</td></tr>`)}</table>`);
}

function drawAddForm() {
  const form = document.getElementById('add-cw');
  form.hidden = !mayEdit();
  render(form.campaign, html`${scenario.campaigns.map(c => html`<option value="${c.id}">${c.name}</option>`)}<option value="">(a new one)</option>`);
  render(form.well, html`${wells.map(w => html`<option value="${w.id}">${w.name}</option>`)}`);
  render(form.rig, html`<option value="">(none yet)</option>${rigs.map(r => html`<option value="${r.id}">${r.id} · ${r.name}</option>`)}`);
}

async function addCampaignWell(e) {
  e.preventDefault();
  const f = e.target;
  let campaign = Number(f.campaign.value);
  if (!campaign) {
    const c = await request('POST', `/api/plan/scenarios/${scenario.scenario.id}/campaigns`, { name: f.newCampaign.value });
    if (!c.ok) {
      say(`Not added: ${refusal(c)}`);
      return;
    }
    campaign = c.body.id;
  }
  const res = await request('POST', `/api/plan/scenarios/${scenario.scenario.id}/wells`, {
    campaign, well: Number(f.well.value), rig: f.rig.value || null, plannedStart: f.plannedStart.value || null,
    durationDays: Number(f.durationDays.value),
  });
  say(res.ok ? `Added ${wellName(res.body.well)} (#${res.body.id}).` : `Not added: ${refusal(res)}`);
  if (res.ok) await load(scenario.scenario.id, false);
}

async function load(id, recalc) {
  [scenario, wells, rigs, comments] = await Promise.all([getJson(`/api/plan/scenarios/${id}`), getJson('/api/plan/wells'),
    getJson('/api/plan/rigs'), getJson(`/api/plan/scenarios/${id}/comments`)]);
  history.replaceState(null, '', `?scenario=${id}`);
  render(document.getElementById('status'), html`${scenario.scenario.status}`);
  const status = scenario.scenario.status;
  document.getElementById('calc').hidden = !canWrite();
  document.getElementById('clone').hidden = !canWrite();
  document.getElementById('suggest').hidden = !canWrite();
  document.getElementById('approve').hidden = !(hasRole(user, 'manager', 'admin') && status === 'draft');
  document.getElementById('archive').hidden = !(hasRole(user, 'manager', 'admin') && status !== 'archived');
  document.getElementById('export-xlsx').href = `/api/plan/scenarios/${id}/export.xlsx`;
  document.getElementById('export-csv').href = `/api/plan/scenarios/${id}/export.csv`;
  const subscribers = await getJson(`/api/plan/scenarios/${id}/subscribers`);
  const sub = document.getElementById('subscribe');
  sub.textContent = subscribers.includes(user.username) ? 'Unsubscribe' : 'Subscribe';
  render(document.getElementById('other'), html`<option value="">—</option>${scenarios.filter(s => s.id !== scenario.scenario.id)
    .map(s => html`<option value="${s.id}">${s.name} (${s.status})</option>`)}`);
  lastRun = null;
  index();
  drawGrid();
  drawAddForm();
  document.getElementById('comments').hidden = true;
  selected = null;
  const runs = await getJson(`/api/plan/scenarios/${id}/runs`);
  if (recalc && canWrite()) {
    await calculate();
  } else if (runs.length) {
    await follow(await getJson(`/api/plan/scenarios/${id}/runs/${runs[0].id}`));
  } else {
    render(document.getElementById('kpis'), html`<p class="muted">Not calculated yet${canWrite() ? ': Calculate' : ''}.</p>`);
    drawGantt(null);
  }
}

async function reloadScenarios() {
  scenarios = await getJson('/api/plan/scenarios');
  render(select, html`${scenarios.map(s => html`<option value="${s.id}">${s.name} (${s.horizon}, ${s.status})</option>`)}`);
}

async function scenarioAction(path, done) {
  const res = await request('POST', `/api/plan/scenarios/${scenario.scenario.id}/${path}`, { version: scenario.scenario.version });
  say(res.ok ? done : `Not done: ${refusal(res)}`);
  await reloadScenarios();
  select.value = String(scenario.scenario.id);
  await load(scenario.scenario.id, false);
}

function tabs() {
  const buttons = [...document.querySelectorAll('[data-tab]')];
  buttons.forEach(b => b.addEventListener('click', () => {
    buttons.forEach(x => {
      x.setAttribute('aria-selected', String(x === b));
      document.getElementById(x.dataset.tab).hidden = x !== b;
    });
    if (b.dataset.tab === 'rigs-tab') rigGrid(document.getElementById('rig-grid'), rigs, user, say, reloadBooks);
    if (b.dataset.tab === 'wellbook-tab') wellGrid(document.getElementById('well-grid'), wells, user, say, reloadBooks);
  }));
}

async function reloadBooks(which) {
  [wells, rigs] = await Promise.all([getJson('/api/plan/wells'), getJson('/api/plan/rigs')]);
  if (which === 'rigs') rigGrid(document.getElementById('rig-grid'), rigs, user, say, reloadBooks);
  if (which === 'wells') wellGrid(document.getElementById('well-grid'), wells, user, say, reloadBooks);
  drawAddForm();
}

async function start() {
  user = await startPage();
  tabs();
  await reloadScenarios();
  if (!scenarios.length) {
    say(canWrite() ? 'No scenario yet: import one, or POST /api/plan/scenarios (docs/planning.md).' : 'No scenario yet.');
    return;
  }
  const wanted = new URLSearchParams(location.search).get('scenario');
  select.value = scenarios.some(s => String(s.id) === wanted) ? wanted : String(scenarios.find(s => s.status === 'approved')?.id ?? scenarios[0].id);
  select.addEventListener('change', () => load(Number(select.value), false));
  document.getElementById('calc').addEventListener('click', calculate);
  document.getElementById('suggest').addEventListener('click', suggest);
  document.getElementById('compare').addEventListener('click', compare);
  document.getElementById('approve').addEventListener('click', () => scenarioAction('approve', 'Approved.'));
  document.getElementById('archive').addEventListener('click', () => scenarioAction('archive', 'Archived.'));
  document.getElementById('subscribe').addEventListener('click', async e => {
    const on = e.target.textContent === 'Subscribe';
    const res = await request(on ? 'PUT' : 'DELETE', `/api/plan/scenarios/${scenario.scenario.id}/subscription`);
    say(res.ok ? (on ? 'Subscribed: you get an email when the approved schedule changes.' : 'Unsubscribed.') : `Not done: ${refusal(res)}`);
    if (res.ok) e.target.textContent = on ? 'Unsubscribe' : 'Subscribe';
  });
  document.getElementById('clone').addEventListener('click', async () => {
    const name = `${scenario.scenario.name} (copy ${new Date().toISOString().slice(0, 16)})`;
    const res = await request('POST', `/api/plan/scenarios/${scenario.scenario.id}/clone`, { name });
    if (res.ok) {
      location.assign(`/plan.html?scenario=${res.body.scenario.id}`);
    } else {
      say(`Not cloned: ${refusal(res)}`);
    }
  });
  document.getElementById('add-cw').addEventListener('submit', addCampaignWell);
  document.querySelectorAll('[data-zoom]').forEach(b => b.addEventListener('click', () => {
    zoom = b.dataset.zoom;
    gantt?.change_view_mode(zoom);
  }));
  startImport(() => scenario, canWrite, say, async () => {
    await reloadBooks(null);
    await load(scenario.scenario.id, false);
  });
  await load(Number(select.value), false);
}

start().catch(e => {
  // nothing to work with: only the reason stays on the page
  document.querySelectorAll('main.planner > :not(#msg)').forEach(el => { el.hidden = true; });
  say(`Cannot load the planner: ${e.message}`);
});
