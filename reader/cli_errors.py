"""Click's own errors (a bad option, a missing argument, a value of the wrong type) as one line.

Click prints three lines (usage, a hint, the error) for these; feedlens says every error in one
line, ``feedlens: …``, naming the command and where its help is.
"""

from __future__ import annotations

import re

import click

# Click's words for a value that is no number ("'abc' is not a valid integer range."): it
# names its own types, which a user never wrote.
_NOT_A_NUMBER = re.compile(r"(.*) is not a valid (?:integer|float)(?: range)?\.?", re.DOTALL)


def one_line_usage_error(error: click.ClickException) -> str:
    """The error in one line, with the command it concerns and a pointer to its help."""
    message = _not_a_number(error) or " ".join(error.format_message().split()).rstrip(".")
    if message[:1].isupper() and not message[1:2].isupper():
        message = message[0].lower() + message[1:]
    context = getattr(error, "ctx", None)
    if isinstance(error, click.UsageError) and context is not None:
        path = context.command_path
        return f"{message} (see {path} --help)"
    return message


def _not_a_number(error: click.ClickException) -> str | None:
    """``--limit: 'abc' is not a number`` for any number option or argument given no number."""
    if not isinstance(error, click.BadParameter) or error.param is None:
        return None
    if not isinstance(error.param.type, click.types.IntParamType | click.types.FloatParamType):
        return None
    said = _NOT_A_NUMBER.fullmatch(error.message)
    if said is None:
        return None
    options = error.param.opts if isinstance(error.param, click.Option) else []
    name = next((o for o in options if o.startswith("--")), None)
    return f"{name or error.param.human_readable_name}: {said.group(1)} is not a number"
