"""The wheel carries the report templates: build it, install it in a fresh
virtual environment, and find the templates from there."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_ships_templates_and_finds_them(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    wheel = next(dist.glob("socialplan-*.whl"))
    expected = sorted(p.relative_to(ROOT / "templates").as_posix() for p in (ROOT / "templates").rglob("*")
                      if p.is_file())
    with zipfile.ZipFile(wheel) as archive:
        shipped = sorted(n.removeprefix("socialplan/templates/") for n in archive.namelist()
                         if n.startswith("socialplan/templates/"))
        entry_points = archive.read(next(n for n in archive.namelist() if n.endswith("entry_points.txt")))
    assert shipped == expected
    assert b"socialplan = socialplan.cli:main" in entry_points

    env_dir = tmp_path / "venv"
    # A fresh environment without a pip of its own (bootstrapping one takes
    # seconds): the pip running the tests installs into it with --python.
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    # --no-deps: the point is where the package's own files land, and the
    # template lookup imports nothing beyond the standard library.
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)],
                   check=True, capture_output=True, text=True)
    probe = subprocess.run(
        [str(python), "-c", "from socialplan.templating import default_template_dir as d; print(d())"],
        check=True, capture_output=True, text=True, cwd=tmp_path,
        # Without PYTHONPATH, which would put a source tree before the wheel.
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
    )
    found = Path(probe.stdout.strip())
    assert found.is_relative_to(env_dir), found
    assert sorted(p.relative_to(found).as_posix() for p in found.rglob("*") if p.is_file()) == expected
