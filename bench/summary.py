#!/usr/bin/env python3
"""Prints bench/run.sh's results against the targets of the benchmark (docs/PERFORMANCE.md)."""
import sys

r = {}
for line in open(sys.argv[1]):
    f = line.split()
    r[f[0]] = f[1:]


def num(name, i=0):
    v = r[name][i]
    for unit, k in (('us', 1e-3), ('ms', 1.0), ('s', 1e3)):
        if v.endswith(unit) and v[:-len(unit)].replace('.', '', 1).isdigit():
            return float(v[:-len(unit)]) * k
    return float(v)


def row(what, value, target, ok):
    print(f"| {what} | {value} | {target} | {'met' if ok else 'MISSED'} |")


print("| measure | this run | target | verdict |")
print("|---|---|---|---|")
ratio = num('status') / num('redis_get')
row("status throughput / Redis GET", f"{num('status'):,.0f} / {num('redis_get'):,.0f} = {ratio:.2f}", ">= 0.35", ratio >= 0.35)
for name, sim in (('devices', 'sim_devices'), ('play', 'sim_play')):
    ratio = num(name) / num(sim)
    row(f"{name} throughput / direct", f"{num(name):,.0f} / {num(sim):,.0f} = {ratio:.2f}", ">= 0.5", ratio >= 0.5)
for name in ('devices', 'play'):
    added = (num('half_' + name) - num('half_sim_' + name)) / 1000
    reached = f" (at {int(r['half_' + name][2]):,} req/s)" if len(r['half_' + name]) > 2 else ""
    row(f"{name}: added p50 at half the peak rate",
        f"{num('half_' + name) / 1000:.2f} ms - {num('half_sim_' + name) / 1000:.2f} ms = {added:.2f} ms{reached}",
        "<= 1 ms", added <= 1.0)
# The floor under any forwarder: the bare pass-through's own figures, and the service against it.
for name in ('devices', 'play'):
    if 'fwd_' + name not in r:
        continue
    sim, fwd, bus = num('sim_' + name), num('fwd_' + name), num('fwd_bus_' + name)
    print(f"| {name}: bare pass-through / direct (over the bus) | {fwd:,.0f} / {sim:,.0f} = {fwd / sim:.2f} ({bus / sim:.2f}) | (the floor) | - |")
    print(f"| {name}: service / bare pass-through | {num(name):,.0f} / {fwd:,.0f} = {num(name) / fwd:.2f} | (recorded) | - |")
    added = (num('half_fwd_' + name) - num('half_sim_' + name)) / 1000
    print(f"| {name}: pass-through's added p50 at the same rate | {num('half_fwd_' + name) / 1000:.2f} ms - {num('half_sim_' + name) / 1000:.2f} ms = {added:.2f} ms | (the floor) | - |")
for name in ('devices', 'play'):
    if 'low_' + name not in r:
        continue
    sim = num('low_sim_' + name)
    print(f"| {name}: added p50 at 1,000 req/s, service (bare pass-through) | {(num('low_' + name) - sim) / 1000:.2f} ms ({(num('low_fwd_' + name) - sim) / 1000:.2f} ms) | (recorded) | - |")
print(f"| status p50 at half its peak rate | {num('half_status') / 1000:.2f} ms (p99 {num('half_status', 1) / 1000:.2f} ms) | (recorded) | - |")
for storm in ('1000', '10000'):
    n, p99, answered = int(r['storm_' + storm][0]), r['storm_' + storm][1], int(r['storm_' + storm][2])
    failed = int(r['storm_' + storm][3]) if len(r['storm_' + storm]) > 3 else 0
    # Exactly one refresh proves nothing unless the storm's requests were answered, and answered well.
    row(f"refresh storm, {storm} connections",
        f"{n} refresh, {answered:,} requests answered ({failed} not 2xx), p99 {p99}",
        "exactly 1, all answered 2xx", n == 1 and answered >= int(storm) and failed == 0)
b = int(r['bytes_per_user'][0])
row("bytes per linked user (100,000 users)", f"{b:,}", "<= 1024", 0 < b <= 1024)
p1, p100 = num('users_1k', 1), num('users_100k', 1)
row("status p50, 1,000 -> 100,000 users (1,000 asked for)", f"{p1:.2f} ms -> {p100:.2f} ms ({(p100 / p1 - 1) * 100:+.0f} %)", "not slower by > 10 %", p100 <= p1 * 1.10)
if 'users_100k_all' in r:
    pa = num('users_100k_all', 1)
    print(f"| status p50, 100,000 users, all asked for (cache holds 10,000) | {pa:.2f} ms, {num('users_100k_all'):,.0f} req/s | (recorded) | - |")
s = int(r['startup_ms'][0])
row("start-up to ready", f"{s:,} ms", "<= 2,000 ms", s <= 2000)
print(f"| memory under load (-Xmx256m) | RSS {int(r['rss_kib'][0]) // 1024} MiB, heap used {int(r['heap_used_kib'][0]) // 1024} MiB | (recorded) | - |")
