"""Reporters turn diagnostics and results into text for people or machines.

``text`` renders for a terminal with rich; ``machine`` holds the formats CI
reads (JSON, GitHub annotations, SARIF 2.1.0, JUnit XML). Each command keeps
a registry of its formats (e.g. ``commands.validate.REPORTERS``) from which
its ``--format`` choices and help are derived.
"""
