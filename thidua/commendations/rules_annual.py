"""Rules of the annual titles, Bằng khen and Cờ thi đua (Law 2022 Art. 21-28, 72-74):
one function per shape, reading the `Facts` masks of eligibility.py; numbers from
the rule set's `Params`, never from here. Split out of eligibility.py unchanged.
"""

from __future__ import annotations

import math
from fractions import Fraction

from .eligibility import (
    YEAR0,
    CollectiveFacts,
    Explain,
    Facts,
    Params,
    Rule,
    _pct,
    after,
    bit,
    period_text,
    span,
    streak,
    years_text,
)

CONFIRM_SPIRIT = "Tinh thần tự lực, tự cường; đoàn kết, tương trợ, tích cực tham gia phong trào thi đua"
CONFIRM_LAWFUL = (
    "Gương mẫu chấp hành chủ trương của Đảng, chính sách, pháp luật của Nhà nước"
)
CONFIRM_MOVEMENT = "Có phong trào thi đua thường xuyên, thiết thực, hiệu quả"
CONFIRM_UNITY = "Nội bộ đoàn kết, chấp hành tốt chủ trương, chính sách, pháp luật"


def _rating_of(f: Facts, y: int) -> str | None:
    b = bit(y)
    if not f.rated & b:
        return None
    if f.htxs & b:
        return "HTXS"
    if f.good & b:
        return "HTT"
    return "HT" if f.done & b else "KHT"


def _chain_need(mask: int, y: int, n: int) -> tuple[int, int]:
    """(years still needed, first year of the chain) for n consecutive years ending at y."""
    if mask & bit(y):
        s = streak(mask, y)
        return max(0, n - s), y - min(s, n) + 1
    s = streak(mask, y - 1)
    have = min(s, n - 1)
    return n - have, y - have


