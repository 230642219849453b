"""Weak network: the commune officer's figures grid and a dossier page in Chromium
on a throttled link, before and after the light frame (issue 14, item 6).

Loopback only, bounded (about fifteen minutes here, most of it building the demo
and collecting static files twice): a throwaway SQLite database with the demo
(the portal's photos left out), the application as production runs it
(`thidua.settings.prod`, granian with `docs/deploy/granian.env`, nginx with
`docs/deploy/nginx.conf`: static files from collectstatic with `gzip_static`,
TLS left out) twice — the current tree ("after") and the commit before the
light frame ("before", a temporary git worktree on the same database). Each page
is opened by its demo login in headless Chromium with CDP
`Network.emulateNetworkConditions` at 400 kbit/s down and up and 400 ms latency:
cold (browser cache disabled) and warm (the page visited once before, so the
static files come from the cache). Bytes are what crossed the link (CDP
`encodedDataLength`, headers included) for everything but images.
Every process started here is stopped and the worktree removed before returning.
"""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "docs" / "deploy"
PY = str(ROOT / ".venv" / "bin" / "python")
GRANIAN = str(ROOT / ".venv" / "bin" / "granian")
CHROMIUM = "/usr/bin/chromium"
BEFORE = "eddefe6"  # main just before the light frame and the one-time tokens landed
PORTS = {"before": (18401, 18402), "after": (18403, 18404)}  # (granian, nginx)
KBITS, LATENCY_MS = 400, 400
THROTTLE = {
    "offline": False,
    "latency": LATENCY_MS,
    "downloadThroughput": KBITS * 1000 / 8,
    "uploadThroughput": KBITS * 1000 / 8,
}
UNTHROTTLED = {
    "offline": False,
    "latency": 0,
    "downloadThroughput": -1,
    "uploadThroughput": -1,
}
RUNS = 3
IMAGE_SUFFIXES = (".ico", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
TARGET_KB = 100

NGINX_MAIN = """
worker_processes 1;
pid {tmp}/nginx-{name}.pid;
error_log {tmp}/nginx-{name}-error.log;
events {{ worker_connections 256; }}
http {{
  access_log off;
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  include {tmp}/thidua-{name}.conf;
}}
"""

# Which page each login works in; found through the application's own selectors.
FIND_PAGES = """
from thidua.accounts.models import User
from thidua.dossiers.selectors import dossier_list
from thidua.emulation.selectors import periods_to_fill
officer = User.objects.get(username="xatanuyen")
district = User.objects.get(username="tanuyen")
print(periods_to_fill(officer)[0].pk, dossier_list(district, status="draft").first().pk)
"""


def _env(db: Path, name: str) -> dict[str, str]:
    env = dict(os.environ)
    for key in ("REDIS_URL", "DJANGO_SETTINGS_MODULE", "PYTHONPATH"):
        env.pop(key, None)
    nginx_port = PORTS[name][1]
    env.update(
        DJANGO_SETTINGS_MODULE="thidua.settings.prod",
        DJANGO_SECRET_KEY="bench-weak-not-secret",
        DATABASE_URL=f"sqlite:///{db}",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{nginx_port}",
        DJANGO_SSL_REDIRECT="False",
        DJANGO_SECURE_COOKIES="False",
        DJANGO_HSTS_SECONDS="0",
        LOG_LEVEL="ERROR",
        MEDIA_ROOT=str(db.parent / "media"),
        PRIVATE_MEDIA_ROOT=str(db.parent / "private"),
    )
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    return subprocess.run(
        args, cwd=cwd, env=env, check=True, capture_output=True, text=True
    ).stdout


def _start(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        args,
        cwd=cwd,
        env=env,
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


def _wait(url: str, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer")


def _granian_env(port: int) -> dict[str, str]:
    lines = (DEPLOY / "granian.env").read_text().splitlines()
    pairs = (
        line.split("=", 1) for line in lines if "=" in line and not line.startswith("#")
    )
    conf = {key.strip(): value.strip() for key, value in pairs}
    # one worker is enough for one browser; the deploy file's other settings stay
    return conf | {"GRANIAN_PORT": str(port), "GRANIAN_WORKERS": "1"}


def _nginx_conf(tree: Path, name: str, tmp: Path) -> str:
    """docs/deploy/nginx.conf with loopback ports, no TLS and the tree's static files."""
    app, proxy = PORTS[name]
    text = (DEPLOY / "nginx.conf").read_text()
    for old, new in {
        "listen 80;": f"listen 127.0.0.1:{proxy + 100};",
        "listen 443 ssl;": f"listen 127.0.0.1:{proxy};",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{app};",
        "/var/cache/nginx/thidua": str(tmp / f"cache-{name}"),
        "/srv/thidua/var/static/": f"{tree / 'var' / 'static'}/",
        "/srv/thidua/var/media/": f"{tmp / 'media'}/",
        "/srv/thidua/var/private/": f"{tmp / 'private'}/",
        "/etc/nginx/thidua_proxy_params": str(DEPLOY / "thidua_proxy_params"),
    }.items():
        if old not in text:
            raise RuntimeError(f"docs/deploy/nginx.conf no longer contains {old!r}")
        text = text.replace(old, new)
    keep = [
        line
        for line in text.splitlines()
        if not line.strip().startswith(("ssl_", "http2 ", "add_header Strict"))
    ]
    return "\n".join(keep)


def _serve(tree: Path, name: str, db: Path, tmp: Path) -> list[Any]:
    """granian and nginx for one tree; returns what to stop."""
    env = _env(db, name)
    _run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], tree, env)
    app_port, proxy_port = PORTS[name]
    app = _start(
        [GRANIAN, "thidua.wsgi:application"], tree, env | _granian_env(app_port)
    )
    (tmp / f"thidua-{name}.conf").write_text(_nginx_conf(tree, name, tmp))
    conf = tmp / f"nginx-{name}.conf"
    conf.write_text(NGINX_MAIN.format(tmp=tmp, name=name))
    subprocess.run(["nginx", "-c", str(conf), "-p", str(tmp)], check=True)
    _wait(f"http://127.0.0.1:{proxy_port}/admin/login/")
    return [app, conf]


def _load(page: Any, cdp: Any, url: str, cold: bool) -> dict[str, Any]:
    """One throttled navigation: bytes and requests before images, timings."""
    seen: dict[str, dict[str, Any]] = {}

    def response(event: dict[str, Any]) -> None:
        seen.setdefault(event["requestId"], {}).update(
            url=event["response"]["url"], type=event["type"]
        )

    def finished(event: dict[str, Any]) -> None:
        seen.setdefault(event["requestId"], {})["bytes"] = event["encodedDataLength"]

    cdp.on("Network.responseReceived", response)
    cdp.on("Network.loadingFinished", finished)
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": cold})
    cdp.send("Network.emulateNetworkConditions", THROTTLE)
    try:
        page.goto(url, wait_until="load", timeout=180_000)
        page.wait_for_load_state("networkidle", timeout=60_000)
    finally:
        cdp.send("Network.emulateNetworkConditions", UNTHROTTLED)
        cdp.remove_listener("Network.responseReceived", response)
        cdp.remove_listener("Network.loadingFinished", finished)
    timing = page.evaluate(
        """() => {
        const n = performance.getEntriesByType('navigation')[0];
        const p = performance.getEntriesByName('first-contentful-paint')[0];
        return {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd,
                fcp: p ? p.startTime : null};
        }"""
    )
    loaded = [r for r in seen.values() if "url" in r]
    others = [
        r
        for r in loaded
        if r["type"] != "Image" and not r["url"].endswith(IMAGE_SUFFIXES)
    ]
    return {
        "bytes": sum(r.get("bytes", 0) for r in others),
        "requests": len(others),
        "images": len(loaded) - len(others),
        "resources": sorted(
            ((r.get("bytes", 0), r["url"]) for r in others), reverse=True
        ),
        **{k: (v or 0) / 1000 for k, v in timing.items()},
    }


def _measure(browser: Any, base: str, username: str, path: str) -> dict[str, Any]:
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 1366, "height": 900}
    )
    page = context.new_page()
    if username:  # no username: the page as the signed-out visitor sees it
        page.goto(f"{base}/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", "thidua2026")
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/admin/")
        page.wait_for_load_state("networkidle")  # the home page's own fetches done
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    out = {}
    for cold in (True, False):
        runs = []
        for _ in range(RUNS):
            if not cold:
                page.goto(base + path)  # unthrottled, fills the cache
            runs.append(_load(page, cdp, base + path, cold))
        out["cold" if cold else "warm"] = {
            key: statistics.median(r[key] for r in runs)
            for key in ("bytes", "requests", "images", "dcl", "load", "fcp")
        } | {"resources": runs[-1]["resources"]}
    context.close()
    return out


