"""Failures of a run as a whole, each with its own exit code (see the README's exit codes).

A problem with one input file is never one of these: it is a row of the ``errors`` table.
"""

from __future__ import annotations


class UsageError(ValueError):
    """The command asks for something that cannot be done (a missing folder, an output inside
    the input, a limit that makes no sense); found before anything runs. Exit code 2."""


class EnvironmentFault(Exception):
    """The machine cannot do the run (worker processes cannot start, the output cannot be
    written); what was written before stays as it was. Exit code 3 (as are ``OSError``s while
    writing)."""
