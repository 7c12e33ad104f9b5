"""The arguments a paginated method passes to `request_page` instead of `cast_to`.

`item_type=` is the item annotation as a runtime value (`_models.Repo`, `str`, `Any`) and
`scheme=` a `PageScheme(...)` literal with only its non-default fields, so that the scheme is
visible in the generated code. Every collection string in it goes through `literal` (a repr).
"""

from __future__ import annotations

from postgen.ir_pagination import Pagination
from postgen.render.escape import literal
from postgen.render.layout import Group, Item

__all__ = ["page_arguments"]


def _scheme(page: Pagination) -> Group:
    fields: list[Item] = [literal(page.kind)]
    optional: tuple[tuple[str, object, object], ...] = (
        ("param", page.param, None),
        ("size_param", page.size_param, None),
        ("items", page.items, ()),
        ("next", page.next, None),
        ("has_more", page.has_more, None),
        ("cursor_from_last_item", page.cursor_from_last_item, False),
        ("location", page.location, "query"),
    )
    fields += [f"{name}={literal(v)}" for name, v, default in optional if v != default]
    return Group("scheme=PageScheme(", tuple(fields), ")")


def page_arguments(page: Pagination) -> list[Item]:
    """`item_type=...` and `scheme=PageScheme(...)`."""
    return [f"item_type={page.item_type}", _scheme(page)]
