"""Schemathesis over the OpenAPI document, against a live server on the test
database (PostgreSQL in CI's second run), anonymous and with an API token:
no answer may be a server error or disagree with the document.

Bounded so that it stays a CI step of a few minutes on two cores: at most
SCHEMATHESIS_EXAMPLES (default 15) generated requests per operation and
identity, no shrinking. Not checked: that every schema-valid body is accepted;
the rule endpoints answer 422 for input that is well-formed but meaningless
(a scoring scheme with no criteria), which the schema cannot express.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from thidua.accounts.models import User
from thidua.accounts.services import api_token_create
from thidua.api.v1 import api

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EXAMPLES = int(os.getenv("SCHEMATHESIS_EXAMPLES", "15"))


def _run(operation: Any, base_url: str, headers: dict[str, str]) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case: Any) -> None:
        case.call_and_validate(
            base_url=base_url,
            headers=headers,
            excluded_checks=[positive_data_acceptance],
        )

    check()


def test_the_api_answers_as_documented(live_server, demo_world):
    token = api_token_create(
        user=User.objects.get(username="tanuyen"), name="schemathesis"
    )
    document = json.loads(json.dumps(api.get_openapi_schema()))
    schema = schemathesis.openapi.from_dict(document)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for who, headers in (
            ("anonymous", {}),
            ("token", {"Authorization": f"Bearer {token}"}),
        ):
            try:
                _run(operation, live_server.url, headers)
            except Exception as exc:  # noqa: BLE001 - every failure is reported
                failures.append(f"{operation.label} ({who}): {exc}")
    assert not failures, "\n\n".join(failures)
