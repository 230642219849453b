"""More than one machine (issue 14, items 4 and 5), as local processes on loopback.

Two granian application nodes with the production settings (node A pinned to
core 0, node B to core 1: each a one-core machine of its own), one PostgreSQL
database, one private redis-server, nginx from docs/deploy/nginx.conf over TLS
balancing both, and two `manage.py db_worker` processes named as if on nodes A
and B (bench/nodes_cluster.py). It proves, with assertions:

1. sessions: a login (password, then the TOTP code) started on A, finished on B,
   used on A; a logout on B ends it on A;
2. a publish on A is served by B within REFRESH_SECONDS (1 s), and through
   nginx's 1-second micro-cache within 2 s (the delays are measured);
3. views, ratings and poll ballots sent concurrently to both nodes are counted
   exactly: one ballot per identity, one rating per visitor, the per-address
   view throttle shared through Redis;
4. a certificate worker killed (SIGKILL) mid-batch: the other finishes the
   batch with every certificate exactly once, and the killed worker's task is
   closed instead of staying RUNNING;
and measures the back office's throughput on one node vs two (side by side),
then BENCH_CERTIFICATES (default 10,000) certificates with both workers, with
the web's p95 idle and meanwhile. Bounded: every wait has a limit, and every
process started is stopped before returning.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import nodes_world as world
from nodes_cluster import Browser, Cluster, wait_up
from nodes_report import report

PORTS = {
    "A": 18281,
    "B": 18282,
    "redis": 18283,
    "nginx": 18284,
    "nginx_one": 18285,
    "nginx_http": 18286,
}
SMALL = 400  # the batch whose worker is killed
BIG = int(os.environ.get("BENCH_CERTIFICATES", "10000"))
BIG_LIMIT_S = 900  # one and a half times the target
STALL_S = 20  # TASK_STALL_SECONDS for the workers: the lease, shortened to fit
REFRESH_S = 1.0  # thidua/portal/cache.py REFRESH_SECONDS
MICRO_CACHE_S = 1.0  # proxy_cache_valid 200 1s in docs/deploy/nginx.conf
SLACK_S = 0.5  # a loaded machine's scheduling delay
ARTICLE = "/tin-tuc/ban-tin/"
TASK = "thidua.dossiers.tasks.generate_certificates"
BACK_OFFICE = "/admin/people/"


def _totp(hex_key: str, at: float | None = None) -> str:
    """RFC 6238, six digits, 30-second steps (what the authenticator app shows)."""
    counter = struct.pack(">Q", int((at or time.time()) // 30))
    digest = hmac.new(bytes.fromhex(hex_key), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{code % 1_000_000:06d}"


def _post(who: Browser, base: str, path: str, **data: str) -> Any:
    token = who.cookies.get("csrftoken", "")
    return who.go("POST", base, path, data=data, headers={"X-CSRFToken": token})


def check_sessions(a: str, b: str) -> tuple[Browser, dict[str, Any]]:
    officer = Browser()
    assert officer.go("GET", a, "/admin/login/").status_code == 200
    login = _post(
        officer, a, "/admin/login/", username=world.ADMIN, password=world.PASSWORD
    )
    assert login.status_code == 302, login.text[:300]
    cookie = login.headers.get("Set-Cookie", "")
    flags = [f for f in ("Secure", "HttpOnly") if f in cookie]
    # the first harness's 302 on B: after the password alone a superuser is sent
    # to the second factor, by A as by B; the session itself was valid on B
    on_a = officer.go("GET", a, BACK_OFFICE)
    on_b = officer.go("GET", b, BACK_OFFICE)
    second = on_b.headers.get("Location", "")
    assert on_a.status_code == on_b.status_code == 302, (on_a, on_b)
    assert "xac-thuc" in second and on_a.headers["Location"] == second, second
    assert officer.go("GET", b, second).status_code == 200
    verified = _post(officer, b, second, code=_totp(world.TOTP_KEY))
    assert verified.status_code == 302, verified.text[:300]
    pages = [officer.go("GET", base, BACK_OFFICE) for base in (a, b, a)]
    assert all(p.status_code == 200 and "Cá nhân" in p.text for p in pages)
    stale = Browser()
    stale.cookies = dict(officer.cookies)  # what a second tab still sends
    assert _post(officer, b, "/admin/logout/").status_code == 302
    after = stale.go("GET", a, BACK_OFFICE)
    assert after.status_code == 302 and "login" in after.headers["Location"]
    # log in again for what follows (the logout ended the first session)
    officer = Browser()
    officer.go("GET", a, "/admin/login/")
    _post(officer, a, "/admin/login/", username=world.ADMIN, password=world.PASSWORD)
    verify = officer.go("GET", a, BACK_OFFICE).headers["Location"]
    time.sleep(max(0.0, 30.5 - time.time() % 30))  # a code is accepted once
    _post(officer, a, verify, code=_totp(world.TOTP_KEY))
    assert officer.go("GET", b, BACK_OFFICE).status_code == 200
    return officer, {"cookie_flags": flags, "second_factor": second.split("?")[0]}


def _watch(base: str, seen: list[tuple[float, bool]], stop: threading.Event) -> None:
    visitor = Browser(ip="10.8.0.1")
    while not stop.is_set():
        page = visitor.go("GET", base, ARTICLE)
        seen.append((time.monotonic(), "Bản tin mới" in page.text))
        time.sleep(0.03)


def check_publish(officer: Browser, a: str, b: str, lb: str, page: int) -> dict:
    for base in (b, lb):
        for _ in range(8):  # every worker process has the old page in its memory
            old = Browser(ip="10.8.0.1").go("GET", base, ARTICLE)
            assert old.status_code == 200 and "Bản tin cũ" in old.text
    bulk = f"/admin/bulk/wagtailcore/page/publish/?id={page}"
    assert officer.go("GET", a, bulk).status_code == 200
    stop = threading.Event()
    seen: dict[str, list[tuple[float, bool]]] = {"B": [], "nginx": []}
    watchers = [
        threading.Thread(target=_watch, args=(base, seen[name], stop))
        for name, base in (("B", b), ("nginx", lb))
    ]
    for w in watchers:
        w.start()
    try:
        posted = _post(officer, a, bulk)
        published = time.monotonic()
        assert posted.status_code == 302, posted.text[:300]
        time.sleep(REFRESH_S + MICRO_CACHE_S + 2)
    finally:
        stop.set()
        for w in watchers:
            w.join(30)
    out: dict[str, Any] = {}
    for name, rows in seen.items():
        after = [(t - published, new) for t, new in rows if t >= published]
        old = [t for t, new in after if not new]
        new = [t for t, new in after if new]
        assert new and after[-1][1], f"{name} still serves the old page"
        out[name] = {
            "first_new": new[0],
            "last_old": max(old, default=0.0),
            "requests": len(after),
        }
    assert out["B"]["last_old"] <= REFRESH_S + SLACK_S, out
    assert out["nginx"]["last_old"] <= REFRESH_S + MICRO_CACHE_S + SLACK_S, out
    return out


def _json_post(base: str, path: str, who: Browser, **data: Any) -> Any:
    return who.go("POST", base, path, data=data, headers={"Accept": "application/json"})


def check_counts(cluster: Cluster, a: str, b: str, page: int, poll: int) -> dict:
    nodes = (a, b)
    hits = "SELECT count(*) FROM engagement_hit WHERE page_id = %s"
    views_before = cluster.sql(hits, page)[0][0]
    beacon = {"p": str(page), "u": ARTICLE}

    def view(n: int) -> int:
        who = Browser(ip=f"10.1.0.{n % 40 + 1}")
        return _json_post(nodes[n % 2], "/tuong-tac/b/", who, **beacon).status_code

    def rate(n: int) -> tuple[int, int, int]:
        who = Browser(ip=f"10.2.{n // 200}.{n % 200 + 1}")
        path = f"/tuong-tac/danh-gia/{page}/"
        first = _json_post(nodes[n % 2], path, who, score=n % 5 + 1)
        # the same visitor changes their mind on the other node
        second = _json_post(nodes[(n + 1) % 2], path, who, score=(n + 2) % 5 + 1)
        return first.status_code, second.status_code, (n + 2) % 5 + 1

    def vote(n: int) -> list[int]:
        # the same person (address, browser) sends a ballot to both nodes at once
        ip, path = f"10.3.{n // 200}.{n % 200 + 1}", f"/binh-chon/{poll}/"
        choice = cluster_choices[n % 2]
        with ThreadPoolExecutor(2) as pair:
            both = pair.map(
                lambda base: _json_post(base, path, Browser(ip=ip), choice=choice),
                nodes,
            )
            return [r.status_code for r in both]

    cluster_choices = [
        str(pk)
        for (pk,) in cluster.sql(
            "SELECT id FROM engagement_pollchoice WHERE poll_id = %s ORDER BY id", poll
        )
    ]
    started = time.monotonic()
    with ThreadPoolExecutor(24) as pool:
        views = list(pool.map(view, range(600)))
        ratings = list(pool.map(rate, range(150)))
        ballots = list(pool.map(vote, range(150)))
    elapsed = time.monotonic() - started
    counted = cluster.sql(hits, page)[0][0] - views_before
    assert views.count(200) == 600 and counted == 600, (views, counted)
    assert all(r[:2] == (200, 200) for r in ratings), ratings[:5]
    votes, points = cluster.sql(
        "SELECT votes, points FROM engagement_ratingtotal WHERE page_id = %s", page
    )[0]
    rows = cluster.sql(
        "SELECT count(*) FROM engagement_rating WHERE page_id = %s", page
    )
    assert votes == rows[0][0] == 150 and points == sum(r[2] for r in ratings)
    accepted = sum(codes.count(200) for codes in ballots)
    refused = sum(codes.count(409) for codes in ballots)
    assert accepted == refused == 150, ballots[:5]
    voters, ballot_rows, choice_votes = cluster.sql(
        "SELECT p.voters, (SELECT count(*) FROM engagement_pollballot WHERE poll_id = p.id),"
        " (SELECT sum(votes) FROM engagement_pollchoice WHERE poll_id = p.id)"
        " FROM engagement_poll p WHERE p.id = %s",
        poll,
    )[0]
    assert voters == ballot_rows == choice_votes == 150

    # one address past the view limit (60 a minute), alternating nodes: the
    # counter is in Redis, so the two nodes count 60 together, not 60 each
    time.sleep(max(0.0, 61 - time.time() % 60) if time.time() % 60 > 35 else 0)
    before = cluster.sql(hits, page)[0][0]
    one = Browser(ip="10.9.9.9")
    for n in range(80):
        _json_post(nodes[n % 2], "/tuong-tac/b/", one, **beacon)
    throttled_in = cluster.sql(hits, page)[0][0] - before
    assert throttled_in == 60, throttled_in
    return {
        "requests": 600 + 300 + 300,
        "seconds": elapsed,
        "views": counted,
        "ratings": votes,
        "ballots": accepted,
        "refused": refused,
        "throttled_in": throttled_in,
    }


def _wrk(url: str, cookie: str) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", "-c8", "-d10s", "--latency", "-H", f"Cookie: {cookie}", url],
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    p95 = re.search(r"90%\s+([\d.]+)(us|ms|s)\b", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p95.group(2)] if p95 else 0
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p90": float(p95.group(1)) * scale if p95 else 0.0,
        "errors": int(errors.group(1)) if errors else 0,
    }


def measure_ratio(officer: Browser) -> dict[str, Any]:
    """The same back-office page through the same nginx: one node vs both, twice
    each, alternating, so a change in the machine's load hits both sides."""
    cookie = "; ".join(f"{k}={v}" for k, v in officer.cookies.items())
    urls = {
        "one": f"https://127.0.0.1:{PORTS['nginx_one']}{BACK_OFFICE}",
        "two": f"https://127.0.0.1:{PORTS['nginx']}{BACK_OFFICE}",
    }
    for url in urls.values():  # a 302 would count as success for wrk
        page = Browser().go("GET", url.removesuffix(BACK_OFFICE), BACK_OFFICE)
        assert page.status_code == 302  # no session: the login page
        officer_page = officer.go("GET", url.removesuffix(BACK_OFFICE), BACK_OFFICE)
        assert officer_page.status_code == 200
    runs: dict[str, list[dict[str, float]]] = {"one": [], "two": []}
    loads = [os.getloadavg()[0]]
    for _ in range(2):
        for name, url in urls.items():
            runs[name].append(_wrk(url, cookie))
            loads.append(os.getloadavg()[0])
    return {"runs": runs, "loads": loads}


