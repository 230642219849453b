"""1,000 certificates for one decision in the background, and the web's latency meanwhile.

A fresh SQLite database and media folder under var/bench-certificates/; a granian
(2 workers) and a `manage.py db_worker` are started on loopback and stopped at the end.
Latency is sampled on two public pages (decision list, one decision's awardee list)
while idle and while the worker renders.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench-certificates"
PORT = 8791
COUNT = 1000
LIMIT_S = 600


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{WORK / 'db.sqlite3'}",
        MEDIA_ROOT=str(WORK / "media"),
        DJANGO_SETTINGS_MODULE="thidua.settings.dev",
        DJANGO_DEBUG="False",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        PYTHONPATH=str(ROOT),
    )
    return env


def _setup() -> int:
    """Migrate, seed a small world and issue one decision with COUNT awardees."""
    os.environ.update(_env())
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    sys.path.insert(0, str(ROOT / "bench"))
    from worlds import issued_decision

    from thidua.commendations.catalogue import load_catalogue
    from thidua.dossiers.tests.factories import small_world

    load_catalogue()
    return issued_decision(small_world(), count=COUNT)


def _get(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def _sample(urls: list[str], seconds: float | None = None, n: int = 20) -> list[float]:
    timings: list[float] = []
    deadline = time.monotonic() + seconds if seconds else None
    while (deadline and time.monotonic() < deadline) or (
        not deadline and len(timings) < n
    ):
        timings.append(_get(urls[len(timings) % len(urls)]))
        time.sleep(0.5)  # a few visitors, not a load test
    return timings


def _fmt(t: list[float]) -> str:
    q = statistics.quantiles(t, n=20)
    return (
        f"{statistics.median(t):.0f} ms median, {q[18]:.0f} ms p95 ({len(t)} requests)"
    )


def _wait_http(url: str) -> None:
    for _ in range(100):
        try:
            _get(url)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def run() -> str:
    load_before = os.getloadavg()[0]
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    env = _env()
    decision_id = _setup()
    from thidua.dossiers import services
    from thidua.dossiers.models import CertificateRun, Decision

    base = f"http://127.0.0.1:{PORT}"
    urls = [f"{base}/quyet-dinh/", f"{base}/quyet-dinh/{decision_id}/"]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "granian",
            "--interface",
            "wsgi",
            "--port",
            str(PORT),
            "--workers",
            "2",
            "thidua.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = None
    try:
        _wait_http(urls[0])
        idle = _sample(urls)
        worker = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--interval",
                "0.2",
                "--no-startup-delay",
                "--no-reload",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1)  # worker start-up is not part of the job
        started = time.perf_counter()
        run_obj = services.certificates_start(
            decision=Decision.objects.get(pk=decision_id), by=None
        )
        busy: list[float] = []
        while time.perf_counter() - started < LIMIT_S:
            busy.extend(_sample(urls, seconds=2))
            run_obj = CertificateRun.objects.get(pk=run_obj.pk)
            if run_obj.status in ("done", "failed"):
                break
        elapsed = time.perf_counter() - started
    finally:
        for process in (worker, server):
            if process is not None:
                process.terminate()  # db_worker finishes its task first; don't wait for it
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
    pdf_bytes = sum(p.stat().st_size for p in (WORK / "media").rglob("*.pdf"))
    verdict = "met" if run_obj.status == "done" and elapsed < 120 else "NOT met"
    return "\n".join(
        [
            "## certificates — 1,000 certificates in the background, web latency meanwhile",
            "",
            f"- Certificates: {run_obj.done}/{run_obj.total}, status `{run_obj.status}`, "
            f"**{elapsed:.1f} s** from enqueue to done (one `db_worker`, SQLite WAL); "
            f"target < 120 s: {verdict}.",
            f"- Per certificate: {1000 * elapsed / max(run_obj.done, 1):.0f} ms; "
            f"PDF size {pdf_bytes / max(run_obj.done, 1) / 1024:.0f} KB each (fonts subset and embedded).",
            f"- Public pages idle: {_fmt(idle)}.",
            f"- Same pages while the worker renders: {_fmt(busy)}.",
            "- Pages sampled: `/quyet-dinh/` and `/quyet-dinh/<id>/` (1,000 awardees), granian "
            "with 2 workers, loopback; the machine has 2 CPU cores shared by server, worker and client.",
            f"- Machine load average (1 min) before / after: {load_before:.1f} / "
            f"{os.getloadavg()[0]:.1f}; above 2 the worker shares the cores with other work "
            "and the time stretches accordingly.",
        ]
    )
