import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings.dev")
application = get_wsgi_application()

# after Django is set up: anonymous portal pages are answered from this
# worker's memory before Django runs (see thidua/portal/wsgi_cache.py)
from thidua.portal.wsgi_cache import PageCacheFront  # noqa: E402

application = PageCacheFront(application)