# Each rule: (facts, year, params, explain or None) -> (eligible, shortfall).
# shortfall counts the computable conditions (years, people) still lacking on the
# closest alternative; 1 means "gần đạt"; -1 means no computable path at all.
def rule_ldtt(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
    b = bit(y)
    ok = bool(f.good & b)
    shortfall = 0 if ok else (2 if f.rated & b and not f.done & b else 1)
    if ex is not None:
        rating = _rating_of(f, y)
        if ok:
            ex.satisfied.append(f"{y}: {rating}")
        elif rating is None:
            ex.missing.append(f"chưa có xếp loại năm {y}")
        else:
            ex.missing.append(
                f"cần xếp loại từ Hoàn thành tốt nhiệm vụ năm {y} (hiện: {rating})"
            )
        ex.to_confirm.append(CONFIRM_SPIRIT)
        if f.disc & b:
            ex.to_confirm.append(
                f"Có kỷ luật năm {y}: Hội đồng xem xét theo quy định của tỉnh"
            )
        ex.other_paths.append(
            "Công nhân, nông dân, người lao động: tiêu chuẩn riêng tại Điều 24 khoản 2 (Hội đồng xét)"
        )
    return ok, shortfall


def rule_cstdcs(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
    b = bit(y)
    ldtt = bool((f.good | f.held.get("LDTT", 0)) & b)
    htxs = bool(f.htxs & b)
    initiative = bool(f.init_cs & b)
    ok = ldtt and (htxs or initiative)
    shortfall = (0 if ldtt else 1) + (0 if htxs or initiative else 1)
    if ex is not None:
        rating = _rating_of(f, y)
        if f.held.get("LDTT", 0) & b:
            ex.satisfied.append(f"{y}: Lao động tiên tiến")
        if rating in ("HTXS", "HTT"):
            ex.satisfied.append(f"{y}: {rating}")
        if initiative:
            ex.satisfied.append(f"{y}: sáng kiến được công nhận")
        if not ldtt:
            ex.missing.append(
                f"chưa có xếp loại năm {y}"
                if rating is None
                else f"cần đạt Lao động tiên tiến năm {y} (xếp loại từ HTT, hiện: {rating})"
            )
        if not (htxs or initiative):
            ex.missing.append(
                f"cần xếp loại HTXS năm {y} hoặc 1 sáng kiến được công nhận cấp cơ sở năm {y}"
            )
        if ok:
            ex.branch = "htxs" if htxs else "initiative"
        if not f.held.get("LDTT", 0) & b:
            # LĐTT inferred from the rating: its qualitative condition is the council's
            ex.to_confirm.append(
                f"Tiêu chuẩn Lao động tiên tiến năm {y}: {CONFIRM_SPIRIT}"
            )
    return ok, shortfall


# Awards of one level: the years behind one are not counted again for another
# (Law 2022, Art. 6: one achievement is rewarded once). A ministry's and a
# province's award are of the same level.
SAME_LEVEL = {
    "CSTD_TINH": ("CSTD_TINH", "CSTD_BO"),
    "CSTD_BO": ("CSTD_TINH", "CSTD_BO"),
    "BK_TINH": ("BK_TINH", "BK_BO"),
    "BK_BO": ("BK_TINH", "BK_BO"),
    "BK_TTG": ("BK_TTG",),
}


def last_award(f: Facts, y: int, code: str) -> int | None:
    """The latest year before `y` of an award of `code`'s level, if any."""
    mask = 0
    for other in SAME_LEVEL.get(code, (code,)):
        mask |= f.held.get(other, 0)
    earlier = mask & span(YEAR0, y - 1)
    return YEAR0 + earlier.bit_length() - 1 if earlier else None


def rule_cstd_tinh(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
    n = p.tinh_years
    used = last_award(f, y, "CSTD_TINH")
    cstdcs = after(f.held.get("CSTDCS", 0), used)
    need, _first = _chain_need(cstdcs, y, n)
    window = span(y - n + 1, y)
    initiative = bool(f.init_tinh & window)
    ok = need == 0 and initiative
    if ex is not None:
        held = cstdcs & window
        if held:
            ex.satisfied.append(f"CSTĐCS: {years_text(held)}")
        if initiative:
            ex.satisfied.append(
                f"sáng kiến cấp tỉnh: {years_text(f.init_tinh & window)}"
            )
        if need:
            since = (
                f" (sau lần CSTĐ cấp tỉnh năm {used})" if used and used > y - n else ""
            )
            ex.missing.append(f"cần thêm {need} năm CSTĐCS liên tục{since}")
        if not initiative:
            ex.missing.append(
                f"cần 1 sáng kiến, đề tài được công nhận phạm vi cấp tỉnh trong {period_text(y - n + 1, y)}"
            )
        ex.to_confirm.append(
            "Được lựa chọn trong số cá nhân có thành tích tiêu biểu xuất sắc (Hội đồng TĐKT tỉnh)"
        )
        ex.to_confirm.append(
            "Sáng kiến được áp dụng hiệu quả, có khả năng nhân rộng trong tỉnh"
        )
    return ok, need + (0 if initiative else 1)


def _award_chain(mask: int, y: int, gap: int, limit: int) -> tuple[int, int]:
    """Consecutive awards given once per cycle: (count, earliest year) back from y."""
    if mask & bit(y):
        count, cur = 1, y
    else:
        count, cur = 0, y
    while count < limit:
        earlier = mask & span(cur - gap, cur - 1)
        if not earlier:
            break
        cur = YEAR0 + earlier.bit_length() - 1
        count += 1
    return count, cur


def rule_cstd_tq(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
    # CSTĐ cấp tỉnh is given once per cycle of `tinh_years` CSTĐCS years, so two
    # consecutive awards are at most one cycle apart (e.g. for 2022 and 2025).
    cycle, m = p.tinh_years, p.tq_count
    mask = f.held.get("CSTD_TINH", 0)
    count = _award_chain(mask, y, cycle, m)[0] if mask else 0
    if not mask & bit(y):
        count = min(count, m - 1)  # the award for `y` itself is still to come
    need = m - count
    start = y - m * cycle + 1
    initiative = bool(f.init_tq & span(start, y))
    ok = need == 0 and initiative
    if ex is not None:
        held = mask & span(start, y)
        if held:
            ex.satisfied.append(f"CSTĐ cấp tỉnh: {years_text(held)}")
        if initiative:
            ex.satisfied.append(
                f"sáng kiến phạm vi toàn quốc: {years_text(f.init_tq & span(start, y))}"
            )
        if need:
            ex.missing.append(f"cần thêm {need} lần CSTĐ cấp tỉnh liên tục")
        if not initiative:
            ex.missing.append(
                f"cần 1 sáng kiến, đề tài có phạm vi ảnh hưởng toàn quốc trong {period_text(start, y)}"
            )
        ex.to_confirm.append(
            "Tiêu biểu xuất sắc nhất trong số CSTĐ cấp tỉnh (Hội đồng TĐKT tỉnh bỏ phiếu kín)"
        )
    return ok, need + (0 if initiative else 1)


def _initiatives_in(f: Facts, first: int, last: int) -> int:
    count = (f.init_cs & span(first, last)).bit_count()
    if f.init_extra:
        count += sum(n for y, n in f.init_extra.items() if first <= y <= last)
    return count


def rule_bk_tinh(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
    n, k = p.bk_years, p.bk_initiatives
    # the years behind an earlier Bằng khen of this level are not counted again
    prior = last_award(f, y, "BK_TINH")
    need_cs, _first = _chain_need(after(f.held.get("CSTDCS", 0), prior), y, n)
    if need_cs == 0 and ex is None:
        return True, 0  # the batch path needs no more than that
    need_htxs = max(0, n - streak(after(f.htxs, prior), y))
    first = y - n + 1 if prior is None else max(y - n + 1, prior + 1)
    window = span(first, y)
    # CV 1168/BNV-BTĐKT (06/02/2026): an initiative that earned a CSTĐCS by the
    # "HTT + sáng kiến" branch is not counted again (one per such year)
    used = f.cstdcs_initiative & f.init_cs & window
    count = _initiatives_in(f, first, y) - used.bit_count()
    need_init = max(0, k - count)
    alt2 = need_htxs + need_init
    ok = need_cs == 0 or alt2 == 0
    if ex is not None:
        note = (
            f" (không tính sáng kiến năm {years_text(used)} đã dùng để đạt CSTĐCS "
            "theo điều kiện HTT + sáng kiến, Công văn 1168/BNV-BTĐKT ngày 06/02/2026)"
            if used
            else ""
        )
        if need_cs == 0:
            ex.satisfied.append(
                f"CSTĐCS liên tục: {years_text(f.held.get('CSTDCS', 0) & span(y - n + 1, y))}"
            )
        if alt2 == 0:
            ex.satisfied.append(f"HTXS liên tục: {years_text(f.htxs & window)}")
            ex.satisfied.append(
                f"{count} sáng kiến cấp cơ sở trong {period_text(first, y)}{note}"
            )
        if not ok:
            via_cs = [f"cần thêm {need_cs} năm CSTĐCS liên tục"]
            via_htxs = []
            if need_htxs:
                via_htxs.append(f"cần thêm {need_htxs} năm HTXS liên tục")
            if need_init:
                via_htxs.append(
                    f"cần thêm {need_init} sáng kiến cấp cơ sở trong {period_text(first, y)}{note}"
                )
            best, other = (via_cs, via_htxs) if need_cs <= alt2 else (via_htxs, via_cs)
            ex.missing.extend(best)
            ex.missing.append("hoặc: " + "; ".join(other))
            if prior is not None:
                ex.missing.append(
                    f"chỉ tính thành tích sau lần Bằng khen cùng cấp năm {prior} "
                    "(một thành tích không khen thưởng hai lần)"
                )
        ex.to_confirm.append(CONFIRM_LAWFUL)
        ex.other_paths.append(
            "Điều 74 khoản 1 điểm a–c: thành tích xuất sắc đột xuất, trong phong trào thi đua (Hội đồng xét)"
        )
    return ok, min(need_cs, alt2)


def rule_bk_ttg(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
    """Art. 73(1)(b): a Bằng khen bộ/tỉnh held, then a run of at least n years rated
    HTT or better up to the proposal with k CSTĐCS anywhere in that run (not only
    its last n years). A Bằng khen of the year considered rewards the same
    achievement and does not count; nor do the years behind an earlier BK_TTG."""
    n, k = p.ttg_years, p.ttg_cstdcs
    bk = (f.held.get("BK_TINH", 0) | f.held.get("BK_BO", 0)) & span(YEAR0, y - 1)
    prior = last_award(f, y, "BK_TTG")
    run = streak(after(f.good, prior), y)
    need_years = max(0, n - run)
    window = span(y - max(run, n) + 1, y)
    cstdcs = after(f.held.get("CSTDCS", 0), prior) & window
    need_cs = max(0, k - cstdcs.bit_count())
    shortfall = (0 if bk else 1) + need_years + need_cs
    if ex is not None:
        if bk:
            ex.satisfied.append(f"Bằng khen cấp bộ, ngành, tỉnh: {years_text(bk)}")
        if run:
            ex.satisfied.append(
                f"{run} năm liên tục từ HTT trở lên ({y - run + 1}–{y})"
            )
        if cstdcs:
            ex.satisfied.append(f"CSTĐCS: {years_text(cstdcs)}")
        if not bk:
            same_year = (f.held.get("BK_TINH", 0) | f.held.get("BK_BO", 0)) & bit(y)
            ex.missing.append(
                "cần đã được tặng Bằng khen cấp bộ, ngành, tỉnh trước năm xét"
                + (
                    f" (Bằng khen năm {y} khen chính thành tích này)"
                    if same_year
                    else ""
                )
            )
        if need_years:
            ex.missing.append(
                f"cần thêm {need_years} năm liên tục hoàn thành tốt nhiệm vụ trở lên"
            )
        if need_cs:
            first = y - max(run, n) + 1
            ex.missing.append(
                f"cần thêm {need_cs} lần CSTĐCS trong {period_text(first, y)}"
            )
        if prior is not None and shortfall:
            ex.missing.append(
                f"chỉ tính thành tích sau lần Bằng khen của Thủ tướng năm {prior}"
            )
        ex.to_confirm.append(CONFIRM_LAWFUL)
        ex.other_paths.append(
            "Điều 73 khoản 1 điểm a, c: thành tích xuất sắc trong phong trào thi đua, thành tích đột xuất có phạm vi ảnh hưởng (Hội đồng xét)"
        )
    return shortfall == 0, shortfall


def _share_need(count: int, total: int, share: Fraction, strict: bool) -> int:
    """People still needed so that count/total ≥ share (or > share when strict)."""
    if strict:
        least = math.floor(share * total) + 1
    else:
        least = math.ceil(share * total)
    return max(0, least - count)


def _no_collective_data(ex: Explain | None, y: int) -> tuple[bool, int]:
    if ex is not None:
        ex.missing.append(f"chưa có xếp loại và số liệu thành viên của tập thể năm {y}")
    return False, 2


def _explain_members_ldtt(ex: Explain, c: CollectiveFacts, need: int, pct: str) -> None:
    if need:
        ex.missing.append(
            f"cần thêm {need} cá nhân đạt LĐTT (ít nhất {pct} của {c.members_total})"
        )
    else:
        ex.satisfied.append(
            f"{c.members_ldtt}/{c.members_total} cá nhân đạt LĐTT (ít nhất {pct})"
        )


def rule_ttldtt(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
    c = f.collective
    if c is None or c.members_total == 0:
        return _no_collective_data(ex, y)
    rating_ok = c.rating in ("HTXS", "HTT")
    # "ít nhất" in the provincial rules written under the 2022 Law (the pre-2024
    # "trên 50%" was strict)
    need_ldtt = _share_need(
        c.members_ldtt, c.members_total, p.ttldtt_share, strict=False
    )
    shortfall = (0 if rating_ok else 1) + need_ldtt + c.members_disciplined
    if ex is not None:
        pct = _pct(p.ttldtt_share)
        if rating_ok:
            ex.satisfied.append(f"{y}: tập thể {c.rating}")
        else:
            ex.missing.append(
                f"cần tập thể hoàn thành tốt nhiệm vụ năm {y} (hiện: {c.rating or 'chưa xếp loại'})"
            )
        _explain_members_ldtt(ex, c, need_ldtt, pct)
        if c.members_disciplined:
            ex.missing.append(
                f"có {c.members_disciplined} cá nhân bị kỷ luật từ cảnh cáo trở lên"
            )
        else:
            ex.satisfied.append("không có cá nhân bị kỷ luật từ cảnh cáo trở lên")
        ex.to_confirm.extend([CONFIRM_MOVEMENT, CONFIRM_UNITY])
    return shortfall == 0, shortfall


def rule_ttldxs(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
    c = f.collective
    if c is None or c.members_total == 0:
        return _no_collective_data(ex, y)
    rating_ok = c.rating == "HTXS"
    not_done = max(0, c.members_total - c.members_completed_tasks)
    need_ldtt = _share_need(
        c.members_ldtt, c.members_total, p.ttldxs_share, strict=False
    )
    need_cs = max(0, p.ttldxs_cstdcs - c.members_cstdcs)
    shortfall = (0 if rating_ok else 1) + not_done + need_ldtt + need_cs
    if ex is not None:
        pct = _pct(p.ttldxs_share)
        if rating_ok:
            ex.satisfied.append(f"{y}: tập thể HTXS")
        else:
            ex.missing.append(
                f"cần tập thể hoàn thành xuất sắc nhiệm vụ năm {y} (hiện: {c.rating or 'chưa xếp loại'})"
            )
        if not_done:
            ex.missing.append(
                f"cần 100% cá nhân hoàn thành nhiệm vụ (còn {not_done} người chưa hoàn thành)"
            )
        else:
            ex.satisfied.append(f"100% cá nhân hoàn thành nhiệm vụ ({c.members_total})")
        _explain_members_ldtt(ex, c, need_ldtt, pct)
        if need_cs:
            ex.missing.append(f"cần ít nhất {p.ttldxs_cstdcs} cá nhân đạt CSTĐCS")
        else:
            ex.satisfied.append(f"{c.members_cstdcs} cá nhân đạt CSTĐCS")
        ex.to_confirm.extend([CONFIRM_MOVEMENT, CONFIRM_UNITY])
        if c.members_disciplined:
            # Art. 27 has no computable bar; the council weighs it under "chấp hành"
            ex.to_confirm.append(
                f"Có {c.members_disciplined} cá nhân bị kỷ luật từ cảnh cáo trở lên: "
                "Hội đồng xem xét tiêu chuẩn đoàn kết, chấp hành"
            )
    return shortfall == 0, shortfall


def rule_co_tinh(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
    c = f.collective
    ok = bool(c and c.bloc_leader)
    if ex is not None:
        if ok:
            ex.satisfied.append(f"{y}: dẫn đầu khối, cụm thi đua của tỉnh")
        else:
            ex.missing.append(f"cần dẫn đầu khối, cụm thi đua của tỉnh năm {y}")
        ex.to_confirm.append("Được khối, cụm thi đua bình xét, suy tôn dẫn đầu")
        ex.other_paths.append(
            "Dẫn đầu phong trào thi đua theo chuyên đề do tỉnh phát động (Điều 26)"
        )
    # leading a bloc comes from its ranking, never "a small step away"
    return ok, 0 if ok else 2


def rule_co_cp(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
    c = f.collective
    ok = bool(c and c.bloc_leader)
    if ex is not None:
        if ok:
            ex.satisfied.append(f"{y}: dẫn đầu khối, cụm thi đua do tỉnh tổ chức")
        else:
            ex.missing.append(f"cần dẫn đầu khối, cụm thi đua do tỉnh tổ chức năm {y}")
        ex.to_confirm.extend(
            [
                "Tiêu biểu xuất sắc trong số các tập thể dẫn đầu khối, cụm của tỉnh",
                "Hoàn thành vượt mức các chỉ tiêu thi đua và nhiệm vụ được giao",
                "Tổ chức đảng, đoàn thể trong sạch, vững mạnh; thực hành tiết kiệm, phòng, chống tham nhũng, lãng phí",
            ]
        )
        ex.other_paths.extend(
            [
                "Dẫn đầu khối, cụm thi đua do Ban Thi đua – Khen thưởng Trung ương tổ chức (Điều 25)",
                "Dẫn đầu phong trào thi đua do Thủ tướng phát động có thời gian từ 5 năm trở lên (Điều 25)",
            ]
        )
    return ok, 0 if ok else 2


def rule_gk(f: Facts, y: int, p: Params, ex: Explain | None) -> tuple[bool, int]:
    """Giấy khen (Art. 75): the rating is the only computable condition; which
    achievement it rewards is the unit's council to judge (listed by `evaluate`)."""
    b = bit(y)
    ok = bool(f.good & b)
    if ex is not None:
        rating = _rating_of(f, y)
        if ok:
            ex.satisfied.append(f"{y}: {rating}")
        elif rating is None:
            ex.missing.append(f"chưa có xếp loại năm {y}")
        else:
            ex.missing.append(
                f"cần xếp loại từ Hoàn thành tốt nhiệm vụ năm {y} (hiện: {rating})"
            )
    return ok, 0 if ok else 1


def rule_bk_tinh_collective(
    f: Facts, y: int, p: Params, ex: Explain | None
) -> tuple[bool, int]:
    """Art. 74(2)(c): two consecutive years HTXS (or TTLĐXS), after any earlier
    Bằng khen of this level."""
    n = p.bk_years
    prior = last_award(f, y, "BK_TINH")
    mask = after(f.htxs | f.held.get("TTLDXS", 0), prior)
    need, _first = _chain_need(mask, y, n)
    if ex is not None:
        held = mask & span(y - n + 1, y)
        if held:
            ex.satisfied.append(f"HTXS hoặc TTLĐXS: {years_text(held)}")
        if need:
            ex.missing.append(
                f"cần thêm {need} năm liên tục hoàn thành xuất sắc nhiệm vụ (hoặc TTLĐXS)"
            )
            if prior is not None:
                ex.missing.append(
                    f"chỉ tính thành tích sau lần Bằng khen cùng cấp năm {prior}"
                )
        ex.to_confirm.append(
            "Nội bộ đoàn kết; thực hiện tốt dân chủ ở cơ sở, phong trào thi đua, "
            "chăm lo đời sống người lao động, thực hành tiết kiệm, phòng, chống tham nhũng"
        )
    return need == 0, need


# Rules by name: a rule set's AwardRule names the rule it applies to a code, so
# a rule whose shape changes gets a new name and is dated with its rule set.
RULES: dict[str, dict[str, Rule]] = {
    "ldtt": {"individual": rule_ldtt},
    "cstdcs": {"individual": rule_cstdcs},
    "cstd_tinh": {"individual": rule_cstd_tinh},
    "cstd_tq": {"individual": rule_cstd_tq},
    "bk_tinh": {"individual": rule_bk_tinh, "collective": rule_bk_tinh_collective},
    "bk_ttg": {"individual": rule_bk_ttg},
    "gk": {"individual": rule_gk, "collective": rule_gk},
    "ttldtt": {"collective": rule_ttldtt},
    "ttldxs": {"collective": rule_ttldxs},
    "co_tinh": {"collective": rule_co_tinh},
    "co_cp": {"collective": rule_co_cp},
}
