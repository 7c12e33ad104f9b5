"""`{{variable}}` tokens hidden while a URL is split, and put back after.

Variable names may hold `/ ? # : @ .`; a URL is split the way postman-url-encoder splits it only
once each token is a placeholder that holds none of them. Used by the v3 reader (which writes URL
components) and by the parser (which reads a raw URL).
"""

from __future__ import annotations

import re

__all__ = ["mask_tokens", "unmask_tokens"]

_TOKEN = re.compile(r"\{\{[^{}]*?\}\}")
_MASKED = re.compile(r"\x00(\d+)\x00")


def mask_tokens(text: str) -> tuple[str, list[str]]:
    """`text` with each token replaced by `\\x00<index>\\x00`, and the tokens by index."""
    tokens: list[str] = []

    def hide(match: re.Match[str]) -> str:
        tokens.append(match.group(0))
        return f"\x00{len(tokens) - 1}\x00"

    return _TOKEN.sub(hide, text), tokens


def unmask_tokens(text: str, tokens: list[str]) -> str:
    """A piece of masked text with its tokens put back."""
    return _MASKED.sub(lambda match: tokens[int(match.group(1))], text)
