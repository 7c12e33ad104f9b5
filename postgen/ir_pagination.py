"""The IR of a paginated method: how its pages are found and what one item is.

Kept apart from `postgen.ir` (which is long enough): an `Operation` holds one `Pagination`
when `postgen.parse.pagination` found a scheme for its request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from postgen.naming import ClassName

__all__ = ["PageKind", "Pagination"]

PageKind = Literal["page", "offset", "cursor", "next_url", "link_header"]


@dataclass(frozen=True, slots=True)
class Pagination:
    """A detected scheme in the runtime `PageScheme`'s terms (wire names, JSON paths), and the
    annotation of one item (`_models.Repo`, `str`, `Any`).

    `items` is the path to the item list in the body (empty: the body is the list; None: no
    saved response shows it, the runtime looks in each response).
    """

    kind: PageKind
    item_type: str = "Any"
    #: The model classes `item_type` names (for the resource module's imports).
    item_names: tuple[ClassName, ...] = ()
    param: str | None = None
    size_param: str | None = None
    items: tuple[str, ...] | None = ()
    next: tuple[str, ...] | None = None
    has_more: tuple[str, ...] | None = None
    cursor_from_last_item: bool = False
    location: Literal["query", "body"] = "query"

    def returns(self, is_async: bool) -> str:
        """The method's return annotation: a page (sync) or a paginator (async)."""
        return f"{'AsyncPaginator' if is_async else 'SyncPage'}[{self.item_type}]"
