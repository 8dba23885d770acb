"""User settings from the TOML config file: keymap overrides, theme, and fetching options.

Read once at start with tomllib into a frozen ``Settings``. A missing file means defaults; a
broken one means defaults plus one readable problem line, so a typo never stops the reader.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader import paths


@dataclass(frozen=True)
class Settings:
    """What the user configured; every field has a sensible default."""

    keymap: dict[str, str] = field(default_factory=dict)
    theme: str | None = None
    refresh_interval_minutes: int = 0
    max_concurrent_fetches: int = 8
    max_fetches_per_host: int = 2
    fetch_deadline_seconds: float = 30.0
    problems: tuple[str, ...] = ()


# Each [fetch] number: (its Settings default, the smallest and largest value that works).
# Outside the range (or inf, nan, a string) the default is used and the problem is said.
_FETCH_NUMBERS = {
    "refresh_interval_minutes": (0, 1, 7 * 24 * 60),  # 0 is allowed too: refresh when asked
    "max_concurrent": (8, 1, 64),
    "max_per_host": (2, 1, 16),
    "deadline_seconds": (30.0, 1, 3600),
}
_WHOLE_NUMBERS = {"max_concurrent", "max_per_host"}
_SECTIONS = {"keymap": None, "reader": {"theme"}, "fetch": set(_FETCH_NUMBERS)}


def _section(data: dict[str, Any], name: str, problems: list[str]) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        problems.append(f"[{name}] must be a table")
        return {}
    known = _SECTIONS[name]
    if known is not None:
        for key in value:
            if key not in known:
                problems.append(
                    f"[{name}] has no setting {key!r} (known: {', '.join(sorted(known))})"
                )
    return value


def _number(section: dict[str, Any], key: str, problems: list[str]) -> float:
    """A [fetch] number inside its working range, else its default and one problem."""
    default, low, high = _FETCH_NUMBERS[key]
    if key not in section:
        return default
    value = section[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        problems.append(f"{key} must be a number from {low} to {high}; using {default}")
        return default
    if key == "refresh_interval_minutes" and value == 0:
        return 0
    whole = key in _WHOLE_NUMBERS
    if (whole and value != int(value)) or not low <= value <= high:
        kind = "whole number" if whole else "number"
        extra = " (or 0 for never)" if key == "refresh_interval_minutes" else ""
        problems.append(f"{key} must be a {kind} from {low} to {high}{extra}; using {default}")
        return default
    return value


def load_settings(path: Path | None = None) -> Settings:
    """Settings from the config file (default location unless ``path`` is given)."""
    path = path or paths.config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as error:
        return Settings(problems=(f"config {path} unreadable: {error}",))
    except tomllib.TOMLDecodeError as error:
        return Settings(problems=(f"config {path} is not valid TOML: {error}",))
    except RecursionError:
        return Settings(problems=(f"config {path} is nested too deeply",))
    problems: list[str] = [f"unknown section [{name}]" for name in data if name not in _SECTIONS]
    keymap_section = _section(data, "keymap", problems)
    keymap = {}
    for binding_id, keys in keymap_section.items():
        if isinstance(keys, str) and keys.strip():
            keymap[str(binding_id)] = keys.replace(" ", "")
        else:
            problems.append(f"keymap {binding_id!r} must be a string of keys like 'j,down'")
    reader_section = _section(data, "reader", problems)
    theme = reader_section.get("theme")
    if theme is not None and not isinstance(theme, str):
        problems.append("theme must be a string")
    fetch = _section(data, "fetch", problems)
    interval = _number(fetch, "refresh_interval_minutes", problems)
    return Settings(
        keymap=keymap,
        theme=theme if isinstance(theme, str) else None,
        refresh_interval_minutes=math.ceil(interval),
        max_concurrent_fetches=int(_number(fetch, "max_concurrent", problems)),
        max_fetches_per_host=int(_number(fetch, "max_per_host", problems)),
        fetch_deadline_seconds=float(_number(fetch, "deadline_seconds", problems)),
        # One line however many problems: the reader shows it as one notification.
        problems=(f"config {path}: {'; '.join(problems)}",) if problems else (),
    )
