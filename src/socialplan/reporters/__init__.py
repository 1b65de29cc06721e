"""Reporters turn diagnostics into text for people or machines.

Each reporter is a function ``(checks, context) -> str`` in the
:data:`VALIDATE_REPORTERS` registry; the CLI's ``--format`` choices are the
registry's keys.
"""
