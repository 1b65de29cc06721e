"""``socialplan templates export DIR``: copy the default report templates so
a consultant can restyle them, then use them with ``--template-dir DIR``.

Files already in DIR are kept unless ``--force`` is given: a user's edited
template is never overwritten without being asked. Each copy is created
exclusively (it fails if anything of that name appears, even a dangling
symbolic link, rather than writing through it); a forced copy replaces the
file atomically.
"""

from __future__ import annotations

import sys
from pathlib import Path

from socialplan.errors import EXIT_OK, UserError


def _copy(source: Path, target: Path, *, force: bool) -> bool:
    """Copy one template; False when ``target`` exists and is kept."""
    from socialplan.output import atomic_write

    data = source.read_bytes()
    target.parent.mkdir(parents=True, exist_ok=True)
    if force:
        atomic_write(target, data, follow_links=False)
        return True
    try:
        with target.open("xb") as stream:
            stream.write(data)
    except FileExistsError:
        return False
    return True


def run_templates_export(directory: Path, *, force: bool = False) -> int:
    from socialplan.templating import default_template_dir

    if directory.exists() and not directory.is_dir():
        raise UserError(f"{directory}: exists and is not a folder")
    source = default_template_dir()
    defaults = sorted(p.relative_to(source) for p in source.rglob("*") if p.is_file())
    written: list[Path] = []
    kept: list[Path] = []
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name in defaults:
            target = directory / name
            (written if _copy(source / name, target, force=force) else kept).append(target)
    except OSError as exc:
        raise UserError(f"{directory}: cannot write the templates: {exc.strerror or exc}") from None
    out = sys.stdout
    for path in written:
        out.write(f"wrote {path}\n")
    for path in kept:
        out.write(f"kept  {path} (already there; --force replaces it)\n")
    out.write(f"{len(written)} file{'s' if len(written) != 1 else ''} written to {directory}"
              + (f", {len(kept)} kept" if kept else "") + "\n")
    if written:
        out.write(f"Edit them, then: socialplan business-case PLAN --template-dir {directory}"
                  f" (or socialplan rollout PLAN --template-dir {directory})\n")
    return EXIT_OK
