"""Calendar arithmetic for tidings.timex: weeks, months and years counted from a day, and which
occurrence of a weekday, month or day-without-year a text means. Pure functions over dates.

`lean` is how an expression without a year leans: "past" (on or before publication), "future"
(on or after) or "nearest" (either side, a tie going to the same year).
"""

from __future__ import annotations

from datetime import date, timedelta

__all__ = ["add_months", "add_years", "day_without_year", "monday", "month_year", "period_start", "shift",
           "weekday_date"]


def monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def add_months(d: date, n: int) -> date:
    """First day of the month n months from d's month."""
    year, month0 = divmod(d.year * 12 + d.month - 1 + n, 12)
    return date(year, month0 + 1, 1)


def add_years(d: date, n: int) -> date:
    return date(d.year + n, 1, 1)


def period_start(d: date, precision: str) -> date:
    if precision == "week":
        return monday(d)
    if precision == "month":
        return d.replace(day=1)
    if precision == "year":
        return d.replace(month=1, day=1)
    return d


def shift(d: date, unit: str, n: int) -> date:
    if unit == "day":
        return d + timedelta(days=n)
    if unit in ("week", "weekend"):
        return d + timedelta(days=7 * n)
    if unit == "month":
        return add_months(d, n)
    return add_years(d, n * 10 if unit == "decade" else n)


def weekday_date(weekday: int, published: date, mode: str) -> date:
    """mode: past (on or before), future (on or after), last/next (strictly), nearest (either side)."""
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7
    if mode == "last":
        return published - timedelta(days=back or 7)
    if mode == "next":
        return published + timedelta(days=ahead or 7)
    if mode == "future" or (mode == "nearest" and ahead < back):
        return published + timedelta(days=ahead)
    return published - timedelta(days=back)


def month_year(month: int, published: date, *, lean: str, rel: str | None) -> int:
    py, pm = published.year, published.month
    if rel == "last":
        return py if month < pm else py - 1
    if rel == "next":
        return py if month > pm else py + 1
    if rel == "this":
        return py
    if lean == "future":
        return py if month >= pm else py + 1
    if lean == "past":
        return py if month <= pm else py - 1
    # Nearest occurrence; min() keeps the first of equals, so ties go to the same year.
    return min((py, py - 1, py + 1), key=lambda y: abs((y - py) * 12 + month - pm))


def day_without_year(month: int, day: int, published: date, *, lean: str,
                      weekday: int | None) -> date | None:
    options = []
    for year in (published.year, published.year - 1, published.year + 1):
        try:
            options.append(date(year, month, day))
        except ValueError:  # 29 February outside leap years
            continue
    # A stated weekday ("Sat., Jan. 13") settles the year when it fits only one of them.
    fitting = [d for d in options if d.weekday() == weekday]
    options = fitting or options
    if lean == "future":
        ahead = sorted(d for d in options if d >= published)
        return ahead[0] if ahead else None
    if lean == "past":
        behind = sorted(d for d in options if d <= published)
        return behind[-1] if behind else None
    return min(options, key=lambda d: abs((d - published).days)) if options else None