def _sampler(
    urls: list[tuple[str, Callable[[], Any]]], stop: threading.Event
) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {name: [] for name, _ in urls}
    n = 0
    while not stop.is_set():
        name, fetch = urls[n % len(urls)]
        started = time.perf_counter()
        answer = fetch()
        if answer.status_code == 200:
            timings[name].append((time.perf_counter() - started) * 1000)
        n += 1
        time.sleep(0.25)
    return timings


def _certificates(cluster: Cluster, decision: int) -> tuple[int, int, int]:
    return cluster.sql(
        "SELECT count(*), count(DISTINCT c.item_id), count(DISTINCT c.code)"
        " FROM dossiers_certificate c JOIN dossiers_decisionitem i ON i.id = c.item_id"
        " WHERE i.decision_id = %s AND c.pdf <> ''",
        decision,
    )[0]


def _run_of(cluster: Cluster, decision: int) -> tuple[str, int, int]:
    rows = cluster.sql(
        "SELECT status, done, total FROM dossiers_certificaterun"
        " WHERE decision_id = %s ORDER BY id DESC LIMIT 1",
        decision,
    )
    return rows[0] if rows else ("", 0, 0)


def _until(what: str, test: Callable[[], bool], seconds: float) -> float:
    started = time.monotonic()
    while not test():
        if time.monotonic() - started > seconds:
            raise AssertionError(f"timed out after {seconds:.0f} s waiting for {what}")
        time.sleep(0.2)
    return time.monotonic() - started


