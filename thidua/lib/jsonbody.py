"""Reading a JSON request body with bounded nesting.

Python's json module recurses once per level, so `[[[[…]]]]` a few thousand
levels deep raises RecursionError (a 500) and costs stack; no request of this
project nests deeper than a handful of levels. The depth is counted on the raw
bytes first (strings skipped), which is linear and cannot recurse.
"""

from __future__ import annotations

import json
from typing import Any

MAX_DEPTH = 32


class JSONBodyError(ValueError):
    pass


def nesting_depth(raw: bytes) -> int:
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


def loads(raw: bytes, **kwargs: Any) -> Any:
    """json.loads that raises JSONBodyError (Vietnamese) for bad or too deep JSON."""
    if nesting_depth(raw) > MAX_DEPTH:
        raise JSONBodyError(f"JSON lồng quá sâu (tối đa {MAX_DEPTH} cấp).")
    try:
        return json.loads(raw or b"", **kwargs)
    except (ValueError, UnicodeDecodeError) as exc:
        raise JSONBodyError(f"JSON không hợp lệ: {exc}") from exc
