"""Portal article: nginx serving it as a static file vs the application, with the
recommended production setup of docs/deploy/.

Loopback only, bounded (about three minutes): a throwaway SQLite database with
the portal demo, a private redis-server, granian started with the settings of
docs/deploy/granian.env and nginx with docs/deploy/nginx.conf (loopback
ports and a temporary directory substituted), then `wrk -t2 -c32 -d10s` against
  1. nginx serving the article's HTML as a static file (the yardstick);
  2. the production setup: nginx micro-cache + granian + the page cache in Redis;
  3. granian alone answering from the page cache (Redis, then local memory),
     which thidua/portal/wsgi_cache.py fronts with a per-worker copy;
  4. granian rendering every request (PAGE_CACHE_SECONDS=0).
Views are counted by the page's beacon, an uncached endpoint; its throughput is
measured too and the database's count is compared with the requests wrk made.
Every process started here is stopped before returning.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "docs" / "deploy"
PY = str(ROOT / ".venv" / "bin" / "python")
GRANIAN = str(ROOT / ".venv" / "bin" / "granian")
STATIC_PORT, PROXY_PORT, REDIRECT_PORT = 18181, 18182, 18180
APP_PORT, NOCACHE_PORT, LOCMEM_PORT, REDIS_PORT = 18183, 18184, 18185, 18186
ARTICLE = "/tin-tuc/khoi-huyen-thanh-pho-tong-ket-thi-dua-2020/"
WRK = ["wrk", "-t2", "-c32", "-d10s", "--latency", "-H", "Accept-Encoding: gzip"]

# The bench's own nginx frame: the yardstick server and the deploy file.
NGINX_MAIN = """
worker_processes auto;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  default_type application/octet-stream;
  types {{ text/html html; text/css css; application/javascript js; }}
  server {{
    listen 127.0.0.1:{static_port};
    root {tmp}/www;
    location / {{ default_type text/html; gzip_static on; }}
  }}
  include {tmp}/thidua.conf;
}}
"""


def deploy_nginx_conf(tmp: Path, app_port: int) -> str:
    """docs/deploy/nginx.conf with loopback ports, no TLS and temporary paths."""
    text = (DEPLOY / "nginx.conf").read_text()
    for old, new in {
        "listen 80;": f"listen 127.0.0.1:{REDIRECT_PORT};",
        "listen 443 ssl;": f"listen 127.0.0.1:{PROXY_PORT};",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{app_port};",
        "/var/cache/nginx/thidua": str(tmp / "cache"),
        "/srv/thidua/var/static/": f"{ROOT / 'static'}/",
        "/srv/thidua/var/media/": f"{tmp / 'media'}/",
        "/etc/nginx/thidua_proxy_params": str(DEPLOY / "thidua_proxy_params"),
    }.items():
        if old not in text:
            raise RuntimeError(f"docs/deploy/nginx.conf no longer contains {old!r}")
        text = text.replace(old, new)
    tls = re.compile(r"^\s*(ssl_|http2 |add_header Strict-Transport-Security)")
    return "\n".join(line for line in text.splitlines() if not tls.match(line))


def _env(db: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="thidua.settings.dev",
        DJANGO_DEBUG="False",
        DATABASE_URL=f"sqlite:///{db}",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        TRUST_X_REAL_IP="True",
        LOG_LEVEL="ERROR",
        **extra,
    )
    return env


def _wait(url: str, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer")


def _wrk(url: str, *extra: str, warm: bool = True) -> dict[str, float]:
    if warm:
        # two seconds of the same load first, not measured: the first second
        # after a setup change showed a latency tail that steady runs never did
        short = [arg if arg != "-d10s" else "-d2s" for arg in WRK]
        subprocess.run([*short, *extra, url], capture_output=True, timeout=60)
    out = subprocess.run(
        [*WRK, *extra, url], capture_output=True, text=True, timeout=60
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": rps,
        "p99": float(p99.group(1)) * scale,
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def _start(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        args,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _granian_env() -> dict[str, str]:
    """docs/deploy/granian.env as a dict (KEY=VALUE lines, # comments)."""
    lines = (DEPLOY / "granian.env").read_text().splitlines()
    pairs = (
        line.split("=", 1) for line in lines if "=" in line and not line.startswith("#")
    )
    return {key.strip(): value.strip() for key, value in pairs}


def _app(db: Path, port: int, **env: str) -> subprocess.Popen:
    return _start(
        [GRANIAN, "thidua.wsgi:application"],
        _env(db, **(_granian_env() | {"GRANIAN_PORT": str(port)}), **env),
    )


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def _first_view(base: str) -> tuple[int, int, list[str]]:
    """Compressed bytes and request count of the article before photos."""
    req = urllib.request.Request(base + ARTICLE, headers={"Accept-Encoding": "gzip"})
    html_gz = urllib.request.urlopen(req).read()
    html = gzip.decompress(html_gz).decode()
    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) + re.findall(
        r'<script src="([^"]+)"', html
    )
    total, names = len(html_gz), [ARTICLE]
    for asset in assets:
        # nginx sends these with gzip_static; read from the source tree here
        body = (ROOT / "static" / asset.removeprefix("/static/")).read_bytes()
        total += len(gzip.compress(body, 9))
        names.append(asset)
    names.append("/tuong-tac/b/ (beacon)")
    total += 400  # the beacon's JSON answer, about this size
    return total, len(names), names


