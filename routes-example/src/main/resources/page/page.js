// The operator's page of the doorface gateway: plain JavaScript, no library, nothing fetched from elsewhere.
// The API token is asked once and traded for the session cookie (HttpOnly: this script never holds it);
// the live feed (/api/live) pushes what changes, and after a reconnect the page reads what it missed from the API.
'use strict';

const $ = (id) => document.getElementById(id);
const state = {
  devices: [],
  events: new Map(),      // "sn eventId" -> list item (a serial number has no space)
  newestId: null,         // largest event id read from the API (the catch-up cursor, after=)
  oldestId: null,         // smallest, for "Older events" (before=)
  filter: { sn: '', from: '', to: '' },
  view: 'overview',
  socket: null,
  retry: 0,
  wasConnected: false,
  importId: null,
};
const PAGE = 50;
const MAX_EVENTS = 300;

// ---------- the API ----------

class ApiError extends Error {
  constructor(status, message, body) { super(message); this.status = status; this.body = body; }
}

async function api(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: {} };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  let data = null;
  const text = await response.text();
  if (text) {
    try { data = JSON.parse(text); } catch (e) { data = { error: text }; }
  }
  if (response.status === 401 && path !== '/api/login') {
    showLogin('Your session has ended: log in again.');
  }
  if (!response.ok) {
    throw new ApiError(response.status, (data && data.error) || response.statusText || ('HTTP ' + response.status), data);
  }
  return data;
}

const enc = encodeURIComponent;

// ---------- small helpers ----------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

function badge(kind, text) {
  return el('span', { class: 'status ' + kind, text });
}

function pad(n) { return String(n).padStart(2, '0'); }

function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (isNaN(d)) return iso;
  const now = new Date();
  const time = pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  if (d.toDateString() === now.toDateString()) return time;
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + time.slice(0, 5);
}

function timeEl(iso) {
  return el('time', { datetime: iso || '', title: iso ? new Date(iso).toString() : '', text: when(iso) });
}

let toastTimer = null;
function toast(text, bad) {
  const t = $('toast');
  t.textContent = text;
  t.className = 'toast' + (bad ? ' bad' : '');
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.hidden = true; }, 4000);
}

function debounce(fn, ms) {
  let timer = null;
  return () => { clearTimeout(timer); timer = setTimeout(fn, ms); };
}

// ---------- logging in ----------

function showLogin(message) {
  closeLive();
  $('login').hidden = false;
  $('tabs').hidden = true;
  $('logout').hidden = true;
  $('live').hidden = true;
  document.querySelectorAll('.view').forEach((v) => { v.hidden = true; });
  $('login-error').textContent = message || '';
  $('token').focus();
}

async function login(token) {
  try {
    await api('POST', '/api/login', { token });
    $('token').value = '';
    await showApp();
  } catch (e) {
    showLogin(e.status === 401 ? 'That is not the API token.' : 'Could not log in: ' + e.message);
  }
}

async function showApp() {
  $('login').hidden = true;
  $('tabs').hidden = false;
  $('logout').hidden = false;
  $('live').hidden = false;
  show(state.view);
  await Promise.all([loadDevices(), loadEvents()]);
  connectLive();
}

// ---------- views ----------

function show(view) {
  state.view = view;
  document.querySelectorAll('#tabs button').forEach((b) => {
    if (b.dataset.view === view) b.setAttribute('aria-current', 'page'); else b.removeAttribute('aria-current');
  });
  document.querySelectorAll('.view').forEach((v) => { v.hidden = v.id !== 'view-' + view; });
  if (view === 'commands') loadCommands();
  if (view === 'hr') loadImports();
}

// ---------- terminals ----------

async function loadDevices() {
  try {
    state.devices = await api('GET', '/api/devices') || [];
  } catch (e) {
    if (e.status !== 401) toast('Terminals: ' + e.message, true);
    return;
  }
  renderDevices();
}
const reloadDevices = debounce(loadDevices, 200);

