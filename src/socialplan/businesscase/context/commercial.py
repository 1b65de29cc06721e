"""The commercial case: procurement and the licence or per-user costs."""

from __future__ import annotations

from typing import Any

from socialplan.businesscase.context.writer import Writer, table


def commercial_case(w: Writer) -> dict[str, Any]:
    licences = [c for c in w.inputs.costs if c.category == "licence" or c.kind == "per-user"]
    option_titles = {o.id: o.title for o in w.inputs.options}
    rows = [[c.name, w.cost_basis(c), w.driver_text(c.amount),
             "all but do nothing" if c.options is None else "; ".join(option_titles.get(i, i) for i in c.options)]
            for c in licences]
    return {
        "procurement": w.plan.finance.procurement,
        "options": [{"title": o.title, "procurement": o.procurement} for o in w.inputs.options if o.procurement],
        "licences": table(["Licence or per-user cost", "Basis", "Estimate", "Options"], rows) if rows else None,
    }
