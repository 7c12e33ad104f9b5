"""postgen: typed Python clients (pydantic v2 + httpx) from Postman collections.

`generate(collection)` builds the whole client in memory; `build(collection, out)` also writes it.
Nothing here prints: the CLI reports.
"""

from __future__ import annotations

from postgen.config import Config
from postgen.pipeline import Report, build, generate

__all__ = ["Config", "Report", "__version__", "build", "generate"]

__version__ = "0.1.0"
