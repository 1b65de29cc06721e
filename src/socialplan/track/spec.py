"""The plan's ``tracking`` section, declared in :mod:`socialplan.model`."""

from __future__ import annotations

from socialplan.model import Directory, KpiActuals, Observation, Tracking, TrackSettings, Usage

__all__ = ["Directory", "KpiActuals", "Observation", "TrackSettings", "Tracking", "Usage"]
