import gc
import os
from collections.abc import Callable
from typing import Any

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings.dev")
application: Callable[..., Any] = get_wsgi_application()

# Import the URLconf (and with it every app's Wagtail hooks) now, as each worker
# starts, rather than in its first request, which would take seconds.
get_resolver().url_patterns  # noqa: B018 - the import is the point
# The ~200,000 objects loaded so far live as long as the process: keep the cyclic
# garbage collector from walking them again in every full collection (which
# made one request in a few tens of milliseconds slower).
gc.collect()
gc.freeze()

# after Django is set up: anonymous portal pages are answered from this
# worker's memory before Django runs (see thidua/portal/wsgi_cache.py)
from thidua.portal.wsgi_cache import PageCacheFront  # noqa: E402

application = PageCacheFront(application)
