// The campaign planner: a scenario's campaign wells in a grid (Tabulator: edit in place, undo/redo, keyboard) saved
// through the API with the version each row started from, the last calculation's schedule as a Gantt
// (frappe-gantt: drag a bar to move its planned start), and the figures (ETA, cost, utilization per rig).
import { getJson, request, hasRole } from './api.js';
import { startPage } from './shell.js';
import { html, render, escape } from './html.js';
import { Tabulator } from './vendor-tabulator.js';
import { Gantt } from './vendor-gantt.js';

const msg = document.getElementById('msg');
const select = document.getElementById('scenario');
let user = null;
let scenario = null;   // GET /api/plan/scenarios/{id}
let wells = [];        // GET /api/plan/wells
let rigs = [];         // GET /api/plan/rigs
let grid = null;
const money = v => Math.round(v).toLocaleString('en');

// frappe-gantt writes task names as markup, and Tabulator writes a formatter's result as markup: both get escape()d text

const wellName = id => wells.find(w => w.id === id)?.name ?? `well ${id}`;

function row(w) {
  return {
    id: w.id, version: w.version, campaign: w.campaign, well: w.well, wellName: wellName(w.well), rig: w.rig ?? '',
    plannedStart: w.plannedStart ?? '', durationDays: w.durationDays, status: w.status, nptDays: w.nptDays,
    hole: w.hole ?? '', dependencies: w.dependencies, after: w.dependencies.map(d => `#${d.predecessor}${d.lagDays ? ` +${d.lagDays} d` : ''}`).join(', '),
  };
}

function body(r) {
  return {
    version: r.version, campaign: r.campaign, well: r.well, rig: r.rig || null, plannedStart: r.plannedStart || null,
    durationDays: Number(r.durationDays), status: r.status, nptDays: Number(r.nptDays || 0), dependencies: r.dependencies,
    hole: r.hole || null,
  };
}

async function saveRow(cell) {
  const r = cell.getRow().getData();
  const res = await request('PUT', `/api/plan/campaign-wells/${r.id}`, body(r));
  if (res.ok) {
    cell.getRow().update({ version: res.body.version });
    msg.textContent = `Saved campaign well #${r.id}.`;
  } else {
    cell.restoreOldValue();
    const fields = (res.body?.fields ?? []).map(f => ` — ${f.field}: ${f.message}`).join('');
    msg.textContent = `Not saved: ${res.body?.message ?? res.status}${fields}`;
    if (res.status === 409 && res.body?.current) cell.getRow().update(row(res.body.current));
  }
}

function drawGrid(editable) {
  const rigIds = rigs.map(r => r.id);
  const columns = [
    { title: '#', field: 'id', width: 60 },
    { title: 'Well', field: 'wellName', minWidth: 120 },
    { title: 'Campaign', field: 'campaign', formatter: c => escape(scenario.campaigns.find(x => x.id === c.getValue())?.name ?? c.getValue()) },
    { title: 'Rig', field: 'rig', editor: editable && 'list', editorParams: { values: ['', ...rigIds] } },
    { title: 'Planned start', field: 'plannedStart', editor: editable && 'date', editorParams: { format: 'yyyy-MM-dd' } },
    { title: 'Days', field: 'durationDays', editor: editable && 'number', editorParams: { min: 0.01, step: 0.5 }, validator: ['required', 'min:0.01'] },
    { title: 'Status', field: 'status', editor: editable && 'list', editorParams: { values: ['planned', 'in_progress', 'complete', 'cancelled'] } },
    { title: 'NPT days', field: 'nptDays', editor: editable && 'number', editorParams: { min: 0 }, validator: ['min:0'] },
    { title: 'Hole (reports)', field: 'hole', editor: editable && 'input' },
    { title: 'After', field: 'after' },
  ];
  grid?.destroy();
  grid = new Tabulator('#grid', {
    data: scenario.wells.map(row), columns, layout: 'fitColumns', index: 'id', history: true, keybindings: true,
    // spreadsheet-like: a click selects, a double click (or typing) edits, a paste from Excel fills the selected range
    clipboard: true, clipboardPasteAction: 'range', selectableRange: editable ? 1 : false, selectableRangeColumns: false,
    editTriggerEvent: 'dblclick',
  });
  grid.on('cellEdited', saveRow);
  // an undo or redo puts a cell's value back (or forward): saved like an edit
  grid.on('historyUndo', (action, component) => { if (action === 'cellEdit') saveRow(component); });
  grid.on('historyRedo', (action, component) => { if (action === 'cellEdit') saveRow(component); });
  grid.on('validationFailed', cell => { msg.textContent = `${cell.getColumn().getDefinition().title}: ${cell.getValue()} is not allowed`; });
}

