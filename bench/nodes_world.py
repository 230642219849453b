"""The data bench_nodes.py needs, made in its own process (run with the nodes'
environment, after `manage.py migrate`): a portal with one article whose edit
is left as a draft, an open poll, a national administrator with a TOTP device,
and two issued decisions whose certificates are not started (a small one for
the killed worker, a big one for the timing). Prints the ids as JSON."""

from __future__ import annotations

import json
import sys

import django
from worlds import issued_decision

ADMIN, PASSWORD = "quocgia", "Nodes-2026-thidua"
TOTP_KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test key


def _portal() -> dict[str, int]:
    from wagtail.models import Page, Site

    from thidua.engagement.models import Poll, PollChoice
    from thidua.portal.models import (
        HomePage,
        NewsCategory,
        NewsIndexPage,
        NewsPage,
        PortalSettings,
    )

    root = Page.get_first_root_node()
    home = HomePage(title="Trang chủ", slug="trang-chu")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    news = NewsIndexPage(title="Tin tức", slug="tin-tuc")
    home.add_child(instance=news)
    news.save_revision().publish()
    category = NewsCategory.objects.create(name="Hoạt động", slug="hoat-dong")
    article = NewsPage(
        title="Bản tin cũ", slug="ban-tin", lead="Bản tin", category=category
    )
    news.add_child(instance=article)
    article.save_revision().publish()
    article.title = "Bản tin mới"
    article.save_revision()  # a draft, published on node A by the benchmark
    PortalSettings.load()
    poll = Poll.objects.create(question="Phong trào nào tiêu biểu nhất năm nay?")
    for order, text in enumerate(("Thi đua dân vận khéo", "Chuyển đổi số")):
        PollChoice.objects.create(poll=poll, text=text, sort_order=order)
    return {"article": article.pk, "poll": poll.pk}


def _admin() -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from thidua.accounts.models import User

    admin = User.objects.create_superuser(ADMIN, password=PASSWORD)
    TOTPDevice.objects.create(
        user=admin, name="Ứng dụng xác thực", key=TOTP_KEY, confirmed=True
    )


def main(small: int, big: int) -> None:
    django.setup()
    from thidua.commendations.catalogue import load_catalogue
    from thidua.dossiers.tests.factories import small_world

    load_catalogue()
    province = small_world()
    ids = _portal()
    _admin()
    ids["small"] = issued_decision(province, count=small, number=1)
    ids["big"] = issued_decision(province, count=big, number=2, register=False)
    sys.stdout.write(json.dumps(ids) + "\n")


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
