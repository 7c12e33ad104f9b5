"""Write a SYNTHETIC stand-in for a private collection that postgen was slow on.

The private collection (1,077 requests, folders 5 deep, large raw bodies) cannot be shared, so this
script makes one of the same shape, deterministically (same bytes on every run and machine):
1,077 requests in folders up to 5 deep, most POST/PUT/PATCH requests with a large raw JSON body
(hundreds of fields, nested objects and arrays, long string literals, `{{var}}` placeholders,
some comments and trailing commas), some raw XML/text bodies, and 1-3 saved examples per request
(JSON successes with large bodies, a few error examples with codes). It measures the shape, not
the private collection's figures.

Usage: python benchmarks/synthetic_collection.py OUT.json [--requests 1077] [--seed 1077]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

WORDS = (
    "account address amount approval asset balance batch billing campaign card carrier "
    "catalog channel charge checkout claim client contract coupon credit currency customer "
    "delivery device discount dispute document employee entry event export feature fee "
    "file fulfillment grant group import inventory invoice item journal label ledger line "
    "listing location member merchant message note offer order owner package partner "
    "payment payout plan policy price product profile project promotion quote rate receipt "
    "record refund region report request reservation return review role rule schedule "
    "segment sequence service session settlement shipment shipping sku source statement "
    "status store subscription supplier tax team template tenant ticket token transaction "
    "transfer unit user variant vendor voucher warehouse webhook workflow zone"
).split()
VERBS = ("List", "Get", "Create", "Update", "Replace", "Delete", "Search", "Archive")
METHODS = {
    "List": "GET",
    "Get": "GET",
    "Create": "POST",
    "Update": "PATCH",
    "Replace": "PUT",
    "Delete": "DELETE",
    "Search": "POST",
    "Archive": "POST",
}
FANOUT = (4, 3, 3, 2, 2)  # folders per level: 5 levels deep


class _Maker:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def word(self) -> str:
        return self.rng.choice(WORDS)

    def key(self) -> str:
        first, second = self.word(), self.word()
        style = self.rng.random()
        if style < 0.6:
            return f"{first}{second.capitalize()}"
        if style < 0.9:
            return f"{first}_{second}"
        return f"{first}-{second}"

    def sentence(self, words: int) -> str:
        text = " ".join(self.word() for _ in range(words))
        return text.capitalize() + "."

    def scalar(self) -> Any:
        roll = self.rng.random()
        if roll < 0.35:
            return self.sentence(self.rng.randint(1, 6))
        if roll < 0.39:
            # Long literals: notes, templates, encoded blobs.
            return self.sentence(self.rng.randint(30, 150))
        if roll < 0.5:
            return "{{" + self.key() + "}}"
        if roll < 0.65:
            return self.rng.randint(0, 100_000)
        if roll < 0.75:
            return round(self.rng.uniform(0, 10_000), 2)
        if roll < 0.85:
            return self.rng.random() < 0.5
        if roll < 0.9:
            return None
        return f"2024-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}T10:00:00Z"

    def value(self, depth: int, budget: list[int]) -> Any:
        roll = self.rng.random()
        if depth < 5 and budget[0] > 0 and roll < 0.18:
            return self.obj(depth + 1, budget, self.rng.randint(3, 14))
        if depth < 5 and budget[0] > 0 and roll < 0.26:
            shape = self.rng.randint(2, 8)
            return [
                self.obj(depth + 1, budget, shape)
                for _ in range(self.rng.randint(1, 3))
            ]
        if roll < 0.3:
            return [self.scalar() for _ in range(self.rng.randint(0, 5))]
        return self.scalar()

    def obj(self, depth: int, budget: list[int], size: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for _ in range(size):
            budget[0] -= 1
            result[self.key()] = self.value(depth, budget)
        return result

    def big_body(
        self, sizes: tuple[int, ...] = (10, 20, 40, 80, 160)
    ) -> dict[str, Any]:
        fields = self.rng.choice(sizes)
        return self.obj(0, [fields], self.rng.randint(min(sizes), 2 * min(sizes)))

    def raw_json(self, body: dict[str, Any]) -> str:
        text = json.dumps(body, indent=4)
        # What people paste into Postman: comments, a trailing comma, bare placeholders.
        if self.rng.random() < 0.2:
            text = text.replace("{\n", "{\n    // set by the caller\n", 1)
        if self.rng.random() < 0.1:
            text = text.replace('"{{', "{{").replace('}}"', "}}")
        return text

    def xml(self) -> str:
        parts = ["<?xml version='1.0'?>", "<envelope>"]
        for _ in range(self.rng.randint(20, 200)):
            tag = self.word()
            parts.append(f"  <{tag}>{self.sentence(self.rng.randint(1, 30))}</{tag}>")
        parts.append("</envelope>")
        return "\n".join(parts)


def _request(maker: _Maker, path: list[str], index: int) -> dict[str, Any]:
    verb = VERBS[index % len(VERBS)]
    noun = maker.word()
    method = METHODS[verb]
    segments = [*(p.lower().replace(" ", "-") for p in path), noun + "s"]
    if verb in ("Get", "Update", "Replace", "Delete", "Archive"):
        segments.append(f":{noun}Id")
    request: dict[str, Any] = {
        "method": method,
        "header": [
            {"key": "Content-Type", "value": "application/json"},
            {"key": "X-Tenant", "value": "{{tenantId}}"},
        ],
        "url": {
            "raw": "{{baseUrl}}/" + "/".join(segments),
            "host": ["{{baseUrl}}"],
            "path": segments,
            "query": [
                {"key": maker.key(), "value": str(maker.scalar()), "disabled": True}
                for _ in range(maker.rng.randint(0, 4))
            ],
            "variable": [
                {"key": f"{noun}Id", "value": "abc123"}
                for s in segments
                if s.startswith(":")
            ],
        },
        "description": maker.sentence(maker.rng.randint(5, 120)),
    }
    if method in ("POST", "PUT", "PATCH"):
        if maker.rng.random() < 0.85:
            raw = maker.raw_json(maker.big_body())
            request["body"] = {
                "mode": "raw",
                "raw": raw,
                "options": {"raw": {"language": "json"}},
            }
        else:
            request["header"][0]["value"] = "application/xml"
            request["body"] = {"mode": "raw", "raw": maker.xml()}
    responses = []
    for number in range(maker.rng.randint(1, 3)):
        ok = number == 0 or maker.rng.random() < 0.5
        if ok:
            body: Any = maker.big_body((5, 10, 20, 40))
            if verb == "List":
                body = {"results": [body, body], "total": 2}
            code, status = 200, "OK"
        else:
            body = {
                "code": f"{maker.word().upper()}_{maker.word().upper()}",
                "message": maker.sentence(8),
            }
            code, status = maker.rng.choice(((400, "Bad Request"), (404, "Not Found")))
        responses.append(
            {
                "name": f"{verb} {noun} {status}",
                "status": status,
                "code": code,
                "header": [{"key": "Content-Type", "value": "application/json"}],
                "body": json.dumps(body, indent=2),
                "_postman_previewlanguage": "json",
            }
        )
    return {
        "name": f"{verb} {noun} {index}",
        "request": request,
        "response": responses,
    }


def _folder(
    maker: _Maker, path: list[str], level: int, remaining: list[int]
) -> list[Any]:
    items: list[Any] = []
    per_folder = 9
    for _ in range(per_folder if level == len(FANOUT) else 2):
        if remaining[0] <= 0:
            break
        items.append(_request(maker, path, remaining[0]))
        remaining[0] -= 1
    if level < len(FANOUT):
        for number in range(FANOUT[level]):
            name = f"{maker.word().capitalize()} {maker.word()} {number}"
            children = _folder(maker, [*path, name], level + 1, remaining)
            if children:
                items.append({"name": name, "item": children})
    return items


def make_collection(requests: int = 1077, seed: int = 1077) -> dict[str, Any]:
    """The synthetic collection as a v2.1 document."""
    maker = _Maker(seed)
    remaining = [requests]
    items: list[Any] = []
    while remaining[0] > 0:
        items.extend(_folder(maker, [f"Area {len(items)}"], 0, remaining))
    return {
        "info": {
            "name": "Synthetic Deep Bodies",
            "description": "SYNTHETIC: generated by benchmarks/synthetic_collection.py.",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
        },
        "item": items,
        "variable": [
            {"key": "baseUrl", "value": "https://api.example.com"},
            {"key": "tenantId", "value": "t-1"},
        ],
    }


def count_requests(items: list[Any]) -> int:
    """Requests (non-folder items) in an item tree."""
    total = 0
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("item"), list):
            total += count_requests(item["item"])
        elif isinstance(item, dict):
            total += 1
    return total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--requests", type=int, default=1077)
    parser.add_argument("--seed", type=int, default=1077)
    args = parser.parse_args()
    document = make_collection(args.requests, args.seed)
    args.out.write_text(json.dumps(document, indent=1), encoding="utf-8")
    size = args.out.stat().st_size
    print(
        f"{args.out}: {count_requests(document['item'])} requests, {size / 1e6:.1f} MB (synthetic)"
    )


if __name__ == "__main__":
    main()
