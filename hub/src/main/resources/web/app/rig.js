// Rig view: charts of chosen channels over a window, zoom by dragging, live tail from /api/rigs/{rig}/live.
import uPlot from 'uplot';
import { getJson, live, showLiveState, requireSession, hasRole, ACTIVITY, fmt, ago } from './api.js';
import { renderAlarms, loadAlarms, acknowledge } from './alarms.js';

const rigId = new URLSearchParams(location.search).get('rig');
const $ = id => document.getElementById(id);
const DEFAULT_CHANNELS = ['HKLD', 'WOB', 'RPM', 'SPPA'];
const sync = uPlot.sync('rig');
const charts = new Map();  // mnemonic -> { plot, data, unit }
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
      { label: 'min', stroke: 'transparent', show: true }, { label: 'max', stroke: 'transparent', show: true }],
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
  $('csv').href = `/api/rigs/${rigId}/history.csv?${query(range)}`;
  if (selected.length === 0) { $('charts').innerHTML = '<p class="muted">Choose channels on the left.</p>'; return; }
  const h = await getJson(`/api/rigs/${rigId}/history?${query(range)}`);
  $('source').textContent = `${h.source.toLowerCase()} · ${Math.round(h.bucketMs / 1000)} s buckets`;
  $('charts').innerHTML = '';
  charts.forEach(c => c.plot.destroy());
  charts.clear();
  for (const s of h.series) {
    const box = document.createElement('div');
    box.className = 'chart';
    box.dataset.channel = s.channel;
    box.setAttribute('data-testid', `chart-${s.channel}`);
    box.innerHTML = `<div class="title">${s.channel} <span class="latest" data-testid="latest-${s.channel}"></span></div>`;
    $('charts').append(box);
    const data = [s.t.map(t => t / 1000), s.avg, s.min, s.max];
    const plot = new uPlot(chartOptions(s.channel, s.unit), data, box);
    charts.set(s.channel, { plot, data, unit: s.unit, box });
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
    for (let i = 0; i < s.t.length; i++) {
      if (s.q[i] !== 'G' || s.v[i] === null) continue;
      c.data[0].push(s.t[i] / 1000); c.data[1].push(s.v[i]); c.data[2].push(s.v[i]); c.data[3].push(s.v[i]);
    }
    while (c.data[0].length && c.data[0][0] < start) c.data.forEach(col => col.shift());
    c.plot.setData(c.data);
    const last = s.v.length - 1;
    if (s.q[last] === 'G') setLatest(channel, s.v[last]);
  }
}

function renderChannels() {
  const box = $('channels');
  box.innerHTML = '';
  for (const c of channels) {
    const label = document.createElement('label');
    const checked = selected.includes(c.mnemonic) ? 'checked' : '';
    label.innerHTML = `<input type="checkbox" value="${c.mnemonic}" ${checked}> ${c.mnemonic} <span class="u">${c.unit ?? ''}</span>`;
    label.title = c.description ?? '';
    label.querySelector('input').addEventListener('change', ev => {
      selected = ev.target.checked ? [...selected, c.mnemonic] : selected.filter(m => m !== c.mnemonic);
      load();
    });
    box.append(label);
  }
}

async function loadRig() {
  const rig = await getJson(`/api/rigs/${rigId}`);
  $('rig-name').textContent = rig.id;
  document.title = `Derrick · ${rig.id}`;
  $('activity').textContent = ACTIVITY[rig.activity] ?? rig.activity;
  $('nodes').innerHTML = rig.nodes.map(n =>
    `<span class="pill ${n.state === 'ONLINE' ? 'ok' : 'bad'}" title="last seen ${ago(n.lastSeen)}">${n.id} ${n.state.toLowerCase()}${n.backlogReadings ? ' · backlog ' + n.backlogReadings : ''}</span>`).join('');
  const seen = new Set();
  channels = rig.channels.filter(c => !seen.has(c.mnemonic) && seen.add(c.mnemonic));
  if (selected.length === 0) {
    selected = DEFAULT_CHANNELS.filter(m => seen.has(m));
    if (selected.length === 0) selected = channels.slice(0, 3).map(c => c.mnemonic);
  }
  renderChannels();
}

async function loadEvents() {
  const events = await getJson(`/api/rigs/${rigId}/events?limit=20`);
  $('events').querySelector('tbody').innerHTML = events.length ? events.map(e =>
    `<tr class="${e.severity}"><td>${new Date(e.at).toLocaleString()}</td><td>${e.severity}</td><td>${e.type}</td><td>${e.reason}</td></tr>`).join('')
    : '<tr><td class="muted">No events.</td></tr>';
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

async function confirmAck() {
  if (!pendingAck) return;
  try {
    const r = await acknowledge(pendingAck);
    localStorage.setItem('derrick.name', by);
    $('ack-result').textContent = `${r.alarm.key}: ${r.note}.`;
    $('ack-dialog').hidden = true;
    pendingAck = null;
  } catch (err) {
    $('ack-result').textContent = `Not acknowledged: ${err.message}`;
  }
  loadRigAlarms();
}

async function start() {
  user = await requireSession();
  canAck = hasRole(user, 'supervisor', 'manager', 'maintenance');
  if (!rigId) { $('charts').textContent = 'No rig given (rig.html?rig=ID).'; return; }
  await loadRig();
  await load();
  loadEvents();
  loadRigAlarms();
  $('show-cleared').addEventListener('change', loadRigAlarms);
  $('ack-confirm').addEventListener('click', confirmAck);
  $('ack-cancel').addEventListener('click', () => { $('ack-dialog').hidden = true; pendingAck = null; });
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
