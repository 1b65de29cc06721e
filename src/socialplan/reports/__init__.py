"""Typed models of the JSON reports that socialplan prints.

One pydantic model per document (and per nested object), one field per
figure, each with a description: the JSON a command prints is the model's
``model_dump(mode="json")``, its JSON Schema (``socialplan schema <report>``)
is generated from the model, and docs/json-reports.md is generated from the
descriptions. Adding a figure to a report is adding a field here and filling
it in the report's builder.

- :mod:`.validate`: ``socialplan validate --format json``
- :mod:`.assess`: ``socialplan assess --format json``
- :mod:`.business_case`: ``socialplan business-case --format json``
- :mod:`.rollout`: ``socialplan rollout --format json``
- :mod:`.track`: ``socialplan track --format json``
- :mod:`.evidence`: ``socialplan evidence --format json``
- :mod:`.pack`: ``socialplan report --format json``
"""