function renderDevices() {
  const body = $('terminals').tBodies[0];
  body.replaceChildren(...state.devices.map(deviceRow));
  $('terminals-empty').hidden = state.devices.length > 0;
  const online = state.devices.filter((d) => d.online).length;
  $('terminal-count').textContent = state.devices.length ? online + ' of ' + state.devices.length + ' online' : '';
  fillTerminalSelect($('filter-sn'), 'all');
  fillTerminalSelect($('commands-sn'), null);
  fillTerminalSelect($('user-target'), 'every terminal');
}

function deviceRow(d) {
  const waiting = Number(d.commandsWaiting || 0);
  return el('tr', { 'data-sn': d.sn, 'data-online': String(!!d.online) },
    el('td', { class: 'mono', text: d.sn }),
    el('td', {}, d.online ? badge('ok', 'online') : badge('bad', 'offline')),
    el('td', { class: 'mono hide-narrow', text: d.ip || '—' }),
    el('td', {}, timeEl(d.lastSeen)),
    el('td', { class: 'num' }, waiting > 0 ? badge('wait', String(waiting)) : el('span', { class: 'muted', text: '0' })),
    el('td', { class: 'actions' },
      el('button', { type: 'button', class: 'quiet small', text: 'Commands',
        onclick: () => { $('commands-sn').value = d.sn; show('commands'); } }),
      d.online
        ? el('button', { type: 'button', class: 'small', text: 'Reconcile', onclick: () => reconcile(d.sn) })
        : el('button', { type: 'button', class: 'small danger', text: 'Forget', onclick: () => forget(d.sn) })));
}

function fillTerminalSelect(select, allLabel) {
  const current = select.value;
  const options = [];
  if (allLabel !== null) options.push(el('option', { value: '', text: allLabel }));
  for (const d of state.devices) {
    options.push(el('option', { value: d.sn, text: d.sn + (d.online ? '' : ' (offline)') }));
  }
  select.replaceChildren(...options);
  if ([...select.options].some((o) => o.value === current)) select.value = current;
}

async function reconcile(sn) {
  toast('Reconciling ' + sn + '…');
  try {
    const r = await api('POST', '/api/devices/' + enc(sn) + '/reconcile');
    const failed = (r.failed || []).length;
    toast(sn + ': ' + r.added + ' added, ' + r.edited + ' edited, ' + r.deleted + ' deleted, '
      + r.unchanged + ' unchanged' + (failed ? ', ' + failed + ' failed' : ''), failed > 0);
  } catch (e) {
    toast('Reconcile of ' + sn + ': ' + e.message, true);
  }
  reloadDevices();
}

async function forget(sn) {
  if (!confirm('Forget terminal ' + sn + '? It is listed again when it connects.')) return;
  try {
    await api('DELETE', '/api/devices/' + enc(sn));
    toast('Terminal ' + sn + ' forgotten');
  } catch (e) {
    toast('Forget ' + sn + ': ' + e.message, true);
  }
  loadDevices();
}

// ---------- access events ----------

function eventKey(e) { return e.sn + ' ' + e.eventId; }

function eventsQuery(extra) {
  const q = new URLSearchParams({ limit: String(PAGE) });
  if (state.filter.sn) q.set('sn', state.filter.sn);
  if (state.filter.from) q.set('from', new Date(state.filter.from).toISOString());
  if (state.filter.to) q.set('to', new Date(state.filter.to).toISOString());
  for (const [k, v] of Object.entries(extra || {})) q.set(k, v);
  return '/api/events?' + q;
}

function noteIds(list) {
  for (const e of list) {
    if (typeof e.id !== 'number') continue;
    if (state.newestId === null || e.id > state.newestId) state.newestId = e.id;
    if (state.oldestId === null || e.id < state.oldestId) state.oldestId = e.id;
  }
}

