"""sqlite-utils imported without numpy: the one place the library imports it.

sqlite-utils tries ``import numpy`` (and pandas) when it loads, only to map numpy's number
types to column types. The reader never hands sqlite-utils a numpy value (it imports no numpy),
but numpy is installed beside it for the project's model trainers (scikit-learn), and loading
it cost about a fifth of a second of CPU each time a new library was made (feedlens add on a
fresh file, the first start). Here numpy and pandas are hidden from that one import, unless
something already loaded them (then sqlite-utils maps their types as it always did).
"""

from __future__ import annotations

import sys
from types import ModuleType

#: What sqlite-utils looks for on import and the reader never gives it.
_UNUSED_OPTIONAL = ("numpy", "pandas")


def sqlite_utils() -> ModuleType:
    """The sqlite_utils module, loaded (once) without numpy or pandas unless already loaded."""
    loaded = sys.modules.get("sqlite_utils")
    if loaded is not None:
        return loaded
    hidden = [name for name in _UNUSED_OPTIONAL if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # "import numpy" raises ImportError
    try:
        import sqlite_utils as module
    finally:
        for name in hidden:
            if sys.modules.get(name) is None:
                del sys.modules[name]
    return module