function drawKpis(run) {
  const r = run.results;
  render(document.getElementById('kpis'), html`<table class="events" data-testid="kpi-table">
    <tr><td>ETA</td><td data-testid="eta">${r.eta ?? '—'}</td></tr><tr><td>cost</td><td data-testid="cost">${money(r.cost)}</td></tr>
    <tr><td>critical path</td><td>${r.criticalPath.map(id => `#${id}`).join(' → ')}</td></tr>
    ${r.rigs.map(g => html`<tr><td>${g.rig}</td><td>utilization ${(g.utilization * 100).toFixed(1)} % · NPT ${(g.nptPct * 100).toFixed(1)} % ·
      ${money(g.cost)} ${g.currency}</td></tr>`)}
    ${r.conflicts.length ? html`<tr><td>conflicts as entered</td><td>${r.conflicts.map(c => `${c.rig}: #${c.first} and #${c.second}`).join('; ')}</td></tr>` : ''}
    ${r.unplaced.length ? html`<tr><td>unplaced</td><td>${r.unplaced.map(u => `#${u.well}: ${u.reason}`).join('; ')}</td></tr>` : ''}</table>
    ${(r.actuals ?? []).length ? html`<h3>Plan vs actual (from the daily reports)</h3><table class="events" data-testid="actuals">
      <tr><th>#</th><th>Hole</th><th>Started</th><th>Deepest</th><th>Of planned</th><th>Rate</th><th>Forecast end</th><th>Slippage</th></tr>
      ${r.actuals.map(a => html`<tr><td>${a.campaignWell}</td><td>${a.hole}</td><td>${a.start}</td><td>${a.deepest.toFixed(1)} m</td>
        <td>${a.pct == null ? '—' : `${(a.pct * 100).toFixed(0)} %`}</td><td>${a.ratePerDay.toFixed(1)} m/day</td><td>${a.forecastEnd}</td>
        <td>${a.slippageDays == null ? '—' : `${a.slippageDays > 0 ? '+' : ''}${a.slippageDays.toFixed(1)} d`}</td></tr>`)}</table>` : ''}
    <p class="muted">Run ${run.id} · <a href="/api/plan/scenarios/${scenario.scenario.id}/runs/${run.id}/schedule.csv">schedule as CSV</a></p>`);
  drawGantt(r.schedule);
}

function drawGantt(schedule) {
  const box = document.getElementById('gantt');
  render(box, html``);
  if (!schedule.length) return;
  const deps = new Map(scenario.wells.map(w => [w.id, w.dependencies.map(d => `cw-${d.predecessor}`).join(', ')]));
  const tasks = schedule.map(s => ({
    id: `cw-${s.campaignWell}`, name: escape(`${s.name} · ${s.rig ?? 'no rig'}`), start: s.start, end: s.end, progress: 0,
    dependencies: deps.get(s.campaignWell) ?? '', custom_class: `driver-${s.driver}`,
  }));
  const editable = mayEdit();
  new Gantt(box, tasks, {
    view_mode: 'Week', popup: false, holidays: {}, ignore: [], readonly: !editable, readonly_progress: true, today_button: false,
    view_mode_select: false, infinite_padding: false,
    on_date_change: async (task, start, end) => {
      const id = Number(task.id.slice(3));
      const r = grid.getRow(id)?.getData();
      if (!r) return;
      const day = d => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
      const days = Math.max(0.5, Math.round((end - start) / 864e5 * 2) / 2);
      const res = await request('PUT', `/api/plan/campaign-wells/${id}`, { ...body(r), plannedStart: day(start), durationDays: days });
      msg.textContent = res.ok ? `Moved #${id} to ${day(start)}.` : `Not moved: ${res.body?.message ?? res.status}`;
      await load(scenario.scenario.id, true);
    },
  });
}

