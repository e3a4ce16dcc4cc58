// The settings page: plain JavaScript against the service's own REST API.
// The API token (when the service has one) is kept in sessionStorage only, and is sent as a
// header, never in a URL.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const api = '/api/spotify';
  let token = sessionStorage.getItem('asta-api-token');

  async function call(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    if (token) headers['Authorization'] = 'Bearer ' + token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(api + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body)
    });
    let json = {};
    try { json = await response.json(); } catch (e) { /* empty body */ }
    if (response.status === 401 && json.reason === 'unauthorized') {
      $('token-section').hidden = false;
      throw new Error(json.error || 'This service needs its API token.');
    }
    return { status: response.status, json };
  }

  function say(element, text, ok) {
    element.textContent = text;
    element.className = ok === undefined ? '' : (ok ? 'ok' : 'err');
    element.hidden = false;
  }

  function showOutcome() {
    const params = new URLSearchParams(location.search);
    if (params.get('spotify') === 'connected') {
      say($('outcome'), 'Spotify is connected.', true);
    } else if (params.get('spotify') === 'error') {
      const msg = params.get('msg') || 'unknown error';
      const words = msg === 'access_denied'
        ? 'Linking was cancelled on Spotify (access_denied). Press Connect to try again.'
        : 'Linking Spotify failed: ' + msg;
      say($('outcome'), words, false);
    }
  }

  async function loadStatus() {
    const { json } = await call('GET', '/status');
    const connected = json.connected === true;
    let text;
    if (connected) {
      text = 'Connected' + (json.display_name ? ' as ' + json.display_name : '') + '.';
    } else if (json.reason === 'revoked') {
      text = 'Not connected: Spotify revoked the link. Reconnect to use Spotify again.';
    } else if (json.error) {
      text = json.error;
    } else {
      text = 'Not connected. Press Connect to link your Spotify account.';
    }
    say($('status'), text, connected);
    $('connect').textContent = json.reason === 'revoked' ? 'Reconnect Spotify' : 'Connect Spotify';
    $('connect').hidden = connected;
    $('disconnect').hidden = !connected;
    if (connected) await loadDevices();
    else $('devices').replaceChildren();
  }

  async function loadDevices() {
    const { status, json } = await call('GET', '/devices');
    const list = $('devices');
    list.replaceChildren();
    if (status !== 200) {
      say($('play-result'), json.error || ('Devices could not be listed (' + status + ').'), false);
      return;
    }
    if (!json.devices.length) {
      const li = document.createElement('li');
      li.textContent = 'No device is available: open Spotify on a phone, computer or speaker, then Refresh.';
      list.append(li);
    }
    for (const d of json.devices) {
      const li = document.createElement('li');
      li.dataset.deviceId = d.id;
      const info = document.createElement('div');
      const name = document.createElement('strong');
      name.textContent = d.name;
      const meta = document.createElement('div');
      meta.className = 'meta';
      meta.textContent = [d.type, d.is_active ? 'active' : 'idle',
        d.volume_percent === null ? 'volume n/a' : 'volume ' + d.volume_percent + '%',
        d.is_restricted ? 'no remote control' : null].filter(Boolean).join(' · ');
      info.append(name, meta);
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'play';
      button.textContent = 'Play';
      button.setAttribute('aria-label', 'Play on ' + d.name);
      button.addEventListener('click', () => play(d.id, d.name));
      li.append(info, button);
      list.append(li);
    }
  }

  async function play(deviceId, deviceName) {
    const body = { track_uri: $('track').value.trim() };
    if (deviceId) body.device_id = deviceId;
    say($('play-result'), 'Starting playback…');
    const { json } = await call('POST', '/play', body);
    if (json.ok) {
      say($('play-result'), 'Playing ' + json.track_uri + ' on ' + (deviceName || 'the active device') + '.', true);
      await loadDevices();
    } else {
      say($('play-result'), json.error || 'Playback failed.', false);
    }
  }

  async function loadSetup() {
    const { status, json } = await call('GET', '/setup');
    if (status !== 200) return;
    $('redirect-uri').value = json.redirect_uri;
    const steps = $('steps');
    steps.replaceChildren();
    json.steps.forEach((s) => {
      const li = document.createElement('li');
      li.textContent = s;
      steps.append(li);
    });
    const link = document.createElement('a');
    link.href = json.dashboard_url;
    link.textContent = '(open it)';
    link.target = '_blank';
    link.rel = 'noopener';
    if (steps.firstChild) steps.firstChild.append(' ', link);
  }

  async function loadApp() {
    const { json } = await call('GET', '/app');
    const where = json.source === 'config' ? ' (from the service configuration)' : '';
    say($('app-status'), 'Client ID: ' + (json.client_id_set ? 'set' : 'not set') +
      ' · Client secret: ' + (json.client_secret_set ? 'set' : 'not set') + where);
    $('client-id').placeholder = json.client_id_set ? 'set (type to replace)' : 'not set';
    $('client-secret').placeholder = json.client_secret_set ? 'set (type to replace)' : 'not set';
  }

  function wire() {
    $('token-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      token = $('api-token').value.trim();
      sessionStorage.setItem('asta-api-token', token);
      $('token-section').hidden = true;
      await start();
    });
    $('connect').addEventListener('click', async () => {
      const { status, json } = await call('GET', '/connect');
      if (status === 200) location.href = json.url;
      else say($('status'), json.error || 'Could not start linking.', false);
    });
    $('disconnect').addEventListener('click', async () => {
      await call('POST', '/disconnect');
      history.replaceState(null, '', location.pathname);
      $('outcome').hidden = true;
      await loadStatus();
    });
    $('refresh-devices').addEventListener('click', loadDevices);
    $('play-active').addEventListener('click', () => play(null, null));
    $('copy-redirect').addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText($('redirect-uri').value);
      } catch (e) {
        $('redirect-uri').select();
        document.execCommand('copy');
      }
      $('copy-redirect').textContent = 'Copied';
    });
    $('app-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      const body = {};
      if ($('client-id').value.trim()) body.client_id = $('client-id').value.trim();
      if ($('client-secret').value.trim()) body.client_secret = $('client-secret').value.trim();
      if (!Object.keys(body).length) {
        say($('app-verdict'), 'Paste the Client ID and/or Client secret first.', false);
        return;
      }
      const { status, json } = await call('PUT', '/app', body);
      $('client-id').value = '';
      $('client-secret').value = '';
      say($('app-verdict'), status === 200 ? 'Saved.' : (json.error || 'Not saved.'), status === 200);
      await loadApp();
    });
    $('test-app').addEventListener('click', async () => {
      const { json } = await call('POST', '/app/test');
      say($('app-verdict'), json.message || json.error, json.valid === true);
    });
  }

  async function start() {
    try {
      await Promise.all([loadStatus(), loadSetup(), loadApp()]);
    } catch (e) {
      say($('status'), e.message, false);
    }
  }

  showOutcome();
  wire();
  start();
})();