def _tasks(cluster: Cluster, decision: int) -> list[tuple[str, str, str]]:
    return cluster.sql(
        "SELECT t.status, t.worker_ids::text, t.exception_class_path"
        " FROM django_tasks_database_dbtaskresult t"
        " JOIN dossiers_certificaterun r ON t.args_kwargs->'args'->>0 = r.id::text"
        f" AND t.task_path = '{TASK}'"
        " WHERE r.decision_id = %s ORDER BY t.enqueued_at",
        decision,
    )


def check_killed_worker(
    cluster: Cluster, officer: Browser, a: str, decision: int
) -> dict[str, Any]:
    started = _post(officer, a, f"/admin/ho-so/quyet-dinh/{decision}/in-bang/")
    assert started.status_code == 302, started.text[:300]
    _until(
        "the first certificates",
        lambda: _certificates(cluster, decision)[0] >= SMALL // 4,
        600,
    )
    cluster.stop("worker-a", signal.SIGKILL)
    at_kill = _certificates(cluster, decision)[0]
    assert at_kill < SMALL, "the batch finished before the kill"
    took = _until(
        "the batch to finish", lambda: _run_of(cluster, decision)[0] == "done", 900
    )
    made = _certificates(cluster, decision)
    assert made == (SMALL, SMALL, SMALL), made
    files = len(list((cluster.tmp / "private").rglob("*.pdf")))
    # the killed worker's task: closed by the lease instead of RUNNING forever
    closed = _until(
        "the killed worker's task to be closed",
        lambda: all(s != "RUNNING" for s, _, _ in _tasks(cluster, decision)),
        STALL_S * 3 + 30,
    )
    return {
        "at_kill": at_kill,
        "after_kill_s": took,
        "certificates": made[0],
        "files": files,
        "tasks": _tasks(cluster, decision),
        "closed_s": took + closed,
    }


