// Alarm tables for the fleet dashboard and the rig view, with acknowledgement from the hub.
import { getJson, send, ago, escapeHtml as esc } from './api.js';

function stateCell(a) {
  if (a.state === 'CLEARED') return `cleared ${ago(a.clearedAt)}`;
  if (a.state === 'ACKNOWLEDGED') {
    return `acknowledged by ${esc(a.acknowledgedBy)} ${ago(a.acknowledgedAt)}${a.ackPending ? ' · <span class="muted" data-testid="ack-pending">sending to the rig…</span>' : ''}`;
  }
  return '<strong>active</strong>';
}

/** Fills `table` with `alarms`; `ack(alarm)` is offered on active ones when given; `showRig` adds a rig column. */
export function renderAlarms(table, alarms, { ack, showRig } = {}) {
  const body = table.querySelector('tbody');
  if (!alarms.length) { body.innerHTML = '<tr><td class="muted">No alarms.</td></tr>'; return; }
  body.innerHTML = alarms.map(a => `
    <tr class="${a.severity} ${a.state}" data-testid="alarm-${esc(a.key)}" data-id="${a.id}" data-state="${a.state}">
      <td>${a.severity}</td>
      ${showRig ? `<td><a href="/rig.html?rig=${encodeURIComponent(a.rig)}">${esc(a.rig)}</a></td>` : ''}
      <td title="${esc(a.node)} · ${a.source === 'hub' ? 'raised by the hub' : 'raised on the rig'}">${esc(a.key)}</td>
      <td>${esc(a.reason)}</td>
      <td title="${esc(a.raisedAt)}">${ago(a.raisedAt)}</td>
      <td data-testid="alarm-state">${stateCell(a)}</td>
      <td>${ack && a.state === 'ACTIVE' ? '<button class="ack" data-testid="ack">Acknowledge</button>' : ''}</td>
    </tr>`).join('');
  if (!ack) return;
  body.querySelectorAll('button.ack').forEach(button => button.addEventListener('click', () => {
    const alarm = alarms.find(a => String(a.id) === button.closest('tr').dataset.id);
    ack(alarm);
  }));
}

/** Acknowledges in the hub as the signed-in user; the result says whether it reached the rig. */
export const acknowledge = alarm => send('POST', `/api/alarms/${alarm.id}/ack`, {});

export const loadAlarms = query => getJson(`/api/alarms?${new URLSearchParams(query)}`);
