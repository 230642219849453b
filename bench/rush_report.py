"""The Markdown section of bench_rush.py, from its measured results."""

from __future__ import annotations

import statistics
from typing import Any

from rush_plan import PAGE_PAUSE, RESEND_EVERY, TYPING_PAUSE

TARGET_P95_MS = 1000
PAGES = [
    "login page",
    "login",
    "home (to-do)",
    "period grid",
    "save figures",
    "send figures",
    "send figures (resent, same token)",
    "recall",
    "ranking",
    "dossier",
]


def _ms(value: float) -> str:
    return f"{value:,.0f} ms"


def _table(stats: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| page | requests | failures | p50 | p95 | p99 | max |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    order = {name: i for i, name in enumerate(PAGES)}
    rows = sorted(stats, key=lambda r: (r["method"] == "", order.get(r["name"], 99)))
    for r in rows:
        name = f"{r['method']} {r['name']}" if r["method"] else f"**{r['name']}**"
        lines.append(
            f"| {name} | {r['requests']:,} | {r['failures']:,} | {_ms(r['p50'])} "
            f"| {_ms(r['p95'])} | {_ms(r['p99'])} | {_ms(r['max'])} |"
        )
    return lines


def _demand(r: dict[str, Any]) -> str:
    """What the officers asked of the application, against what it got."""
    run, stats = r["run"], r["stats"]
    total = next(s for s in stats if not s["method"])
    logins = sum(s["requests"] for s in stats if s["name"] == "login")
    others = max(1, total["requests"] - logins)
    per_request = max(0.0, run["cpu"]["app"] - logins * r["hash_s"]) / others
    # a round: 10 requests (and a resent send one time in five) and its pauses
    round_s = 6 * statistics.fmean(PAGE_PAUSE) + statistics.fmean(TYPING_PAUSE)
    asked = r["users"] * (10 + 1 / RESEND_EVERY) / round_s
    return (
        f"**What the officers ask.** A login's password check took "
        f"{r['hash_s'] * 1000:.0f} ms of CPU here (Argon2id at Django's parameters: "
        f"t=2, 100 MiB, 8 lanes): {logins} logins {logins * r['hash_s']:.0f} CPU-seconds of the "
        f"application's {run['cpu']['app']:.0f}. Any other request took "
        f"{per_request * 1000:.0f} ms of application CPU on average. A round takes "
        f"{round_s:.1f} s of think time for about 10 requests, so {r['users']} officers "
        f"ask about {asked:.0f} requests/s once all are in: "
        f"{asked * per_request:.1f} cores of application CPU alone, against the "
        f"{run['cpu']['app'] / run['elapsed']:.2f} core it got on average here "
        f"({total['requests'] / run['elapsed']:.1f} requests/s served).\n"
    )


# measured by this script on 2026-12-04 with 200 officers for 120 s, 4 new a
# second, before and after the changes it led to (commit "Sending a unit's
# figures twice is refused, and an officer's pages read a quarter of the queries")
FOUND = (
    "**What this benchmark found and changed** (same run, 200 officers × 120 s, 4 "
    "new a second, before → after, load average 6.1 → 5.8 during): requests served "
    "767 → 859, failures 43 → 0 (nginx's 504 after 60 s), p95 60 s → 34 s. A unit "
    "officer's pages read 94 → 22 queries (to-do home), 80 → 21 (grid), 92 → 31 "
    "(ranking), 79 → 23 (dossier), 65 → 39 (send): the back-office menu asked the "
    "same questions of the user for each of its items (~40 times a page), the "
    "commune checks re-read roles already loaded, Wagtail's page panels ran on the "
    "home of users who edit no page, and a send audited each figure with three "
    "queries; one officer's round went from 1.0–1.2 s to 0.59 s of CPU (test "
    "client, same load). `thidua/emulation/tests/test_officer_queries.py` holds "
    "the counts. A send is also refused once made (the service, under the period's "
    "row lock), so a resend without the token cannot record a second one.\n"
)


def report(r: dict[str, Any]) -> str:
    run, check = r["run"], r["check"]
    stats = r["stats"]
    total = next((s for s in stats if not s["method"]), None)
    pages = [s for s in stats if s["method"]]
    slow = [s for s in pages if s["p95"] >= TARGET_P95_MS]
    loads = run["loads"] or [float("nan")]
    cores = run["elapsed"] * 2
    out = [
        f"## rush — the year-end rush: {r['users']} officers at once for "
        f"{r['seconds'] // 60} min {r['seconds'] % 60} s\n",
        "`bench/bench_rush.py` (locust users in `bench/rush_locust.py`, data in "
        "`bench/rush_world.py`): the README's production setup as local processes — "
        f"one granian node with `thidua.settings.prod` and `docs/deploy/granian.env` "
        f"({r['workers']} worker processes), nginx with `docs/deploy/nginx.conf` over "
        "TLS (self-signed), PostgreSQL, a private redis-server. "
        f"{r['users']} communes in blocs of 10, each with an open reporting period of "
        "six indicators (a share, a yes/no, three against pledged plans), last year's "
        "finalised ranking, 30 staff and a draft dossier of five nominees, and one unit "
        "officer (no second factor: that is for approving, voting and signing roles); "
        f"set up in {r['setup_s']:.0f} s with the migrations (the data in bulk inserts "
        "and COPY; scoring tables and final scores through the services).\n",
        f"**What each officer does** ({r['users']} locust users, headless, "
        f"{r['rate']:g} new a second, so all are in after {r['users'] / r['rate']:.0f} s): "
        "the login page, then the form POST with its CSRF token; then in rounds: the "
        'to-do home; its period\'s figures grid; from the second round, "Rút lại" '
        "(a correction: the figures it sent are taken back); six figures typed the "
        'Vietnamese way and saved through the grid form ("Lưu tất cả", with the '
        'page\'s one-time token); "Gửi số liệu" (its own token; every fifth send '
        "posted twice with the same token, as a browser resending after a lost "
        "connection); last year's ranking of its bloc; its dossier. Think time 5–10 s "
        'between pages (national.md\'s "a request every 5–10 s"), 15–30 s typing the '
        "figures; a POST and the page it redirects to are one step; each page is "
        "checked for what it must show (the grid its message after a save or send). "
        "Times are each request's as "
        "locust timed it (sent to last byte read, gzip as a browser asks), collected "
        "from locust's request events; percentiles computed exactly from them.\n",
    ]
    if total:
        out.append(
            f"**{total['requests']:,} requests, {total['failures']:,} failures** "
            f"(target 0), {total['requests'] / run['elapsed']:.1f} requests/s over the run; p50 "
            f"{_ms(total['p50'])}, p95 **{_ms(total['p95'])}**, p99 {_ms(total['p99'])}. "
            + (
                "Target p95 < 1 s: met on every page.\n"
                if not slow
                else "Target p95 < 1 s: missed on "
                + ", ".join(
                    f"{s['method']} {s['name']} ({_ms(s['p95'])})" for s in slow
                )
                + ".\n"
            )
        )
    out += _table(stats)
    if r["failures"]:
        out.append("\nFailures (what locust was answered):\n")
        out += [f"- {count} × {what}" for what, count in r["failures"][:12]]
    cpu = run["cpu"]
    ours = run["locust_cpu"] + sum(cpu.values())
    shares = ", ".join(
        f"{name} {seconds:,.0f} ({seconds / cores:.0%})"
        for name, seconds in (
            ("the application node", cpu["app"]),
            ("PostgreSQL (all its databases)", cpu["postgres"]),
            ("nginx", cpu["nginx"]),
            ("Redis", cpu["redis"]),
            ("locust itself", run["locust_cpu"]),
            ("everything else on the machine", max(0.0, run["busy_cpu"] - ours)),
        )
    )
    out.append(
        f"\n**The machine.** 2 cores shared by everything; CPU-seconds over the "
        f"{run['elapsed']:.0f} s ({cores:.0f} core-seconds, share of them): {shares}; "
        f"the machine was {run['busy_cpu'] / cores:.0%} busy. Load average "
        f"{r['load_before'][0]:.1f} before the set-up, {r['load_idle'][0]:.1f} with "
        f"the services idle, {statistics.fmean(loads):.1f} mean and {max(loads):.1f} "
        f"peak during the run (every 5 s), {r['load_after'][0]:.1f} after. The client "
        "competes with the server here: on separate machines the server has both "
        "cores.\n"
    )
    out.append(_demand(r))
    out.append(FOUND)
    ok = not check["problems"] and not check["duplicates"]
    c = check["checked"]
    out.append(
        f"**Exactly once — {'yes' if ok else 'NO'}.** Checked in PostgreSQL after the "
        f"run against what locust saw confirmed: {c['units']} units, {c['figures']:,} "
        f"figures, each present once per unit, indicator and period "
        f"({check['duplicates']} duplicates), each equal to the last value its officer "
        f"saved ({check['saves']:,} grid saves), sent exactly where the last "
        f"confirmed action was a send ({c['sent']} units); {check['submits']:,} sends "
        f'confirmed and {check["events"]:,} "gửi số liệu" events recorded, of which '
        f"{check['resends']:,} were posted twice with the same token (the second "
        f"answered with the first's redirect, no second event); {check['recalls']:,} "
        f"recalls confirmed, each recorded once; {check['claims']:,} one-time tokens "
        "claimed."
    )
    if check["problems"]:
        out.append("\nDiscrepancies:\n")
        out += [f"- {p}" for p in check["problems"][:20]]
    return "\n".join(out) + "\n"