def _hits(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT COUNT(*) FROM engagement_hit").fetchone()[0]


def _server_settings() -> str:
    conf = _granian_env()
    threads = conf["GRANIAN_BLOCKING_THREADS"]
    plural = "" if threads == "1" else "s"
    return f"{conf['GRANIAN_WORKERS']} workers × {threads} thread{plural}"


def run() -> str:
    for tool in ("wrk", "nginx", "redis-server"):
        if not shutil.which(tool):
            return (
                "## portal — article throughput\n\n"
                f"Skipped: `{tool}` is missing (`apt-get install -y wrk nginx redis-server`).\n"
            )
    load_before = os.getloadavg()
    tmp = Path(tempfile.mkdtemp(prefix="bench-portal-"))
    tmp.chmod(0o755)  # nginx workers run as an unprivileged user
    db = tmp / "portal.sqlite3"
    media = str(tmp / "media")  # the demo's photos, and their renditions
    procs: list[subprocess.Popen] = []
    nginx_started = False
    try:
        subprocess.run(
            [PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=_env(db), check=True
        )
        subprocess.run(
            [
                PY,
                "-c",
                "import io, django; django.setup(); "
                "from thidua.units import demo as u; from thidua.portal import demo as p; "
                "u.load(io.StringIO()); p.load(io.StringIO())",
            ],
            cwd=ROOT,
            env=_env(db, MEDIA_ROOT=media),
            check=True,
        )
        redis = _start(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(REDIS_PORT),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(tmp),
            ]
        )
        procs.append(redis)
        redis_url = f"redis://127.0.0.1:{REDIS_PORT}/0"
        apps = {
            APP_PORT: {"REDIS_URL": redis_url},
            NOCACHE_PORT: {"REDIS_URL": redis_url, "PAGE_CACHE_SECONDS": "0"},
            LOCMEM_PORT: {},
        }
        for port, extra in apps.items():
            # one at a time: nine workers importing Django at once on two cores
            # would take longer than the wait allows
            procs.append(_app(db, port, MEDIA_ROOT=media, **extra))
            _wait(f"http://127.0.0.1:{port}{ARTICLE}")

        (tmp / "www").mkdir()
        html = urllib.request.urlopen(
            f"http://127.0.0.1:{NOCACHE_PORT}{ARTICLE}"
        ).read()
        (tmp / "www" / "article.html").write_bytes(html)
        # nginx sends a pre-compressed copy, as a tuned static site would
        (tmp / "www" / "article.html.gz").write_bytes(gzip.compress(html, 6))
        (tmp / "thidua.conf").write_text(deploy_nginx_conf(tmp, APP_PORT))
        conf = tmp / "nginx.conf"
        conf.write_text(NGINX_MAIN.format(tmp=tmp, static_port=STATIC_PORT))
        subprocess.run(["nginx", "-c", str(conf), "-p", str(tmp)], check=True)
        nginx_started = True
        _wait(f"http://127.0.0.1:{STATIC_PORT}/article.html")
        _wait(f"http://127.0.0.1:{PROXY_PORT}{ARTICLE}")

        # warm every worker (templates, fragments, the page cache)
        for port in (APP_PORT, LOCMEM_PORT, NOCACHE_PORT, PROXY_PORT):
            for _ in range(30):
                urllib.request.urlopen(f"http://127.0.0.1:{port}{ARTICLE}").read()

        results = {
            "nginx, static file": _wrk(f"http://127.0.0.1:{STATIC_PORT}/article.html"),
            "production: nginx micro-cache → granian → page cache (Redis)": _wrk(
                f"http://127.0.0.1:{PROXY_PORT}{ARTICLE}"
            ),
            "granian alone, from the page cache (Redis)": _wrk(
                f"http://127.0.0.1:{APP_PORT}{ARTICLE}"
            ),
            "granian alone, from the page cache (local memory)": _wrk(
                f"http://127.0.0.1:{LOCMEM_PORT}{ARTICLE}"
            ),
            "granian, rendering every request (no page cache)": _wrk(
                f"http://127.0.0.1:{NOCACHE_PORT}{ARTICLE}"
            ),
        }
        lua = tmp / "beacon.lua"
        lua.write_text(
            'wrk.method = "POST"\nwrk.body = "p=5&u=/"\n'
            'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
            'wrk.headers["Accept"] = "application/json"\n'
        )
        hits_before = _hits(db)
        beacon = _wrk(
            f"http://127.0.0.1:{PROXY_PORT}/tuong-tac/b/", "-s", str(lua), warm=False
        )
        time.sleep(1)  # requests still in flight when wrk stopped
        counted = _hits(db) - hits_before
        weight, requests, names = _first_view(f"http://127.0.0.1:{PROXY_PORT}")
    finally:
        if nginx_started:
            subprocess.run(
                ["nginx", "-c", str(tmp / "nginx.conf"), "-p", str(tmp), "-s", "stop"],
                check=False,
            )
        for proc in procs:
            _stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)
    load_after = os.getloadavg()
    return _report(
        results, beacon, counted, weight, requests, names, load_before, load_after
    )


