// Rig view: charts of chosen channels over a window, zoom by dragging, live tail from /api/rigs/{rig}/live.
import { uPlot } from './vendor.js';
import { getJson, live, showLiveState, showState, hasRole, ACTIVITY, fmt, ago } from './api.js';
import { startPage, setTitle } from './shell.js';
import { html, render } from './html.js';
import { gapAfter, withGaps } from './series.js';
import { renderAlarms, loadAlarms, acknowledge } from './alarms.js';

const rigId = new URLSearchParams(location.search).get('rig');
const $ = id => document.getElementById(id);
const DEFAULT_CHANNELS = ['HKLD', 'WOB', 'RPM', 'SPPA'];
const sync = uPlot.sync('rig');
const charts = new Map();  // mnemonic -> { plot, data, unit, box, gap } (data in seconds, as uPlot wants)
let channels = [];
let selected = [];
let zoom = null;            // {from, to} in ms when zoomed, else null (window ending now)

function windowRange() {
  if (zoom) return zoom;
  const to = Date.now();
  return { from: to - Number($('window').value) * 1000, to };
}

function query(range) {
  const p = new URLSearchParams({ channels: selected.join(','), from: new Date(range.from).toISOString(),
    to: new Date(range.to).toISOString(), points: String(Math.min(2000, Math.max(200, Math.round(innerWidth)))) });
  return p.toString();
}

function chartOptions(mnemonic, unit) {
  const width = $('charts').clientWidth - 10;
  return {
    width, height: 170, cursor: { sync: { key: sync.key }, drag: { x: true, y: false } },
    scales: { x: { time: true } },
    axes: [{ stroke: '#8b98a5', grid: { stroke: '#2c353f' } }, { stroke: '#8b98a5', grid: { stroke: '#2c353f' }, size: 60 }],
    series: [{}, { label: `${mnemonic} ${unit ?? ''}`, stroke: '#4aa3ff', width: 1.5, value: (u, v) => fmt(v) },
      { label: 'min', stroke: 'transparent', points: { show: false }, value: (u, v) => fmt(v) },
      { label: 'max', stroke: 'transparent', points: { show: false }, value: (u, v) => fmt(v) }],
    bands: [{ series: [3, 2], fill: 'rgba(74,163,255,0.18)' }],
    hooks: { setSelect: [u => {
      if (u.select.width < 5) return;
      const from = u.posToVal(u.select.left, 'x') * 1000;
      const to = u.posToVal(u.select.left + u.select.width, 'x') * 1000;
      zoom = { from, to };
      $('reset').hidden = false;
      load();
    }] },
  };
}

async function load() {
  const range = windowRange();
  $('csv').href = `/api/rigs/${encodeURIComponent(rigId)}/history.csv?${query(range)}`;
  charts.forEach(c => c.plot.destroy());
  charts.clear();
  if (selected.length === 0) { render($('charts'), html`<p class="muted">Choose channels on the left.</p>`); return; }
  const h = await getJson(`/api/rigs/${encodeURIComponent(rigId)}/history?${query(range)}`);
  $('source').textContent = `${h.source.toLowerCase()} · ${Math.round(h.bucketMs / 1000)} s buckets`;
  render($('charts'), html``);
  for (const s of h.series) {
    const box = document.createElement('div');
    box.className = 'chart';
    box.dataset.channel = s.channel;
    box.setAttribute('data-testid', `chart-${s.channel}`);
    render(box, html`<div class="title">${s.channel} <span class="latest" data-testid="latest-${s.channel}"></span></div>`);
    $('charts').append(box);
    const t = s.t.map(ms => ms / 1000);
    const gap = gapAfter(t, h.bucketMs / 1000);
    const data = withGaps([t, s.avg, s.min, s.max], gap);
    const plot = new uPlot(chartOptions(s.channel, s.unit), data, box);
    charts.set(s.channel, { plot, data, unit: s.unit, box, gap });
    if (s.avg.length) setLatest(s.channel, s.avg[s.avg.length - 1]);
  }
}

function setLatest(channel, value) {
  const c = charts.get(channel);
  if (c) c.box.querySelector('.latest').textContent = `${fmt(value)} ${c.unit ?? ''}`;
}

function onReadings(e) {
  $('activity').textContent = ACTIVITY[e.activity] ?? e.activity;
  if (!$('tail').checked || zoom) return;
  const start = windowRange().from / 1000;
  for (const [channel, s] of Object.entries(e.channels)) {
    const c = charts.get(channel);
    if (!c) continue;
    const [t, avg, min, max] = c.data;
    for (let i = 0; i < s.t.length; i++) {
      if (s.q[i] !== 'G' || s.v[i] === null) continue;
      const at = s.t[i] / 1000;
      if (t.length && at - t[t.length - 1] > c.gap) {   // the rig was silent: break the line
        t.push(t[t.length - 1] + c.gap / 3); avg.push(null); min.push(null); max.push(null);
      }
      t.push(at); avg.push(s.v[i]); min.push(s.v[i]); max.push(s.v[i]);
    }
    while (t.length && t[0] < start) c.data.forEach(col => col.shift());
    c.plot.setData(c.data);
    const last = s.v.length - 1;
    if (s.q[last] === 'G') setLatest(channel, s.v[last]);
  }
}

