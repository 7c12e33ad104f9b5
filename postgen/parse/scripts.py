"""Scripts: postgen does not run them, so it says what a client built without them misses."""

from __future__ import annotations

from typing import Any

from postgen.diagnostics import Diagnostics

__all__ = ["warn_scripts"]

_SCRIPT_SIDE_EFFECTS = (
    "pm.environment.set",
    "pm.collectionVariables.set",
    "pm.variables.set",
    "pm.globals.set",
    "pm.sendRequest",
    "postman.setEnvironmentVariable",
    "postman.setGlobalVariable",
)
# A pre-request script that touches these changes the request itself (signing, extra headers,
# a rewritten URL or body): the generated method cannot send what Postman would.
_SCRIPT_REQUEST_CHANGES = (
    "pm.request.",
    "request.headers",
    "request.url",
    "request.data",
    "CryptoJS",
    "crypto-js",
)


def warn_scripts(node: dict[str, Any], where: str, diagnostics: Diagnostics) -> None:
    """Warn about a node's scripts that change the request or set variables at run time."""
    events = node.get("event")
    for index, event in enumerate(events if isinstance(events, list) else []):
        script = event.get("script") if isinstance(event, dict) else None
        lines = script.get("exec") if isinstance(script, dict) else None
        text = (
            "\n".join(map(str, lines)) if isinstance(lines, list) else str(lines or "")
        )
        listen = event.get("listen") if isinstance(event, dict) else None
        if listen != "test" and any(m in text for m in _SCRIPT_REQUEST_CHANGES):
            diagnostics.warn(
                f"{where}.event[{index}]",
                "a pre-request script changes the request (signs it, adds headers, rewrites "
                "the URL or body): the generated client does not; add what it computes with "
                "`extra_headers`/`extra_query` or your own `http_client=`",
                "scripts",
            )
        elif any(marker in text for marker in _SCRIPT_SIDE_EFFECTS):
            diagnostics.warn(
                f"{where}.event[{index}]",
                "a script sets variables or sends "
                "requests at run time: it is not run by the generated client",
                "scripts",
            )
