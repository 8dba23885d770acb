"""The analysis worker asks whether a screen's module is loaded without loading it; a module
another thread is still importing sits in sys.modules without its classes yet (seen as an
AttributeError from the worker in a loaded test run)."""

from __future__ import annotations

import sys
import types

from reader.ui.app import _loaded_class


def test_a_module_still_being_imported_gives_no_class_and_no_error() -> None:
    name = "tests_loaded_class_half_imported"
    sys.modules[name] = types.ModuleType(name)  # what another thread's import shows early
    try:
        assert _loaded_class(name, "StoriesScreen") is None
        sys.modules[name].StoriesScreen = type("StoriesScreen", (), {})  # type: ignore[attr-defined]
        assert _loaded_class(name, "StoriesScreen") is sys.modules[name].StoriesScreen
    finally:
        del sys.modules[name]


def test_a_module_not_loaded_gives_no_class() -> None:
    assert _loaded_class("tests_loaded_class_never_imported", "StoriesScreen") is None
