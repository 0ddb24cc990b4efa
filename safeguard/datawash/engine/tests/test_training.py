"""Each run estimates its model from its own data, starting from the saved model, and falls back to it when it
cannot; officers' decisions arrive as a file of labelled pairs that forces those pairs."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from safeguard.datawash.engine import SourceSpec, WashConfig, run_wash
from safeguard.datawash.engine.cli import main, read_decisions
from safeguard.datawash.engine.config import Resources
from safeguard.datawash.engine.errors import BadInput
from safeguard.datawash.engine.features import build_link_table
from safeguard.datawash.engine.io import Mapping, ValidationRules, load_extract
from safeguard.datawash.engine.link import train_model
from safeguard.datawash.engine.model import M_FLOOR, SAME_DATE_OF_BIRTH, TrainingPlan, for_whole_table, smooth

from .conftest import AS_OF, MODEL, write_csv

HEADER = "record_id,given_name,family_name,date_of_birth,sex,postcode,last_seen_date"


def _table(small_set: Path) -> pd.DataFrame:
    rules = ValidationRules(as_of=AS_OF)
    names = ("ehe_register", "school_census", "health", "police", "social_care")
    return build_link_table([load_extract(n, small_set / f"{n}.csv", Mapping(), rules) for n in names])


# --- the model --------------------------------------------------------------------------------------------


def test_em_starts_from_the_saved_model_and_estimates_from_this_runs_data(small_set: Path, tmp_path: Path) -> None:
    start = json.loads(MODEL.read_text())
    trained = train_model(_table(small_set), Resources(), tmp_path, TrainingPlan(), start)
    assert not trained.fell_back
    assert "starting from the saved model's parameters" in trained.note
    assert trained.model != start


def test_too_little_data_falls_back_to_the_saved_model_and_says_so(small_set: Path, tmp_path: Path) -> None:
    start = json.loads(MODEL.read_text())
    trained = train_model(_table(small_set).head(300), Resources(), tmp_path, TrainingPlan(), start)
    assert trained.fell_back and trained.model == start
    assert "too few for EM" in trained.note


def test_em_that_does_not_converge_falls_back_to_the_saved_model(
    small_set: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safeguard.datawash.engine import link

    monkeypatch.setattr(link, "train", lambda linker, table, plan, labels=None: ["l.nhs_number = r.nhs_number"])
    start = json.loads(MODEL.read_text())
    trained = train_model(_table(small_set), Resources(), tmp_path, TrainingPlan(), start)
    assert trained.fell_back and trained.model == start
    assert "did not converge" in trained.note


def _confirmed_pairs(small_set: Path, table: pd.DataFrame, count: int) -> list[tuple[int, int]]:
    """``count`` pairs of one child's records, as officers confirming review items would give them."""
    truth = pd.read_csv(small_set / "truth.csv", dtype=str)
    keyed = table[["unique_id", "source", "record_id"]].merge(truth, on=["source", "record_id"])
    pairs = []
    for _, group in keyed.groupby("person_id"):
        ids = group["unique_id"].tolist()
        pairs += [(int(ids[0]), int(other)) for other in ids[1:]]
    return pairs[:count]


def test_officers_confirmed_pairs_are_labels_the_model_also_learns_m_from(small_set: Path, tmp_path: Path) -> None:
    table = _table(small_set)
    start = json.loads(MODEL.read_text())
    labelled = train_model(table, Resources(), tmp_path, TrainingPlan(), start, _confirmed_pairs(small_set, table, 60))
    assert "averaged with m from 60 pairs officers confirmed as one child" in labelled.note
    assert not labelled.fell_back
    unlabelled = train_model(table, Resources(), tmp_path, TrainingPlan(), start)
    assert labelled.model["comparisons"] != unlabelled.model["comparisons"]


def test_a_handful_of_confirmed_pairs_is_too_few_to_learn_from_and_the_report_says_so(
    small_set: Path, tmp_path: Path
) -> None:
    table = _table(small_set)
    trained = train_model(
        table,
        Resources(),
        tmp_path,
        TrainingPlan(),
        json.loads(MODEL.read_text()),
        _confirmed_pairs(small_set, table, 5),
    )
    assert "5 officer-confirmed pairs: too few to estimate from" in trained.note


def test_a_level_em_never_saw_among_matches_is_rare_not_impossible() -> None:
    model = {
        "comparisons": [
            {
                "output_column_name": "date_of_birth",
                "comparison_levels": [
                    {"is_null_level": True},
                    {"m_probability": 0.99, "u_probability": 0.001},
                    {"m_probability": 0.0, "u_probability": 0.01},
                    {"m_probability": 0.01, "u_probability": 0.989},
                ],
            }
        ]
    }
    levels = smooth(model)["comparisons"][0]["comparison_levels"][1:]
    assert levels[1]["m_probability"] >= M_FLOOR * 0.98
    assert abs(sum(level["m_probability"] for level in levels) - 1.0) < 1e-9