def measure_big_batch(
    cluster: Cluster, officer: Browser, a: str, b: str, lb: str, decision: int
) -> dict[str, Any]:
    anon = Browser(ip="10.7.0.1")
    urls: list[tuple[str, Callable[[], Any]]] = [
        ("back office, node A", lambda: officer.go("GET", a, BACK_OFFICE)),
        ("back office, node B", lambda: officer.go("GET", b, BACK_OFFICE)),
        ("public decision list, nginx", lambda: anon.go("GET", lb, "/quyet-dinh/")),
    ]
    stop = threading.Event()
    idle: dict[str, list[float]] = {}
    threading.Timer(30, stop.set).start()
    idle = _sampler(urls, stop)
    load_idle = os.getloadavg()
    stop = threading.Event()
    busy: dict[str, list[float]] = {}
    sampler = threading.Thread(target=lambda: busy.update(_sampler(urls, stop)))
    sampler.start()
    loads: list[float] = []
    try:
        began = time.monotonic()
        started = _post(officer, a, f"/admin/ho-so/quyet-dinh/{decision}/in-bang/")
        assert started.status_code == 302

        def finished() -> bool:
            loads.append(os.getloadavg()[0])
            time.sleep(2)
            return _run_of(cluster, decision)[0] in ("done", "failed")

        try:
            _until("the big batch", finished, BIG_LIMIT_S)
            complete = True
        except AssertionError:  # bounded: report how far it got
            complete = False
        elapsed = time.monotonic() - began
    finally:
        stop.set()
        sampler.join(60)
    made = _certificates(cluster, decision)
    assert made[0] == made[1] == made[2], made  # never one twice
    assert not complete or made[0] == BIG, made
    workers = cluster.sql(
        "SELECT t.worker_ids::text FROM django_tasks_database_dbtaskresult t"
        " JOIN dossiers_certificaterun r ON t.args_kwargs->'args'->>0 = r.id::text"
        f" AND t.task_path = '{TASK}'"
        " WHERE r.decision_id = %s",
        decision,
    )
    return {
        "elapsed": elapsed,
        "count": made[0],
        "complete": complete,
        "idle": idle,
        "busy": busy,
        "load_idle": load_idle,
        "loads": loads,
        "workers": [w for (w,) in workers],
    }


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) > 2 else float("nan")


