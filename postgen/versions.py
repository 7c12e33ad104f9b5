"""Installed distributions' versions, read from their `.dist-info` folder names.

Every build salts its digests with black's and datamodel-code-generator's versions (see
`fingerprint`). `importlib.metadata` answers that too, but importing it (with the email and
zip modules it needs) and two lookups cost about 20 ms of every build. The wheel format names
the folder `{name}-{version}.dist-info`, with the name normalised to underscores, so one
listing per `sys.path` entry finds it. Anything less plain (two folders for one name, an egg,
a zip) is left to `importlib.metadata`.
"""

from __future__ import annotations

import os
import re
import sys
from functools import cache

__all__ = ["installed_version"]

_SEPARATORS = re.compile(r"[-_.]+")
_SUFFIX = ".dist-info"


def _normal(name: str) -> str:
    return _SEPARATORS.sub("_", name).lower()


@cache
def installed_version(name: str) -> str:
    """The version of distribution `name` that `import` finds first on `sys.path`."""
    wanted = _normal(name)
    for entry in sys.path:
        try:
            listing = os.listdir(entry or ".")
        except OSError:  # a zip file, or a folder that is gone
            continue
        found = [
            folder[: -len(_SUFFIX)].rpartition("-")[2]
            for folder in listing
            if folder.endswith(_SUFFIX)
            and _normal(folder[: -len(_SUFFIX)].rpartition("-")[0]) == wanted
        ]
        if len(found) == 1 and found[0]:
            return found[0]
        if found:
            break  # two installs side by side: importlib.metadata decides
    from importlib.metadata import version

    return version(name)
