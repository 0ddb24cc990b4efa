"""Scoring a method's output against ground truth: pairwise precision/recall/F1 and the cohort outcomes."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class PairwiseScore:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int


@dataclass(frozen=True)
class CohortScore:
    cohort: int
    truly_unseen: int
    unseen_missed: int
    """Truly unseen children the method called seen: the failure that hides a child."""
    false_alarms: int
    """Children who were seen but the method called unseen."""
    checks: int


def _pairs_within(labels: pd.Series) -> int:
    sizes = labels.value_counts()
    return int((sizes * (sizes - 1) // 2).sum())


def pairwise(predicted: pd.DataFrame, truth: pd.DataFrame) -> PairwiseScore:
    """Both frames have source, record_id and a cluster column (``person_id``); compared on records in both."""
    merged = predicted.merge(truth, on=["source", "record_id"], suffixes=("_pred", "_true"))
    both = merged.groupby(["person_id_pred", "person_id_true"]).size()
    agree = int((both * (both - 1) // 2).sum())
    predicted_pairs = _pairs_within(merged["person_id_pred"])
    true_pairs = _pairs_within(merged["person_id_true"])
    precision = agree / predicted_pairs if predicted_pairs else 1.0
    recall = agree / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairwiseScore(precision, recall, f1, true_pairs, predicted_pairs)


def cohort(statuses: pd.DataFrame, cohort_truth: pd.DataFrame) -> CohortScore:
    """``statuses``: cohort_record_id, status (unseen|seen|check)."""
    merged = cohort_truth.merge(statuses, on="cohort_record_id", how="left")
    truly = merged["truly_unseen"].astype(str).str.lower() == "true"
    status = merged["status"].fillna("unseen")
    return CohortScore(
        cohort=len(merged),
        truly_unseen=int(truly.sum()),
        unseen_missed=int((truly & (status == "seen")).sum()),
        false_alarms=int((~truly & (status == "unseen")).sum()),
        checks=int((status == "check").sum()),
    )


@dataclass(frozen=True)
class RuleCeiling:
    """How far a deterministic rule caps pairwise recall, whatever the model scores.

    Every true pair the rule holds apart is a pair no threshold can recover, so with every other
    true pair linked and no false link, recall is at most ``1 - held_apart / true_pairs``.
    """

    true_pairs: int
    held_apart: int
    sharing_id: int
    """Of the pairs held apart, those whose other identifier agrees."""

    @property
    def best_recall(self) -> float:
        return 1 - self.held_apart / self.true_pairs if self.true_pairs else 1.0

    @property
    def best_f1(self) -> float:
        return 2 * self.best_recall / (1 + self.best_recall)
