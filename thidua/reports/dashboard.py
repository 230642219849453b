""" "Việc cần làm": what waits for the signed-in user, by role, on the admin home page;
"Việc quá hạn", the overdue panel of the statistics page.

Every count is computed through the same scoping as the pages it links to, so a
user is never shown work they cannot open.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.models import RoleAssignment, User
from thidua.accounts.roles import bloc_ids_headed, has_role
from thidua.dossiers.access import (
    councils_run,
    decisions_for_user,
    dossiers_for_user,
    sessions_for_user,
)
from thidua.dossiers.models import CouncilSession, Decision, Dossier, PublicFeedback
from thidua.dossiers.selectors import FEEDBACK_PENDING
from thidua.emulation import selectors as emulation_selectors
from thidua.emulation.models import ReportingPeriod
from thidua.engagement.models import Comment
from thidua.forwarding.deadlines import (
    OVERDUE,
    StepDeadline,
    dossier_deadlines,
    overdue_before,
    overdue_dossiers,
)
from thidua.forwarding.models import Forwarding
from thidua.forwarding.selectors import (
    Deadline,
    overdue_forwardings,
    with_deadlines,
)
from thidua.portal.models import NewsPage
from thidua.units.access import blocs_for_user

Role = RoleAssignment.Role


@dataclass(frozen=True)
class Task:
    label: str
    count: int
    url: str
    overdue: bool = False  # past a deadline in working days: shown first, in red


def _dossiers(user: User, *statuses: str) -> int:
    return dossiers_for_user(user).filter(status__in=statuses).count()


def _dossier_list(**query: str) -> str:
    """The dossier list filtered to the work the task counts."""
    return f"{reverse('dossiers:dossier-list')}?{urlencode(query)}"


def _forwarding_list(**query: str) -> str:
    return f"{reverse('forwardings:index')}?{urlencode(query)}"


def _straight_to_one(
    label: str, waiting: QuerySet[Any], detail: str, list_url: str
) -> Task:
    """One item waiting: the task opens it; several: the list."""
    count = waiting.count()
    only = waiting.first() if count == 1 else None
    url = reverse(detail, args=[only.pk]) if only else list_url
    return Task(label, count, url)


@dataclass(frozen=True)
class OverduePanel:
    """The statistics page's "Việc quá hạn": the most overdue of each kind, with the
    counts and links to the lists filtered to all of them."""

    dossiers: list[tuple[Dossier, StepDeadline]]
    dossier_count: int
    dossier_url: str
    forwardings: list[tuple[Forwarding, Deadline]]
    forwarding_count: int
    forwarding_url: str


PANEL_SCAN = 200  # overdue dossiers ranked for the panel; the list holds them all


def overdue_panel(user: User, shown: int = 5) -> OverduePanel | None:
    """For whoever runs a council (the province office, a commune's officer)."""
    if not (has_role(user, Role.PROVINCE_OFFICER) or councils_run(user)):
        return None
    today = timezone.localdate()
    late = overdue_dossiers(user).select_related("disclosure")
    scanned = list(late.order_by("updated_at")[:PANEL_SCAN])
    steps = dossier_deadlines(scanned, today)
    worst = sorted(
        ((d, steps[d.pk]) for d in scanned if d.pk in steps),
        key=lambda row: row[1].deadline.left,
    )
    away = overdue_forwardings(user, overdue_before(today)).order_by("due_on")
    return OverduePanel(
        dossiers=worst[:shown],
        dossier_count=late.count(),
        dossier_url=_dossier_list(han=OVERDUE),
        forwardings=[(f, d) for f, d in with_deadlines(list(away[:shown]), today) if d],
        forwarding_count=away.count(),
        forwarding_url=_forwarding_list(han=OVERDUE),
    )


def tasks_for(user: User) -> list[Task]:
    """The open work items of `user`, most urgent kinds first; empty kinds are left out."""
    tasks: list[Task] = []
    periods = ReportingPeriod.objects.filter(bloc__in=blocs_for_user(user))
    if has_role(user, Role.UNIT_OFFICER):
        tasks += [
            Task(
                "Kỳ báo cáo thi đua đang mở, cần nhập số liệu",
                len(emulation_selectors.periods_to_fill(user)),
                reverse("emulation_admin:index"),
            ),
            Task(
                "Hồ sơ khen thưởng bị trả lại, cần bổ sung",
                _dossiers(user, Dossier.Status.RETURNED),
                _dossier_list(status=Dossier.Status.RETURNED),
            ),
            Task(
                "Hồ sơ khen thưởng đang soạn",
                _dossiers(user, Dossier.Status.DRAFT),
                _dossier_list(status=Dossier.Status.DRAFT),
            ),
        ]
    if has_role(user, Role.BLOC_HEAD, Role.PROVINCE_OFFICER):
        headed = Q(bloc_id__in=bloc_ids_headed(user))
        if has_role(user, Role.PROVINCE_OFFICER):
            headed = Q()
        tasks.append(
            Task(
                "Kỳ báo cáo đã gửi, chờ duyệt",
                periods.filter(headed, status=ReportingPeriod.Status.SUBMITTED).count(),
                reverse("emulation_admin:index"),
            )
        )
    if has_role(user, Role.PROVINCE_OFFICER):
        tasks += [
            Task(
                "Hồ sơ đề nghị chờ thẩm định",
                _dossiers(user, Dossier.Status.SUBMITTED),
                _dossier_list(status=Dossier.Status.SUBMITTED),
            ),
            Task(
                "Hồ sơ đã thẩm định, chờ công khai",
                _dossiers(user, Dossier.Status.ACCEPTED),
                _dossier_list(status=Dossier.Status.ACCEPTED),
            ),
            Task(
                "Góp ý của nhân dân chờ duyệt",
                PublicFeedback.objects.filter(
                    status=PublicFeedback.Status.PENDING
                ).count(),
                _dossier_list(**{"gop-y": FEEDBACK_PENDING}),
            ),
            Task(
                "Hồ sơ chờ đưa ra Hội đồng",
                _dossiers(user, Dossier.Status.AWAITING_COUNCIL)
                - dossiers_for_user(user)
                .filter(
                    status=Dossier.Status.AWAITING_COUNCIL,
                    nominees__council_sessions__status=CouncilSession.Status.OPEN,
                )
                .distinct()
                .count(),
                reverse("dossiers:session-list"),
            ),
            Task(
                "Phiên họp Hội đồng đang bỏ phiếu, chờ kiểm phiếu",
                sessions_for_user(user)
                .filter(status=CouncilSession.Status.OPEN)
                .count(),
                reverse("dossiers:session-list"),
            ),
        ]
    if has_role(user, Role.PROVINCE_OFFICER) or councils_run(user):
        # first: overdue work stands out
        tasks[:0] = [
            Task(
                "QUÁ HẠN: hồ sơ khen thưởng quá thời hạn xử lý",
                overdue_dossiers(user).count(),
                _dossier_list(han=OVERDUE),
                overdue=True,
            ),
            Task(
                "QUÁ HẠN: hồ sơ trình cấp trên chưa có quyết định",
                overdue_forwardings(user, overdue_before()).count(),
                _forwarding_list(han=OVERDUE),
                overdue=True,
            ),
        ]
    if has_role(user, Role.COUNCIL_MEMBER):
        open_sessions = sessions_for_user(user).filter(
            status=CouncilSession.Status.OPEN
        )
        tasks.append(
            _straight_to_one(
                "Phiên họp Hội đồng đang chờ bạn bỏ phiếu",
                open_sessions.exclude(receipts__member=user),
                "dossiers:session-detail",
                reverse("dossiers:session-list"),
            )
        )
    if has_role(user, Role.LEADER):
        tasks.append(
            _straight_to_one(
                "Dự thảo quyết định chờ ký ban hành",
                decisions_for_user(user).filter(status=Decision.Status.DRAFT),
                "dossiers:decision-detail",
                reverse("dossiers:decision-list"),
            )
        )
    if has_role(user, Role.PORTAL_EDITOR):
        tasks.append(
            Task(
                "Bình luận bài viết chờ duyệt",
                Comment.objects.filter(status=Comment.Status.PENDING).count(),
                reverse("wagtailsnippets_engagement_comment:list") + "?status=pending",
            )
        )
        tasks.append(_draft_articles())
    return [t for t in tasks if t.count]


def _draft_articles() -> Task:
    """Articles with changes not yet published, listed drafts first in the explorer of
    the section where the oldest one waits."""
    drafts = NewsPage.objects.filter(has_unpublished_changes=True)
    first = drafts.order_by("latest_revision_created_at").first()
    url = ""
    if first is not None:
        parent = first.get_parent()
        url = reverse("wagtailadmin_explore", args=[parent.pk]) + "?ordering=live"
    return Task("Bài viết chờ xuất bản", drafts.count(), url)
