// Alarm tables for the fleet dashboard and the rig view, with acknowledgement from the hub.
import { getJson, send, ago } from './api.js';
import { html, render } from './html.js';

function stateCell(a) {
  if (a.state === 'CLEARED') return html`cleared ${ago(a.clearedAt)}`;
  if (a.state === 'ACKNOWLEDGED') {
    return html`acknowledged by ${a.acknowledgedBy} ${ago(a.acknowledgedAt)}${a.ackPending
      ? html` · <span class="muted" data-testid="ack-pending">sending to the rig…</span>` : ''}`;
  }
  return html`<strong>active</strong>`;
}

/** Fills `table` with `alarms`; `ack(alarm)` is offered on active ones when given; `showRig` adds a rig column. */
export function renderAlarms(table, alarms, { ack, showRig } = {}) {
  const body = table.querySelector('tbody');
  if (!alarms.length) { render(body, html`<tr><td class="muted">No alarms.</td></tr>`); return; }
  render(body, html`${alarms.map(a => html`
    <tr class="${a.severity} ${a.state}" data-testid="alarm-${a.key}" data-id="${a.id}" data-state="${a.state}">
      <td>${a.severity}</td>
      ${showRig ? html`<td><a href="/rig.html?rig=${encodeURIComponent(a.rig)}">${a.rig}</a></td>` : ''}
      <td title="${a.node} · ${a.source === 'hub' ? 'raised by the hub' : 'raised on the rig'}">${a.key}</td>
      <td data-testid="alarm-reason">${a.reason}</td>
      <td title="${a.raisedAt}">${ago(a.raisedAt)}</td>
      <td data-testid="alarm-state">${stateCell(a)}</td>
      <td>${ack && a.state === 'ACTIVE' ? html`<button class="ack" data-testid="ack">Acknowledge</button>` : ''}</td>
    </tr>`)}`);
  if (!ack) return;
  body.querySelectorAll('button.ack').forEach(button => button.addEventListener('click', () => {
    const alarm = alarms.find(a => String(a.id) === button.closest('tr').dataset.id);
    ack(alarm);
  }));
}

/** Acknowledges in the hub as the signed-in user; the result says whether it reached the rig. */
export const acknowledge = alarm => send('POST', `/api/alarms/${alarm.id}/ack`, {});

export const loadAlarms = query => getJson(`/api/alarms?${new URLSearchParams(query)}`);
