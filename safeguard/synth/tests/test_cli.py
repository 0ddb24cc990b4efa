"""``safeguard synth extracts|demo-extracts`` as the entry point will call it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safeguard.synth.cli import main


def test_extracts_writes_a_set_with_the_requested_cohort(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "set"
    code = main(
        [
            "extracts",
            "--children",
            "1200",
            "--seed",
            "3",
            "--as-of",
            "2017-06-30",
            "--out",
            str(out),
            "--cohort-size",
            "12",
            "--unseen",
            "7",
        ]
    )
    assert code == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert (manifest["cohort_size"], manifest["unseen_count"], manifest["seed"]) == (12, 7, 3)
    assert "12 on the register, 7 not seen" in capsys.readouterr().out


def test_demo_extracts_writes_the_bulletin_numbers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo-extracts", "--out", str(tmp_path)]) == 0
    assert "101 on the register, 57 not seen" in capsys.readouterr().out


def test_impossible_requests_exit_with_an_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "extracts",
            "--children",
            "100",
            "--seed",
            "1",
            "--as-of",
            "2017-06-30",
            "--out",
            str(tmp_path),
            "--cohort-size",
            "5",
            "--unseen",
            "9",
        ]
    )
    assert code == 2
    assert "unseen_count" in capsys.readouterr().err


def test_a_bad_date_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["extracts", "--children", "10", "--seed", "1", "--as-of", "30/06/2017", "--out", str(tmp_path)])
    assert exit_info.value.code == 2
