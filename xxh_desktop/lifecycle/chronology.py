"""Chronology as a rule (PRODUCT.md §4): an event is not dated after today, nor before what it follows.

Pure. The field catalogue says, for each date, whether it may lie in the future
(a deadline, a plan) and which dates it may not precede (`Field.after`); here
those windows are judged on a set of dates keyed as the catalogue keys them.
The lifecycle refuses a step that would break the order; `check` lists the
records that already do.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from .. import deadlines
from ..domain.fields import field

Dates = Mapping[str, "date | None"]


def future_problem(key: str, on: date, today: date) -> str | None:
    """第N条：«{label} {on} 晚于今天 {today}» unless the field may lie ahead."""
    f = field(key)
    if f.future or on <= today:
        return None
    return f"{f.article}：{f.title} {on.isoformat()} 晚于今天 {today.isoformat()}，已发生的事项不能预先登记日期"


def before_problem(key: str, on: date, prior_key: str, prior: date) -> str | None:
    """第N条：«{label} {on} 早于{prior label} {prior}» when the order is broken."""
    if on >= prior:
        return None
    f = field(key)
    return f"{f.article}：{f.title} {on.isoformat()} 早于{field(prior_key).title} {prior.isoformat()}"


def order_problems(dates: Dates, today: date) -> list[str]:
    """Every date of `dates` that lies after today (unless it may) or before a date it follows."""
    out: list[str] = []
    for key, on in dates.items():
        if on is None:
            continue
        if (why := future_problem(key, on, today)) is not None:
            out.append(why)
        for prior_key in field(key).after:
            prior = dates.get(prior_key)
            if prior is not None and (why := before_problem(key, on, prior_key, prior)) is not None:
                out.append(why)
    return out


def trial_problem(initial: date | None, final: date | None) -> str | None:
    """第十七条: 终验 after 初验合格 and three calendar months of 试运行 (the gate's rule, for `check`)."""
    if initial is None or final is None or final < initial or final >= deadlines.trial_end(initial):
        return None
    return (f"第十七条：终验日期 {final.isoformat()} 早于试运行届满日 {deadlines.trial_end(initial).isoformat()}"
            f"（初验合格 {initial.isoformat()} 后须试运行满3个月）")


def new_problems(before: Dates, after: Dates, today: date) -> list[str]:
    """What a step that turns `before` into `after` would break (what was broken before is `check`'s)."""
    old = set(order_problems(before, today))
    return [p for p in order_problems(after, today) if p not in old]


def event_problems(article: str, event: str, on: date, today: date | None,
                   priors: list[tuple[str, date | None]]) -> list[str]:
    """A dated step that records no fact of its own (开始审核, 报县政府批准 …): not after
    `today` (None: not judged here), not before each (label, date) of `priors`."""
    out = []
    if today is not None and on > today:
        out.append(f"{article}：{event}日期 {on.isoformat()} 晚于今天 {today.isoformat()}，已发生的事项不能预先登记日期")
    for label, prior in priors:
        if prior is not None and on < prior:
            out.append(f"{article}：{event}日期 {on.isoformat()} 早于{label} {prior.isoformat()}")
    return out
