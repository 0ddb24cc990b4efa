"""Exceptions the engine raises, so callers can map them to exit codes and messages."""

from __future__ import annotations


class WashError(Exception):
    """Base class for every error the data wash engine raises on purpose."""


class BadInput(WashError):
    """An input file or option is not what it claims to be; the message says why and where."""


class WashCancelled(WashError):
    """The caller asked the run to stop; nothing complete-looking was written."""
