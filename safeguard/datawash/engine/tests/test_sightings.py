"""What counts as seen: ``last_seen_date`` on every extract, the register's included; ``registered_on`` never."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from safeguard.datawash.engine import SourceSpec, WashConfig, run_wash
from safeguard.datawash.engine.io import ValidationRules, load_extract, load_mapping

from .conftest import AS_OF, CANONICAL_HEADER, MODEL, write_csv

HEADER = CANONICAL_HEADER + ",registered_on"


def _wash(tmp_path: Path, *register_rows: str, header: str = HEADER) -> dict[str, str]:
    register = write_csv(tmp_path / "register.csv", *register_rows, header=header)
    # Another agency that holds nobody on the register, so any sighting must come from the register itself.
    health = write_csv(tmp_path / "health.csv", "H1,Zara,,Quinn,2009-01-02,F,DL1 1AA,,,,2017-05-01")
    result = run_wash(
        WashConfig(
            cohort=SourceSpec("ehe_register", register),
            sources=(SourceSpec("health", health),),
            as_of=AS_OF,
            out_dir=tmp_path / "out",
            model_path=MODEL,
        )
    )
    return {row.cohort_record_id: row.status for row in result.cohort}


def test_a_register_officers_sighting_within_the_window_makes_the_child_seen(tmp_path: Path) -> None:
    statuses = _wash(tmp_path, "R1,Amy,,Hall,2010-03-04,F,DL3 7AB,,,,2017-02-01,")
    assert statuses == {"R1": "seen"}


def test_a_register_sighting_before_the_window_leaves_the_child_unseen(tmp_path: Path) -> None:
    statuses = _wash(tmp_path, "R1,Amy,,Hall,2010-03-04,F,DL3 7AB,,,,2014-02-01,")
    assert statuses == {"R1": "unseen"}


def test_a_registration_date_is_never_a_sighting(tmp_path: Path) -> None:
    statuses = _wash(tmp_path, "R1,Amy,,Hall,2010-03-04,F,DL3 7AB,,,,,2017-06-01")
    assert statuses == {"R1": "unseen"}


def test_a_register_without_a_registered_on_column_still_loads(tmp_path: Path) -> None:
    statuses = _wash(tmp_path, "R1,Amy,,Hall,2010-03-04,F,DL3 7AB,,,,2017-02-01", header=CANONICAL_HEADER)
    assert statuses == {"R1": "seen"}


def test_registered_on_is_read_as_a_date_and_a_mapping_may_name_it(tmp_path: Path) -> None:
    mapping = tmp_path / "m.toml"
    mapping.write_text('[columns]\n"Date Registered" = "registered_on"\n[dates]\nregistered_on = "%d.%m.%Y"\n')
    path = tmp_path / "r.csv"
    path.write_text("record_id,given_name,family_name,Date Registered\nR1,Amy,Hall,01.06.2017\nR2,Ben,Cole,soon\n")
    extract = load_extract("ehe_register", path, load_mapping(mapping), ValidationRules(as_of=AS_OF))
    assert extract.records["registered_on"].tolist()[0] == pd.Timestamp("2017-06-01")
    assert pd.isna(extract.records["registered_on"].tolist()[1])
    assert [(r["row_number"], r["field"]) for r in extract.rejects] == [(3, "registered_on")]


def test_the_report_says_which_dates_counted_as_sightings_per_source(tmp_path: Path) -> None:
    _wash(
        tmp_path,
        "R1,Amy,,Hall,2010-03-04,F,DL3 7AB,,,,2017-02-01,2016-01-01",
        "R2,Ben,,Cole,2011-05-06,M,DL3 7AB,,,,,2016-01-01",
    )
    sources = pd.read_csv(tmp_path / "out" / "sources.csv", dtype=str).set_index("source")
    assert sources.loc["ehe_register", "sightings"] == "1"
    assert sources.loc["ehe_register", "registered_on_not_a_sighting"] == "2"
    expected = (
        "ehe_register: last_seen_date counted as sightings (1 row); registered_on not a sighting (2 rows, not used)"
    )
    assert sources.loc["ehe_register", "dates"] == expected
    assert (
        sources.loc["health", "dates"]
        == "health: last_seen_date counted as sightings (1 row); registered_on not a sighting"
    )
    report = (tmp_path / "out" / "report.html").read_text()
    assert "Which dates counted as sightings" in report and expected in report
