"""GET /api/v1/catalogue, the new request fields and the 422s of the rule endpoints."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from thidua.commendations.catalogue_forms import FORMS

from .test_catalogue_2022 import SHEET_CODES


def post(client: Client, body: object | str):
    raw = body if isinstance(body, str) else json.dumps(body)
    return client.post("/api/v1/eligibility", raw, content_type="application/json")


def fields(response) -> set[str]:
    assert response.status_code == 422, response.content
    return {e["field"] for e in response.json()["errors"]}


def test_catalogue_on_a_date_lists_every_code(client, catalogue) -> None:
    response = client.get("/api/v1/catalogue", {"date": "2025-08-01"})
    assert response.status_code == 200
    data = response.json()
    assert data["rules"] == "Luật TĐKT 2022 + NĐ 152/2025"
    codes = {c["code"]: c for c in data["codes"]}
    assert SHEET_CODES <= set(codes)
    assert set(codes) == {f.code for f in FORMS}
    bk = codes["BK_TTG"]
    assert bk["article"] == "Luật Thi đua, khen thưởng 2022, Điều 73 khoản 1 điểm b"
    assert bk["articles"]["household"].endswith("Điều 73 khoản 3")
    assert bk["recipients"] == ["individual", "collective", "household"]
    assert bk["level"] == "nha_nuoc" and bk["decided_by"] == "Thủ tướng Chính phủ"
    assert "Bộ Nội vụ" in bk["proposed_by"]
    assert (bk["coefficient"], bk["coefficient_source"]) == (
        3.5,
        "NĐ 152/2025/NĐ-CP, Điều 54 khoản 1",
    )
    collective = next(c for c in bk["coefficients"] if c["recipient"] == "collective")
    assert collective["coefficient"] == 7.0  # Art. 54(2)
    hclđ3 = codes["HC_LAO_DONG_3"]
    assert hclđ3["coefficient"] == 4.5 and hclđ3["computable"]
    assert hclđ3["criteria"]["prerequisite"]["text"] == "BK_TTG"
    assert hclđ3["uncertain"]  # Art. 44(1)(e) read from a translation [S]
    doc_lap = codes["HC_DOC_LAP_1"]
    assert (
        doc_lap["criteria_not_retrieved"]
        and "criteria_not_retrieved" in doc_lap["unverified"]
    )
    assert codes["GD_VH"]["coefficient"] is None and codes["GD_VH"]["uncertain"]
    gk = [c for c in codes["GK"]["coefficients"] if c["recipient"] == "individual"]
    assert {c["issuer"] for c in gk} == {"xa", "so", "don_vi"}
    assert not codes["LDTT"]["uncertain"]


def test_catalogue_under_decree_98_and_after_the_last_review(client, catalogue) -> None:
    old = client.get("/api/v1/catalogue", {"date": "2024-06-01"}).json()
    assert old["rules"] == "Luật TĐKT 2022 + NĐ 98/2023"
    gk = next(c for c in old["codes"] if c["code"] == "GK")
    xa = next(
        c
        for c in gk["coefficients"]
        if c["issuer"] == "xa" and c["recipient"] == "individual"
    )
    assert xa["coefficient"] == 0.15
    assert old["base_salary"]["amount"] == 1_800_000 and not old["warnings"]
    later = client.get("/api/v1/catalogue", {"date": "2027-03-01"}).json()
    assert later["base_salary"] == {
        "amount": 2_530_000,
        "source": "Nghị định 161/2026/NĐ-CP, Điều 3 khoản 2 (chưa đối chiếu bản chính thức)",
        "uncertain": True,
    }
    assert later["warnings"] and "rà soát" in later["warnings"][0]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date": "2023-12-31"}, "date"),
        ({"date": "01/08/2025"}, "date"),
        ({"date": ""}, "date"),
        ({}, "date"),
    ],
)
def test_catalogue_bad_date(client, catalogue, params, field) -> None:
    assert fields(client.get("/api/v1/catalogue", params)) == {field}


def test_reward_from_july_2026_uses_the_unverified_base_salary(
    client, catalogue
) -> None:
    """Research sheet §6: 2,530,000 đ from 01/07/2026 (NĐ 161/2026) [U]."""
    data = client.get(
        "/api/v1/reward",
        {"code": "BK_TTG", "recipient": "individual", "decision_date": "2026-07-01"},
    ).json()
    assert (data["base_salary"], data["amount"]) == (2_530_000, 8_860_000)
    assert data["uncertain"] and any("chưa được" in w for w in data["warnings"])
    before = client.get(
        "/api/v1/reward",
        {"code": "BK_TTG", "recipient": "individual", "decision_date": "2026-06-30"},
    ).json()
    assert (before["base_salary"], before["amount"]) == (2_340_000, 8_190_000)
    assert not before["warnings"]
    late = client.get(
        "/api/v1/reward",
        {"code": "LDTT", "recipient": "individual", "decision_date": "2027-02-01"},
    ).json()
    assert any("rà soát" in w for w in late["warnings"])


def test_eligibility_past_the_last_review_is_judged_with_a_warning(
    client, catalogue
) -> None:
    data = post(client, {"year": 2027, "ratings": {"2027": "HTT"}}).json()
    assert data["rules"] == "Luật TĐKT 2022 + NĐ 152/2025"
    assert data["warnings"] and "31/12/2027" in data["warnings"][0]
    assert not post(client, {"year": 2025, "ratings": {"2025": "HTT"}}).json()[
        "warnings"
    ]


def test_years_of_service_in_the_request(client, catalogue) -> None:
    body = {"year": 2025, "service": {"years": 12, "hardship_years": 3}}
    results = {r["code"]: r for r in post(client, body).json()["results"]}
    assert results["DH_NGUT"]["eligible"] is True
    assert results["LDTT"]["status"] == "near"


def test_held_status_in_the_answer(client, catalogue) -> None:
    body = {
        "year": 2024,
        "ratings": {"2024": "HTT"},
        "titles": [{"year": 2024, "code": "LDTT"}],
    }
    ldtt = next(r for r in post(client, body).json()["results"] if r["code"] == "LDTT")
    assert (ldtt["eligible"], ldtt["status"]) == (False, "held")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"year": 2025, "titles": [{"year": 2024, "code": ["LDTT"]}]}, {"titles[0].code"}),
        ({"year": 2025, "titles": [{"year": 2024, "code": {"a": 1}}]}, {"titles[0].code"}),
        ({"year": 2025, "titles": {"year": 2024}}, {"titles"}),
        ({"year": 2025, "titles": [{"year": 2024, "code": "TTLDTT"}]}, {"titles[0].code"}),
        ({"year": 2025, "subject": "household", "awards": [{"year": 2024, "code": "HC_HCM"}]}, {"awards[0].code"}),
        ({"year": 2025, "subject": ["individual"]}, {"subject"}),
        ({"year": 2025, "subject": {"a": 1}}, {"subject"}),
        ({"year": 2025, "ratings": {"2025": ["HTT"]}}, {"ratings.2025"}),
        ({"year": 2025, "ratings": [["2025", "HTT"]]}, {"ratings"}),
        ({"year": 2025, "initiatives": [{"year": 2025, "scope": ["co_so"]}]}, {"initiatives[0].scope"}),
        ({"year": 2025, "titles": [{"year": 2024, "code": "CSTDCS", "branch": ["htxs"]}]}, {"titles[0].branch"}),
        ({"year": 2025, "service": {"years": "15"}}, {"service.years"}),
        ({"year": 2025, "service": {"years": 5, "hardship_years": 6}}, {"service.hardship_years"}),
        ({"year": 2025, "service": [15]}, {"service"}),
        ({"year": 2025, "service": {"years": 15, "age": 50}}, {"service.age"}),
        ({"year": 2025, "subject": "collective", "collective": {"rating": ["HTXS"]}}, {"collective.rating"}),
    ],
)  # fmt: skip
def test_wrong_types_and_kinds_are_422(client, catalogue, body, expected) -> None:
    assert fields(post(client, body)) == expected


def test_deeply_nested_json_is_422(client, catalogue) -> None:
    raw = '{"year": 2025, "titles": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert fields(post(client, raw)) == {"body"}


def test_huge_body_is_422(client, catalogue) -> None:
    raw = json.dumps(
        {"year": 2025, "titles": [{"year": 2024, "code": "LDTT"}] * 20_000}
    )
    assert fields(post(client, raw)) == {"body"}
