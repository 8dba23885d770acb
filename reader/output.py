"""What the command line prints: every string bound for stdout or stderr passes through the one
sanitiser (``reader.text.clean.strip_controls``), whether it came from a feed, a page, a file
name, an import or an error, so no escape sequence from outside reaches the user's terminal.
JSON keeps its data: characters a terminal could act on are written as ``\\uXXXX`` escapes.
"""

from __future__ import annotations

import json
import re
from typing import Any

import click

from reader.text.clean import strip_controls

# json.dumps escapes C0 controls itself; with ensure_ascii=False it leaves these raw.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def safe(text: object) -> str:
    """``text`` as a string a terminal shows and never obeys (tabs and newlines kept)."""
    return strip_controls(str(text))


def echo(message: object = "", err: bool = False, nl: bool = True) -> None:
    """click.echo after the sanitiser."""
    click.echo(safe(message), err=err, nl=nl)


def safe_json(text: str) -> str:
    """JSON text with every character a terminal could act on escaped (the data is unchanged)."""
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group(0)):04x}", text)


def echo_json(value: Any) -> None:
    click.echo(safe_json(json.dumps(value, ensure_ascii=False, indent=2)))
