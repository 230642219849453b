"""The API object, whose OpenAPI document describes every answer it can give.

Ninja documents only the success of each operation. Every error the API
answers (thidua/api/errors.py) is added here in its one shape: 401 and 403 for
operations behind authentication, 404 and 422 for those taking input (an id in
the path or the query may name nothing), 429 and 503 for all. A request schema embedded with its
own `$defs` (see the eligibility endpoint) has them moved into the components,
where a `$ref` of an OpenAPI document can resolve them.
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

from .errors import MESSAGES

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {
                    "field": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        }
    },
}


def _error_response(status: int) -> dict[str, Any]:
    return {
        "description": MESSAGES.get(status, "Dữ liệu không hợp lệ."),
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
        },
    }


def _hoist_defs(node: Any, components: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        for name, schema in node.pop("$defs", {}).items():
            components.setdefault(name, _hoist_defs(schema, components))
        return {
            k: (
                v.replace("#/$defs/", "#/components/schemas/")
                if k == "$ref" and isinstance(v, str)
                else _hoist_defs(v, components)
            )
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_hoist_defs(v, components) for v in node]
    return node


def complete(schema: dict[str, Any]) -> dict[str, Any]:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if "requestBody" in operation:
                operation["requestBody"] = _hoist_defs(
                    operation["requestBody"], components
                )
            responses = operation.setdefault("responses", {})
            codes = [429, 503]
            if operation.get("security"):
                codes += [401, 403]
            if operation.get("parameters") or "requestBody" in operation:
                codes += [404, 422]  # an id in the path or the query may not exist
            for code in codes:  # ninja keys its own responses by int
                if code not in responses and str(code) not in responses:
                    responses[str(code)] = _error_response(code)
    return schema


class ThiduaAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        return complete(super().get_openapi_schema(*args, **kwargs))
