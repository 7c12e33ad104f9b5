"""Binary response bodies: files, images, PDFs, archives and other downloads.

A method whose saved examples are binary (``application/octet-stream``, ``image/*``, PDF, zip,
or an attachment) returns one of these instead of text, so the bytes round-trip exactly. The body
is already read when the method returns; ``with_streaming_response`` reads it in chunks instead.
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator, Iterator

import httpx

_CHUNK = 64 * 1024
_FILENAME = re.compile(r"""filename\*?=(?:UTF-8'')?"?([^";]+)"?""", re.IGNORECASE)


class _Binary:
    """What the sync and async forms share: the bytes and their description."""

    def __init__(self, http_response: httpx.Response) -> None:
        self.http_response = http_response

    @property
    def content(self) -> bytes:
        """The whole body, exactly as received (after transfer decompression)."""
        return self.http_response.content

    @property
    def content_type(self) -> str | None:
        """The ``Content-Type`` header, if the server sent one."""
        value: str | None = self.http_response.headers.get("content-type")
        return value

    @property
    def filename(self) -> str | None:
        """The file name the server suggests (``Content-Disposition``), if any."""
        disposition = self.http_response.headers.get("content-disposition", "")
        match = _FILENAME.search(disposition)
        return os.path.basename(match.group(1).strip()) if match else None

    def __len__(self) -> int:
        return len(self.http_response.content)

    def __repr__(self) -> str:
        kind = self.content_type or "unknown type"
        return f"<{type(self).__name__} {len(self)} bytes, {kind}>"


class BinaryResponse(_Binary):
    """A binary body: ``.content``, ``.iter_bytes()``, ``.write_to_file(path)``."""

    def iter_bytes(self, chunk_size: int = _CHUNK) -> Iterator[bytes]:
        """The body in chunks of at most ``chunk_size`` bytes."""
        content = self.content
        for start in range(0, len(content), chunk_size):
            yield content[start : start + chunk_size]

    def write_to_file(self, path: str | os.PathLike[str]) -> None:
        """Write the body to ``path`` (replaced if it exists)."""
        with open(path, "wb") as stream:
            stream.write(self.content)


class AsyncBinaryResponse(_Binary):
    """Async twin of ``BinaryResponse``: ``async for chunk in r.iter_bytes()``,
    ``await r.write_to_file(path)`` (the write runs in a worker thread)."""

    async def iter_bytes(self, chunk_size: int = _CHUNK) -> AsyncIterator[bytes]:
        """The body in chunks of at most ``chunk_size`` bytes."""
        content = self.content
        for start in range(0, len(content), chunk_size):
            yield content[start : start + chunk_size]

    async def write_to_file(self, path: str | os.PathLike[str]) -> None:
        """Write the body to ``path`` without blocking the event loop."""
        import asyncio  # imported on first use: sync-only users should not pay for it

        await asyncio.to_thread(BinaryResponse(self.http_response).write_to_file, path)
