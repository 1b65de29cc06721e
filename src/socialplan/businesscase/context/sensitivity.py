"""Sensitivity of the leading option: the tornado of estimates, the
switching values at which NPV is zero, and the Monte Carlo simulation."""

from __future__ import annotations

from typing import Any

from socialplan.businesscase.context.writer import Table, Writer, driver_title, table
from socialplan.businesscase.formatting import chance, money, number, percent, trim
from socialplan.finance.inputs import Driver
from socialplan.finance.sensitivity import SwitchingValue

TORNADO_ROWS = 10


def tornado(w: Writer) -> dict[str, Any]:
    bars = w.case.tornado
    rows = []
    for bar in bars[:TORNADO_ROWS]:
        fmt = w.amount_format(bar.driver)
        rows.append([driver_title(bar.driver), fmt(bar.driver.low), fmt(bar.driver.likely),
                     fmt(bar.driver.high), w.money(bar.npv_low[1]), w.money(bar.npv_high[1])])
    more = max(0, len(bars) - TORNADO_ROWS)
    return {
        "table": table(["Driver", "Low", "Likely", "High", "NPV at low", "NPV at high"], rows,
                       [False, True, True, True, True, True]) if rows else None,
        "more": (f"{more} estimate{'s' if more > 1 else ''} with a smaller effect on NPV "
                 f"{'are' if more > 1 else 'is'} listed") if more else None,
        "base": w.money(w.leading.risk_adjusted.npv),
    }


def switch_value(w: Writer, value: float | None, sv: SwitchingValue, npv: float) -> str:
    if value is None:
        if npv <= 0:
            return "none: NPV stays negative"
        if sv.unit == "multiple":
            return "none"
        if sv.path == ("finance", "adoption", "ceiling"):
            return "none: positive with pilot users alone"
        return "none: positive even at zero"
    if sv.unit == "minutes":
        return f"{number(value, decimals=1)} min"
    if sv.unit == "share":
        return "under 0.1%" if 0 < value < 0.001 else percent(value, decimals=1)
    if sv.unit == "multiple":
        return f"x{value:,.2f} ({'+' if value >= 1 else ''}{percent(value - 1)})"
    if sv.unit == "money-per-hour":
        return money(value, w.currency, decimals=2)
    return w.money(value)


def switching(w: Writer) -> Table | None:
    o = w.leading
    planned = {"minutes": lambda v: f"{number(v, decimals=1)} min", "share": lambda v: percent(v),
               "multiple": lambda v: f"x{v:,.2f}", "money-per-hour": lambda v: money(v, w.currency, decimals=2),
               "money-per-year": w.money}
    rows = [[sv.subject[0].upper() + sv.subject[1:], planned[sv.unit](sv.planned),
             switch_value(w, sv.unadjusted, sv, o.unadjusted.npv),
             switch_value(w, sv.risk_adjusted, sv, o.risk_adjusted.npv)] for sv in w.case.switching]
    if not rows:
        return None
    return table(["NPV is zero when", "Planned", "As estimated", "Risk-adjusted"], rows,
                 [False, True, True, True])


def simulation(w: Writer) -> dict[str, Any] | None:
    sim = w.case.simulation
    if sim is None:
        return None
    u, r = sim.unadjusted, sim.risk_adjusted
    rows = [
        ["P10 (9 in 10 chance of more)", w.money(u.p10), w.money(r.p10)],
        ["P50 (median)", w.money(u.p50), w.money(r.p50)],
        ["P90 (1 in 10 chance of more)", w.money(u.p90), w.money(r.p90)],
        ["Mean of the simulations", w.money(u.mean), w.money(r.mean)],
        ["Expected NPV (estimates at their means)", w.money(u.expected), w.money(r.expected)],
        ["Standard deviation", w.money(u.std), w.money(r.std)],
        ["Probability that NPV > 0", chance(u.prob_positive), chance(r.prob_positive)],
        ["Cash-only NPV: P10 / P50 / P90",
         f"{w.short(sim.cash_unadjusted.p10)} / {w.short(sim.cash_unadjusted.p50)} / "
         f"{w.short(sim.cash_unadjusted.p90)}",
         f"{w.short(sim.cash_risk_adjusted.p10)} / {w.short(sim.cash_risk_adjusted.p50)} / "
         f"{w.short(sim.cash_risk_adjusted.p90)}"],
        ["Probability that cash-only NPV > 0", chance(sim.cash_unadjusted.prob_positive),
         chance(sim.cash_risk_adjusted.prob_positive)],
    ]
    dist = "triangular" if sim.distribution == "triangular" else "PERT (beta, weight 4)"
    spread = w.inputs.uncertainty
    adoption = ""
    if spread is not None and sim.adoption_varied:
        named = {"ceiling": f"ceiling x{_range(spread.ceiling)}", "p": f"p x{_range(spread.p)}",
                 "q": f"q x{_range(spread.q)}", "launch_delay": f"launch delay {_range(spread.launch_delay)} months"}
        adoption = (f" Adoption varies too ({', '.join(named[n] for n in sim.adoption_varied)}), in "
                    f"{sim.scenarios} strata, each a full run of the adoption model.")
    together = (f"Every pair of inputs has a rank correlation of {trim(sim.correlation)} through a shared optimism "
                "factor (benefits and adoption high when costs and delay are low)" if sim.correlation > 0
                else "Inputs are drawn independently")
    drivers = [[d.label, f"{d.rank_correlation:+.2f}", percent(d.share, decimals=1)] for d in sim.drivers[:10]]
    return {
        "table": table(["", "As estimated", "Risk-adjusted"], rows, [False, True, True]),
        "settings": (f"{sim.simulations:,} simulations, seed {sim.seed}, {dist} distributions over "
                     f"{sim.uncertain_drivers} estimates with a range.{adoption} {together}."),
        "drivers": table(["Input", "Rank correlation with NPV", "Share of the spread"], drivers,
                         [False, True, True]) if drivers else None,
    }


def _range(driver: Driver) -> str:
    """low-likely-high of a setting, or its one value."""
    if not driver.uncertain:
        return trim(driver.likely)
    return f"{trim(driver.low)}/{trim(driver.likely)}/{trim(driver.high)} (low/likely/high)"
