"""Tiny inline collections for unit tests."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings

from postgen.config import Config
from postgen.diagnostics import Diagnostics
from postgen.ir import Api, Operation
from postgen.parse.walk import parse_collection

SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"


def request_item(
    name: str, url: Any, method: str = "GET", **extra: Any
) -> dict[str, Any]:
    """A request item; `extra` keys go into `request` except `response`."""
    responses = extra.pop("response", [])
    return {
        "name": name,
        "request": {"method": method, "url": url, **extra},
        "response": responses,
    }


def example(code: int, body: Any, name: str = "example") -> dict[str, Any]:
    """A saved example response with a JSON body."""
    return {
        "name": name,
        "code": code,
        "status": "",
        "header": [{"key": "Content-Type", "value": "application/json"}],
        "body": json.dumps(body),
    }


def collection(
    *items: dict[str, Any], name: str = "Test API", **extra: Any
) -> dict[str, Any]:
    """A v2.1 collection around items."""
    return {"info": {"name": name, "schema": SCHEMA}, "item": list(items), **extra}


def parse(
    document: dict[str, Any], environment: dict[str, str] | None = None
) -> tuple[Api, Diagnostics]:
    """Parse a collection dict to IR, returning the diagnostics too."""
    diagnostics = Diagnostics()
    api = parse_collection(document, Config(), environment or {}, diagnostics)
    return api, diagnostics


def operations(api: Api) -> dict[str, Operation]:
    """Operations by Python name (qualified by resource module)."""
    return {
        f"{r.module}.{op.py_name}": op for r in api.root.walk() for op in r.operations
    }


def write_json(path: Path, document: Any) -> Path:
    """Write a JSON file for CLI tests."""
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def property_settings(examples: int) -> settings:
    """Hypothesis settings for the property tests: `examples` cases, the same ones on every run.
    More with POSTGEN_PROPERTY_EXAMPLES=500 (and POSTGEN_PROPERTY_RANDOM=1 for fresh ones).
    """
    return settings(
        max_examples=int(os.environ.get("POSTGEN_PROPERTY_EXAMPLES", str(examples))),
        derandomize=not os.environ.get("POSTGEN_PROPERTY_RANDOM"),
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
