"""Figure mentions built and copied with some fields changed, made cheaply: the extractor builds
a mention for every figure of every article and changes its fields after (its kin class, a
title's field, a noun said before) for nearly every one, so both are on the analysis stage's
hot path.

``dataclasses.replace`` looks up the class's fields and runs the frozen ``__init__`` (one
``object.__setattr__`` a field) for every copy; a FigureMention has no ``__post_init__``, no
slots and no field computed at construction, so copying its ``__dict__`` makes the same record
in a fraction of the time; a new mention is made the same way from its fields and the
class's defaults.
"""

from __future__ import annotations

from dataclasses import MISSING

from reader.models import FigureMention

_FIELDS = frozenset(FigureMention.__dataclass_fields__)
_REQUIRED = frozenset(
    name for name, field in FigureMention.__dataclass_fields__.items() if field.default is MISSING
)
_DEFAULTS = {
    name: field.default
    for name, field in FigureMention.__dataclass_fields__.items()
    if field.default is not MISSING
}
_new = object.__new__


def new_mention(**fields: object) -> FigureMention:
    """``FigureMention(**fields)``, equal to it field for field: the frozen ``__init__`` (one
    ``object.__setattr__`` a field) skipped, as in replace_mention."""
    given = fields.keys()
    if not (given >= _REQUIRED and given <= _FIELDS):  # as __init__ would: a bug, never ignored
        wrong = sorted((given - _FIELDS) | (_REQUIRED - given))
        raise TypeError(f"FigureMention: missing or unknown field {wrong[0]!r}")
    mention: FigureMention = _new(FigureMention)
    values = mention.__dict__
    values.update(_DEFAULTS)
    values.update(fields)
    return mention


def replace_mention(mention: FigureMention, **changes: object) -> FigureMention:
    """``dataclasses.replace(mention, **changes)``, equal to it field for field."""
    if not _FIELDS.issuperset(changes):  # as dataclasses.replace would: a misspelt field is a
        # bug, never ignored (checked without building a set: this runs for nearly every mention)
        raise TypeError(f"FigureMention has no field {sorted(changes.keys() - _FIELDS)[0]!r}")
    copy: FigureMention = _new(FigureMention)
    fields = copy.__dict__
    fields.update(mention.__dict__)
    fields.update(changes)
    return copy