async function loadEvents() {
  let list;
  try {
    list = await api('GET', eventsQuery()) || [];
  } catch (e) {
    if (e.status !== 401) toast('Access events: ' + e.message, true);
    return;
  }
  state.events.clear();
  state.newestId = null;
  state.oldestId = null;
  $('events').replaceChildren();
  noteIds(list);
  for (const e of list) appendEvent(e);
  $('events-older').hidden = list.length < PAGE;
  eventsChanged();
}

async function olderEvents() {
  if (state.oldestId === null) return;
  try {
    const list = await api('GET', eventsQuery({ before: String(state.oldestId) })) || [];
    noteIds(list);
    for (const e of list) appendEvent(e);
    $('events-older').hidden = list.length < PAGE;
    eventsChanged();
  } catch (e) {
    toast('Older events: ' + e.message, true);
  }
}

/** After a reconnect: what was stored meanwhile, read from the API (after= the newest id known). */
async function catchUpEvents() {
  if (state.newestId === null || state.filter.to) {
    await loadEvents();
    return;
  }
  try {
    const list = await api('GET', eventsQuery({ after: String(state.newestId), limit: '1000' })) || [];
    noteIds(list);
    // oldest first, each put on top
    list.slice().sort((a, b) => a.id - b.id).forEach((e) => prependEvent(e, false));
    eventsChanged();
  } catch (e) {
    if (e.status !== 401) toast('Access events: ' + e.message, true);
  }
}

function matchesFilter(e) {
  if (state.filter.sn && e.sn !== state.filter.sn) return false;
  if (state.filter.to && new Date(e.receivedAt) > new Date(state.filter.to)) return false;
  if (state.filter.from && new Date(e.receivedAt) < new Date(state.filter.from)) return false;
  return true;
}

function liveEvents(events) {
  for (const e of events || []) {
    if (matchesFilter(e)) prependEvent(e, true);
  }
  eventsChanged();
}

function prependEvent(e, fresh) {
  const key = eventKey(e);
  if (state.events.has(key)) return;
  const item = eventItem(e, fresh);
  state.events.set(key, item);
  $('events').prepend(item);
  const list = $('events');
  while (list.children.length > MAX_EVENTS) {
    const last = list.lastElementChild;
    state.events.delete(last.dataset.key);
    last.remove();
    // "Older events" goes on from the oldest one still shown
    const id = Number(list.lastElementChild.dataset.id);
    if (id) state.oldestId = id;
    $('events-older').hidden = false;
  }
}

function appendEvent(e) {
  const key = eventKey(e);
  if (state.events.has(key)) return;
  const item = eventItem(e, false);
  state.events.set(key, item);
  $('events').append(item);
}

function eventItem(e, fresh) {
  const caption = (e.userId ? 'User ' + e.userId : 'Unknown person') + ' at ' + e.sn + ' · ' + when(e.receivedAt);
  const thumb = e.photoUrl
    ? el('img', { class: 'thumb', src: e.photoUrl, alt: 'snapshot of ' + caption, loading: 'lazy', tabindex: '0',
        role: 'button', onclick: () => openPhoto(e.photoUrl, caption),
        onkeydown: (k) => { if (k.key === 'Enter' || k.key === ' ') openPhoto(e.photoUrl, caption); } })
    : el('div', { class: 'thumb none', text: 'no photo' });
  return el('li', { class: fresh ? 'fresh' : null, 'data-key': eventKey(e), 'data-sn': e.sn, 'data-event-id': e.eventId,
    'data-id': typeof e.id === 'number' ? String(e.id) : null },
    thumb,
    el('div', {},
      el('div', { class: 'who', text: e.userId ? 'User ' + e.userId : 'Unknown person' }),
      el('div', { class: 'where', text: e.sn + (e.door ? ' · door ' + e.door : '') + ' · event ' + e.eventId })),
    timeEl(e.receivedAt));
}

function eventsChanged() {
  const n = $('events').children.length;
  $('events-empty').hidden = n > 0;
  $('event-count').textContent = n ? n + ' shown' : '';
}

