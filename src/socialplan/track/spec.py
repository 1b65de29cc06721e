"""The plan's ``tracking`` section: where the usage exports are, how their
people map to stakeholder groups, and how actuals are judged."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from socialplan.model import Model, PlanDate, Slug, Text

Platform = Literal["viva-engage", "slack", "plain"]


class Directory(Model):
    """A directory export (HR system, Entra ID): who is in which group."""

    file: Text = Field(description="CSV or .xlsx, relative to the plan's folder.")
    user_column: Text = Field(description="The column holding the user's principal name, e-mail or id: what the "
                                          "usage export calls the user.")
    group_column: Text = Field(description="The column that decides the group (department, division, site...).")
    groups: dict[Text, Slug] = Field(description="Values of the group column -> stakeholder group ids.")


class Usage(Model):
    """A folder of usage snapshots exported from the platform."""

    platform: Platform = Field(description="viva-engage (Microsoft 365 usage reports), slack (member analytics) "
                                           "or plain (date, group, active_users[, posters]).")
    folder: Text = Field(description="The folder of snapshot files (*.csv), relative to the plan's folder.")
    directory: Directory | None = Field(None, description="Maps users to groups (viva-engage and slack).")
    tenant: Text | None = Field(None, description="The organisation's sign-in domain (example.com): snapshots whose "
                                                  "users are mostly elsewhere are from another tenant.")


class Observation(Model):
    date: PlanDate
    value: float


class KpiActuals(Model):
    """Observed values of one of the plan's KPIs."""

    objective: Slug = Field(description="The objective the KPI belongs to.")
    kpi: Text = Field(description="The KPI's name.")
    observations: list[Observation] = Field(default_factory=list, description="Dated values, in the KPI's unit.")
    file: Text | None = Field(None, description="A CSV with date and value columns, relative to the plan's folder.")


class TrackSettings(Model):
    """When actual adoption counts as on track, at risk or off track."""

    at_risk: Annotated[float, Field(gt=0, le=1)] = Field(
        0.9, description="Actual below this share of the forecast is at risk.")
    off_track: Annotated[float, Field(gt=0, le=1)] = Field(
        0.75, description="Actual below this share of the forecast is off track.")


class Tracking(Model):
    """After launch: actual adoption and KPI values."""

    settings: TrackSettings = Field(default_factory=TrackSettings)
    usage: list[Usage] = Field(default_factory=list, description="Usage exports.")
    kpis: list[KpiActuals] = Field(default_factory=list, description="KPI observations.")
    as_of: PlanDate | None = Field(None, description="Judge the actuals as of this day (default: the latest data).")
