"""Python 3.10 is supported: what the standard library gained in 3.11
(tomllib) comes from a dependency declared for 3.10 only."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from socialplan.assess.config_files import load_config
from socialplan.errors import UserError

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def _dependencies() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(text) for text in project["dependencies"]]


def test_tomli_is_a_dependency_on_python_3_10_only() -> None:
    tomli = [r for r in _dependencies() if r.name == "tomli"]
    assert len(tomli) == 1 and tomli[0].marker is not None
    assert tomli[0].marker.evaluate({"python_version": "3.10"})
    assert not tomli[0].marker.evaluate({"python_version": "3.11"})
    assert "requires-python = \">=3.10\"" in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


SETTINGS = """\
[tool.socialplan.assess]
disable = ["EM06"]
thresholds = {go_score = 85}
"""


@pytest.mark.parametrize("version", [(3, 10, 0), sys.version_info])
def test_pyproject_settings_read_the_same_on_3_10_and_later(
        version: tuple[int, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # (3, 10, 0) takes the branch that Python 3.10 runs, with tomli.
    (tmp_path / "pyproject.toml").write_text(SETTINGS, encoding="utf-8")
    monkeypatch.setattr(sys, "version_info", version)
    config = load_config(tmp_path / "pyproject.toml")
    assert config.disable == ["EM06"]
    assert config.thresholds.go_score == 85


@pytest.mark.parametrize("version", [(3, 10, 0), sys.version_info])
def test_broken_toml_is_a_usage_error_on_3_10_and_later(
        version: tuple[int, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.socialplan\n", encoding="utf-8")
    monkeypatch.setattr(sys, "version_info", version)
    with pytest.raises(UserError, match="not valid TOML"):
        load_config(tmp_path / "pyproject.toml")
