"""A JSON request body as keyword arguments and `TypedDict`s, from its saved samples.

A raw JSON body in Postman is one example of what the API accepts, not the set of required keys.
So, as in openai-python (`client.customers.create(email=..., name=...)`):

- each top-level key of an object body is a keyword argument, optional, sent only when given
  (`NOT_GIVEN` by default, so that `None` still sends JSON `null`); Python names map to the wire
  keys, and a key whose name an earlier argument (a path or query parameter) already has becomes
  `body_<name>`;
- nested objects and array items are `TypedDict`s keyed by the wire names, every key
  `NotRequired`, so a dict literal type-checks (`purchase_units=[{"amount": {...}}]`);
- `body=` replaces the whole body (a dict the collection did not show), unless the body has a
  `body` key of its own (GitHub's issues): then that key is `body=`; `extra_body=` adds any
  other key in both cases. An array or a map body is one typed `body` argument instead.

The types come from the same inference as response models (`postgen.parse.infer`: merged
samples, maps, nullable items), over the request's body and the bodies of its saved success
examples' requests; OpenAPI placeholders (`"<integer>"`, `"<boolean>"`) stand for their type.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from postgen.annotations import Annotator
from postgen.ir import PARAMS_ALIAS, Body, ParamsModule, WireEntry
from postgen.naming import ClassName, PyIdent, snake
from postgen.parse.bodies import TOKEN_VALUE, BodyDraft, parse_lenient_json
from postgen.parse.examples import success_responses
from postgen.parse.infer import infer_schema
from postgen.parse.maps import KeyStyle
from postgen.parse.values import is_placeholder

if TYPE_CHECKING:
    from postgen.parse.params import ParamBuilder

__all__ = ["BodyTypes", "json_body"]

_REF = "#/$defs/"
# What an OpenAPI importer's placeholder stands for, as a sample of that type.
_PLACEHOLDER_SAMPLES: dict[str, Any] = {
    "boolean": True,
    "integer": 0,
    "long": 0,
    "int32": 0,
    "int64": 0,
    "number": 0.5,
    "double": 0.5,
    "float": 0.5,
    "object": None,
}
_MAX_EXAMPLE = 60
#: Names the params module imports: no `TypedDict` may take one.
_RESERVED = ("Any", "Mapping", "NotRequired", "Sequence", "TypedDict")


@dataclass(slots=True)
class _Module:
    defs: dict[str, Any] = field(default_factory=dict)
    taken: set[str] = field(default_factory=lambda: set(_RESERVED))


@dataclass(slots=True)
class BodyTypes:
    """The request-body `TypedDict`s of every resource module (names unique per module)."""

    key_style: KeyStyle = field(default_factory=KeyStyle)
    modules: dict[PyIdent, _Module] = field(default_factory=dict)
    #: Names from `postgen.toml` (`"Folder / Request #body"`), by (module, default name).
    renamed: dict[tuple[PyIdent, ClassName], ClassName] = field(default_factory=dict)

    def infer(
        self, module: PyIdent, samples: list[Any], op_class: ClassName
    ) -> tuple[dict[str, Any], ClassName] | None:
        """The root schema of `samples` (taken out of the module) and the `$defs` it names."""
        target = self.modules.setdefault(module, _Module())
        wanted = ClassName(f"{op_class}Body")
        wanted = self.renamed.get((module, wanted), wanted)
        name, counter = wanted, 2
        while name in target.taken:
            name = ClassName(f"{wanted}{counter}")
            counter += 1
        before = set(target.defs)
        root = infer_schema(
            samples, name, wanted, target.defs, target.taken, "Body", self.key_style
        )
        if root is None:
            return None
        schema = target.defs[root]
        # Only this request's own new types can refer to its root (a nested copy of it).
        own = {key: value for key, value in target.defs.items() if key not in before}
        if not _referenced(root, own):
            del target.defs[root]  # the root is the method's arguments, not a TypedDict
        return schema, root

    def build(self) -> tuple[ParamsModule, ...]:
        """The params modules that hold any `TypedDict`, in first-use order."""
        return tuple(
            ParamsModule(name, tuple(content.defs.items()))
            for name, content in self.modules.items()
            if content.defs
        )


def _referenced(name: str, defs: dict[str, Any]) -> bool:
    needle = json.dumps(_REF + name)
    return any(
        needle in json.dumps(schema) for key, schema in defs.items() if key != name
    )


def _typed_sample(value: Any) -> Any:
    """`value` with placeholders turned into samples of their type; a bare `{{token}}` into
    None (its type is unknown)."""
    if isinstance(value, dict):
        return {key: _typed_sample(child) for key, child in value.items()}
    if isinstance(value, list):
        return [_typed_sample(child) for child in value]
    if isinstance(value, str):
        if value == TOKEN_VALUE:
            return None
        if is_placeholder(value):
            return _PLACEHOLDER_SAMPLES.get(value.strip()[1:-1].lower(), "")
    return value


def saved_bodies(item: dict[str, Any], like: type) -> list[Any]:
    """The JSON bodies of the requests saved with the item's success examples (only those of
    the same kind as the request's own body: error examples often send a broken one)."""
    found: list[Any] = []
    for response in success_responses(item):
        original = response.get("originalRequest")
        body = original.get("body") if isinstance(original, dict) else None
        raw = body.get("raw") if isinstance(body, dict) else None
        if isinstance(raw, str) and raw.strip():
            ok, value = parse_lenient_json(raw)
            if ok and isinstance(value, like):
                found.append(value)
    return found


