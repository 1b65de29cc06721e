"""``socialplan init``: write a first folder plan from a few answers.

On a terminal the questions not answered by flags are asked; elsewhere (a
script, CI) the flags are all there is and the rest takes its default. An
existing plan is never overwritten unless ``--force`` is given.
"""

from __future__ import annotations

import datetime as dt
import shlex
import sys
from collections.abc import Callable
from pathlib import Path

from socialplan.errors import EXIT_OK, UserError
from socialplan.starter import MIGRATIONS, PRESETS, Answers, Group, starter_plan

MAX_HEADCOUNT = 10_000_000
Ask = Callable[[str, str], str]


def parse_group(text: str) -> Group:
    """``Name=headcount`` (or ``Name:headcount``) as a group.

    >>> parse_group("Store staff=4200")
    Group(name='Store staff', headcount=4200)
    """
    for separator in ("=", ":"):
        name, found, count = text.rpartition(separator)
        if found and name.strip():
            try:
                number = int(count.strip().replace(",", "").replace("_", ""))
            except ValueError:
                break
            if not 0 < number <= MAX_HEADCOUNT:
                raise UserError(f"--group '{text}': the headcount must be between 1 and {MAX_HEADCOUNT:,}")
            return Group(name.strip(), number)
    raise UserError(f"--group '{text}': write NAME=HEADCOUNT", hint="e.g. --group 'Store staff=4200'")


def _headcount(text: str) -> int:
    try:
        number = int(text.strip().replace(",", "").replace("_", ""))
    except ValueError:
        raise UserError(f"headcount '{text}' is not a whole number", hint="e.g. 12000") from None
    if not 0 < number <= MAX_HEADCOUNT:
        raise UserError(f"the headcount must be between 1 and {MAX_HEADCOUNT:,}")
    return number


def _ask_terminal(question: str, default: str) -> str:
    import typer

    return str(typer.prompt(question, default=default, show_default=bool(default)))


def gather(*, organisation: str | None, headcount: str | None, platform: str | None, groups: list[str],
           objectives: list[str], currency: str | None, migrating_from: str | None, start: dt.date | None,
           ask: Ask | None) -> Answers:
    """The answers: flags first, then questions when ``ask`` is given."""
    def value(given: str | None, question: str, default: str) -> str:
        if given is not None:
            return given
        return ask(question, default) if ask is not None else default

    name = value(organisation, "Organisation name", "Northwind").strip()
    if not name:
        raise UserError("the organisation needs a name", hint="--organisation 'Northwind Advisory'")
    people = _headcount(value(headcount, "Headcount (everyone who will be invited)", "1000"))
    chosen = value(platform, f"Platform ({', '.join(PRESETS)})", "viva-engage").strip().lower()
    if chosen in MIGRATIONS:
        raise UserError(f"{MIGRATIONS[chosen]} has closed: it is a platform to move from, not to",
                        hint=f"choose the new platform and add --migrating-from {chosen}")
    if chosen not in PRESETS:
        from socialplan.suggest import suggestion

        raise UserError(f"unknown platform '{chosen}'", hint=suggestion(chosen, PRESETS, "platforms"))
    moving = migrating_from
    if moving is None and ask is not None:
        moving = ask(f"Moving off a closed platform? ({', '.join(MIGRATIONS)} or none)", "none")
    moving = None if moving in (None, "", "none") else moving.strip().lower()
    if moving is not None and moving not in MIGRATIONS:
        from socialplan.suggest import suggestion

        raise UserError(f"unknown platform to migrate from '{moving}'", hint=suggestion(moving, MIGRATIONS, "choices"))
    parsed = [parse_group(g) for g in groups]
    if not parsed and ask is not None:
        text = ask("Stakeholder groups as NAME=HEADCOUNT, separated by ';' (senior group first)",
                   f"Senior managers={max(1, people // 50)}; Staff={max(1, people - people // 50)}")
        parsed = [parse_group(part) for part in text.split(";") if part.strip()]
    stated = [o.strip() for o in objectives if o.strip()]
    if not stated and ask is not None:
        text = ask("Business objectives in your words, separated by ';'", "")
        stated = [part.strip() for part in text.split(";") if part.strip()]
    money = (value(currency, "Currency (ISO code)", "GBP").strip().upper())
    if len(money) != 3 or not money.isalpha():
        raise UserError(f"currency '{money}' is not an ISO 4217 code", hint="e.g. GBP, EUR, USD")
    return Answers(name, people, chosen, tuple(parsed), tuple(stated), money, moving, start)


def run_init(name: str, answers: Answers, *, force: bool) -> tuple[int, list[Path]]:
    """Write the plan into the folder ``name``; refuse to replace an
    existing one without ``force``."""
    from socialplan.output import atomic_write

    if not name.strip():
        raise UserError("the folder name is empty", hint="socialplan init plans/northwind")
    folder = Path(name)
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder}: exists and is not a folder")
    files = starter_plan(answers)
    targets = [folder / name for name in files]
    existing = [t for t in targets if t.exists() or t.is_symlink()]
    if existing and not force:
        raise UserError(f"{existing[0]}: a plan is already here; nothing was written",
                        hint="choose another folder, or add --force to replace the plan's files")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"{folder}: cannot create the folder: {error.strerror or error}") from None
    for target in targets:
        try:
            atomic_write(target, files[target.name])
        except OSError as error:
            raise UserError(f"{target}: cannot write the file: {error.strerror or error}") from None
    return EXIT_OK, targets


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def run_init_command(directory: str, *, organisation: str | None, headcount: str | None, platform: str | None,
                     migrating_from: str | None, groups: list[str], objectives: list[str], currency: str | None,
                     start: str | None, force: bool, ask: Ask | None = None) -> int:
    """``socialplan init``: gather the answers (asking only on a terminal),
    write the plan, and say what was written and what to run next."""
    from socialplan.commands.options import date_option

    if ask is None and interactive():
        ask = _ask_terminal
    answers = gather(organisation=organisation, headcount=headcount, platform=platform, groups=groups,
                     objectives=objectives, currency=currency, migrating_from=migrating_from,
                     start=date_option(start, "--start"), ask=ask)
    code, written = run_init(directory, answers, force=force)
    out = sys.stdout
    out.write(f"Wrote a first plan for {answers.organisation} in {directory}:\n")
    for path in written:
        out.write(f"  {path}\n")
    shown = shlex.quote(directory)
    out.write("\nFill in what is marked TODO, then run:\n"
              f"  socialplan validate {shown}\n"
              f"  socialplan assess {shown}\n")
    return code
