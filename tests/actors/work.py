"""Counting the work a call does in Python lines executed, for tests that a stage grows linearly.

Seconds mean little on a shared machine; lines executed (sys.settrace) are the same on every run.
A run past its budget is stopped there, so a quadratic stage fails fast instead of running on.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

# Work for 4x the input over work for 1x: 4 when linear, 16 when quadratic. Allowed up to:
ALLOWED_GROWTH = 6.0


class OverBudget(Exception):
    """The call ran more lines than it was allowed."""


def lines_run(call: Callable[[], Any], budget: float = float("inf")) -> tuple[int, Any]:
    """Python lines executed by `call()` (raising OverBudget past `budget`), and its result."""
    count = 0

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
            if count > budget:
                raise OverBudget(f"more than {budget:.0f} lines")
        return trace

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        result = call()
    finally:
        sys.settrace(previous)
    return count, result


def growth(small: Callable[[], Any], large: Callable[[], Any]) -> tuple[float, Any]:
    """How many times the work of `small` `large` took (at most ALLOWED_GROWTH plus a line: past
    that it is stopped), and the result of `large`. The two should differ by 4x in input."""
    lines, _ = lines_run(small)
    try:
        more, result = lines_run(large, budget=lines * ALLOWED_GROWTH)
    except OverBudget:
        return float("inf"), None
    return more / lines, result


def linear_result(call: Callable[[Any], Any], small: Any, large: Any, *, what: str) -> Any:
    """`call(large)`, after checking that it took at most ALLOWED_GROWTH times the work of
    `call(small)` (the inputs 4x apart); `what` names the stage in the failure message."""
    times, result = growth(lambda: call(small), lambda: call(large))
    assert times <= ALLOWED_GROWTH, f"4x the text took {times:.1f}x the work: {what} outgrows the text"
    return result
