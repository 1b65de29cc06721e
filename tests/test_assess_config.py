"""Where assessment settings come from and how bad settings are reported:
.socialplan.yaml beside the plan, [tool.socialplan.assess] in the nearest
pyproject.toml, --config; unknown rule codes are errors with a suggestion."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from socialplan.assess.config import AssessConfig
from socialplan.assess.config_files import config_for, discover, load_config
from socialplan.errors import EXIT_USAGE, UserError

PLAN = "organisation: {name: Acme}\n"


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    folder = tmp_path / "repo" / "plans"
    folder.mkdir(parents=True)
    path = folder / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def test_no_configuration_means_defaults(plan_file: Path) -> None:
    config, found = config_for(str(plan_file))
    assert found is None
    assert config == AssessConfig()
    assert config.thresholds.go_score == 80
    assert sum(config.group_weights.values()) == pytest.approx(1.0)


def test_yaml_beside_the_plan(plan_file: Path) -> None:
    (plan_file.parent / ".socialplan.yaml").write_text(
        "assess:\n  disable: [no-usability-testing, OP02]\n  severity: {op03: error}\n"
        "  thresholds: {go_score: 85}\nrollout: {other: settings are not ours}\n", encoding="utf-8")
    config, found = config_for(str(plan_file))
    assert found == plan_file.parent / ".socialplan.yaml"
    assert config.disable == ["EM06", "OP02"]  # names become codes, sorted
    assert config.severity == {"OP03": "error"}
    assert config.thresholds.go_score == 85


def test_pyproject_above_the_plan(plan_file: Path) -> None:
    repo = plan_file.parent.parent
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.socialplan.assess]\ndisable = ["EM06"]\nfail_under = 70\n\n'
        '[tool.socialplan.assess.group_weights]\ndata = 0\n', encoding="utf-8")
    config, found = config_for(str(plan_file))
    assert found == repo / "pyproject.toml"
    assert config.disable == ["EM06"]
    assert config.fail_under == 70
    assert config.group_weights["data"] == 0 and config.group_weights["opportunity"] == 0.3


def test_a_pyproject_without_our_table_is_passed_over(plan_file: Path) -> None:
    repo = plan_file.parent.parent
    (repo / "pyproject.toml").write_text('[tool.socialplan.assess]\ndisable = ["EM06"]\n', encoding="utf-8")
    (plan_file.parent / "pyproject.toml").write_text('[project]\nname = "plans"\n', encoding="utf-8")
    assert discover(str(plan_file)) == repo / "pyproject.toml"


def test_the_yaml_file_wins_over_pyproject(plan_file: Path) -> None:
    (plan_file.parent / "pyproject.toml").write_text('[tool.socialplan.assess]\ndisable = ["EM06"]\n',
                                                     encoding="utf-8")
    (plan_file.parent / ".socialplan.yaml").write_text("assess: {disable: [OP02]}\n", encoding="utf-8")
    config, _ = config_for(str(plan_file))
    assert config.disable == ["OP02"]


def test_folder_plans_read_the_file_inside_then_beside(tmp_path: Path) -> None:
    folder = tmp_path / "northwind"
    folder.mkdir()
    (folder / "organisation.yaml").write_text("name: Acme\n", encoding="utf-8")
    (tmp_path / ".socialplan.yaml").write_text("assess: {disable: [OP02]}\n", encoding="utf-8")
    assert discover(str(folder)) == tmp_path / ".socialplan.yaml"
    (folder / ".socialplan.yaml").write_text("assess: {disable: [OP03]}\n", encoding="utf-8")
    assert discover(str(folder)) == folder / ".socialplan.yaml"


def test_explicit_file_and_no_config(plan_file: Path, tmp_path: Path) -> None:
    (plan_file.parent / ".socialplan.yaml").write_text("assess: {disable: [OP02]}\n", encoding="utf-8")
    other = tmp_path / "strict.yaml"
    other.write_text("assess: {fail_on: warning}\n", encoding="utf-8")
    config, found = config_for(str(plan_file), other)
    assert (found, config.fail_on, config.disable) == (other, "warning", [])
    config, found = config_for(str(plan_file), use_files=False)
    assert (found, config) == (None, AssessConfig())
    with pytest.raises(UserError):
        config_for(str(plan_file), tmp_path / "missing.yaml")


# --- bad settings ------------------------------------------------------------------------------


def _error(path: Path) -> UserError:
    with pytest.raises(UserError) as caught:
        load_config(path)
    assert caught.value.exit_code == EXIT_USAGE
    return caught.value


def test_an_unknown_code_is_located_with_a_suggestion(tmp_path: Path) -> None:
    path = tmp_path / ".socialplan.yaml"
    path.write_text("assess:\n  disable:\n    - EM06\n    - OP3\n", encoding="utf-8")
    error = _error(path)
    assert f"{path}:4:7" in error.message or ".socialplan.yaml:4:7" in error.message
    assert "'OP3' is not an assessment rule" in error.message
    assert "did you mean OP03 (objective-without-kpi)?" in error.message


def test_an_unknown_code_in_pyproject(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.socialplan.assess.severity]\nobjective-without-kpis = "error"\n', encoding="utf-8")
    error = _error(path)
    assert "tool.socialplan.assess.severity" in error.message
    assert "did you mean OP03 (objective-without-kpi)?" in error.message


@pytest.mark.parametrize(("text", "expected"), [
    ("assess: {disabled: [OP02]}\n", "unknown setting"),
    ("assess: {severity: {OP02: fatal}}\n", "severity.OP02"),
    ("assess: {thresholds: {go_score: 120}}\n", "thresholds.go_score"),
    ("assess: {thresholds: {go_score: 50, not_ready_score: 70}}\n", "not_ready_score cannot be above go_score"),
    ("assess: {thresholds: {max_objectives: '6'}}\n", "thresholds.max_objectives"),
    ("assess: [OP02]\n", "must be a table"),
    ("assess: {group_weights: {opportunity: 0, use-cases: 0, embedding: 0, data: 0}}\n", "at least one group"),
    ("assess: {ranking: best}\n", "ranking"),
    ("assess: {blocks_go: {EM4: false}}\n", "did you mean EM04 (workforce-not-surveyed)?"),
    ("assess: {blocks_go: {EM04: 'no'}}\n", "blocks_go.EM04"),
    # Non-finite or huge weights would make a score NaN, which JSON cannot carry.
    ("assess: {weights: {OP03: .inf}}\n", "weights.OP03: Input should be a finite number"),
    ("assess: {weights: {OP03: .nan}}\n", "weights.OP03: Input should be a finite number"),
    ("assess: {group_weights: {data: 1e308, embedding: 1e308}}\n", "group_weights.data"),
    ("assess: {thresholds: {high_effort: .inf}}\n", "thresholds.high_effort: Input should be a finite number"),
])
def test_invalid_settings(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / ".socialplan.yaml"
    path.write_text(text, encoding="utf-8")
    assert expected in _error(path).message


def test_an_unknown_threshold_names_the_thresholds(tmp_path: Path) -> None:
    path = tmp_path / ".socialplan.yaml"
    path.write_text("assess:\n  thresholds: {go_scor: 85}\n", encoding="utf-8")
    message = _error(path).message
    assert "assess.thresholds.go_scor: unknown setting; did you mean 'go_score'?" in message
    path.write_text("assess:\n  thresholds: {speed: 85}\n", encoding="utf-8")
    message = _error(path).message
    assert "thresholds are go_score, go_group_min," in message and "ranking" not in message
    path.write_text("assess: {rankng: rice}\n", encoding="utf-8")
    assert "did you mean 'ranking'?" in _error(path).message


def test_malformed_files(tmp_path: Path) -> None:
    toml = tmp_path / "pyproject.toml"
    toml.write_text("[tool.socialplan\n", encoding="utf-8")
    assert "not valid TOML" in _error(toml).message
    yaml_file = tmp_path / ".socialplan.yaml"
    yaml_file.write_text("assess: {disable: [OP02]\n", encoding="utf-8")
    assert ".socialplan.yaml:" in _error(yaml_file).message


def test_the_model_rejects_unknown_codes_directly() -> None:
    with pytest.raises(ValidationError, match="OP99"):
        AssessConfig.model_validate({"weights": {"OP99": 2}})
