"""Every problem code socialplan reports, in one table: code -> one line.

Codes are part of the machine formats (JSON, SARIF rule ids, GitHub
annotations) and of people's notes, so a code is never renumbered or
reused: when one is retired or merged into another, it stays in
:data:`ALIASES`. ``docs/codes.md`` is generated from this table (a test keeps
it current). The assessment rules (OP03, UC01...) have their own registry and
reference, ``socialplan rules``; a test keeps the two sets of codes apart.

Plain data with no imports, so any layer can read it cheaply.
"""

from __future__ import annotations

# Sections of the table, in the order the docs show them: (prefix, title).
GROUPS: tuple[tuple[str, str], ...] = (
    ("SP0", "Loading and validating a plan (every command)"),
    ("SP1", "Modelling and presenting the plan (business-case, rollout)"),
    ("RL", "Scheduling the rollout (rollout, and business-case for its timing)"),
    ("EV", "Reading evidence and usage exports (evidence, track)"),
)

CODES: dict[str, str] = {
    # --- loading and validating ---
    "SP001": "The file cannot be read (missing, unreadable, too large, not UTF-8 text).",
    "SP002": "The YAML is malformed.",
    "SP003": "The YAML uses a feature a plan does not allow (tags, merge keys, several documents).",
    "SP004": "The document is too large once aliases are expanded, or nested too deeply.",
    "SP005": "A key appears twice in the same mapping.",
    "SP010": "A key is not part of the plan format.",
    "SP011": "A required key is missing.",
    "SP012": "A value has the wrong type or is out of range.",
    "SP013": "Too many problems: only the first 100 of a plan are listed, the rest are counted.",
    "SP020": "An id is used twice in the same section.",
    "SP021": "A reference names an id that does not exist.",
    "SP022": "The same section is defined in two files of a folder plan.",
    # --- the financial model, and what every report shows ---
    "SP101": "A three-point estimate is not in order (low <= likely <= high).",
    "SP102": "Hours saved are given but finance.loaded_hourly_cost is not.",
    "SP103": "A recurring cost stops before it starts.",
    "SP104": "Warning: the options have no do-nothing baseline; the report is a draft against doing nothing.",
    "SP105": "More than one option is the baseline.",
    "SP106": "The do-nothing baseline is the only option.",
    "SP107": "Warning: the branding logo cannot be embedded (a web address, a missing or unsupported file, "
             "over 2 MiB); the report is written without it.",
    "SP108": "A benefit's kind and cash_releasing disagree.",
    "SP109": "A finance.uncertainty setting is out of range (a multiplier above 10, a delay above 24 months).",
    # --- the rollout schedule ---
    "RL001": "An activity id is unknown (a dependency, or a removal of something not generated).",
    "RL002": "The dependencies form a cycle.",
    "RL003": "A date is not a working day, or is before the programme starts.",
    "RL004": "A lag makes no sense: a lead longer than the activity it follows.",
    "RL005": "An activity added by the plan lacks a name or a duration.",
    "RL006": "The same activity is changed twice in rollout.activities.",
    "RL007": "A removal also changes the activity, or removes one that others depend on by name.",
    "RL008": "The programme has no start date.",
    "RL009": "The working week has no working days, or the schedule runs out of range.",
    "RL010": "A pinned start is earlier than the dependencies allow; the activity starts later.",
    "RL011": "A closed period in rollout.blackouts ends before it starts.",
    "RL020": "The RACI matrix is broken: not exactly one Accountable, or no Responsible.",
    "RL021": "A group's message is not framed against its own goals.",
    # --- evidence and usage exports (located by file, row and column name) ---
    "EV001": "A data file cannot be read (missing, not a CSV or .xlsx export, not UTF-8, too large).",
    "EV002": "A column or sheet the plan names is not in the file, or no question is mapped.",
    "EV003": "A row cannot be read as CSV, or a cell is larger than an answer can be.",
    "EV004": "A survey answer is not on the scale (a number out of range, or an unknown label).",
    "EV005": "A group answer maps to no stakeholder group of the plan.",
    "EV006": "A usage export is not the platform's export, or its columns differ from the other snapshots'.",
    "EV007": "User-level usage names no group: the usage needs a directory to map users to groups.",
    "EV008": "A date or a count in a usage export is not a date or a whole number.",
    "EV009": "Warning: a usage export holds several refresh dates; it is read as one snapshot.",
    "EV010": "Warning: a usage export covers another report period than the other snapshots; it is set aside.",
    "EV011": "Warning: a usage export's users sign in at another domain (another tenant); it is set aside.",
    "EV012": "Note: a usage snapshot repeats another's date; it is read once.",
    "EV013": "Warning: last activity dates are after their snapshot's refresh date; they are not counted.",
    "EV014": "Warning: many users of the usage exports are in no group of the directory.",
    "EV015": "A pilot results file has a column that is no field of a result, no metric column, or too many rows.",
    "EV016": "A pilot result's value is not valid (not a number, negative, more successes than n).",
    "EV017": "A pilot result names no metric of its pilot (inline in the plan, or a row of a results file).",
    "EV018": "Note: users were last active before the months usage is counted by (62 or 126 to the latest snapshot).",
    "EV020": "A KPI file's date or value cannot be read, or it holds too many rows.",
    "EV021": "The plan has no tracking section naming usage exports or KPI observations.",
}

# Retired codes -> the code now reported for the same problem.
ALIASES: dict[str, str] = {
    "RL030": "SP107",  # the rollout's own logo code, until both reports shared one
}


def codes_with_prefix(prefix: str) -> dict[str, str]:
    """The part of the table whose codes start with ``prefix`` (``"SP0"``, ``"RL"``)."""
    return {code: text for code, text in CODES.items() if code.startswith(prefix)}


def codes_markdown() -> str:
    """The table as the Markdown section of ``docs/codes.md``."""
    lines: list[str] = []
    for prefix, title in GROUPS:
        lines += [f"### {title}", "", "| Code | Problem |", "| --- | --- |"]
        lines += [f"| `{code}` | {text} |" for code, text in codes_with_prefix(prefix).items()]
        lines.append("")
    lines += ["### Former codes", "", "| Code | Now reported as |", "| --- | --- |"]
    lines += [f"| `{old}` | `{new}` |" for old, new in ALIASES.items()]
    return "\n".join(lines) + "\n"