def run() -> str:
    for tool in ("redis-server", "nginx", "wrk", "openssl", "taskset"):
        if not shutil.which(tool):
            return (
                "## nodes — more than one machine\n\n"
                f"Skipped: `{tool}` is missing (`apt-get install -y nginx wrk redis-server`).\n"
            )
    load_before = os.getloadavg()
    began = time.monotonic()
    cluster = Cluster(PORTS)
    a, b = (f"http://127.0.0.1:{PORTS[n]}" for n in ("A", "B"))
    lb = f"https://127.0.0.1:{PORTS['nginx']}"
    results: dict[str, Any] = {"cores": os.cpu_count(), "big": BIG, "small": SMALL}
    try:
        ids = cluster.prepare("nodes_world.py", str(SMALL), str(BIG))
        results["setup_s"] = time.monotonic() - began
        cluster.node("node-a", PORTS["A"], cpu=0, workers=2)
        wait_up(
            a + ARTICLE
        )  # one at a time: two nodes importing Django at once is slow
        cluster.node("node-b", PORTS["B"], cpu=1, workers=2)
        wait_up(b + ARTICLE)
        cluster.start_nginx([PORTS["A"], PORTS["B"]], one=PORTS["A"])
        wait_up(lb + ARTICLE)
        officer, results["sessions"] = check_sessions(a, b)
        results["publish"] = check_publish(officer, a, b, lb, ids["article"])
        results["counts"] = check_counts(cluster, a, b, ids["article"], ids["poll"])
        results["ratio"] = measure_ratio(officer)
        for name in ("a", "b"):
            cluster.worker(
                f"worker-{name}", f"node-{name}", TASK_STALL_SECONDS=str(STALL_S)
            )
        results["killed"] = check_killed_worker(cluster, officer, a, ids["small"])
        cluster.worker(
            "worker-a", "node-a", TASK_STALL_SECONDS=str(STALL_S)
        )  # systemd's restart
        results["batch"] = measure_big_batch(cluster, officer, a, b, lb, ids["big"])
    except BaseException:
        sys.stderr.write(cluster.tails())
        raise
    finally:
        cluster.close()
    results["load"] = (load_before, os.getloadavg())
    results["total_s"] = time.monotonic() - began
    return report(results, _p95)


if __name__ == "__main__":
    sys.stdout.write(run())
