#!/usr/bin/env python3
"""Links the sandbox account for user 'default' through the service, as a browser would, and
prints an access token for direct calls to the simulator (issued to a second, bench-only link)."""
import json, sys, urllib.parse, urllib.request, base64

service, sim = sys.argv[1], sys.argv[2]

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None

opener = urllib.request.build_opener(NoRedirect)

def location(url, data=None):
    try:
        opener.open(url, data)
    except urllib.error.HTTPError as e:
        return e.headers['Location']
    raise SystemExit('expected a redirect from ' + url)

authorize = json.load(urllib.request.urlopen(service + '/api/spotify/connect'))['url']
form = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(authorize).query))
form.update(action='agree', user='sandbox-user')
callback = location(sim + '/authorize/decision', urllib.parse.urlencode(form).encode())
landed = location(callback)
assert 'spotify=connected' in landed, landed

# A second code, exchanged here: its access token calls the simulator directly.
callback = location(sim + '/authorize/decision', urllib.parse.urlencode(form).encode())
code = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(callback).query))['code']
req = urllib.request.Request(sim + '/api/token', urllib.parse.urlencode(
    {'grant_type': 'authorization_code', 'code': code, 'redirect_uri': form['redirect_uri']}).encode())
req.add_header('Authorization', 'Basic ' + base64.b64encode(b'sandbox-client-id:sandbox-client-secret').decode())
print(json.load(urllib.request.urlopen(req))['access_token'])
