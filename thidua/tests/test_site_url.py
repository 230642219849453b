"""`PORT=8765 make demo` serves on 8765, so the certificates' QR codes must point there."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _site_url(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "PORT")}
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.SITE_URL)",
        ],
        env={**clean, "DJANGO_SETTINGS_MODULE": "thidua.settings.dev", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def test_site_url_follows_the_demo_port():
    assert _site_url(PORT="8765") == "http://127.0.0.1:8765"
    assert _site_url() == "http://127.0.0.1:8000"
    assert (
        _site_url(PORT="8765", SITE_URL="https://tdkt.example")
        == "https://tdkt.example"
    )


def test_make_demo_passes_the_port_to_django():
    dry = subprocess.run(
        ["make", "-n", "demo", "PORT=8765"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "runserver 127.0.0.1:8765" in dry
    assert "export PORT" in (ROOT / "Makefile").read_text()