def test_the_report_says_where_the_models_parameters_came_from(tmp_path: Path) -> None:
    register = write_csv(tmp_path / "r.csv", "R1,Amy,Hall,2010-03-04,F,DL3 7AB,", header=HEADER)
    health = write_csv(tmp_path / "h.csv", "H1,Amy,Hall,2010-03-04,F,DL3 7AB,2017-05-01", header=HEADER)
    config = WashConfig(
        cohort=SourceSpec("ehe_register", register),
        sources=(SourceSpec("health", health),),
        as_of=AS_OF,
        out_dir=tmp_path / "out",
    )
    result = run_wash(config)
    assert [row.status for row in result.cohort] == ["seen"]
    assert "too few for EM" in (tmp_path / "out" / "report.html").read_text()
    assert "too few for EM" in json.loads((tmp_path / "out" / "run.json").read_text())["model"]


# --- labelled pairs ---------------------------------------------------------------------------------------


def test_a_file_of_labelled_pairs_is_read_with_or_without_a_header(tmp_path: Path) -> None:
    plain = tmp_path / "plain.csv"
    plain.write_text("ehe_register,R1,health,H1,same\nehe_register,R2,police,P9,different\n")
    headed = tmp_path / "headed.csv"
    headed.write_text("source,record_id,other_source,other_record_id,label\nehe_register,R1,health,H1,Same\n")
    named = tmp_path / "named.csv"
    named.write_text(
        "decision,left_source,left_record_id,right_source,right_record_id\nreject,ehe_register,R2,police,P9\n"
    )
    assert read_decisions(plain).confirmed == ((("ehe_register", "R1"), ("health", "H1")),)
    assert read_decisions(plain).rejected == ((("ehe_register", "R2"), ("police", "P9")),)
    assert read_decisions(headed).confirmed == ((("ehe_register", "R1"), ("health", "H1")),)
    assert read_decisions(named).rejected == ((("ehe_register", "R2"), ("police", "P9")),)


def test_a_bad_label_is_refused_with_its_row_number(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("ehe_register,R1,health,H1,same\nehe_register,R2,police,P9,maybe\n")
    with pytest.raises(BadInput, match="row 2: the label must be same or different"):
        read_decisions(path)


def test_labelled_pairs_force_the_link_either_way_from_the_command_line(tmp_path: Path) -> None:
    register = write_csv(
        tmp_path / "r.csv",
        "R1,Amy,Hall,2010-03-04,F,DL3 7AB,",
        "R2,Ben,Cole,2011-05-06,M,DL1 1AA,",
        header=HEADER,
    )
    health = write_csv(
        tmp_path / "h.csv",
        "H1,Amy,Hall,2010-03-04,F,DL3 7AB,2017-05-01",
        "H2,Zed,Quinn,2004-01-01,M,TS1 1AA,2017-05-01",
        header=HEADER,
    )
    decisions = tmp_path / "decisions.csv"
    decisions.write_text("ehe_register,R1,health,H1,different\nehe_register,R2,health,H2,same\n")
    out = tmp_path / "out"
    code = main(
        [
            "--cohort",
            f"ehe_register={register}",
            "--source",
            f"health={health}",
            "--as-of",
            AS_OF.isoformat(),
            "--out",
            str(out),
            "--model",
            str(MODEL),
            "--decisions",
            str(decisions),
            "--quiet",
        ]
    )
    assert code == 0
    cohort = pd.read_csv(out / "cohort.csv", dtype=str).set_index("cohort_record_id")
    assert cohort.loc["R1", "status"] == "unseen"
    assert cohort.loc["R2", "status"] == "seen"


def _odds(model: dict[str, object], level: int) -> float:
    """Prior odds times the date of birth level's Bayes factor: how sure the model is of a pair at that level."""
    prior = float(model["probability_two_random_records_match"])  # type: ignore[arg-type]
    levels = model["comparisons"][0]["comparison_levels"]  # type: ignore[index]
    return prior / (1 - prior) * levels[level]["m_probability"] / levels[level]["u_probability"]


def test_a_model_from_a_sample_of_birthdays_is_no_surer_of_dates_a_few_days_out_than_the_whole_table_warrants() -> None:
    def model() -> dict[str, object]:
        return {
            "probability_two_random_records_match": 4e-6,
            "comparisons": [
                {
                    "output_column_name": "date_of_birth",
                    "comparison_levels": [
                        {"is_null_level": True},
                        {"label_for_charts": SAME_DATE_OF_BIRTH, "m_probability": 0.95, "u_probability": 0.0005},
                        {"label_for_charts": "within 31 days", "m_probability": 0.04, "u_probability": 0.009},
                        {"label_for_charts": "different", "m_probability": 0.01, "u_probability": 0.9905},
                    ],
                }
            ],
        }

    whole = for_whole_table(model(), share=0.1)
    levels = whole["comparisons"][0]["comparison_levels"][1:]  # type: ignore[index]
    assert abs(sum(level["u_probability"] for level in levels) - 1.0) < 1e-12
    assert _odds(whole, 1) == pytest.approx(_odds(model(), 1), rel=1e-3)  # one birthday: as sure as before
    assert _odds(whole, 2) == pytest.approx(_odds(model(), 2) / 10, rel=1e-2)  # a few days out: ten times less
    assert for_whole_table(model(), share=1.0) == model()
