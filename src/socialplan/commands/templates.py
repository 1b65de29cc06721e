"""``socialplan templates export DIR``: copy the default report templates so
a consultant can restyle them, then use them with ``--template-dir DIR``.

Files already in DIR are kept unless ``--force`` is given: a user's edited
template is never overwritten without being asked.
"""

from __future__ import annotations

import sys
from pathlib import Path

from socialplan.errors import EXIT_OK, UserError


def run_templates_export(directory: Path, *, force: bool = False) -> int:
    from socialplan.templating import default_template_dir, export_templates

    if directory.exists() and not directory.is_dir():
        raise UserError(f"{directory}: exists and is not a folder")
    source = default_template_dir()
    defaults = sorted(p.relative_to(source) for p in source.rglob("*") if p.is_file())
    kept = [name for name in defaults if (directory / name).exists()] if not force else []
    try:
        written = export_templates(directory, overwrite=force)
    except OSError as exc:
        raise UserError(f"{directory}: cannot write the templates: {exc.strerror or exc}") from None
    out = sys.stdout
    for path in written:
        out.write(f"wrote {path}\n")
    for name in kept:
        out.write(f"kept  {directory / name} (already there; --force replaces it)\n")
    out.write(f"{len(written)} template file{'s' if len(written) != 1 else ''} written to {directory}"
              + (f", {len(kept)} kept" if kept else "") + "\n")
    if written:
        out.write(f"Edit them, then: socialplan business-case PLAN --template-dir {directory}\n")
    return EXIT_OK
