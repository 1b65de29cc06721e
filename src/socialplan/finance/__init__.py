"""The financial model of the business case: numbers in, numbers out.

Nothing here reads files, prints or knows about the command line. The flow:

    inputs.py       the plan's finance section turned into plain numbers
                    (and the problems that stop it from being modelled)
    assumptions.py  presets (tei, greenbook) and the resolved assumptions
    timing.py       when pilots run and launch happens, as the caller's
                    schedule gives them (else from the pilot lengths)
    adoption.py     Bass diffusion per stakeholder group, pilot before launch
    cashflow.py     each cost and benefit line as a monthly profile
    discounting.py  periods, discount factors, NPV, IRR, payback
    appraisal.py    every option through the same model, unadjusted and
                    risk-adjusted, and the preferred option
    sensitivity.py  tornado and switching values
    distributions.py, simulation.py
                    Monte Carlo over the three-point estimates

Every monetary line is ``amount x unit profile``: adoption does not depend on
the uncertain amounts, so a line's present value is its amount times a fixed
weight. The deterministic figures, the tornado and the simulation all use the
same weights, which keeps them consistent with each other by construction.
"""
