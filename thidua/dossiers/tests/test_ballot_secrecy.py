"""Finding 10: nothing stored links a council member to how they voted.

Two sessions run the same ballots in the same order with the members' marks
swapped. Everything the database keeps about the marks (the count rows, their
physical order — SQLite rowid, PostgreSQL ctid — and on PostgreSQL the
transaction that last wrote each row, xmin) must be the same in both: then no
query, join or insertion order can tell who voted what.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection

from thidua.core.models import AuditEntry
from thidua.dossiers import services
from thidua.dossiers.models import BallotCount, BallotReceipt, CouncilSession

from . import factories as f

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _run(title: str, members: list[Any], marks: list[dict[int, str]]) -> Any:
    dossier = f.dossier_to_council(3, title=title)
    session = services.session_open(
        title=title, held_on=dt.date(2025, 1, 20), dossiers=[dossier],
        members=members, by=f.user("tinh"),
    )  # fmt: skip
    agenda = list(session.agenda.order_by("pk").values_list("pk", flat=True))
    for member, ballot in zip(members, marks, strict=True):
        services.ballot_cast(
            session=session, member=member,
            choices={agenda[i]: mark for i, mark in ballot.items()},
        )  # fmt: skip
    return session, agenda


def _stored(session: CouncilSession, agenda: list[int]) -> list[tuple]:
    """What the database holds about the marks, with ids made relative."""
    receipts = list(
        BallotReceipt.objects.filter(session=session)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.ctid, c.nominee_id, c.yes, c.no, c.abstain, c.xmin::text, "
                "(SELECT array_agg(r.id) FROM dossiers_ballotreceipt r WHERE r.xmin = c.xmin) "
                "FROM dossiers_ballotcount c WHERE c.session_id = %s ORDER BY c.ctid",
                [session.pk],
            )
            rows = cursor.fetchall()
            # each ballot rewrites every count row in agenda order, whatever its marks,
            # so where an updated row lands (ctid) depends on the page's free space, not
            # on the voter: compare in agenda order; xmin must still join no receipt
            return sorted(
                (agenda.index(nominee), yes, no, abstain, sorted(receipts.index(r) for r in same or []))
                for _, nominee, yes, no, abstain, _, same in rows
            )  # fmt: skip
        cursor.execute(
            "SELECT rowid, nominee_id, yes, no, abstain FROM dossiers_ballotcount "
            "WHERE session_id = %s ORDER BY rowid",
            [session.pk],
        )
        return [(agenda.index(n), y, no, a) for _, n, y, no, a in cursor.fetchall()]


def test_swapped_ballots_leave_the_same_database(world) -> None:
    m1, m2, m3 = (
        f.user("hoidong"),
        f.council_member("hoidong2"),
        f.council_member("hoidong3"),
    )
    first = {0: "yes", 1: "no", 2: "abstain"}
    second = {0: "no", 1: "yes", 2: "yes"}
    third = {0: "yes", 1: "yes", 2: "no"}
    a, agenda_a = _run("Phiên A", [m1, m2, m3], [first, second, third])
    b, agenda_b = _run("Phiên B", [m1, m2, m3], [second, third, first])

    assert _stored(a, agenda_a) == _stored(b, agenda_b)
    # the counts are right all the same
    assert services.session_tally(a) == {
        agenda_a[0]: {"yes": 2, "no": 1, "abstain": 0},
        agenda_a[1]: {"yes": 2, "no": 1, "abstain": 0},
        agenda_a[2]: {"yes": 1, "no": 1, "abstain": 1},
    }
    assert list(services.session_tally(b).values()) == list(
        services.session_tally(a).values()
    )
    # receipts say who voted; nothing in the audit carries a mark
    assert BallotReceipt.objects.filter(session=a).count() == 3
    assert not AuditEntry.objects.filter(model="ballotcount").exists()
    fields = {field.name for field in BallotCount._meta.get_fields()}
    assert fields == {"id", "session", "nominee", "yes", "no", "abstain"}

    results = services.session_close(session=a, by=f.user("tinh"))
    assert sorted((r.yes, r.no, r.abstain) for r in results) == [
        (1, 1, 1),
        (2, 1, 0),
        (2, 1, 0),
    ]
