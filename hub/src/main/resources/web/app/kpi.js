// The operations dashboard: KPI cards against the previous period, the NPT Pareto, metres per day against the plan,
// utilization per rig and day, trends, day against night, the rigs' target against achievement, equipment downtime.
// The filters live in the URL; every figure clicks through to the reports, plan items or alarms behind it, and every
// table downloads as CSV or Excel. A client's user sees its own rigs and their approved reports only (the hub filters).
import { getJson } from './api.js';
import { startPage } from './shell.js';
import { html, render } from './html.js';
import { echarts } from './vendor-echarts.js';

const form = document.getElementById('filters');
const msg = document.getElementById('msg');
const LIST = ['rigs', 'clients', 'fields'];
const n = (v, d = 1) => (v == null ? '—' : Number(v).toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: 0 }));
const charts = {};
let user;
let today;
let last = null;   // the answers of the last load
let heatRigs = [];

/** The cards: label, the figure, its unit, and whether a rise is good (true), bad (false) or neither (null). */
const CARDS = [
  { key: 'metres', label: 'Metres drilled', unit: 'm', good: true, sub: f => `measured ${n(f.metresMeasured)} m` },
  { key: 'metresPerDay', label: 'Metres per day', unit: 'm/d', good: true, sub: f => `plan ${n(f.planMetresPerDay)} m/d` },
  { key: 'variance', label: 'Against the plan', unit: 'm', good: true, change: false, sub: f => `${f.variancePercent == null ? '—' : n(f.variancePercent)} % of ${n(f.planMetres)} m` },
  { key: 'rop', label: 'ROP', unit: 'm/h', good: true, digits: 2, sub: f => `${n(f.drillingHours)} h drilling` },
  { key: 'nptHours', label: 'Non-productive time', unit: 'h', good: false, sub: f => `${n(f.nptPercent)} % of hours` },
  { key: 'utilization', label: 'Utilization', unit: '%', good: true, sub: f => `${n(f.productiveHours)} h productive` },
  { key: 'costPerMetre', label: 'Cost per metre', unit: '', good: false, sub: f => `${n(f.cost, 0)} in all` },
  { key: 'coreRecovery', label: 'Core recovery', unit: '%', good: true, sub: () => '' },
  { key: 'manHoursPerMetre', label: 'Man-hours per metre', unit: 'h/m', good: false, sub: f => `${n(f.manHours)} man-hours` },
  { key: 'downtimeHours', label: 'Equipment downtime', unit: 'h', good: false, sub: () => 'work orders' },
  { key: 'alarmsPer24h', label: 'Alarms per 24 h', unit: '', good: false, digits: 2, sub: f => `${n(f.alarms, 0)} alarms` },
];

const TREND = {
  metresPerDay: ['Metres per day (with the plan)', 'm/d'], metres: ['Metres', 'm'], nptHours: ['NPT hours', 'h'], nptPercent: ['NPT %', '%'],
  utilization: ['Utilization %', '%'], rop: ['ROP', 'm/h'], costPerMetre: ['Cost per metre', ''], manHoursPerMetre: ['Man-hours per metre', 'h/m'],
  alarmsPer24h: ['Alarms per 24 h', ''], downtimeHours: ['Equipment downtime', 'h'],
};

function query() {
  const params = new URLSearchParams();
  for (const el of form.elements) {
    if (!el.name || el.disabled) continue;   // a client's reports: approved, the hub's default for it
    const value = el.multiple ? [...el.selectedOptions].map(o => o.value).join(',') : el.value;
    if (value) params.set(el.name, value);
  }
  return params;
}

function chart(id) {
  if (!charts[id]) {
    charts[id] = echarts.init(document.getElementById(id), 'dark', { renderer: 'canvas' });
    window.addEventListener('resize', () => charts[id].resize());
  }
  return charts[id];
}

function change(card, pct) {
  if (pct == null || card.change === false) return html`<span class="muted">no earlier figure</span>`;
  const better = card.good == null ? '' : (pct > 0) === card.good ? 'up' : pct === 0 ? '' : 'down';
  return html`<span class="${better}" data-testid="change-${card.key}">${pct > 0 ? '▲' : pct < 0 ? '▼' : '='} ${n(Math.abs(pct))} %</span>
    <span class="muted">vs ${last.summary.previousFrom} – ${last.summary.previousTo}</span>`;
}

function cards(s) {
  render(document.getElementById('cards'), html`${CARDS.map(c => html`<section class="card" data-card="${c.key}" data-testid="card-${c.key}"
      title="Click: the reports behind it">
    <div class="muted">${c.label}</div>
    <div class="value" data-testid="value-${c.key}">${n(s.current[c.key], c.digits ?? 1)} <span class="muted">${c.unit}</span></div>
    <div class="muted">${c.sub(s.current)}</div>
    <div>${change(c, s.change[c.key])}</div></section>`)}`);
}

