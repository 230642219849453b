"""The achievement phrase of an award decision, one wording for Điều 1 of the
decision and for the certificates: officers type the reason either bare
("xuất sắc trong phong trào…") or as the full phrase ("Đã có thành tích…")."""

from __future__ import annotations

import re

from .models import Decision, DecisionItem, Dossier

_DA = re.compile(r"^đã\s+", re.IGNORECASE)
_CO_THANH_TICH = re.compile(r"^có\s+thành\s+tích\s+", re.IGNORECASE)
_VERB = re.compile(r"^(có|hoàn thành|đạt)\s", re.IGNORECASE)
# Notes for administrators inside legal bases: "(NĐ 98/2023 chưa đối chiếu)", "[U]".
_UNCHECKED = re.compile(r"\s*(\[U\]|\([^()]*chưa đối chiếu[^()]*\))")
_YEAR = re.compile(r"\b(19|20)\d\d\b")


def reviewer(dossier: Dossier) -> str:
    """Where a submitted dossier goes: a commune's own council for its chair's awards
    (Dossier.decider), else the organisation's TĐKT office."""
    commune = dossier.decider
    if commune is None:
        return "Ban Thi đua – Khen thưởng"
    name = commune.name[:1].lower() + commune.name[1:]
    return f"Hội đồng Thi đua – Khen thưởng {name}"


def award_decision(decision: Decision) -> Decision:
    """A correction keeps the achievement of the decision it corrects."""
    while decision.kind != Decision.Kind.AWARD and decision.target_id:
        assert decision.target is not None
        decision = decision.target
    return decision


def achievement_year(decision: Decision) -> int:
    """The year of the achievement (the dossiers'), not the decision's year."""
    years = sorted(set(decision.dossiers.values_list("year", flat=True)))
    return years[-1] if years else decision.year


def achievement(decision: Decision) -> str:
    """Lower-case phrase without a final stop, e.g. "đã có thành tích xuất sắc
    trong công tác năm 2024" or "đã hoàn thành xuất sắc nhiệm vụ năm 2024"."""
    decision = award_decision(decision)
    text = " ".join(decision.reason.split()).rstrip(" .;")
    rest = _CO_THANH_TICH.sub("", _DA.sub("", text, count=1), count=1) or "xuất sắc"
    if not rest[:2].isupper():  # keep an acronym, lower a sentence's capital
        rest = rest[0].lower() + rest[1:]
    if _VERB.match(rest):
        phrase = f"đã {rest}"
    else:
        phrase = f"đã có thành tích {rest}"
    if decision.type == "annual" and not _YEAR.search(rest):
        phrase += f" năm {achievement_year(decision)}"
    return phrase


def certificate_reason(item: DecisionItem) -> str:
    """The sentence under the name: a title (danh hiệu) is "attained", a Bằng
    khen or Giấy khen is given for the achievement."""
    decision = award_decision(item.decision)
    code = item.award_type.code
    if not code.startswith(("BK", "GK")):
        return f"Đã đạt danh hiệu “{item.award_type.name}” năm {achievement_year(decision)}."
    phrase = achievement(decision)
    return phrase[0].upper() + phrase[1:] + "."


def official_text(text: str) -> str:
    """A legal basis as printed in an official document: without the notes that
    flag a value as not yet checked against the source (administrators see those)."""
    return _UNCHECKED.sub("", text).strip()
