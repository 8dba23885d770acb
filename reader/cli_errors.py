"""Click's own errors (a bad option, a missing argument, a value of the wrong type) as one line.

Click prints three lines (usage, a hint, the error) for these; feedlens says every error in one
line, ``feedlens: …``, naming the command and where its help is.
"""

from __future__ import annotations

import click


def one_line_usage_error(error: click.ClickException) -> str:
    """The error in one line, with the command it concerns and a pointer to its help."""
    message = " ".join(error.format_message().split()).rstrip(".")
    if message[:1].isupper() and not message[1:2].isupper():
        message = message[0].lower() + message[1:]
    context = getattr(error, "ctx", None)
    if isinstance(error, click.UsageError) and context is not None:
        path = context.command_path
        return f"{message} (see {path} --help)"
    return message
