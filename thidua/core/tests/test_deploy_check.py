"""Finding 15: `check --deploy` is silent with the production settings and the
README's proxy headers, and the redirect/HSTS behave behind that proxy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "thidua.settings.prod",
    "DJANGO_SECRET_KEY": "k3y-" + "x7Qp9vLm2Rt8Wz4Yb6Nc1Hd5Jf0Gs3Ka" * 2,
    "DATABASE_URL": "sqlite:////tmp/thidua-deploy-check.sqlite3",
    "DJANGO_ALLOWED_HOSTS": "thidua.laichau.example",
    "SITE_URL": "https://thidua.laichau.example",
}


def _run(code: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL"))
    }
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**env, **PROD_ENV},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_check_deploy_is_silent_with_prod_settings() -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env={**{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}, **PROD_ENV},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr + done.stdout
    assert "System check identified no issues" in done.stdout


def test_behind_the_proxy_https_is_served_and_http_redirected() -> None:
    done = _run(
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "c = Client(raise_request_exception=False)\n"
        "r = c.get('/admin/login/', headers={'host': 'thidua.laichau.example'})\n"
        "print(r.status_code, r.headers.get('Location'))\n"
        "r = c.get('/admin/login/', secure=False, headers={'host': 'thidua.laichau.example',"
        " 'x-forwarded-proto': 'https'})\n"
        "print(r.status_code, r.headers.get('Strict-Transport-Security'))\n"
    )
    assert done.returncode == 0, done.stderr
    plain, proxied = done.stdout.split("\n")[:2]
    assert plain == "301 https://thidua.laichau.example/admin/login/"
    code, hsts = proxied.split(" ", 1)
    assert code != "301"
    assert hsts == "max-age=31536000; includeSubDomains; preload"
