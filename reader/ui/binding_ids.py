"""The binding ids the reader's keymap can rebind: read from the bindings of every screen and
widget of the interface, so a config naming an id that does not exist (a typo such as
"article.toggle_stra") is reported instead of silently ignored."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode


def known_binding_ids() -> frozenset[str]:
    """Every binding id defined in reader.ui (importing its modules: run off the UI thread)."""
    import reader.ui

    ids: set[str] = set()
    for module_info in pkgutil.walk_packages(reader.ui.__path__, "reader.ui."):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, DOMNode):
                ids.update(_ids(value))
    return frozenset(ids)


def _ids(node_class: type[DOMNode]) -> set[str]:
    return {
        binding.id
        for binding in node_class.__dict__.get("BINDINGS", [])
        if isinstance(binding, Binding) and binding.id
    }


def unknown_keymap_ids(keymap: dict[str, str]) -> list[str]:
    """The config's keymap ids that name no binding, in the config's order."""
    known = known_binding_ids()
    return [binding_id for binding_id in keymap if binding_id not in known]