def run() -> str:
    for tool in ("nginx", "git"):
        if not shutil.which(tool):
            return f"## weak — officer pages on a weak link\n\nSkipped: `{tool}` is missing.\n"
    if not Path(CHROMIUM).exists():
        return f"## weak — officer pages on a weak link\n\nSkipped: {CHROMIUM} is missing.\n"
    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()
    tmp = Path(tempfile.mkdtemp(prefix="bench-weak-"))
    tmp.chmod(0o755)  # nginx workers run as an unprivileged user
    db = tmp / "weak.sqlite3"
    before = tmp / "before"
    stops: list[Any] = []
    results: dict[str, dict[str, Any]] = {}
    try:
        env = _env(db, "after")
        _run([PY, "manage.py", "migrate", "--noinput", "-v0"], ROOT, env)
        _run(
            [
                PY,
                "-c",
                "import io, django; django.setup(); from importlib import import_module; "
                "from thidua.core.management.commands.load_demo import DEMO_MODULES; "
                "[import_module(m).load(io.StringIO()) for m in DEMO_MODULES "
                "if m != 'thidua.portal.demo']",
            ],
            ROOT,
            env,
        )
        found = _run([PY, "manage.py", "shell", "-c", FIND_PAGES], ROOT, env)
        period, dossier = found.splitlines()[-1].split()
        pages = {
            "figures grid (xatanuyen)": ("xatanuyen", f"/admin/thi-dua/ky/{period}/"),
            "dossier (tanuyen)": ("tanuyen", f"/admin/ho-so/{dossier}/"),
            "sign-in page": ("", "/admin/login/"),
            "home after sign-in (xatanuyen)": ("xatanuyen", "/admin/"),
        }
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(before), BEFORE],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        stops += _serve(before, "before", db, tmp)
        stops += _serve(ROOT, "after", db, tmp)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM)
            for label, (username, path) in pages.items():
                for name, (_, proxy_port) in PORTS.items():
                    base = f"http://127.0.0.1:{proxy_port}"
                    results[f"{label}|{name}"] = _measure(browser, base, username, path)
            browser.close()
    finally:
        for item in stops:
            if isinstance(item, Path):
                subprocess.run(
                    ["nginx", "-c", str(item), "-p", str(tmp), "-s", "stop"],
                    check=False,
                )
            else:
                _stop(item)
        subprocess.run(
            ["git", "worktree", "remove", "--force", str(before)],
            cwd=ROOT,
            check=False,
            capture_output=True,
        )
        shutil.rmtree(tmp, ignore_errors=True)
    return _report(results, load_before, os.getloadavg())


