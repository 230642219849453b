"""A multi-node Thi đua as local processes on loopback ports, for bench_nodes.py.

One PostgreSQL database (created and dropped here), one private redis-server,
granian application nodes with the production settings and docs/deploy/granian.env,
nginx with docs/deploy/nginx.conf (TLS with a throwaway self-signed certificate)
balancing the nodes, and `manage.py db_worker` processes, each named as if on
its own node (NODE_NAME). Every process starts in its own process group and
`Cluster.close()` ends them all; every port is bound to 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg
import requests
import urllib3

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "docs" / "deploy"
PY = str(ROOT / ".venv" / "bin" / "python")
GRANIAN = str(ROOT / ".venv" / "bin" / "granian")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB = "thidua_nodes_bench"  # the default; each benchmark passes its own
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36"

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)

NGINX_MAIN = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  default_type application/octet-stream;
  include {tmp}/thidua.conf;
  # the same TLS front with one node only: the one-node side of the ratio
  upstream thidua_one {{ server 127.0.0.1:{one}; keepalive 32; }}
  server {{
    listen 127.0.0.1:{one_port} ssl;
    ssl_certificate {tmp}/tls.pem;
    ssl_certificate_key {tmp}/tls.key;
    location / {{ proxy_pass http://thidua_one; include {params}; }}
  }}
}}
"""


def granian_env() -> dict[str, str]:
    """docs/deploy/granian.env as a dict (KEY=VALUE lines, # comments)."""
    lines = (DEPLOY / "granian.env").read_text().splitlines()
    pairs = (
        line.split("=", 1) for line in lines if "=" in line and not line.startswith("#")
    )
    return {key.strip(): value.strip() for key, value in pairs}


