"""POST /api/v1/scoring/evaluate: the contracts.md example, and every refusal as a 422."""

from __future__ import annotations

import json

import pytest

URL = "/api/v1/scoring/evaluate"
EXAMPLE = {
    "scheme": {
        "criteria": [
            {
                "code": "poverty",
                "name": "Mức giảm tỷ lệ hộ nghèo",
                "max_points": 10,
                "method": "plan_ratio",
                "direction": "higher_is_better",
                "cap": 1.2,
                "floor": 0.5,
            },
            {
                "code": "roads",
                "name": "Tỷ lệ bản có đường xe máy",
                "max_points": 10,
                "method": "minmax",
                "direction": "higher_is_better",
            },
            {
                "code": "town",
                "name": "Thị trấn đạt chuẩn văn minh đô thị",
                "max_points": 5,
                "method": "threshold",
            },
        ],
        "bonus_cap": 10,
    },
    "units": [
        {
            "unit": "Tân Uyên",
            "values": {
                "poverty": {"actual": 2.47, "plan": 1.65},
                "roads": {"actual": 100},
                "town": {"actual": 1},
            },
            "bonus": 0,
            "penalty": 0,
        },
        {
            "unit": "Sìn Hồ",
            "values": {
                "poverty": {"actual": 5.6, "plan": 5.6},
                "roads": {"actual": 90.27},
            },
            "bonus": 12,
            "penalty": 1,
        },
    ],
}


def post(client, body):
    return client.post(URL, data=json.dumps(body), content_type="application/json")


@pytest.mark.django_db
def test_contract_example_without_login(client):
    response = post(client, EXAMPLE)
    assert response.status_code == 200
    results = response.json()["results"]
    first = results[0]
    assert (first["unit"], first["total"], first["rank"]) == ("Tân Uyên", 27.0, 1)
    assert first["breakdown"][0] == {
        "criterion": "poverty",
        "ratio": pytest.approx(1.4969697),
        "points": 12.0,
        "issue": None,
        "message": None,
    }
    second = results[1]
    # 10 (plan met) + 0 (bloc minimum) + 0 (town missing) + min(12, 10) − 1
    assert (second["unit"], second["total"], second["rank"]) == ("Sìn Hồ", 19.0, 2)
    assert second["missing"] == ["town"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (
            lambda b: b["scheme"]["criteria"][0].update(method="average"),
            "scheme.criteria.0.method",
        ),
        (
            lambda b: b["scheme"]["criteria"][1].update(direction="up"),
            "scheme.criteria.1.direction",
        ),
        (
            lambda b: b["scheme"]["criteria"][0].update(max_points="mười"),
            "scheme.criteria.0.max_points",
        ),
        (
            lambda b: b["scheme"]["criteria"][0].update(max_points=0),
            "scheme.criteria.0.max_points",
        ),
        (
            lambda b: b["scheme"]["criteria"][0].update(floor=2),
            "scheme.criteria.0.floor",
        ),
        (
            lambda b: b["scheme"]["criteria"][2].update(code="poverty"),
            "scheme.criteria.2.code",
        ),
        (
            lambda b: b["units"][0]["values"]["poverty"].update(actual="2,47"),
            "units.0.values.poverty.actual",
        ),
        (
            lambda b: b["units"][0]["values"].update(jobs={"actual": 1}),
            "units.0.values.jobs",
        ),
        (lambda b: b["units"][1].update(unit="Tân Uyên"), "units.1.unit"),
        (lambda b: b["units"][1].update(penalty=-1), "units.1.penalty"),
        (lambda b: b["scheme"].update(criteria=[]), "scheme.criteria"),
        (lambda b: b.update(units=[]), "units"),
        (lambda b: b.pop("scheme"), "scheme"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(client, mutate, field):
    body = json.loads(json.dumps(EXAMPLE))
    mutate(body)
    response = post(client, body)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]


@pytest.mark.django_db
def test_manual_points_above_the_maximum_are_refused(client):
    body = {
        "scheme": {"criteria": [{"code": "m", "max_points": 5, "method": "manual"}]},
        "units": [{"unit": "A", "values": {"m": {"points": 6}}}],
    }
    response = post(client, body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "units.0.values.m.points"


@pytest.mark.django_db
def test_not_json_is_a_422_not_a_500(client):
    response = client.post(URL, data="{oops", content_type="application/json")
    assert response.status_code in (400, 422)
