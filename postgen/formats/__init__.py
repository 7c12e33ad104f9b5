"""Every collection format Postman writes, read into one v2.1-shaped document.

formats (this package) -> one document shape -> parse (`postgen.parse`, which sees only that
shape). A JSON file is v2.x, the `{"collection": …}` wrapper or legacy v1 (`json_file`, `v1*`); a
folder is collection schema 3.0, Postman's Git-native YAML (`v3_*`); `shared` holds what the
readers have in common. Environments come as v2 JSON or v3 YAML (`environment`).
"""

from __future__ import annotations

from postgen.formats.environment import load_environment
from postgen.formats.json_file import read_json
from postgen.formats.source import load_collection, load_source

__all__ = ["load_collection", "load_environment", "load_source", "read_json"]
