"""Portal article: nginx static file vs the app (production setup, cache, no cache).

Loopback only, bounded: a throwaway SQLite database with the portal demo, then
`wrk -t2 -c32 -d10s --latency` against
  1. nginx serving the article's HTML as a static file (the yardstick);
  2. the recommended production setup: nginx micro-cache (1 s, keyed by the
     font-size/contrast cookies) in front of gunicorn with the full-page cache;
  3. gunicorn alone answering from the Django full-page cache;
  4. gunicorn rendering every request (PAGE_CACHE_SECONDS=0).
Views are counted by the page's beacon (an uncached endpoint), so caching does
not lose counts; its own throughput is measured too. Every server started here
is stopped before returning.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
NGINX_PORT, PROXY_PORT, APP_PORT, NOCACHE_PORT = 18181, 18182, 18183, 18184
ARTICLE = "/tin-tuc/khoi-huyen-thanh-pho-tong-ket-thi-dua-2020/"
WRK = ["wrk", "-t2", "-c32", "-d10s", "--latency", "-H", "Accept-Encoding: gzip"]

NGINX_CONF = """
worker_processes 2;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  gzip on; gzip_types text/css application/javascript; gzip_min_length 256;
  proxy_cache_path {tmp}/cache keys_zone=pages:10m max_size=50m;
  server {{
    listen 127.0.0.1:{static_port};
    root {tmp}/www;
    location / {{ default_type text/html; gzip_static on; }}
  }}
  server {{
    listen 127.0.0.1:{proxy_port};
    location / {{
      proxy_pass http://127.0.0.1:{app_port};
      proxy_set_header Host $host;
      proxy_set_header X-Real-IP $remote_addr;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      # cached pages vary only by the display cookies; logged-in users bypass
      proxy_cache pages;
      proxy_cache_key "$host$request_uri|$cookie_cochu|$cookie_tuongphan|$http_accept_encoding";
      proxy_cache_bypass $cookie_sessionid;
      proxy_no_cache $cookie_sessionid;
      proxy_ignore_headers Vary;
      proxy_cache_valid 200 1s;
      proxy_cache_use_stale updating;
      proxy_cache_lock on;
    }}
    location /tuong-tac/ {{
      proxy_pass http://127.0.0.1:{app_port};
      proxy_set_header Host $host;
      proxy_set_header X-Real-IP $remote_addr;
    }}
  }}
}}
"""


def _env(db: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="thidua.settings.dev",
        DJANGO_DEBUG="False",
        DATABASE_URL=f"sqlite:///{db}",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="ERROR",
        **extra,
    )
    return env


def _wait(url: str, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer")


def _wrk(url: str, *extra: str) -> dict[str, float]:
    out = subprocess.run(
        [*WRK, *extra, url], capture_output=True, text=True, timeout=60
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p99": float(p99.group(1)) * scale,
        "errors": int(errors.group(1)) if errors else 0,
    }


def _gunicorn(db: Path, port: int, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            GUNICORN,
            "thidua.wsgi",
            "-w",
            "2",
            "--threads",
            "4",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "error",
        ],
        cwd=ROOT,
        env=_env(db, **env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
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
        # served by nginx or WhiteNoise in production; read from the source tree here
        body = (ROOT / "static" / asset.removeprefix("/static/")).read_bytes()
        total += len(gzip.compress(body, 9))
        names.append(asset)
    names.append("/tuong-tac/b/ (beacon)")
    total += 400  # the beacon's JSON answer, measured below at about this size
    return total, len(names), names


def run() -> str:
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            return "## portal — article throughput\n\nSkipped: `apt-get install -y wrk nginx` first.\n"
    tmp = Path(tempfile.mkdtemp(prefix="bench-portal-"))
    tmp.chmod(0o755)  # nginx workers run as an unprivileged user
    db = tmp / "portal.sqlite3"
    procs: list[subprocess.Popen] = []
    nginx_started = False
    try:
        subprocess.run(
            [PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=_env(db), check=True
        )
        subprocess.run(
            [
                PY,
                "manage.py",
                "shell",
                "-c",
                "import io; from thidua.units import demo as u; from thidua.portal import demo as p; "
                "u.load(io.StringIO()); p.load(io.StringIO())",
            ],
            cwd=ROOT,
            env=_env(db),
            check=True,
        )
        media = tmp / "media"
        cached = _gunicorn(
            db, APP_PORT, MEDIA_ROOT=str(media), PAGE_CACHE_SECONDS="300"
        )
        uncached = _gunicorn(
            db, NOCACHE_PORT, MEDIA_ROOT=str(media), PAGE_CACHE_SECONDS="0"
        )
        procs += [cached, uncached]
        _wait(f"http://127.0.0.1:{APP_PORT}{ARTICLE}", 60)
        _wait(f"http://127.0.0.1:{NOCACHE_PORT}{ARTICLE}", 60)

        (tmp / "www").mkdir()
        html = urllib.request.urlopen(
            f"http://127.0.0.1:{NOCACHE_PORT}{ARTICLE}"
        ).read()
        (tmp / "www" / "article.html").write_bytes(html)
        # nginx sends a pre-compressed copy, as a tuned static site would
        (tmp / "www" / "article.html.gz").write_bytes(gzip.compress(html, 6))
        conf = tmp / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(
                tmp=tmp,
                static_port=NGINX_PORT,
                proxy_port=PROXY_PORT,
                app_port=APP_PORT,
            )
        )
        subprocess.run(["nginx", "-c", str(conf), "-p", str(tmp)], check=True)
        nginx_started = True
        _wait(f"http://127.0.0.1:{NGINX_PORT}/article.html")
        _wait(f"http://127.0.0.1:{PROXY_PORT}{ARTICLE}")

        for port in (APP_PORT, PROXY_PORT):  # warm every worker's cache
            for _ in range(20):
                urllib.request.urlopen(f"http://127.0.0.1:{port}{ARTICLE}").read()

        results = {
            "nginx, static file": _wrk(f"http://127.0.0.1:{NGINX_PORT}/article.html"),
            "production: nginx micro-cache + gunicorn + page cache": _wrk(
                f"http://127.0.0.1:{PROXY_PORT}{ARTICLE}"
            ),
            "gunicorn alone, from the page cache": _wrk(
                f"http://127.0.0.1:{APP_PORT}{ARTICLE}"
            ),
            "gunicorn, rendering (no cache)": _wrk(
                f"http://127.0.0.1:{NOCACHE_PORT}{ARTICLE}"
            ),
        }
        lua = tmp / "beacon.lua"
        lua.write_text(
            'wrk.method = "POST"\nwrk.body = "p=5&u=/"\n'
            'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
            'wrk.headers["Accept"] = "application/json"\n'
        )
        beacon = _wrk(f"http://127.0.0.1:{APP_PORT}/tuong-tac/b/", "-s", str(lua))
        weight, requests, names = _first_view(f"http://127.0.0.1:{APP_PORT}")
        counted = (
            subprocess.run(
                [
                    PY,
                    "manage.py",
                    "shell",
                    "-c",
                    "from thidua.engagement.models import Hit; print(Hit.objects.count())",
                ],
                cwd=ROOT,
                env=_env(db),
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )  # the shell may print a banner first
    finally:
        if nginx_started:
            subprocess.run(
                ["nginx", "-c", str(tmp / "nginx.conf"), "-p", str(tmp), "-s", "stop"],
                check=False,
            )
        for proc in procs:
            _stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)

    base = results["nginx, static file"]["rps"]
    lines = [
        "## portal — article page: nginx static vs the app",
        "",
        f"`wrk -t2 -c32 -d10s` on loopback, article `{ARTICLE}` (demo data, SQLite, gunicorn 2 workers × 4 threads, "
        f"locmem page cache; {os.cpu_count()} cores shared by wrk, nginx and the app).",
        "",
        "| setup | requests/s | p99 | ratio to nginx | non-2xx |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, r in results.items():
        ratio = r["rps"] / base if base else 0
        lines.append(
            f"| {name} | {r['rps']:,.0f} | {r['p99']:.1f} ms | 1/{1 / ratio:.1f} | {r['errors']} |"
            if ratio
            else f"| {name} | 0 | – | – | – |"
        )
    lines += [
        "",
        f"Beacon (`POST /tuong-tac/b/`, one INSERT per view, uncached): {beacon['rps']:,.0f} requests/s, "
        f"p99 {beacon['p99']:.1f} ms; the database held {counted} counted views after the run.",
        "",
        f"Article first view before photos: **{weight / 1024:.1f} KB compressed in {requests} requests** "
        f"({', '.join(names)}). Targets: production ≥ 1/2 of nginx with p99 < 50 ms; cache ≥ 1/7; "
        "uncached ≥ 1/200; first view ≤ 50 KB and ≤ 6 requests.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.stdout.write(run())