function pareto(npt) {
  const rows = npt.pareto;
  chart('pareto').setOption({
    backgroundColor: 'transparent', aria: { enabled: true }, tooltip: { trigger: 'axis' }, grid: { left: 50, right: 50, bottom: 70, top: 30 },
    legend: { data: ['hours', 'cumulative %'] },
    xAxis: { type: 'category', data: rows.map(r => r.label), axisLabel: { rotate: 25, interval: 0 } },
    yAxis: [{ type: 'value', name: 'h' }, { type: 'value', name: '%', max: 100 }],
    series: [{ name: 'hours', type: 'bar', data: rows.map(r => r.hours), itemStyle: { color: '#e5484d' } },
      { name: 'cumulative %', type: 'line', yAxisIndex: 1, data: rows.map(r => r.cumulativePercent), itemStyle: { color: '#f0b429' } }],
  }, true);
  document.getElementById('pareto').dataset.codes = rows.map(r => r.code).join(',');
  document.getElementById('pareto').dataset.bars = String(rows.length);
  render(document.getElementById('down-rows'), npt.equipment.length
    ? html`<tr><th>Rig</th><th>Equipment</th><th>Hours down</th><th>Work orders</th></tr>${npt.equipment.map(d => html`<tr data-testid="down-${d.equipment}">
        <td>${d.rig}</td><td><a href="/equipment.html?rig=${encodeURIComponent(d.rig)}#unit-${d.equipment}">${d.name}</a></td><td>${n(d.hours, 2)}</td>
        <td>${d.workOrders.map(w => html`<a href="/maintenance.html#wo-${w}">#${w}</a> `)}</td></tr>`)}`
    : html`<tr><td class="muted">${user.client ? 'No shared work order took equipment down in the period.' : 'No equipment was down for repair in the period.'}</td></tr>`);
}

function planChart(points) {
  chart('plan').setOption({
    backgroundColor: 'transparent', tooltip: { trigger: 'axis' }, grid: { left: 50, right: 20, bottom: 40, top: 30 },
    legend: { data: ['actual', 'plan'] },
    xAxis: { type: 'category', data: points.map(p => p.start) },
    yAxis: { type: 'value', name: 'm/day' },
    series: [{ name: 'actual', type: 'bar', data: points.map(p => p.figures.metresPerDay ?? 0), itemStyle: { color: '#4aa3ff' } },
      { name: 'plan', type: 'line', step: 'middle', data: points.map(p => p.figures.planMetresPerDay ?? 0), itemStyle: { color: '#2fbf71' } }],
  }, true);
}

function heatmap(cells, rigs, from, to) {
  const days = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) days.push(d.toISOString().slice(0, 10));
  heatRigs = rigs;
  const data = cells.map(c => [days.indexOf(c.day), rigs.indexOf(c.rig), c.utilization ?? 0]).filter(c => c[0] >= 0 && c[1] >= 0);
  chart('heatmap').setOption({
    backgroundColor: 'transparent', tooltip: { formatter: p => `${rigs[p.value[1]]} ${days[p.value[0]]}: ${n(p.value[2])} % productive` },
    grid: { left: 90, right: 20, bottom: 60, top: 10 },
    xAxis: { type: 'category', data: days }, yAxis: { type: 'category', data: rigs },
    visualMap: { min: 0, max: 100, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, inRange: { color: ['#2c353f', '#2fbf71'] } },
    series: [{ type: 'heatmap', data }],
  }, true);
  document.getElementById('heatmap').dataset.cells = String(data.length);
}

function trend(points) {
  const key = document.getElementById('trend-figure').value;
  const [label, unit] = TREND[key];
  const series = [{ name: label, type: 'line', data: points.map(p => p.figures[key]), itemStyle: { color: '#4aa3ff' } }];
  if (key === 'metresPerDay') series.push({ name: 'plan', type: 'line', data: points.map(p => p.figures.planMetresPerDay), itemStyle: { color: '#2fbf71' } });
  chart('trend').setOption({
    backgroundColor: 'transparent', tooltip: { trigger: 'axis' }, grid: { left: 50, right: 20, bottom: 40, top: 30 },
    legend: { data: series.map(s => s.name) },
    xAxis: { type: 'category', data: points.map(p => p.start) }, yAxis: { type: 'value', name: unit }, series,
  }, true);
}

