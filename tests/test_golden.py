"""`generated/` must equal a fresh render of `samples/`, byte for byte (the `--check` comparison)."""

from __future__ import annotations

from pathlib import Path

import pytest

from postgen import generate
from postgen.write import check, unified_diff
from tests.paths import GENERATED, sample_stem, samples


@pytest.mark.parametrize("sample", samples(), ids=sample_stem)
def test_generated_matches_fresh_render(sample: Path) -> None:
    out = GENERATED / sample_stem(sample)
    files = generate(sample).files
    differences = check(out, files)
    if differences:
        expected = files
        diffs = "".join(
            unified_diff(out, path, expected.get(path, ""))
            for path, state in list(differences.items())[:3]
            if state != "stale"
        )
        pytest.fail(
            f"{len(differences)} generated files differ from a fresh render: "
            f"{dict((str(k), v) for k, v in differences.items())}\n{diffs}\n"
            f"Regenerate with: postgen build {sample.relative_to(GENERATED.parent)} "
            f"-o generated/{sample_stem(sample)}   (or: python -m tests.regen)"
        )


def test_every_sample_has_a_golden_client() -> None:
    assert samples(), "no samples found"
    for sample in samples():
        assert (
            GENERATED / sample_stem(sample)
        ).is_dir(), f"no generated/ for {sample.name}"