function openPhoto(url, caption) {
  $('photo-img').src = url;
  $('photo-img').alt = 'snapshot of ' + caption;
  $('photo-caption').textContent = caption;
  $('photo').showModal();
}

// ---------- commands ----------

const COMMAND_STATES = { queued: 'wait', sent: 'wait', succeeded: 'ok', failed: 'bad', expired: 'bad', cancelled: 'idle' };

async function loadCommands() {
  const sn = $('commands-sn').value;
  const body = $('commands').tBodies[0];
  if (!sn) {
    body.replaceChildren();
    $('commands-empty').hidden = false;
    return;
  }
  let list;
  try {
    list = await api('GET', '/api/devices/' + enc(sn) + '/commands') || [];
  } catch (e) {
    if (e.status !== 401) toast('Commands: ' + e.message, true);
    return;
  }
  // newest first
  body.replaceChildren(...list.slice().reverse().map((c) => el('tr', { 'data-id': c.id },
    el('td', {}, timeEl(c.createdAt)),
    el('td', { text: c.operation }),
    el('td', { class: 'mono', text: c.userId || '—' }),
    el('td', {}, badge(COMMAND_STATES[c.state] || 'idle', c.state)),
    el('td', { class: 'num', text: String(c.attempts) }),
    el('td', { class: 'small', text: [c.answerCode, c.answerMessage].filter(Boolean).join(' · ') || '—' }),
    el('td', { class: 'actions' }, c.state === 'queued'
      ? el('button', { type: 'button', class: 'small danger', text: 'Cancel', onclick: () => cancelCommand(sn, c.id) })
      : null))));
  $('commands-empty').hidden = list.length > 0;
}

async function cancelCommand(sn, id) {
  try {
    await api('DELETE', '/api/devices/' + enc(sn) + '/commands/' + enc(id));
    toast('Command cancelled');
  } catch (e) {
    toast('Cancel: ' + e.message, true);
  }
  loadCommands();
  reloadDevices();
}

// ---------- HR imports ----------

/** The state of an import, by colour and word: running, done, or done with rows that failed somewhere. */
function importBadge(i) {
  if (i.state === 'running') return badge('wait', 'running');
  if (Number(i.failedRows) > 0) return badge('bad', 'done, with failures');
  return badge('ok', i.state || 'done');
}

async function loadImports() {
  let list;
  try {
    list = await api('GET', '/api/hr-imports') || [];
  } catch (e) {
    if (e.status !== 401) toast('HR imports: ' + e.message, true);
    return;
  }
  $('imports').tBodies[0].replaceChildren(...list.map((i) => el('tr', {
    class: 'clickable' + (i.id === state.importId ? ' selected' : ''), tabindex: '0', 'data-id': i.id,
    onclick: () => loadImport(i.id), onkeydown: (k) => { if (k.key === 'Enter') loadImport(i.id); } },
  el('td', { class: 'mono', text: i.fileName }),
  el('td', {}, timeEl(i.startedAt)),
  el('td', {}, timeEl(i.finishedAt)),
  el('td', { class: 'num', text: String(i.rows ?? '—') }),
  el('td', { class: 'num' }, Number(i.failedRows) > 0 ? badge('bad', String(i.failedRows)) : el('span', { class: 'muted', text: '0' })),
  el('td', {}, importBadge(i)))));
  $('imports-empty').hidden = list.length > 0;
  if (state.importId !== null) loadImport(state.importId);
}

