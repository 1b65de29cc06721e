"""What every report model shares: strictness, the ``tool`` object, numbers
that keep the type they were computed with, and schema generation."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, WithJsonSchema
from pydantic.json_schema import GenerateJsonSchema

from socialplan import __version__

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# A figure that may be an integer or a float: it is written as computed (a
# weight of 5 stays 5, not 5.0), so the JSON keeps the bytes it always had.
# Declared as one JSON number, which is what a reader needs to know.
Number = Annotated[int | float, WithJsonSchema({"type": "number"})]
Severity = Literal["error", "warning", "info"]


class ReportModel(BaseModel):
    """A JSON object of a report: no undocumented key, and in the schema
    every key required, as the report always writes every key (``null``
    when a value does not exist)."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_serialization_defaults_required=True)


class Tool(ReportModel):
    """The program that wrote the report."""

    name: Literal["socialplan"] = Field("socialplan", description="Always `socialplan`.")
    version: str = Field(__version__, description="The socialplan version that wrote the report.")


# Frozen, so one instance serves as every report's default.
TOOL = Tool()


class Stamp(ReportModel):
    """What the report was made for and from: with `tool.version`, the
    stamp every format of the report prints."""

    as_of: dt.date = Field(description="The day the report speaks for: `--as-of`, else the day it was made.")
    plan_digest: str = Field(pattern="^[0-9a-f]{12}$", description=(
        "The first 12 hex digits of SHA-256 over the plan files' bytes, in the loader's order (a folder's "
        "files by name): `sha256sum plan.yaml`, or `cat folder/*.yaml | sha256sum`."))


def document(model: BaseModel) -> dict[str, Any]:
    """The model as the JSON-ready data a command prints: keys in field order,
    dates as ISO strings, numbers as computed."""
    data: dict[str, Any] = model.model_dump(mode="json")
    return data


class _Schema(GenerateJsonSchema):
    # Property titles would only repeat the key ("Npv" for npv); the
    # descriptions say what a key holds.
    def field_title_should_be_set(self, schema: Any) -> bool:
        return False

    # A report writes every key, so a default is nothing a reader can rely
    # on; and the tool's default would carry the version into the schema.
    def default_schema(self, schema: Any) -> Any:
        return self.generate_inner(schema["schema"])


def json_schema(shape: Any, *, title: str, description: str) -> dict[str, Any]:
    """The JSON Schema (2020-12) of a report model, or of a union of models,
    as a consumer validates the printed JSON against it."""
    schema = TypeAdapter(shape).json_schema(mode="serialization", schema_generator=_Schema)
    schema.pop("title", None)
    schema.pop("description", None)
    return {"$schema": SCHEMA_DIALECT, "title": title, "description": description, **schema}
