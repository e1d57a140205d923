"""A small error tree: what the user can fix (bad input, bad config) vs what an LLM endpoint did."""

from __future__ import annotations


class SummarizerError(Exception):
    """Base of every error the CLI turns into a one-line message (never a traceback)."""

    exit_code = 1


class UserError(SummarizerError):
    """Something the user can fix: a bad file, flag or setting."""

    exit_code = 2


class InputError(UserError):
    """A page, corpus or questions file that cannot be read or used. Names the file (and line)."""


class ConfigError(UserError):
    """Settings that do not make sense together (e.g. --engine llm without a model)."""


class LLMError(SummarizerError):
    """The endpoint failed us: transport, deadline, or output that never validated."""

    exit_code = 3


class TransportError(LLMError):
    """Connection errors, timeouts, 4xx/5xx after the retry budget is spent."""


class OutputError(LLMError):
    """The model's reply was blank, truncated, refused, or never passed validation."""