async function loadImport(id) {
  state.importId = id;
  document.querySelectorAll('#imports tbody tr').forEach((r) => r.classList.toggle('selected', r.dataset.id === String(id)));
  let i;
  try {
    i = await api('GET', '/api/hr-imports/' + enc(id));
  } catch (e) {
    if (e.status !== 401) toast('HR import: ' + e.message, true);
    return;
  }
  $('import-title').textContent = i.fileName + ' — ' + (i.rows ?? 0) + ' rows, ' + (i.failedRows ?? 0) + ' failed';
  $('import-results').tBodies[0].replaceChildren(...(i.results || []).map((r) => el('tr', {},
    el('td', { class: 'num', text: String(r.line) }),
    el('td', { text: r.action || '—' }),
    el('td', { class: 'mono', text: r.userId || '—' }),
    el('td', { class: 'mono', text: r.sn || 'not sent' }),
    el('td', {}, r.ok ? (r.code === 'queued' ? badge('wait', 'queued') : badge('ok', 'ok')) : badge('bad', 'failed')),
    el('td', { text: r.code || '—' }),
    el('td', { class: 'small', text: r.message || '' }))));
  $('import-detail').hidden = false;
}

// ---------- users ----------

function userAction() {
  return document.querySelector('input[name="action"]:checked').value;
}

function userFormChanged() {
  const action = userAction();
  $('user-fields').hidden = action === 'delete';
  $('user-submit').textContent = { add: 'Add user', edit: 'Save changes', delete: 'Delete user' }[action];
  $('user-submit').classList.toggle('danger', action === 'delete');
  // an edit leaves the role as it is unless one is chosen
  const unchanged = $('user-role').querySelector('option[value=""]');
  unchanged.hidden = action !== 'edit';
  if (action === 'edit') $('user-role').value = '';
  else if ($('user-role').value === '') $('user-role').value = '0';
}