const mayEdit = () => scenario && scenario.scenario.status !== 'archived'
  && (hasRole(user, 'manager', 'admin') || (hasRole(user, 'editor') && scenario.scenario.status === 'draft'));

async function calculate() {
  const res = await request('POST', `/api/plan/scenarios/${scenario.scenario.id}/calc`, {});
  if (!res.ok) {
    msg.textContent = `Not calculated: ${res.body?.message ?? res.status}`;
    return null;
  }
  if (res.body.status !== 'success') msg.textContent = `The calculation failed: ${res.body.error}`;
  else drawKpis(res.body);
  return res.body;
}

async function load(id, recalc) {
  [scenario, wells, rigs] = await Promise.all([getJson(`/api/plan/scenarios/${id}`), getJson('/api/plan/wells'), getJson('/api/plan/rigs')]);
  history.replaceState(null, '', `?scenario=${id}`);
  render(document.getElementById('status'), html`${scenario.scenario.status}`);
  const editable = mayEdit();
  document.getElementById('calc').hidden = !hasRole(user, 'editor', 'manager', 'admin');
  document.getElementById('clone').hidden = !hasRole(user, 'editor', 'manager', 'admin');
  document.getElementById('approve').hidden = !(hasRole(user, 'manager', 'admin') && scenario.scenario.status === 'draft');
  drawGrid(editable);
  const runs = await getJson(`/api/plan/scenarios/${id}/runs`);
  if (recalc && hasRole(user, 'editor', 'manager', 'admin')) {
    await calculate();
  } else if (runs.length) {
    drawKpis(await getJson(`/api/plan/scenarios/${id}/runs/${runs[0].id}`));
  } else {
    render(document.getElementById('kpis'), html`<p class="muted">Not calculated yet.</p>`);
    drawGantt([]);
  }
}

async function start() {
  user = await startPage();
  const scenarios = await getJson('/api/plan/scenarios');
  if (!scenarios.length) {
    msg.textContent = 'No scenario yet: POST /api/plan/scenarios makes one (docs/planning.md).';
    return;
  }
  render(select, html`${scenarios.map(s => html`<option value="${s.id}">${s.name} (${s.horizon}, ${s.status})</option>`)}`);
  const wanted = new URLSearchParams(location.search).get('scenario');
  select.value = scenarios.some(s => String(s.id) === wanted) ? wanted : String(scenarios.find(s => s.status === 'approved')?.id ?? scenarios[0].id);
  select.addEventListener('change', () => load(select.value, false));
  document.getElementById('calc').addEventListener('click', calculate);
  document.getElementById('approve').addEventListener('click', async () => {
    const res = await request('POST', `/api/plan/scenarios/${scenario.scenario.id}/approve`, { version: scenario.scenario.version });
    msg.textContent = res.ok ? 'Approved.' : `Not approved: ${res.body?.message ?? res.status}`;
    await load(scenario.scenario.id, false);
  });
  document.getElementById('clone').addEventListener('click', async () => {
    const name = `${scenario.scenario.name} (copy ${new Date().toISOString().slice(0, 16)})`;
    const res = await request('POST', `/api/plan/scenarios/${scenario.scenario.id}/clone`, { name });
    if (res.ok) {
      location.assign(`/plan.html?scenario=${res.body.scenario.id}`);
    } else {
      msg.textContent = `Not cloned: ${res.body?.message ?? res.status}`;
    }
  });
  await load(select.value, false);
}

start().catch(e => { msg.textContent = `Cannot load the planner: ${e.message}`; });
