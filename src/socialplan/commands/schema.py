"""``socialplan schema``: the JSON Schema of the plan format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from socialplan.errors import EXIT_OK
from socialplan.output import emit

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def plan_schema() -> dict[str, Any]:
    from socialplan.model import Plan

    schema = Plan.model_json_schema()
    return {"$schema": SCHEMA_DIALECT, **schema}


def run_schema(output: Path | None) -> int:
    emit(json.dumps(plan_schema(), indent=2, ensure_ascii=False) + "\n", output)
    return EXIT_OK
