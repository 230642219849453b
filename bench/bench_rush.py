"""The year-end rush (issue 14, item 3): unit officers entering and sending their
figures at once, against the production setup, then every figure checked.

The README's production deployment as local processes (bench/nodes_cluster.py):
granian with `thidua.settings.prod` and docs/deploy/granian.env, nginx with
docs/deploy/nginx.conf over TLS, PostgreSQL (a database created and dropped
here), a private redis-server. The world is bench/rush_world.py: BENCH_RUSH_USERS
(200) communes in blocs of ten, each with one unit officer. locust
(bench/rush_locust.py) runs that many officers headless for BENCH_RUSH_SECONDS
(300), spawning RATE a second; each logs in through the real form, then goes
round: to-do home, its period's grid, its figures typed and saved, sent, last
year's ranking of its bloc, its dossier (think times in rush_plan.py).

Afterwards the database is checked against what locust saw confirmed: one row
per unit, indicator and period; each unit's values equal to the last ones it
saved; sent exactly when the last confirmed action was a send; one "gửi" event
per confirmed send (resends with the same token included) and one "rút lại"
per confirmed recall. Every process started is stopped before returning.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from nodes_cluster import ROOT, Cluster, granian_env, wait_up
from rush_report import report

PORTS = {
    "A": 18291,
    "B": 18292,
    "redis": 18293,
    "nginx": 18294,
    "nginx_one": 18295,
    "nginx_http": 18296,
}
DB = "thidua_rush_bench"
USERS = int(os.environ.get("BENCH_RUSH_USERS", "200"))
SECONDS = int(os.environ.get("BENCH_RUSH_SECONDS", "300"))
RATE = float(os.environ.get("BENCH_RUSH_RATE", "2"))  # officers logging in a second
STOP_S = 60  # a step under way when time is up is finished, not cut
LOCUST = str(ROOT / ".venv" / "bin" / "locust")


def _tree_cpu(pid: int) -> float:
    """CPU seconds so far of a process and everything under it, the children that
    have exited included (their time is added to their parent's when reaped)."""
    main = psutil.Process(pid)
    total = 0.0
    for proc in [main, *main.children(recursive=True)]:
        try:
            t = proc.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += t.user + t.system + t.children_user + t.children_system
    return total


def _postmaster() -> int:
    """The PostgreSQL server the benchmark uses (all its databases: other
    engineers' jobs use it too)."""
    for proc in psutil.process_iter(["name", "ppid"]):
        if proc.info["name"] == "postgres":
            parent = psutil.Process(proc.info["ppid"])
            if parent.name() != "postgres":
                return proc.pid
    raise RuntimeError("no PostgreSQL server process")


def _servers(cluster: Cluster) -> dict[str, float]:
    nginx = int((cluster.tmp / "nginx.pid").read_text().strip())
    return {
        "app": _tree_cpu(cluster.procs["node-a"].pid),
        "postgres": _tree_cpu(_postmaster()),
        "nginx": _tree_cpu(nginx),
        "redis": _tree_cpu(cluster.procs["redis"].pid),
    }


def _hash_cpu() -> float:
    """CPU seconds of one login's password check: Argon2id at Django 5.2's
    parameters, the project's hasher (docs/decisions/0015-argon2-passwords.md)."""
    from django.contrib.auth.hashers import Argon2PasswordHasher

    hasher = Argon2PasswordHasher()
    encoded = hasher.encode("mat-khau", hasher.salt())
    started = time.process_time()
    hasher.verify("mat-khau", encoded)
    return time.process_time() - started


def _machine_busy() -> float:
    times = psutil.cpu_times()
    return times.user + times.nice + times.system + times.irq + times.softirq


def run_locust(cluster: Cluster, lb: str, world: dict[str, Any]) -> dict[str, Any]:
    (cluster.tmp / "world.json").write_text(json.dumps(world), "utf-8")
    ledger = cluster.tmp / "ledger.json"
    env = {
        **os.environ,
        "RUSH_WORLD": str(cluster.tmp / "world.json"),
        "RUSH_LEDGER": str(ledger),
        "RUSH_ORIGIN": lb.rsplit(":", 1)[0],  # nginx passes Host without the port
    }
    args = [LOCUST, "-f", str(ROOT / "bench" / "rush_locust.py"), "--headless"]
    args += ["-u", str(USERS), "-r", str(RATE), "-t", f"{SECONDS}s"]
    args += ["--stop-timeout", str(STOP_S), "--host", lb]
    args += ["--only-summary"]
    loads: list[float] = []
    done = threading.Event()

    def sample() -> None:
        while not done.wait(5):
            loads.append(os.getloadavg()[0])

    sampler = threading.Thread(target=sample)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_before = _servers(cluster)
    busy, began = _machine_busy(), time.monotonic()
    sampler.start()
    try:
        with (cluster.tmp / "locust.log").open("wb") as log:
            subprocess.run(
                args,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=SECONDS + STOP_S + 120,
                check=False,  # locust exits 1 when a request failed: reported below
            )
    finally:
        done.set()
        sampler.join()
    elapsed = time.monotonic() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    spent = {k: v - cpu_before[k] for k, v in _servers(cluster).items()}
    return {
        "elapsed": elapsed,
        "loads": loads,
        "locust_cpu": after.ru_utime
        + after.ru_stime
        - children.ru_utime
        - children.ru_stime,
        "cpu": spent,
        "busy_cpu": _machine_busy() - busy,
        "ledger": json.loads(ledger.read_text("utf-8")) if ledger.exists() else {},
        "log": (cluster.tmp / "locust.log").read_text(errors="replace")[-3000:],
    }


def page_stats(samples: list[list[Any]]) -> list[dict[str, Any]]:
    """Per page and for all requests: count, failures, exact percentiles (ms)."""
    pages: dict[tuple[str, str], list[list[Any]]] = {}
    for sample in samples:
        pages.setdefault((sample[0], sample[1]), []).append(sample)
    pages[("", "all requests")] = samples
    out = []
    for (method, name), rows in pages.items():
        times = sorted(row[2] for row in rows)
        cuts = (
            statistics.quantiles(times, n=100, method="inclusive")
            if len(times) > 1
            else times * 99
        )
        out.append({"method": method, "name": name, "requests": len(rows),
                    "failures": sum(row[3] is not None for row in rows),
                    "p50": cuts[49], "p95": cuts[94], "p99": cuts[98], "max": times[-1]})  # fmt: skip
    return out


def failures(samples: list[list[Any]]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for method, name, _, error in samples:
        if error is not None:
            key = f"{method} {name}: {error}"
            counts[key] = counts.get(key, 0) + 1
    return sorted(counts.items(), key=lambda kv: -kv[1])


def verify(cluster: Cluster, ledger: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The database against what each officer saw confirmed."""
    duplicates = cluster.sql(
        "SELECT count(*) FROM (SELECT 1 FROM emulation_actualvalue"
        " GROUP BY period_id, unit_id, indicator_id HAVING count(*) > 1) d"
    )[0][0]
    values: dict[tuple[int, int], dict[str, tuple[Any, ...]]] = {}
    for period, unit, code, value, num, den, status in cluster.sql(
        "SELECT a.period_id, a.unit_id, i.code, a.value, a.numerator, a.denominator,"
        " a.status FROM emulation_actualvalue a"
        " JOIN emulation_indicator i ON i.id = a.indicator_id"
    ):
        values.setdefault((period, unit), {})[code] = (value, num, den, status)
    events: dict[str, dict[str, int]] = {}
    for username, message in cluster.sql(
        "SELECT u.username, e.message FROM core_auditentry e"
        " JOIN accounts_user u ON u.id = e.actor_id"
        " WHERE e.action = 'event' AND e.model = 'reportingperiod'"
        " AND u.username LIKE 'canbo%%'"
    ):
        kind = "recalls" if "rút lại" in message else "submits"
        events.setdefault(username, {"submits": 0, "recalls": 0})[kind] += 1
    problems: list[str] = []
    checked = {"units": 0, "figures": 0, "sent": 0}
    for username, log in sorted(ledger.items()):
        rows = values.get((log["period"], log["unit"]), {})
        seen = events.get(username, {"submits": 0, "recalls": 0})
        if log["uncertain"]:
            problems.append(f"{username}: {log['uncertain']} unconfirmed writes")
            continue
        for kind in ("submits", "recalls"):
            if seen[kind] != log[kind]:
                problems.append(f"{username}: {seen[kind]} {kind} in the database, {log[kind]} confirmed")  # fmt: skip
        saved = log["saved"] or {}
        if set(rows) != set(saved):
            problems.append(f"{username}: figures {sorted(rows)} stored, {sorted(saved)} saved")  # fmt: skip
            continue
        want = "submitted" if log["sent"] else "draft"
        for code, expected in saved.items():
            value, num, den, status = rows[code]
            same = abs(value - expected["value"]) < 1e-9 and num == expected.get(
                "numerator"
            ) and den == expected.get("denominator")  # fmt: skip
            if not same or status != want:
                problems.append(f"{username} {code}: {value}/{num}/{den} {status}, expected {expected} {want}")  # fmt: skip
            checked["figures"] += 1
        checked["units"] += 1
        checked["sent"] += bool(log["sent"])
    return {
        "duplicates": duplicates,
        "problems": problems,
        "checked": checked,
        "submits": sum(log["submits"] for log in ledger.values()),
        "resends": sum(log["resends"] for log in ledger.values()),
        "recalls": sum(log["recalls"] for log in ledger.values()),
        "saves": sum(log["saves"] for log in ledger.values()),
        "events": sum(e["submits"] for e in events.values()),
        "claims": cluster.sql("SELECT count(*) FROM core_formsubmission")[0][0],
    }


def run() -> str:
    for tool in ("redis-server", "nginx", "openssl"):
        if not shutil.which(tool):
            return (
                "## rush — the year-end rush\n\n"
                f"Skipped: `{tool}` is missing (`apt-get install -y nginx redis-server`).\n"
            )
    load_before = os.getloadavg()
    began = time.monotonic()
    cluster = Cluster(PORTS, db=DB)
    a = f"http://127.0.0.1:{PORTS['A']}"
    lb = f"https://127.0.0.1:{PORTS['nginx']}"
    results: dict[str, Any] = {"users": USERS, "seconds": SECONDS, "rate": RATE}
    try:
        world = cluster.prepare("rush_world.py", str(USERS))
        results["setup_s"] = time.monotonic() - began
        workers = int(granian_env()["GRANIAN_WORKERS"])
        results["workers"] = workers
        cluster.node("node-a", PORTS["A"], cpu=None, workers=workers)
        wait_up(a + "/admin/login/")
        cluster.start_nginx([PORTS["A"]], one=PORTS["A"])
        wait_up(lb + "/admin/login/")
        time.sleep(10)  # let the start-up's load settle before "before"
        results["load_idle"] = os.getloadavg()
        results["hash_s"] = _hash_cpu()
        results["run"] = run_locust(cluster, lb, world)
        results["load_after"] = os.getloadavg()
        ledger = results["run"]["ledger"]
        results["check"] = verify(cluster, ledger.get("officers", {}))
        results["stats"] = page_stats(ledger.get("requests", []))
        results["failures"] = failures(ledger.get("requests", []))
    except BaseException:
        sys.stderr.write(cluster.tails())
        raise
    finally:
        cluster.close()
    results["load_before"] = load_before
    results["total_s"] = time.monotonic() - began
    return report(results)


if __name__ == "__main__":
    sys.stdout.write(run())
