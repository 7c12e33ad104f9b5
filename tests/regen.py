"""Regenerate every golden client: `python -m tests.regen`.

Equivalent to `postgen build samples/<stem>.postman_collection.json -o generated/<stem>` for each sample.
"""

from __future__ import annotations

from postgen import build
from tests.paths import GENERATED, sample_stem, samples


def main() -> None:
    """Rebuild `generated/` from `samples/`."""
    for sample in samples():
        report = build(sample, GENERATED / sample_stem(sample))
        print(f"{sample_stem(sample)}: {len(report.changed)} files changed")


if __name__ == "__main__":
    main()
