// The sign-in form: POST /api/session sets the session cookie; then back to the page that asked (same site only).
const form = document.getElementById('sign-in');
const message = document.getElementById('message');

function next() {
  const target = new URLSearchParams(location.search).get('next') ?? '/';
  // only a path of this hub: never an address elsewhere (//evil.example counts as elsewhere)
  return target.startsWith('/') && !target.startsWith('//') ? target : '/';
}

form.addEventListener('submit', async e => {
  e.preventDefault();
  message.textContent = '';
  const button = form.querySelector('button');
  button.disabled = true;
  try {
    const res = await fetch('/api/session', {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ username: form.username.value, password: form.password.value }),
    });
    if (res.ok) { location.assign(next()); return; }
    const body = await res.json().catch(() => null);
    message.textContent = body?.message ?? `${res.status} ${res.statusText}`;
    form.password.value = '';
    form.password.focus();
  } catch (err) {
    message.textContent = `The hub cannot be reached: ${err.message}`;
  } finally {
    button.disabled = false;
  }
});
