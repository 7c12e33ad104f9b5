"""Client settings: `base_url`, credentials and collection variables, one namespace for all.

Each setting is a constructor keyword, falls back to an environment variable named after the package
(`ZOHO_CRM_BULK_WRITE_ACCESS_TOKEN`), then to the collection's value, unless that value is a secret.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from postgen.diagnostics import Diagnostics
from postgen.ir import Setting
from postgen.naming import NameAllocator, PyIdent, constant_name, snake
from postgen.parse.variables import Variables, is_secret_name

__all__ = ["RESERVED_CLIENT_NAMES", "SettingsRegistry"]

# The generated client's own constructor keywords: a collection variable must never shadow them
# (a variable called `timeout` becomes the setting `timeout_2`).
RESERVED_CLIENT_NAMES = (
    "self",
    "base_url",
    "timeout",
    "max_retries",
    "default_headers",
    "http_client",
    "strict",
    "idempotency_header",
)


@dataclass(slots=True)
class SettingsRegistry:
    """Allocates settings in first-use order; the same variable always maps to one setting."""

    package: PyIdent
    variables: Variables
    diagnostics: Diagnostics
    settings: dict[str, Setting] = field(default_factory=dict)
    _names: NameAllocator = field(
        default_factory=lambda: NameAllocator(RESERVED_CLIENT_NAMES)
    )
    # Literal credentials seen (first value per setting) and those seen with several values.
    _literals: dict[str, str] = field(default_factory=dict)
    _mixed: set[str] = field(default_factory=set)

    def env_var(self, py_name: str) -> str:
        """`access_token` -> `ZOHO_CRM_BULK_WRITE_ACCESS_TOKEN`."""
        return f"{constant_name(self.package)}_{constant_name(py_name)}"

    def base_url(self, default: str | None) -> Setting:
        """The `base_url` setting (always present, first)."""
        setting = Setting(
            wire_name="base_url",
            py_name=PyIdent("base_url"),
            env_var=self.env_var("base_url"),
            default=default,
            secret=False,
            description="The API's base URL.",
        )
        self.settings["\x00base_url"] = setting
        return setting

    def is_credential(self, variable: str) -> bool:
        """Whether an auth block (or a secret-looking use) already made `variable` a credential."""
        setting = self.settings.get(f"var:{variable}")
        return setting is not None and setting.secret

    def for_variable(
        self,
        variable: str,
        where: str,
        *,
        credential: bool = False,
        fallback_only: bool = False,
    ) -> Setting:
        """The setting for a `{{variable}}` used in a header, query, path or auth block.

        `fallback_only`: the setting only backs up a method argument and has no value, so it
        is optional when the client is built (see `postgen.parse.values`).
        """
        key = f"var:{variable}"
        if key in self.settings:
            setting = self.settings[key]
            if setting.fallback_only and not fallback_only:
                setting = self.settings[key] = replace(setting, fallback_only=False)
            if credential and not setting.secret:
                # First seen as a plain value, now read by an auth block: never write it out.
                setting = self.settings[key] = replace(
                    setting, secret=True, default=None, fallback_only=False
                )
            return setting
        wanted = snake(variable, fallback="setting")
        py_name, renamed = self._names.snake(wanted)
        if renamed:
            self.diagnostics.warn(
                where,
                f"variable {variable!r} would be the client option `{wanted}`, which is taken; "
                f"it is `{py_name}`",
                "naming",
            )
        secret = credential or is_secret_name(variable)
        value = self.variables.values.get(variable)
        default = None if secret else value
        if secret and value:
            self.diagnostics.warn(
                where,
                f"variable {variable!r} looks like a secret: its value is not written to the "
                f"output; pass `{py_name}=` or set {self.env_var(py_name)}",
                "secret",
            )
        setting = Setting(
            wire_name=variable,
            py_name=py_name,
            env_var=self.env_var(py_name),
            default=default,
            secret=secret,
            description=self.variables.descriptions.get(variable, ""),
            fallback_only=fallback_only,
        )
        self.settings[key] = setting
        return setting

    def for_origin(self, origin: str, wanted: PyIdent, where: str) -> Setting:
        """A literal origin other than the base URL's: a setting with the origin as default, so
        that every host a client talks to can be moved (a sandbox, a proxy, a test server).
        """
        key = f"origin:{origin}"
        if key in self.settings:
            return self.settings[key]
        py_name, _ = self._names.snake(wanted)
        setting = Setting(
            wire_name=origin,
            py_name=py_name,
            env_var=self.env_var(py_name),
            default=origin,
            secret=False,
            description=f"The base URL of the requests sent to {origin}.",
        )
        self.settings[key] = setting
        return setting

    def for_literal(
        self, wanted: PyIdent, where: str, value: str | None = None
    ) -> Setting:
        """A credential given literally in the collection: required, never written out.

        One client holds one credential per name: a collection that hard-codes different
        tokens in different requests cannot be sent as it is, which is a warning (once).
        """
        key = f"lit:{wanted}"
        if value is not None:
            first = self._literals.setdefault(key, value)
            if first != value and key not in self._mixed:
                self._mixed.add(key)
                self.diagnostics.warn(
                    where,
                    f"requests hard-code different values for the credential `{wanted}`: "
                    "the client sends the one it is given on every request",
                    "secret",
                )
        if key in self.settings:
            return self.settings[key]
        py_name, _ = self._names.snake(wanted)
        setting = Setting(
            wire_name=str(wanted),
            py_name=py_name,
            env_var=self.env_var(py_name),
            default=None,
            secret=True,
        )
        self.settings[key] = setting
        return setting

    def all(self) -> tuple[Setting, ...]:
        """Settings in constructor order: base_url first, then first use."""
        return tuple(self.settings.values())
