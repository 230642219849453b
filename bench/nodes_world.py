"""The data bench_nodes.py needs, made in its own process (run with the nodes'
environment, after `manage.py migrate`): a portal with one article whose edit
is left as a draft, an open poll, a national administrator with a TOTP device,
and two issued decisions whose certificates are not started (a small one for
the killed worker, a big one for the timing). Prints the ids as JSON."""

from __future__ import annotations

import datetime as dt
import json
import sys

import django

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


def _decision(province: object, number: int, count: int, register: bool) -> int:
    from thidua.commendations.models import AwardType
    from thidua.dossiers import services
    from thidua.dossiers.models import Decision, DecisionItem
    from thidua.dossiers.tests.factories import user

    award = AwardType.objects.get(code="BK_TINH")
    decision = Decision.objects.create(
        issuer=province,
        issuer_name="ỦY BAN NHÂN DÂN TỈNH",
        authority="CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
        year=2026,
        summary="Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        grounds="Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        reason="xuất sắc trong phong trào thi đua năm 2026",
        signature_capacity="KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
    )
    DecisionItem.objects.bulk_create(
        DecisionItem(
            decision=decision,
            position=i,
            kind="collective",
            unit=province,
            name=f"Tập thể số {i}",
            position_text="Tỉnh",
            award_type=award,
        )
        for i in range(1, count + 1)
    )
    day = dt.date(2026, 11, 20)
    if register:
        services.decision_issue(
            decision=decision,
            number=number,
            date=day,
            signer_name="Người Ký Thử",
            by=user("lanhdao"),
        )
    else:
        # issuing prices and registers each item in Python (15 minutes for
        # 10,000 on a loaded machine): not what this benchmark measures
        Decision.objects.filter(pk=decision.pk).update(
            status=Decision.Status.ISSUED,
            number=number,
            date=day,
            signer_name="Người Ký Thử",
        )
    return decision.pk


def main(small: int, big: int) -> None:
    django.setup()
    from thidua.commendations.catalogue import load_catalogue
    from thidua.dossiers.tests.factories import small_world

    load_catalogue()
    province = small_world()
    ids = _portal()
    _admin()
    ids["small"] = _decision(province, 1, small, register=True)
    ids["big"] = _decision(province, 2, big, register=False)
    sys.stdout.write(json.dumps(ids) + "\n")


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
