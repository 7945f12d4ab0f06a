// The hub's API from the browser: JSON fetches that surface the API's error shape, and live streams.

export async function getJson(path) {
  const res = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const fields = (body?.fields ?? []).map(f => `${f.field}: ${f.message}`).join('; ');
    throw new Error(`${res.status} ${body?.message ?? res.statusText}${fields ? ' — ' + fields : ''}`);
  }
  return body;
}

/** Opens a server-sent event stream; `handlers` maps event names to callbacks; `state` gets true/false. */
export function live(path, handlers, state) {
  const source = new EventSource(path);
  source.onopen = () => state(true);
  source.onerror = () => state(false);       // EventSource reconnects by itself
  for (const [name, fn] of Object.entries(handlers)) {
    source.addEventListener(name, e => fn(JSON.parse(e.data)));
  }
  return source;
}

export function showLiveState(el, up) {
  el.textContent = up ? 'live' : 'reconnecting…';
  el.className = 'pill ' + (up ? 'ok' : 'bad');
}

export const ACTIVITY = {
  DRILLING: 'Drilling', CIRCULATING: 'Circulating', CONNECTION: 'Connection', TRIP_IN: 'Tripping in',
  TRIP_OUT: 'Tripping out', IDLE: 'Idle', UNKNOWN: '—',
};

export function fmt(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  const a = Math.abs(v);
  return a >= 1000 ? v.toFixed(0) : a >= 100 ? v.toFixed(1) : v.toFixed(2);
}

export function ago(iso) {
  if (!iso) return 'never';
  const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  return s < 90 ? `${Math.round(s)} s ago` : s < 5400 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
}
