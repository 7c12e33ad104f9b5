"""What a request's success responses are, from its saved examples: JSON, text, or files.

The declared return type must be what the method returns. JSON examples give a model (or a list,
a map, a scalar); text and XML examples give `str`; binary ones (`application/octet-stream`,
images, PDF, archives, or an attachment that is not JSON) give a binary response with the exact
bytes. A request whose examples hold none of these but that is plainly a download (its name or
path says so, or it asks for a binary type in `Accept`, and it does not ask for JSON) gives a
binary response too: its examples are often a redirect or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from postgen.parse.examples import Example

__all__ = ["BINARY_MEDIA", "ResponseKinds", "response_kinds"]

#: Media types whose body is bytes (the runtime's `_response._BINARY_MEDIA` is the same list).
BINARY_MEDIA = re.compile(
    r"^(image|audio|video|font)/|^application/(octet-stream|pdf|zip|x-zip-compressed|gzip"
    r"|x-gzip|x-tar|x-7z-compressed|x-bzip2|msword|vnd\.ms-|vnd\.openxmlformats)"
)
_DOWNLOAD = re.compile(r"\bdownloads?\b", re.IGNORECASE)


@dataclass(slots=True)
class ResponseKinds:
    """The success bodies of one request: the JSON ones, and whether text or files occur."""

    json: list[Any] = field(default_factory=list)
    text: bool = False
    binary: bool = False


def _media(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def response_kinds(
    examples: Sequence[Example], name: str, path: str, accept: str
) -> ResponseKinds:
    """Sort the 2xx (or status-less) examples; `name`, `path` and the request's `Accept`
    header tell a download whose examples show no body."""
    kinds = ResponseKinds()
    for example in examples:
        if example.status is not None and not 200 <= example.status < 300:
            continue
        media = _media(example.content_type)
        attachment = "attachment" in example.disposition and "json" not in media
        if BINARY_MEDIA.search(media) or attachment:
            kinds.binary = True
        elif example.is_json:
            kinds.json.append(example.json)
        elif example.body_text.strip():
            kinds.text = True
    if not (kinds.json or kinds.text or kinds.binary):
        wanted = [_media(part) for part in accept.split(",") if part.strip()]
        if not any("json" in media for media in wanted):  # a download link is JSON
            named = _DOWNLOAD.search(f"{name} {path}") is not None
            kinds.binary = named or any(BINARY_MEDIA.search(m) for m in wanted)
    return kinds
