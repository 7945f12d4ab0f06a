// Fleet dashboard: one tile per rig, kept live by /api/live.
import { getJson, live, showLiveState, ACTIVITY, fmt, ago } from './api.js';
import { startPage } from './shell.js';
import { html, render } from './html.js';
import { renderAlarms, loadAlarms } from './alarms.js';

const fleetEl = document.getElementById('fleet');
const tiles = new Map();   // rig id -> { el, rig }
let health = {};           // rig id -> its equipment with the lowest remaining life (/api/equipment/health)

const valueCell = (mnemonic, kv) => html`
  <div class="value ${kv.quality !== 'G' ? 'stale' : ''}" data-channel="${mnemonic}">
    <div class="m">${mnemonic}</div><span class="v" data-testid="value-${mnemonic}">${fmt(kv.value)}</span><span class="u">${kv.unit}</span>
  </div>`;

function alarmBadge(alarms) {
  if (!alarms.active) return '';
  return html`<div class="alarm-badge ${alarms.worst}" data-testid="alarm-badge">${alarms.active} alarm(s)
    · ${alarms.unacknowledged ? `${alarms.unacknowledged} unacknowledged` : 'all acknowledged'}</div>`;
}

function render1(rig) {
  let tile = tiles.get(rig.id);
  if (!tile) {
    const el = document.createElement('a');
    el.className = 'tile';
    el.href = `/rig.html?rig=${encodeURIComponent(rig.id)}`;
    el.dataset.rig = rig.id;
    el.setAttribute('data-testid', `rig-${rig.id}`);
    fleetEl.append(el);
    tile = { el, rig };
    tiles.set(rig.id, tile);
  }
  tile.rig = rig;
  // what the nodes' buffers held at their latest batch: it drains as an outage's backlog replays
  const backlog = rig.nodes.reduce((s, n) => s + (n.backlogReadings ?? 0), 0);
  render(tile.el, html`
    <div class="head">
      <span class="name"><span class="dot ${rig.online ? 'on' : ''}"></span>${rig.id}${rig.name && rig.name !== rig.id
        ? html` <span class="sub" data-testid="rig-name">${rig.name}</span>` : ''}</span>
      <span class="activity" data-testid="activity">${ACTIVITY[rig.activity] ?? rig.activity}</span>
    </div>
    <div class="values">${Object.entries(rig.keyValues).map(([m, kv]) => valueCell(m, kv))}</div>
    <div class="foot">${rig.online ? 'online' : 'offline'} · ${rig.nodes.length} node(s) · last seen
      <span class="seen">${rig.lastSeen ? ago(rig.lastSeen) : 'never'}</span> · <span title="${rig.timeZone}">${crewTime(rig)}</span>${backlog ? html` · <span data-testid="backlog"
        title="readings waiting in the rig's buffer">backlog ${backlog} readings</span>` : ''}
    </div>
    ${alarmBadge(rig.alarms)}${healthLine(health[rig.id])}`);
}

/** The rig's worst equipment health: the unit with the least remaining life, and its state against its threshold. */
function healthLine(h) {
  if (!h) return '';
  return html`<div class="health ${h.state}" data-testid="health">equipment: ${h.name} · RUL ${Math.round(h.rulHours)} h
    (${Math.round(h.lowHours)}–${Math.round(h.highHours)} h)${h.state !== 'ok' ? ` · ${h.state}` : ''}</div>`;
}

async function refresh() {
  const [rigs, worst] = await Promise.all([getJson('/api/rigs'), getJson('/api/equipment/health').catch(() => ({}))]);
  health = worst;
  document.getElementById('empty').hidden = rigs.length > 0;
  rigs.forEach(render1);
  renderAlarms(document.getElementById('alarms'), await loadAlarms({ state: 'open' }), { showRig: true });
}

function onReadings(e) {
  const tile = tiles.get(e.rig);
  if (!tile) { refresh(); return; }
  for (const [m, s] of Object.entries(e.channels)) {
    const kv = tile.rig.keyValues[m];
    if (!kv) continue;
    const last = s.v.length - 1;
    kv.value = s.v[last];
    kv.quality = s.q[last];
  }
  const node = tile.rig.nodes.find(n => n.id === e.node);
  if (node && e.backlog !== undefined) node.backlogReadings = e.backlog;
  tile.rig.activity = e.activity;
  tile.rig.lastSeen = new Date().toISOString();
  tile.rig.online = true;
  render1(tile.rig);
}

async function start() {
  await startPage();
  await refresh();
  const state = document.getElementById('live-state');
  live('/api/live', { readings: onReadings, node: () => refresh(), alarm: () => refresh() }, up => showLiveState(state, up));
  setInterval(() => refresh().catch(() => {}), 30_000);
}

start().catch(err => { fleetEl.textContent = `Cannot load the fleet: ${err.message}`; });

/** The rig's local time and which shift is on, as its crews see it (its time zone and shift pattern). */
function crewTime(rig) {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: rig.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date());
  const hh = parts.find(p => p.type === 'hour').value;
  const mm = parts.find(p => p.type === 'minute').value;
  const now = `${hh}:${mm}`;
  const day = rig.dayShiftStart <= rig.nightShiftStart
    ? now >= rig.dayShiftStart && now < rig.nightShiftStart
    : !(now >= rig.nightShiftStart && now < rig.dayShiftStart);
  return `${now} local, ${day ? 'day' : 'night'} shift`;
}
