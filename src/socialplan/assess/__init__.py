"""The readiness assessment behind ``socialplan assess``.

A plan is judged on the three things that decide whether an internal social
network succeeds: the opportunity (objectives a business case can rest on),
the use cases (hypotheses to pilot) and embedding the network in the
organisation (stakeholders researched, convinced and trained), plus a group
of consistency checks on the plan's own data.

Flow, one module per step::

    rule.py             the shape of a rule: checks, context, the @rule decorator
    rules/*.py          facts about the plan, one module per group
    registry.py         the explicit list of rules, by permanent code
    thresholds.py       the numbers the verdict and some rules use
    config.py           settings: disabled rules, severities, weights, thresholds
    config_files.py     finding and reading the settings (the only file reading here)
    engine.py           runs the rules; adds code, severity, suppression, position
    findings.py         a finding, convertible to a Diagnostic
    scoring.py          group scores, overall score and verdict
    priorities.py       RICE, weighted scoring, the value-versus-effort quadrant
    stakeholder_map.py  power-interest quadrant, research method, ADKAR barrier
    adkar.py            the ADKAR barrier point and what to do about it
    examples.py, docs.py  each rule's documented examples and its Markdown page

Nothing here prints, and only config_files reads files; the engine is pure.
"""
