"""User settings from the TOML config file: keymap overrides, theme, and fetching options.

Read once at start with tomllib into a frozen ``Settings``. A missing file means defaults; a
broken one means defaults plus one readable problem line, so a typo never stops the reader.
"""

from __future__ import annotations

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


def _section(data: dict[str, Any], name: str, problems: list[str]) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        problems.append(f"[{name}] must be a table")
        return {}
    return value


def _positive(section: dict[str, Any], key: str, default: float, problems: list[str]) -> float:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        problems.append(f"{key} must be a non-negative number")
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
    problems: list[str] = []
    keymap_section = _section(data, "keymap", problems)
    keymap = {}
    for binding_id, keys in keymap_section.items():
        if isinstance(keys, str) and keys.strip():
            keymap[str(binding_id)] = keys.replace(" ", "")
        else:
            problems.append(f"keymap {binding_id!r} must be a string of keys like 'j,down'")
    reader_section = _section(data, "reader", problems)
    theme = reader_section.get("theme")
    fetch = _section(data, "fetch", problems)
    return Settings(
        keymap=keymap,
        theme=theme if isinstance(theme, str) else None,
        refresh_interval_minutes=int(_positive(fetch, "refresh_interval_minutes", 0, problems)),
        max_concurrent_fetches=int(_positive(fetch, "max_concurrent", 8, problems)) or 8,
        max_fetches_per_host=int(_positive(fetch, "max_per_host", 2, problems)) or 2,
        fetch_deadline_seconds=_positive(fetch, "deadline_seconds", 30.0, problems) or 30.0,
        problems=tuple(f"config {path}: {p}" for p in problems),
    )