function readPhoto(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

async function submitUser(event) {
  event.preventDefault();
  const action = userAction();
  const sn = $('user-target').value;
  const userId = $('user-id').value.trim();
  $('user-error').textContent = '';
  $('user-results').replaceChildren();
  const body = {};
  if (action !== 'delete') {
    const fields = { name: $('user-name').value.trim(), user: $('user-login').value.trim(), pwd: $('user-pwd').value,
      role: $('user-role').value };
    const file = $('user-photo').files[0];
    if (action === 'add') {
      if (!fields.name || !fields.user || !fields.pwd || !file) {
        $('user-error').textContent = 'Adding a user needs a name, a user name, a password and a photo.';
        return;
      }
      Object.assign(body, fields, { userId });
    } else {
      for (const [k, v] of Object.entries(fields)) if (v) body[k] = v;
    }
    if (file) body.img = await readPhoto(file);
    if (action === 'edit' && Object.keys(body).length === 0) {
      $('user-error').textContent = 'Fill in what changes: a name, a user name, a password, a role or a photo.';
      return;
    }
  }
  const base = sn ? '/api/devices/' + enc(sn) + '/users' : '/api/users';
  const method = { add: 'POST', edit: 'PUT', delete: 'DELETE' }[action];
  const path = action === 'add' ? base : base + '/' + enc(userId);
  $('user-submit').disabled = true;
  try {
    const answer = await api(method, path, action === 'delete' ? undefined : body);
    const results = Array.isArray(answer) ? answer : [answer];
    $('user-results').replaceChildren(...results.map((r) => el('li', { 'data-sn': r.sn },
      r.ok ? (r.queued ? badge('wait', 'queued') : badge('ok', 'done')) : badge('bad', 'failed'),
      el('span', { class: 'mono', text: r.sn }),
      el('span', { class: 'muted small', text: r.queued ? 'sent when it is back online'
        : [r.code, r.message].filter(Boolean).join(' · ') }))));
    if (!results.length) $('user-error').textContent = 'No terminal is known yet.';
    if (action === 'add') { $('user-pwd').value = ''; $('user-photo').value = ''; }
  } catch (e) {
    $('user-error').textContent = e.message;
  } finally {
    $('user-submit').disabled = false;
  }
  reloadDevices();
}

// ---------- the live feed ----------

function setLive(s, text) {
  $('live').dataset.state = s;
  $('live-text').textContent = text;
}

function connectLive() {
  if (state.socket) return;
  const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/live';
  const socket = new WebSocket(url);
  state.socket = socket;
  setLive('retry', 'connecting');
  socket.onopen = () => {
    setLive('on', 'live');
    state.retry = 0;
    if (state.wasConnected) catchUp();
    state.wasConnected = true;
  };
  socket.onmessage = (m) => {
    let msg;
    try { msg = JSON.parse(m.data); } catch (e) { return; }
    onLive(msg);
  };
  socket.onclose = () => {
    if (state.socket !== socket) return;
    state.socket = null;
    setLive('retry', 'reconnecting');
    const delay = Math.min(15000, 1000 * 2 ** state.retry++);
    setTimeout(async () => {
      if (!$('login').hidden) return;
      // a refused upgrade looks like any closed socket: ask the API whether the session still holds
      try { await api('GET', '/api/devices'); } catch (e) { if (e.status === 401) return; }
      connectLive();
    }, delay);
  };
}

function closeLive() {
  const socket = state.socket;
  state.socket = null;
  state.wasConnected = false;
  if (socket) socket.close();
  setLive('off', 'offline');
}

function onLive(msg) {
  switch (msg.type) {
    case 'terminal':
      reloadDevices();
      break;
    case 'access':
      liveEvents(msg.events);
      break;
    case 'command':
      reloadDevices();
      if (state.view === 'commands' && $('commands-sn').value === msg.sn) loadCommands();
      break;
    case 'hr-import':
      toast('HR file ' + (msg.fileName || '') + ' imported');
      if (state.view === 'hr') {
        if (msg.id !== null && msg.id !== undefined) state.importId = msg.id;
        loadImports();
      }
      break;
    default:
      break;
  }
}

async function catchUp() {
  await Promise.all([loadDevices(), catchUpEvents()]);
  if (state.view === 'commands') loadCommands();
  if (state.view === 'hr') loadImports();
}

// ---------- start ----------

function wire() {
  document.querySelectorAll('#tabs button').forEach((b) => b.addEventListener('click', () => show(b.dataset.view)));
  $('login-form').addEventListener('submit', (e) => { e.preventDefault(); login($('token').value.trim()); });
  $('logout').addEventListener('click', async () => {
    try { await api('POST', '/api/logout'); } catch (e) { /* the cookie is gone either way */ }
    showLogin('Logged out.');
  });
  $('event-filter').addEventListener('submit', (e) => {
    e.preventDefault();
    state.filter = { sn: $('filter-sn').value, from: $('filter-from').value, to: $('filter-to').value };
    loadEvents();
  });
  $('filter-clear').addEventListener('click', () => {
    $('filter-sn').value = ''; $('filter-from').value = ''; $('filter-to').value = '';
    state.filter = { sn: '', from: '', to: '' };
    loadEvents();
  });
  $('events-older').addEventListener('click', olderEvents);
  $('commands-sn').addEventListener('change', loadCommands);
  document.querySelectorAll('input[name="action"]').forEach((r) => r.addEventListener('change', userFormChanged));
  $('user-form').addEventListener('submit', submitUser);
  $('photo-close').addEventListener('click', () => $('photo').close());
  $('photo').addEventListener('click', (e) => { if (e.target === $('photo')) $('photo').close(); });
  userFormChanged();
}

/** A link ending in #token=...: log in with it, and take it out of the address bar and the history at once. */
async function tokenFromLink() {
  const match = /^#token=(.+)$/.exec(location.hash);
  if (!match) return false;
  history.replaceState(null, '', location.pathname + location.search);
  closeLive();
  await login(decodeURIComponent(match[1]));
  return true;
}

async function start() {
  wire();
  window.addEventListener('hashchange', tokenFromLink);
  if (await tokenFromLink()) return;
  try {
    await api('GET', '/api/devices');
  } catch (e) {
    if (e.status !== 401) showLogin('The gateway did not answer: ' + e.message);
    return;
  }
  await showApp();
}

start();
