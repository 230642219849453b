"""The Markdown section of bench_nodes.py (figures in, text out)."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def _sessions(r: dict[str, Any]) -> list[str]:
    s = r["sessions"]
    return [
        "**Sessions across nodes — yes.** The password was sent to node A, the TOTP "
        f"code to node B (`{s['second_factor']}`), the back office then answered 200 on "
        "A, B and A with the one session cookie "
        f"({', '.join(s['cookie_flags']) or 'no flags'}); a logout on B ended the "
        "session on A. The first harness's 302 on B was the second factor, not the "
        "session: after the password alone a superuser is sent to "
        f"`{s['second_factor']}` by A exactly as by B (asserted here). Sessions are "
        "rows in PostgreSQL (Django's database sessions), signed with the one "
        "`DJANGO_SECRET_KEY` every node must share; the cookie is `Secure`, so a "
        "browser sends it only over the TLS that nginx terminates.",
    ]


def _publish(r: dict[str, Any]) -> list[str]:
    p = r["publish"]
    b, n = p["B"], p["nginx"]
    return [
        "**A publish on node A, seen on node B.** Wagtail's publish (bulk action, "
        "node A) returned, then two readers polled every ~30 ms for 4 s: "
        f"node B directly served the new page first after {_ms(b['first_new'])} and "
        f"the old one last at {_ms(b['last_old'])} ({b['requests']} requests; "
        "documented bound 1 s, `REFRESH_SECONDS`: each worker re-reads the shared "
        "generations at most once a second); through nginx, first new after "
        f"{_ms(n['first_new'])}, old last at {_ms(n['last_old'])} ({n['requests']} "
        "requests; bound 2 s: plus the 1-second micro-cache). Both asserted, with "
        "0.5 s of slack for the loaded machine.",
    ]


def _counts(r: dict[str, Any]) -> list[str]:
    c = r["counts"]
    return [
        f"**Counts exact across nodes.** {c['requests']:,} requests in "
        f"{c['seconds']:.1f} s from 24 concurrent clients, alternating nodes A and B: "
        f"{c['views']} views (beacon) → {c['views']} rows; {c['ratings']} visitors "
        "each rated on one node and changed their rating on the other → "
        f"{c['ratings']} ratings, total and points exact; {c['ballots']} people each "
        "sent a ballot to both nodes at the same instant → "
        f"{c['ballots']} ballots accepted, {c['refused']} refused (409), poll voters "
        "and choice totals equal to the ballots. One address sending 80 views over "
        f"both nodes within a minute: {c['throttled_in']} counted (the limit is 60 a "
        "minute per address, the counter is in Redis, so the nodes share it).",
    ]


def _ratio(r: dict[str, Any]) -> list[str]:
    runs = r["ratio"]["runs"]
    one = statistics.mean(x["rps"] for x in runs["one"])
    two = statistics.mean(x["rps"] for x in runs["two"])
    loads = r["ratio"]["loads"]
    lines = [
        "**One node vs two** (`wrk -t2 -c8 -d10s` with the officer's session on "
        "`/admin/people/`, through the same nginx and TLS; node A pinned to core 0, "
        "node B to core 1, 2 granian workers each; twice each, alternating; load "
        f"average {min(loads):.1f}–{max(loads):.1f} during):",
        "",
        "| nodes | requests/s (runs) | mean | p90 | non-2xx/3xx |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for name, label in (("one", "1 (A)"), ("two", "2 (A + B)")):
        rows = runs[name]
        each = " / ".join(f"{x['rps']:.1f}" for x in rows)
        lines.append(
            f"| {label} | {each} | "
            f"{statistics.mean(x['rps'] for x in rows):.1f} | "
            f"{statistics.mean(x['p90'] for x in rows):.0f} ms | "
            f"{sum(int(x['errors']) for x in rows)} |"
        )
    lines += [
        "",
        f"Ratio two/one: **{two / one:.2f}×**. Each node here is one core; PostgreSQL, "
        "Redis, nginx and wrk share the same two cores (and other engineers' jobs), so "
        "the second node cannot bring a whole core: on separate machines the ratio is "
        "bounded by the database, not the nodes.",
    ]
    return lines


def _killed(r: dict[str, Any]) -> list[str]:
    k = r["killed"]
    tasks = "; ".join(
        f"{status} {workers}"
        + (" (worker lost)" if path.endswith("WorkerLost") else "")
        for status, workers, path in k["tasks"]
    )
    return [
        f"**A worker killed mid-batch.** Two `db_worker` processes (named node-a and "
        f"node-b: neither can see the other's processes) shared a batch of "
        f"{r['small']} certificates; worker A was killed with SIGKILL at "
        f"{k['at_kill']} certificates. Worker B finished the batch "
        f"{k['after_kill_s']:.1f} s later: {k['certificates']} certificates, one per "
        f"item, distinct codes; {k['files']} PDF files on the shared storage"
        + (
            f" ({k['files'] - k['certificates']} orphan: the killed render's file, "
            "written before its row, which never committed). The "
            if k["files"] > k["certificates"]
            else ". The "
        )
        + "item A was rendering was released with its PostgreSQL connection (rows are "
        "claimed with `FOR UPDATE SKIP LOCKED`). The task A left RUNNING was closed "
        f"{k['closed_s']:.0f} s after the kill (lease `TASK_STALL_SECONDS`=20 here, "
        f"60 by default). Tasks: {tasks}.",
    ]


def _batch(r: dict[str, Any], p95: Callable[[list[float]], float]) -> list[str]:
    t = r["batch"]
    rate = t["count"] / t["elapsed"]
    if not t["complete"]:
        met = (
            f"**missed**: stopped at the {t['elapsed'] / 60:.0f}-minute limit with "
            f"{t['count']:,} of {r['big']:,} made (each exactly once); at this rate "
            f"all would take {r['big'] / rate / 60:.0f} min"
        )
    elif t["elapsed"] < 600:
        met = "met"
    else:
        met = f"**missed** by {t['elapsed'] - 600:.0f} s"
    loads = t["loads"] or [0.0]
    lines = [
        f"**{r['big']:,} certificates, two workers** (item 4): {t['count']:,} made in "
        f"**{t['elapsed'] / 60:.1f} min** from the click, "
        f"{rate:.1f} certificates/s ({1000 / rate:.0f} ms each, two at a time); "
        f"target < 10 min: {met}. Load average {t['load_idle'][0]:.1f} before, "
        f"{statistics.mean(loads):.1f} mean and {max(loads):.1f} peak during "
        f"({r['cores']} cores). Workers' tasks: {', '.join(t['workers'])}.",
        "",
        "| page (sequential, every 250 ms) | idle p95 | during p95 | idle median | during median |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, idle in t["idle"].items():
        busy = t["busy"].get(name, [])
        if len(idle) < 3 or len(busy) < 3:
            continue
        lines.append(
            f"| {name} | {p95(idle):.0f} ms | {p95(busy):.0f} ms | "
            f"{statistics.median(idle):.0f} ms | {statistics.median(busy):.0f} ms |"
        )
    return lines


def report(r: dict[str, Any], p95: Callable[[list[float]], float]) -> str:
    before, after = r["load"]
    lines = [
        "## nodes — two application nodes, one database, one Redis, two workers",
        "",
        "`bench/bench_nodes.py`: two granian nodes with `thidua.settings.prod` and "
        "`docs/deploy/granian.env` on loopback ports, one PostgreSQL database "
        "(created and dropped), a private redis-server, nginx with "
        "`docs/deploy/nginx.conf` over TLS (self-signed) balancing both, two "
        "`manage.py db_worker`. Every statement below is asserted by the script. "
        f"Load average {before[0]:.1f} before, {after[0]:.1f} after, on "
        f"{r['cores']} cores shared with other engineers' jobs.",
        "",
    ]
    for part in (_sessions(r), _publish(r), _counts(r), _ratio(r), _killed(r)):
        lines += [*part, ""]
    lines += [*_batch(r, p95), ""]
    return "\n".join(lines)
