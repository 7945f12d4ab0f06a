// The hub's API from the browser: the signed-in session, JSON calls that surface the API's error shape (writes carry
// the session's CSRF token), and live streams. A call the hub answers 401 sends the browser to the sign-in page.

let session = null;   // GET /api/session: { user, via, csrf }

function toSignIn() {
  location.assign(`/login.html?next=${encodeURIComponent(location.pathname + location.search)}`);
  return new Promise(() => {});   // the page is going away
}

/** The signed-in user, signing in first when needed (the page header is shell.js's). */
export async function requireSession() {
  if (!session) {
    const res = await fetch('/api/session', { headers: { Accept: 'application/json' } });
    if (res.status === 401) return toSignIn();
    if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
    session = await res.json();
  }
  return session.user;
}

export const hasRole = (user, ...roles) => roles.some(r => user.roles.includes(r));

async function answer(res) {
  if (res.status === 401) return toSignIn();
  const body = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const fields = (body?.fields ?? []).map(f => `${f.field}: ${f.message}`).join('; ');
    throw new Error(`${body?.message ?? res.statusText}${fields ? ' — ' + fields : ''}`);
  }
  return body;
}

export async function getJson(path) {
  return answer(await fetch(path, { headers: { Accept: 'application/json' } }));
}

/** A write: JSON body, the session's CSRF token. */
export async function send(method, path, body) {
  if (!session) await requireSession();
  return answer(await fetch(path, {
    method,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': session.csrf ?? '' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }));
}

/** A write whose refusal the page shows field by field: { ok, status, body }; a lost connection throws. */
export async function request(method, path, body) {
  if (!session) await requireSession();
  const res = await fetch(path, {
    method,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': session.csrf ?? '' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 401) return toSignIn();
  return { ok: res.ok, status: res.status, body: await res.json().catch(() => null) };
}

/** Why a request() or upload() was refused, as the page says it: the message, then each field's. */
export function refusal(res) {
  return `${res.body?.message ?? res.status}${(res.body?.fields ?? []).map(f => ` — ${f.field}: ${f.message}`).join('')}`;
}

/** An upload of a file as the body (a photo), with the session's CSRF token: { ok, status, body } as request(). */
export async function upload(path, file) {
  if (!session) await requireSession();
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': file.type || 'application/octet-stream', Accept: 'application/json', 'X-CSRF-Token': session.csrf ?? '' },
    body: file,
  });
  if (res.status === 401) return toSignIn();
  return { ok: res.ok, status: res.status, body: await res.json().catch(() => null) };
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
  showState(el, up ? 'live' : 'reconnecting…', up);
}

/** A state pill: its words, green when ok. */
export function showState(el, text, ok) {
  el.textContent = text;
  el.className = 'pill ' + (ok ? 'ok' : 'bad');
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