def _report(
    results: dict[str, dict],
    beacon: dict,
    counted: int,
    weight: int,
    requests: int,
    names: list[str],
    load_before: tuple[float, float, float],
    load_after: tuple[float, float, float],
) -> str:
    base = results["nginx, static file"]["rps"]
    targets = {
        "production": (2, 50.0),
        "granian alone, from the page cache (Redis)": (7, None),
        "granian, rendering": (200, None),
    }
    lines = [
        "## portal — article page: nginx static vs the application",
        "",
        f"`wrk -t2 -c32 -d10s` (after 2 s of the same load, not measured) on loopback "
        f"against `{ARTICLE}` (portal demo, SQLite, "
        f"granian with `docs/deploy/granian.env`: {_server_settings()}; nginx from "
        f"`docs/deploy/nginx.conf`; a private redis-server). `thidua.wsgi` answers repeated "
        "anonymous pages from each worker's memory before Django runs, re-reading the shared "
        "cache generations at most once a second. Without the page cache every request "
        "routes, queries and renders the templates; what only publishing changes (menu, "
        "categories, the article's body and related cards) comes from fragments kept until "
        f"the next publish, as in production. {os.cpu_count()} cores shared by "
        f"wrk, nginx, Redis and the application; load average {load_before[0]:.1f} before, "
        f"{load_after[0]:.1f} after (other engineers' jobs run on this machine too).",
        "",
        "| setup | requests/s | p99 | ratio to nginx | target | met | non-2xx |",
        "| --- | ---: | ---: | ---: | --- | --- | ---: |",
    ]
    for name, r in results.items():
        ratio = base / r["rps"] if r["rps"] else float("inf")
        target = next((t for k, t in targets.items() if name.startswith(k)), None)
        if target is None:
            goal, met = "–", "–"
        else:
            divisor, p99_max = target
            goal = f"≥ 1/{divisor}" + (f", p99 < {p99_max:.0f} ms" if p99_max else "")
            ok = ratio <= divisor and (p99_max is None or r["p99"] < p99_max)
            met = "yes" if ok else "**no**"
        lines.append(
            f"| {name} | {r['rps']:,.0f} | {r['p99']:.1f} ms | 1/{ratio:,.1f} | {goal} "
            f"| {met} | {r['errors']} |"
        )
    lines += [
        "",
        f"Counting: the beacon (`POST /tuong-tac/b/` through nginx, one INSERT per view, "
        f"never cached) answered {beacon['rps']:,.0f} requests/s, p99 {beacon['p99']:.1f} ms; "
        f"wrk completed {beacon['requests']:,} beacon requests and the database gained "
        f"{counted:,} views"
        + (
            " (equal: every view counted)."
            if counted == beacon["requests"]
            else " (requests still in flight when wrk stopped are counted too)."
        ),
        "",
        f"Article first view before photos: **{weight / 1024:.1f} KB compressed in {requests} "
        f"requests** ({', '.join(names)}); target ≤ 50 KB and ≤ 6 requests: "
        + ("met." if weight <= 50 * 1024 and requests <= 6 else "**not met**."),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.stdout.write(run())
