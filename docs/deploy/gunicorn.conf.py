"""gunicorn settings for Thi đua on a small server (2 cores), behind nginx.

Run: gunicorn -c docs/deploy/gunicorn.conf.py thidua.wsgi
Every value can be overridden from the environment (GUNICORN_WORKERS, ...);
bench/bench_portal.py runs the portal benchmark with this very file.
"""

import multiprocessing
import os

bind = os.getenv("GUNICORN_BIND", "127.0.0.1:8000")

# Rendering a page is CPU work under the GIL, so processes, not threads, use the
# cores: one worker per core plus one to cover a worker waiting on the database.
# Two threads per worker keep nginx's keep-alive connections served while the
# other thread renders; more threads only add GIL contention (measured in
# bench/RESULTS.md).
workers = int(os.getenv("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.getenv("GUNICORN_THREADS", "2"))

# nginx keeps up to 32 idle connections to us (upstream keepalive); hold them
# a little longer than nginx's reuse interval so requests skip the TCP handshake.
keepalive = int(os.getenv("GUNICORN_KEEPALIVE", "10"))
timeout = 60  # certificate batches run in the db_worker, not here
graceful_timeout = 30

# Load Django once, then fork: workers share its memory pages and start fast.
preload_app = True
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = 20000
max_requests_jitter = 2000

accesslog = os.getenv("GUNICORN_ACCESS_LOG") or None  # nginx already logs requests
errorlog = "-"
loglevel = os.getenv("GUNICORN_LOG_LEVEL", "warning")


def when_ready(server: object) -> None:
    """Import the URLconf (and with it every app's Wagtail hooks) in the master,
    before forking: otherwise each worker's first request takes seconds."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - the import is the point