def _name(url: str) -> str:
    path = url.split("?")[0].removeprefix("http://").split("/", 1)[1]
    if not path.startswith("static/"):
        return f"`/{path}`"
    return path.rsplit("/", 1)[-1]


def _kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def _report(
    results: dict[str, dict[str, Any]],
    load_before: tuple[float, float, float],
    load_after: tuple[float, float, float],
) -> str:
    lines = [
        "## weak — officer pages on a weak link (400 kbit/s, 400 ms)",
        "",
        f"Headless Chromium, CDP `Network.emulateNetworkConditions` at {KBITS} kbit/s down "
        f"and up and {LATENCY_MS} ms latency, against nginx (`docs/deploy/nginx.conf`, "
        "static files with `gzip_static`, TLS left out) → granian (`docs/deploy/granian.env`, "
        "one worker) → `thidua.settings.prod` on the demo (SQLite). **Before**: commit "
        f"`{BEFORE}`, the pages in Wagtail's full admin frame; **after**: this tree, the light "
        "frame (`templates/core/light_base.html`), and the sign-in and home pages without the "
        "admin's scripts (`templates/wagtailadmin/login.html`, `home.html`). Bytes crossed the link, headers included, "
        "images left out; cold = browser cache disabled, warm = the page visited once before "
        "(its requests answered from the browser cache are counted, with no bytes). "
        f"Median of {RUNS} loads. Usable = DOMContentLoaded (the grid's inputs and the "
        "dossier's forms are in the HTML; no script stands before them in the after frame). "
        f"Load average {load_before[0]:.1f} before, {load_after[0]:.1f} after.",
        "",
        "| page | cache | transferred before → after | requests before → after "
        "| first paint before → after | usable before → after | load before → after "
        f"| < {TARGET_KB} KB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    labels = sorted({key.split("|")[0] for key in results}, reverse=True)
    for label in labels:
        old, new = results[f"{label}|before"], results[f"{label}|after"]
        for cache in ("cold", "warm"):
            a, b = old[cache], new[cache]
            met = "yes" if b["bytes"] < TARGET_KB * 1024 else "**no**"
            lines.append(
                f"| {label} | {cache} | {_kb(a['bytes'])} → **{_kb(b['bytes'])}** "
                f"| {a['requests']:.0f} → {b['requests']:.0f} "
                f"| {a['fcp']:.1f} s → {b['fcp']:.1f} s "
                f"| {a['dcl']:.1f} s → **{b['dcl']:.1f} s** "
                f"| {a['load']:.1f} s → {b['load']:.1f} s | {met} |"
            )
    grid = next(k for k in labels if k.startswith("figures"))
    for name in ("before", "after"):
        top = results[f"{grid}|{name}"]["cold"]["resources"]
        listed = ", ".join(f"{_name(url)} {_kb(size)}" for size, url in top[:10])
        lines += ["", f"What the figures grid loads cold, {name}: {listed}."]
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.stdout.write(run())
