"""How a request path is written in a method: an f-string when its text allows, else one
concatenation whose literal text between values is one literal each."""

from __future__ import annotations

import ast

from postgen.render.calls import request_call
from tests.factories import collection, operations, parse, request_item


def _path_argument(raw: str, path: list[str], host: str = "api.example.com") -> str:
    url = {"raw": raw, "protocol": "https", "host": host.split("."), "path": path}
    api, _ = parse(
        collection(
            request_item("Base", "https://api.example.com/ping"),
            request_item("Odd", url),
        )
    )
    call = request_call(operations(api)["root.odd"], api, "self._client", False)
    tree = ast.parse(call.strip().removeprefix("return "))
    assert isinstance(tree.body[0], ast.Expr)
    request = tree.body[0].value
    assert isinstance(request, ast.Call)
    return ast.unparse(request.args[1])


def test_a_path_with_quotes_joins_its_literal_text_into_one_literal_per_run() -> None:
    # Quotes and braces cannot go in postgen's f-strings: the path is a concatenation, but
    # `"/" + "a" + "/"` would be noise (and black would put each on a line of its own).
    path = _path_argument(
        'https://api.example.com/a/"q"/{x}/:id/b', ["a", '"q"', "{x}", ":id", "b"]
    )
    assert path == "'/a/\"q\"/{x}/' + path_param('id', id) + '/b'"


def test_another_origins_path_is_its_setting_and_one_literal() -> None:
    path = _path_argument(
        'https://other.example.com/a/"q"/b', ["a", '"q"', "b"], "other.example.com"
    )
    assert path == "self._client.settings.other_base_url + '/a/\"q\"/b'"


def test_braces_in_a_path_stay_in_its_f_string_doubled() -> None:
    # Postman sends `{id}` in a path as written (it is no `{{variable}}`); an f-string can
    # hold it as `{{id}}`, so such a path needs no concatenation.
    path = _path_argument(
        "https://api.example.com/:shop/carts/{id}", [":shop", "carts", "{id}"]
    )
    assert path == "f\"/{path_param('shop', shop)}/carts/{{id}}\""
    value = eval(path, {"path_param": lambda name, value: value, "shop": "s1"})
    assert value == "/s1/carts/{id}"
