"""Where feedlens keeps things: the library file, the config file and the bundled data.

Nothing here creates a directory at import time; callers ask for a path and create what they
write. ``--db`` and ``FEEDLENS_DB`` override the library location; ``FEEDLENS_CONFIG`` the config.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "feedlens"
_PACKAGE_DIR = Path(__file__).resolve().parent


def default_db_path() -> Path:
    """The library file: ``FEEDLENS_DB`` if set, else the platform's user data dir."""
    override = os.environ.get("FEEDLENS_DB")
    if override:
        return Path(override).expanduser()
    import platformdirs  # only when no override says where: it costs start-up time

    return Path(platformdirs.user_data_dir(APP_NAME)) / "library.sqlite"


def config_path() -> Path:
    """The TOML config: ``FEEDLENS_CONFIG`` if set, else the platform's user config dir."""
    override = os.environ.get("FEEDLENS_CONFIG")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def _data_dir(name: str) -> Path:
    """A bundled data folder: inside the wheel when installed, at the repo root in a checkout."""
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def styles_dir() -> Path:
    """Folder of the Textual TCSS files."""
    return _data_dir("styles")


def sample_feeds_dir() -> Path:
    """Folder of the feeds bundled with feedlens so it works offline on first run."""
    return _data_dir("sample_feeds")
