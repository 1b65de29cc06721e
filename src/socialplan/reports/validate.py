"""The document of ``socialplan validate --format json`` (format version 1)."""

from __future__ import annotations

from typing import Final, Literal

from pydantic import Field

from socialplan.reports.base import TOOL, ReportModel, Severity, Tool

VALIDATE_FORMAT_VERSION: Final = 1


class DiagnosticEntry(ReportModel):
    """One problem, where it was written."""

    code: str = Field(pattern=r"^[A-Z]+[0-9]+$", description="Permanent problem code, e.g. `SP021`.")
    severity: Severity = Field(description="`error`, `warning` or `info`.")
    message: str = Field(description="What is wrong.")
    hint: str | None = Field(description="How to fix it, when known.")
    file: str = Field(description="The file the problem is in, as named on the command line.")
    line: int = Field(ge=1, description="1-based line.")
    column: int = Field(ge=1, description="1-based column, in Unicode code points.")
    path: str = Field(description="Plan path of the value, e.g. `use_cases[2].objectives[0]`; empty for the file.")


class ValidateSummary(ReportModel):
    """Counts over every plan checked."""

    plans: int = Field(ge=0, description="Plans checked.")
    valid: int = Field(ge=0, description="Plans without errors.")
    invalid: int = Field(ge=0, description="Plans with at least one error.")
    errors: int = Field(ge=0, description="Problems of severity error, over all plans.")
    warnings: int = Field(ge=0, description="Problems of severity warning, over all plans.")


class CheckedPlan(ReportModel):
    """One plan source and its problems."""

    source: str = Field(description="The file, folder plan or `<stdin>`, as named on the command line.")
    files: list[str] = Field(description="The files read for it.")
    valid: bool = Field(description="Whether it has no errors.")
    diagnostics: list[DiagnosticEntry] = Field(description="Its problems, sorted by file, line, column and code.")


class ValidateReport(ReportModel):
    """The result of validating one or more plans."""

    format_version: Literal[1] = Field(VALIDATE_FORMAT_VERSION,
                                       description="1; bumped on any incompatible change.")
    tool: Tool = Field(TOOL, description="The program that wrote the report.")
    valid: bool = Field(description="Whether every plan is valid.")
    summary: ValidateSummary = Field(description="Counts over every plan.")
    plans: list[CheckedPlan] = Field(description="One per source, in the order they were named.")