class Cluster:
    def __init__(self, ports: dict[str, int], db: str = DB) -> None:
        self.ports = ports
        self.db = db
        self.tmp = Path(tempfile.mkdtemp(prefix="bench-nodes-"))
        self.tmp.chmod(0o755)  # nginx workers run as an unprivileged user
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.nginx = False
        self.db_made = False
        self.env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
        }
        self.env |= {
            "DJANGO_SETTINGS_MODULE": "thidua.settings.prod",
            # one key for every node: sessions and signed cookies are read anywhere
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": f"{PG}/{db}",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "REDIS_URL": f"redis://127.0.0.1:{ports['redis']}/0",
            "TRUST_X_REAL_IP": "True",
            # one storage for nodes and workers, as NFS or object storage would be
            "MEDIA_ROOT": str(self.tmp / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.tmp / "private"),
            "LOG_LEVEL": "ERROR",
            "PYTHONPATH": str(ROOT),
        }

    # --- processes ---
    def start(self, name: str, args: list[str], **env: str) -> None:
        log = (self.tmp / f"{name}.log").open("wb")
        self.procs[name] = subprocess.Popen(
            args,
            cwd=ROOT,
            env=self.env | env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self, name: str, sig: int = signal.SIGTERM) -> None:
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        os.killpg(proc.pid, sig)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(15)

    def manage(self, *args: str, timeout: float = 900) -> str:
        out = subprocess.run(
            [PY, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if out.returncode:
            raise RuntimeError(f"manage.py {args[0]} failed:\n{out.stderr[-3000:]}")
        return out.stdout

    def prepare(self, world: str, *args: str) -> dict[str, Any]:
        """A fresh database with the world of bench/`world` (a script run with the
        nodes' environment, printing its ids as JSON last); Redis; static files."""
        import json

        # BENCH_NODES_TEMPLATE: an already migrated database to copy (re-runs)
        template = os.environ.get("BENCH_NODES_TEMPLATE", "")
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {self.db} WITH (FORCE)")
            conn.execute(
                f"CREATE DATABASE {self.db}"
                + (f" TEMPLATE {template}" * bool(template))
            )
        self.db_made = True
        self.start(
            "redis",
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.ports["redis"])]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.tmp)],
        )
        if not template:
            self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        out = subprocess.run(
            [PY, str(ROOT / "bench" / world), *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        if out.returncode:
            raise RuntimeError(f"bench/{world} failed:\n{out.stderr[-3000:]}")
        return dict(json.loads(out.stdout.strip().splitlines()[-1]))

    def node(self, name: str, port: int, cpu: int | None, workers: int) -> None:
        """One application node: granian with docs/deploy/granian.env, optionally
        pinned to one core (a one-core machine of its own)."""
        pin = ["taskset", "-c", str(cpu)] if cpu is not None else []
        self.start(
            name,
            [*pin, GRANIAN, "thidua.wsgi:application"],
            **granian_env()
            | {"GRANIAN_PORT": str(port), "GRANIAN_WORKERS": str(workers)},
        )

    def worker(self, name: str, node: str, **env: str) -> None:
        self.start(
            name,
            [PY, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"]
            + ["--no-reload", "-v0"],
            NODE_NAME=node,
            **env,
        )

    def start_nginx(self, nodes: list[int], one: int) -> None:
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
            + ["-subj", "/CN=127.0.0.1", "-keyout", str(self.tmp / "tls.key")]
            + ["-out", str(self.tmp / "tls.pem")],
            check=True,
            capture_output=True,
        )
        (self.tmp / "thidua.conf").write_text(self._deploy_conf(nodes))
        params = DEPLOY / "thidua_proxy_params"
        conf = NGINX_MAIN.format(
            tmp=self.tmp, one=one, one_port=self.ports["nginx_one"], params=params
        )
        (self.tmp / "nginx.conf").write_text(conf)
        subprocess.run(["nginx", "-c", str(self.tmp / "nginx.conf")], check=True)
        self.nginx = True

    def _deploy_conf(self, nodes: list[int]) -> str:
        """docs/deploy/nginx.conf with loopback ports, both nodes in the upstream,
        temporary paths and the throwaway certificate (no HTTP/2: nginx 1.22)."""
        text = (DEPLOY / "nginx.conf").read_text()
        upstream = " ".join(f"server 127.0.0.1:{port};" for port in nodes)
        for old, new in {
            "listen 80;": f"listen 127.0.0.1:{self.ports['nginx_http']};",
            "listen 443 ssl;": f"listen 127.0.0.1:{self.ports['nginx']} ssl;",
            "server 127.0.0.1:8000;": upstream,
            "/var/cache/nginx/thidua": str(self.tmp / "cache"),
            "/srv/thidua/var/static/": f"{ROOT / 'var' / 'static'}/",
            "/srv/thidua/var/media/": f"{self.tmp / 'media'}/",
            "/srv/thidua/var/private/": f"{self.tmp / 'private'}/",
            "/etc/ssl/thidua/fullchain.pem": str(self.tmp / "tls.pem"),
            "/etc/ssl/thidua/privkey.pem": str(self.tmp / "tls.key"),
            "/etc/nginx/thidua_proxy_params": str(DEPLOY / "thidua_proxy_params"),
        }.items():
            if old not in text:
                raise RuntimeError(f"docs/deploy/nginx.conf no longer contains {old!r}")
            text = text.replace(old, new)
        return re.sub(r"^\s*http2 on;\n", "", text, flags=re.M)

    def tails(self, chars: int = 1500) -> str:
        """The end of every process's log, for a failed run."""
        out = []
        for log in sorted(self.tmp.glob("*.log")):
            out.append(f"--- {log.name}\n{log.read_text(errors='replace')[-chars:]}")
        return "\n".join(out)

    def close(self) -> None:
        if self.nginx:
            subprocess.run(
                ["nginx", "-c", str(self.tmp / "nginx.conf"), "-s", "stop"],
                check=False,
                capture_output=True,
            )
        for name in list(self.procs):
            self.stop(name)
        if self.db_made:
            with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {self.db} WITH (FORCE)")
        shutil.rmtree(self.tmp, ignore_errors=True)

    # --- the database, read directly ---
    def sql(self, query: str, *params: Any) -> list[tuple[Any, ...]]:
        with psycopg.connect(f"{PG}/{self.db}", autocommit=True) as conn:
            return conn.execute(query, params).fetchall()  # type: ignore[arg-type]


def wait_up(url: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=5, verify=False, allow_redirects=False)
            return
        except requests.RequestException:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer in {seconds:.0f} s")


class Browser:
    """One visitor talking to a node directly, as nginx does (X-Forwarded-Proto,
    X-Real-IP) or through nginx itself over TLS. Its cookies go to every node,
    the Secure ones included, as a browser sends them to one https origin."""

    def __init__(self, ip: str = "127.0.0.1", agent: str = BROWSER) -> None:
        self.ip, self.agent = ip, agent
        self.cookies: dict[str, str] = {}

    def go(self, method: str, base: str, path: str, **kw: Any) -> requests.Response:
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Real-IP": self.ip,
            "User-Agent": self.agent,
            "Origin": base.replace("http://", "https://"),
            **kw.pop("headers", {}),
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        answer = requests.request(
            method,
            base + path,
            headers=headers,
            allow_redirects=False,
            timeout=60,
            verify=False,
            **kw,
        )
        for cookie in answer.cookies:
            if cookie.value:
                self.cookies[cookie.name] = cookie.value
            else:
                self.cookies.pop(cookie.name, None)
        return answer
