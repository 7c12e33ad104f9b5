"""Point every request origin of a collection copy at the recorder.

Origins come in three shapes (seen across the corpus), and each is moved the least intrusive way,
so that the generator still sees the collection's own structure:

- `{{baseUrl}}/…` (a variable, possibly followed by more `{{vars}}`): the *variable* gets the
  recorder's origin, keeping the path its value carries (`https://api.x.com/v1` ->
  `http://127.0.0.1:PORT/v1`). A variable without a value gets the bare recorder origin.
- `https://{{apihost}}/…` (a scheme, then a host variable): the variable gets `127.0.0.1:PORT`
  and the URL's scheme becomes `http`.
- anything else (a literal host, a host mixing text and variables, ports, nested tokens): the
  URL's origin is replaced by the recorder's literal origin (user info kept).

A variable used both ways stays a "lead" variable; its host-style URLs are rewritten literally.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from tests.conformance.postman import resolve, url_view

__all__ = ["OriginPlan", "Shape", "plan_origins", "rewrite_url", "shape_of"]

Shape = Literal["lead", "host", "literal", "none"]

_LEAD = re.compile(r"\{\{([^{}]*?)\}\}((?:\{\{[^{}]*?\}\})*)")
_HOST = re.compile(r"(https?)://\{\{([^{}]*?)\}\}")


def shape_of(origin: str) -> tuple[Shape, str | None]:
    """How an origin (`{{baseUrl}}`, `https://{{host}}`, `https://api.x.com`) is moved."""
    if not origin:
        return "none", None
    if match := _LEAD.fullmatch(origin):
        return "lead", match.group(1)
    if match := _HOST.fullmatch(origin):
        return "host", match.group(2)
    return "literal", None


@dataclass(slots=True)
class OriginPlan:
    """Which variables move, and their new values."""

    lead: set[str] = field(default_factory=set)
    host: set[str] = field(default_factory=set)

    def shape(self, origin: str) -> tuple[Shape, str | None]:
        """The shape used for one URL, after conflicts are settled."""
        shape, name = shape_of(origin)
        if shape == "host" and name in self.lead:
            return "literal", None
        return shape, name

    def new_values(
        self, values: Mapping[str, str], origin: str, netloc: str
    ) -> dict[str, str]:
        """The rewritten value of every moved variable."""
        moved: dict[str, str] = {}
        for name in sorted(self.lead):
            moved[name] = origin + _path_of(_value(values, name), has_scheme=True)
        for name in sorted(self.host - self.lead):
            moved[name] = netloc + _path_of(_value(values, name), has_scheme=False)
        return moved


def _value(values: Mapping[str, str], name: str) -> str:
    value = values.get(name)
    return "" if value in (None, "null") else resolve(str(value), values)


def _path_of(value: str, *, has_scheme: bool) -> str:
    """The part after the authority: `https://x.com/v1` -> `/v1`, `x.com` -> ``."""
    rest = value.split("://", 1)[1] if "://" in value else value
    _authority, slash, path = rest.partition("/")
    return slash + path


def plan_origins(urls: list[Any]) -> OriginPlan:
    """Classify every URL's origin and collect the variables to move."""
    plan = OriginPlan()
    for url in urls:
        shape, name = shape_of(url_view(url).origin)
        if shape == "lead" and name is not None:
            plan.lead.add(name)
        elif shape == "host" and name is not None:
            plan.host.add(name)
    return plan


def _userinfo(origin: str) -> str:
    authority = origin.split("://", 1)[1] if "://" in origin else origin
    return authority.rsplit("@", 1)[0] + "@" if "@" in authority else ""


def _replace_prefix(text: str, old: str, new: str) -> str | None:
    stripped = text.lstrip()
    return new + stripped[len(old) :] if stripped.startswith(old) else None


def _rewrite_string(url: str, shape: Shape, recorder: str) -> str | None:
    origin = url_view(url).origin
    if shape == "host":
        return _replace_prefix(url, "https://", "http://") or url
    scheme, _, rest = recorder.partition("://")
    return _replace_prefix(url, origin, f"{scheme}://{_userinfo(origin)}{rest}")


def rewrite_url(url: Any, plan: OriginPlan, recorder: str) -> tuple[Any, str | None]:
    """The URL pointed at the recorder (variables are moved separately), and a note when the
    origin could not be rewritten (the request then reaches no server on either side).
    """
    view = url_view(url)
    shape, _name = plan.shape(view.origin)
    if shape in ("none", "lead"):
        return url, (f"URL has no host: {view.origin!r}" if shape == "none" else None)
    if isinstance(url, str):
        new = _rewrite_string(url, shape, recorder)
        return (
            (url, f"origin not rewritten: {url[:60]!r}") if new is None else (new, None)
        )
    copy = dict(url)
    raw = copy.get("raw")
    if not view.from_components:
        new = _rewrite_string(str(raw or ""), shape, recorder)
        if new is None:
            return url, f"origin not rewritten: {str(raw)[:60]!r}"
        copy["raw"] = new
        return copy, None
    if shape == "host":
        copy["protocol"] = "http"
    else:
        host, _, port = recorder.partition("://")[2].partition(":")
        copy["protocol"] = "http"
        copy["host"] = host.split(".")
        copy["port"] = port
    if isinstance(raw, str):
        # `raw` is only a fallback for both runtimes, but kept consistent for the generator's
        # raw-versus-components check.
        copy["raw"] = _rewrite_string(raw, shape, recorder) or raw
    return copy, None