function rigTable(lines, params) {
  render(document.getElementById('rig-rows'), html`${lines.map(l => {
    const f = l.figures;
    const q = new URLSearchParams(params);
    q.set('rigs', l.rig);
    return html`<tr data-testid="rig-${l.rig}">
      <td>${l.rank}</td><td><a href="/rig.html?rig=${encodeURIComponent(l.rig)}">${l.name}</a></td>
      <td><a href="#" data-behind="${q}" data-title="Reports of ${l.name}">${n(f.metres)}</a></td>
      <td>${l.planItems.length && !user.client ? html`<a href="/plan.html?scenario=${l.planItems[0].scenario}" title="${l.planItems[0].well}">${n(f.planMetres)}</a>` : n(f.planMetres)}</td>
      <td class="${f.variance < 0 ? 'down' : ''}" data-testid="variance-${l.rig}">${n(f.variance)}</td><td>${n(f.metresPerDay)}</td><td>${n(f.rop, 2)}</td>
      <td>${n(f.nptPercent)}</td><td>${f.utilization == null ? '—' : `${n(f.utilization)} %`}</td><td>${n(f.costPerMetre, 0)}</td>
      <td>${f.coreRecovery == null ? '—' : `${n(f.coreRecovery)} %`}</td><td>${n(f.manHoursPerMetre, 2)}</td><td>${n(f.downtimeHours)}</td>
      <td><a href="/rig.html?rig=${encodeURIComponent(l.rig)}" title="The rig's alarms">${n(f.alarmsPer24h, 2)}</a></td>
      <td>${l.causes.map(c => html`<div>${c.label}: ${n(c.hours)} h${c.metresLost == null ? '' : ` ≈ ${n(c.metresLost)} m`}</div>`)}</td>
      <td>${l.planItems.map(p => html`<div data-testid="plan-item-${p.id}">${user.client ? p.well : html`<a href="/plan.html?scenario=${p.scenario}">${p.well}</a>`}
        <span class="muted">planned ${p.plannedStart} → ${p.plannedEnd}${p.plannedDepth ? `, ${n(p.plannedDepth)} m` : ''};
        ${p.actualStart ? `started ${p.actualStart}${p.startSlipDays ? ` (${p.startSlipDays > 0 ? '+' : ''}${p.startSlipDays} d)` : ''}, ${n(p.metres)} m by ${p.lastReport}` : 'not started'}</span></div>`)}</td></tr>`;
  })}`);
}

function shiftTable(lines) {
  const rows = [['Shifts', 'shifts', 0], ['Metres', 'metres', 1], ['ROP (m/h)', 'rop', 2], ['NPT hours', 'nptHours', 1], ['NPT %', 'nptPercent', 1],
    ['Utilization %', 'utilization', 1], ['Core recovery %', 'coreRecovery', 1], ['Man-hours per metre', 'manHoursPerMetre', 2]];
  render(document.getElementById('shift-rows'), html`<tr><th></th>${lines.map(l => html`<th>${l.shiftType}</th>`)}</tr>
    ${rows.map(([label, key, d]) => html`<tr><td>${label}</td>${lines.map(l => html`<td data-testid="shift-${l.shiftType}-${key}">${n(l.figures[key], d)}</td>`)}</tr>`)}`);
}

/** The reports behind a figure, under the charts. */
async function behind(params, title, code) {
  const q = new URLSearchParams(params);
  if (code) q.set('code', code);
  const rows = await getJson(`/api/kpis/reports?${q}`);
  document.getElementById('behind').hidden = false;
  document.getElementById('behind-title').textContent = `${title}: ${rows.length} report(s)${rows.length === 100 ? ' (the newest 100)' : ''}`;
  document.getElementById('behind-code').textContent = code ? `${code} (h)` : '';
  render(document.getElementById('behind-rows'), html`${rows.map(r => html`<tr data-testid="behind-${r.report}">
    <td><a href="/report.html?id=${r.report}" data-testid="behind-link-${r.report}">${r.date}</a></td><td>${r.rig}</td><td>${r.shift}</td><td>${r.status.replace('_', ' ')}</td>
    <td>${n(r.metres)}</td><td>${n(r.nptHours)}</td><td>${r.codeHours == null ? '' : n(r.codeHours)}</td></tr>`)}`);
  document.getElementById('behind').scrollIntoView({ behavior: 'smooth', block: 'nearest' });
}