def _example(value: Any) -> str:
    if isinstance(value, str):
        if "{{" in value or value == TOKEN_VALUE or is_placeholder(value):
            return ""
        return value if len(value) <= _MAX_EXAMPLE else ""
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    return ""


def json_body(
    builder: ParamBuilder,
    draft: BodyDraft,
    extra: list[Any],
    op_class: ClassName,
    module: PyIdent,
    where: str,
) -> Body:
    """The JSON body of one request: keyword arguments for an object, else one `body`."""
    plain = Body(kind="json", content_type=draft.content_type, example=draft.text)
    if not draft.has_sample:
        return plain
    samples = [_typed_sample(s) for s in [draft.sample, *extra]]
    inferred = builder.context.body_types.infer(module, samples, op_class)
    annotate = Annotator(lambda name: f"{PARAMS_ALIAS}.{name}", inputs=True)
    if inferred is None:
        return plain
    schema, _root = inferred
    if schema.get("type") != "object" or "additionalProperties" in schema:
        body_type = annotate(schema)
        names = tuple(sorted(ClassName(n) for n in annotate.names))
        return Body(
            kind="json",
            content_type=draft.content_type,
            example=draft.text,
            body_type=body_type,
            param_names=names,
        )
    entries: list[WireEntry] = []
    sample = draft.sample if isinstance(draft.sample, dict) else {}
    properties = schema.get("properties") or {}
    # GitHub's issues and comments have a `body` key: it is the `body=` argument then, and
    # `extra_body=` is the way to send other keys (only what is passed is sent, so it can send
    # any object).
    whole = "body" not in properties
    for key, child in properties.items():
        wanted = snake(key, fallback="field")
        if key == "body":
            exact: PyIdent | None = PyIdent("body")
        elif builder.is_taken(wanted):
            exact = None
            taken = wanted
            wanted = PyIdent(f"body_{wanted}")
            builder.context.diagnostics.warn(
                f"{where}.request.body",
                f"the body field {key!r} is the argument `{wanted}`: `{taken}` is an "
                "earlier argument of the method or a name it uses itself",
                "naming",
            )
        else:
            exact = None
        param = builder.param(
            key,
            "body",
            required=False,
            default=None,
            example=_example(sample.get(key)),
            key=("body", key),
            wanted=wanted,
            type_hint=annotate(child),
            exact=exact,
        )
        entries.append(WireEntry(key, param=param))
    return Body(
        kind="json",
        content_type=draft.content_type,
        example=draft.text,
        json_fields=tuple(entries),
        is_object=True,
        whole=whole,
        param_names=tuple(sorted(ClassName(n) for n in annotate.names)),
    )