function renderChannels() {
  const box = $('channels');
  render(box, html`${channels.map(c => html`
    <label title="${c.description ?? ''}"><input type="checkbox" value="${c.mnemonic}" ${selected.includes(c.mnemonic) ? 'checked' : ''}>
      ${c.mnemonic} <span class="u" data-testid="unit-${c.mnemonic}">${c.unit ?? ''}</span></label>`)}`);
  box.querySelectorAll('input').forEach(input => input.addEventListener('change', () => {
    selected = input.checked ? [...selected, input.value] : selected.filter(m => m !== input.value);
    load();
  }));
}

async function loadRig() {
  document.getElementById('equipment-link').href = `/equipment.html?rig=${encodeURIComponent(rigId)}`;
  const rig = await getJson(`/api/rigs/${encodeURIComponent(rigId)}`);
  setTitle(rig.name && rig.name !== rig.id ? `${rig.id} · ${rig.name}` : rig.id);
  $('activity').textContent = ACTIVITY[rig.activity] ?? rig.activity;
  render($('nodes'), html`${rig.nodes.map(n => html`<span class="pill ${n.state === 'ONLINE' ? 'ok' : 'bad'}"
      title="last seen ${ago(n.lastSeen)}">${n.id} ${n.state.toLowerCase()}${n.backlogReadings ? ` · backlog ${n.backlogReadings}` : ''}</span>`)}`);
  const seen = new Set();
  channels = rig.channels.filter(c => !seen.has(c.mnemonic) && seen.add(c.mnemonic));
  if (selected.length === 0) {
    selected = DEFAULT_CHANNELS.filter(m => seen.has(m));
    if (selected.length === 0) selected = channels.slice(0, 3).map(c => c.mnemonic);
  }
  renderChannels();
}

async function loadEvents() {
  const events = await getJson(`/api/rigs/${encodeURIComponent(rigId)}/events?limit=20`);
  render($('events').querySelector('tbody'), events.length ? html`${events.map(e => html`
    <tr class="${e.severity}" data-testid="event"><td>${new Date(e.at).toLocaleString()}</td><td>${e.severity}</td><td>${e.type}</td>
      <td data-testid="event-reason">${e.reason}</td></tr>`)}`
    : html`<tr><td class="muted">No events.</td></tr>`);
}

let pendingAck = null;
let user = null;        // the signed-in user
let canAck = false;     // the roles the hub lets acknowledge

async function loadRigAlarms() {
  const all = $('show-cleared').checked;
  const alarms = await loadAlarms({ rig: rigId, state: all ? 'all' : 'open', limit: '100' });
  renderAlarms($('alarms'), alarms, { ack: canAck ? askAck : null });
}

function askAck(alarm) {
  pendingAck = alarm;
  $('ack-dialog').hidden = false;
  $('ack-what').textContent = `Acknowledge ${alarm.key} (${alarm.severity}) as ${user.displayName}?`;
  $('ack-confirm').focus();
}

function closeAck() {
  $('ack-dialog').hidden = true;
  pendingAck = null;
}

async function confirmAck() {
  if (!pendingAck) return;
  try {
    const r = await acknowledge(pendingAck);
    $('ack-result').textContent = `${r.alarm.key}: ${r.note}.`;
    closeAck();
  } catch (err) {
    $('ack-result').textContent = `Not acknowledged: ${err.message}`;
  }
  loadRigAlarms();
}

/** The page for a rig that does not exist (or that this user may not see) says so, and listens to nothing. */
function noRig(err) {
  showState($('live-state'), 'not found', false);
  render(document.querySelector('main'), html`<p class="message" data-testid="no-rig">Cannot show rig ${rigId ?? ''}: ${err.message}.
    <a href="/">Back to the fleet</a></p>`);
}

async function start() {
  user = await startPage();
  canAck = hasRole(user, 'supervisor', 'manager', 'maintenance');
  if (!rigId) { noRig(new Error('no rig given (rig.html?rig=ID)')); return; }
  try {
    await loadRig();
  } catch (err) {
    noRig(err);
    return;
  }
  await load();
  loadEvents();
  loadRigAlarms();
  $('show-cleared').addEventListener('change', loadRigAlarms);
  $('ack-confirm').addEventListener('click', confirmAck);
  $('ack-cancel').addEventListener('click', closeAck);
  live(`/api/rigs/${encodeURIComponent(rigId)}/live`, { readings: onReadings, node: () => loadRig(),
    alarm: () => { loadRigAlarms(); loadEvents(); } },
    up => showLiveState($('live-state'), up));
  $('window').addEventListener('change', () => { zoom = null; $('reset').hidden = true; load(); });
  $('reset').addEventListener('click', () => { zoom = null; $('reset').hidden = true; load(); });
  addEventListener('resize', () => charts.forEach(c => c.plot.setSize({ width: $('charts').clientWidth - 10, height: 170 })));
  setInterval(loadEvents, 60_000);
  setInterval(loadRigAlarms, 30_000);
}

start().catch(err => { $('charts').textContent = `Cannot load rig ${rigId}: ${err.message}`; });