async function load() {
  const params = query();
  history.replaceState(null, '', params.size ? `?${params}` : location.pathname);
  for (const a of document.querySelectorAll('a.export')) {
    const q = new URLSearchParams(params);
    q.set('format', a.classList.contains('xlsx') ? 'xlsx' : 'csv');
    if (a.dataset.table === 'trend') q.set('period', document.getElementById('period').value);
    q.set('table', a.dataset.table);
    a.href = `/api/kpis/export?${q}`;
  }
  const trendQuery = new URLSearchParams(params);
  trendQuery.set('period', document.getElementById('period').value);
  try {
    const [summary, rigs, npt, daily, cells, shifts, periodic] = await Promise.all([
      getJson(`/api/kpis/summary?${params}`), getJson(`/api/kpis/rigs?${params}`), getJson(`/api/kpis/npt?${params}`),
      getJson(`/api/kpis/trend?${params}&period=${planPeriod(params)}`), getJson(`/api/kpis/heatmap?${params}`), getJson(`/api/kpis/shifts?${params}`),
      getJson(`/api/kpis/trend?${trendQuery}`)]);
    last = { summary, params };
    cards(summary);
    pareto(npt);
    planChart(daily);
    heatmap(cells, rigs.map(r => r.rig).sort(), summary.from, summary.to);
    trend(periodic);
    rigTable(rigs, params);
    shiftTable(shifts);
    document.getElementById('state').textContent = `${summary.from} – ${summary.to} · ${summary.rigs} rig(s) · ${summary.current.shifts} shift report(s)`
      + (summary.staleDays ? ` · ${summary.staleDays} rig-day(s) being refreshed` : '')
      + (summary.rebuiltAt ? '' : ' · the figures are being computed for the first time');
    msg.textContent = summary.current.shifts ? '' : 'No shift reports match these filters.';
  } catch (e) {
    msg.textContent = e.message;
  }
}

/** The plan chart's period: days up to 92 days, then weeks. */
function planPeriod(params) {
  const from = params.get('from');
  const to = params.get('to') ?? today;
  if (!from) return 'day';
  return (new Date(to) - new Date(from)) / 86400000 > 92 ? 'week' : 'day';
}

function setRange(days) {
  form.elements.to.value = today;
  const from = new Date(`${today}T00:00:00Z`);
  from.setUTCDate(from.getUTCDate() - (days - 1));
  form.elements.from.value = from.toISOString().slice(0, 10);
  load();
}

async function start() {
  user = await startPage();
  const choices = await getJson('/api/kpis/filters');
  today = choices.today;
  render(form.elements.rigs, html`${choices.rigs.map(r => html`<option value="${r.id}">${r.id} · ${r.name}</option>`)}`);
  render(form.elements.clients, html`${choices.clients.map(c => html`<option>${c}</option>`)}`);
  render(form.elements.fields, html`${choices.fields.map(f => html`<option>${f}</option>`)}`);
  if (user.client) {
    form.elements.reports.value = 'approved';
    form.elements.reports.disabled = true;
  }
  render(document.getElementById('trend-figure'), html`${Object.entries(TREND).map(([k, [label]]) => html`<option value="${k}">${label}</option>`)}`);
  const params = new URLSearchParams(location.search);
  for (const el of form.elements) {
    if (!el.name || !params.has(el.name)) continue;
    if (el.multiple) {
      const wanted = params.get(el.name).split(',');
      for (const o of el.options) o.selected = wanted.includes(o.value);
    } else {
      el.value = params.get(el.name);
    }
  }
  if (!form.elements.from.value) setRange(30); else load();
  form.addEventListener('submit', e => { e.preventDefault(); load(); });
  for (const b of form.querySelectorAll('[data-days]')) b.addEventListener('click', () => setRange(Number(b.dataset.days)));
  document.getElementById('trend-figure').addEventListener('change', load);
  document.getElementById('period').addEventListener('change', load);
  document.getElementById('cards').addEventListener('click', e => {
    const card = e.target.closest('[data-card]');
    if (card) behind(query(), CARDS.find(c => c.key === card.dataset.card).label);
  });
  document.addEventListener('click', e => {
    const a = e.target.closest('a[data-behind]');
    if (!a) return;
    e.preventDefault();
    behind(new URLSearchParams(a.dataset.behind), a.dataset.title);
  });
  chart('pareto').on('click', p => {
    const code = document.getElementById('pareto').dataset.codes.split(',')[p.dataIndex];
    behind(query(), `Shifts with ${p.name}`, code);
  });
  chart('heatmap').on('click', p => {
    const q = query();
    const rig = heatRigs[p.value[1]];
    const day = chart('heatmap').getOption().xAxis[0].data[p.value[0]];
    q.set('rigs', rig);
    q.set('from', day);
    q.set('to', day);
    behind(q, `${rig} on ${day}`);
  });
  // live while the range takes in today: the tables follow the reports within a minute
  setInterval(() => { if (!document.hidden && (form.elements.to.value || today) >= today) load(); }, 60_000);
}

start();
