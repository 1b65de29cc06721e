"""Assessment rules, one module per group. Each rule is registered by hand in
:mod:`socialplan.assess.registry`; its docstring is its documentation."""
