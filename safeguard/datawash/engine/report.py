"""Writing the run's outputs: CSVs for people and scripts, model files, and a self-contained HTML report."""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
import math
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from safeguard.core import charts

from .cluster import Clustering
from .cohort import CohortOutcome
from .config import CohortRow, WashConfig
from .explain import Explainer, Explanation
from .io import CANONICAL_COLUMNS, NOT_SIGHTING_COLUMNS, REJECT_COLUMNS, ROW_NOT_USED, SIGHTING_COLUMN, Extract
from .link import Scored
from .model import parameters_table

COHORT_COLUMNS = (
    "cohort_record_id",
    "person_id",
    "status",
    "last_seen_date",
    "last_seen_by",
    "linked_records",
    "linked_sources",
    "confidence",
)
SIDE_COLUMNS = ("source", *CANONICAL_COLUMNS)
MAX_EXPLAINED = 5000
"""Cohort children explained in the HTML; beyond this the report would be too big to open (explanations.csv has all)."""


@dataclass
class WashTables:
    config: WashConfig
    extracts: list[Extract]
    records: pd.DataFrame
    scored: Scored
    clustering: Clustering
    outcome: CohortOutcome


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _cohort_csv(rows: list[CohortRow], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COHORT_COLUMNS)
        for row in rows:
            writer.writerow(
                [
                    row.cohort_record_id,
                    row.person_id,
                    row.status,
                    _text(row.last_seen_date),
                    row.last_seen_by,
                    ";".join(row.linked_records),
                    ";".join(row.linked_sources),
                    f"{row.confidence:.6f}",
                ]
            )


def _links_csv(records: pd.DataFrame, person_ids: np.ndarray, path: Path) -> None:
    frame = pd.DataFrame({"source": records["source"], "record_id": records["record_id"], "person_id": person_ids})
    frame.to_csv(path, index=False)


def _rejects_frame(extracts: list[Extract]) -> pd.DataFrame:
    rows = [r for e in extracts for r in e.rejects]
    frame = pd.DataFrame(rows, columns=list(REJECT_COLUMNS))
    frame["value"] = frame["value"].map(_text)
    return frame.sort_values(["source", "row_number", "field"], kind="stable")


def _side(records: pd.DataFrame, uid: int) -> dict[str, str]:
    row = records.iloc[uid]
    return {column: _text(row[column]) for column in SIDE_COLUMNS}


def _pair_rows(tables: WashTables) -> dict[tuple[int, int], dict[str, Any]]:
    """Scored rows for pairs touching a cohort child's cluster, keyed by (left, right)."""
    wanted = {uid for members in tables.outcome.members.values() for uid in members}
    pairs = tables.scored.pairs
    mask = pairs["unique_id_l"].isin(wanted) | pairs["unique_id_r"].isin(wanted)
    subset = pairs.loc[mask]
    return {
        (int(r["unique_id_l"]), int(r["unique_id_r"])): {str(k): v for k, v in r.items()}
        for r in subset.to_dict("records")
    }


def _lookup(pairs: dict[tuple[int, int], dict[str, Any]], a: int, b: int) -> dict[str, Any] | None:
    return pairs.get((a, b)) or pairs.get((b, a))


def _review_csv(tables: WashTables, pairs: dict[tuple[int, int], dict[str, Any]], path: Path) -> int:
    columns = ["cohort_record_id", "decides_status", "match_probability", "match_weight", "why"]
    columns += [f"left_{c}" for c in SIDE_COLUMNS] + [f"right_{c}" for c in SIDE_COLUMNS]
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for cohort_id, candidate, decides in tables.outcome.review:
            scored = _lookup(pairs, candidate.left, candidate.right) or {}
            row: dict[str, Any] = {
                "cohort_record_id": cohort_id,
                "decides_status": "yes" if decides else "no",
                "match_probability": f"{candidate.probability:.6f}",
                "match_weight": f"{float(scored.get('match_weight', float('nan'))):.2f}",
                "why": candidate.why,
            }
            for prefix, uid in (("left", candidate.left), ("right", candidate.right)):
                row.update({f"{prefix}_{k}": v for k, v in _side(tables.records, uid).items()})
            writer.writerow(row)
            count += 1
    return count


@dataclass(frozen=True)
class SourceDates:
    """Which of one source's dates counted as sightings, and how many of each were given."""

    source: str
    sightings: int
    """Rows whose ``last_seen_date`` was usable (a real date, not after as-of, not before birth)."""
    not_sightings: dict[str, int]
    """Rows with each date column that is never a sighting (``registered_on``)."""

    def sentence(self) -> str:
        counted = (
            f"{SIGHTING_COLUMN} counted as sightings ({_rows(self.sightings)})"
            if self.sightings
            else f"no {SIGHTING_COLUMN}, so no sightings from this source"
        )
        others = "; ".join(
            f"{column} not a sighting" + (f" ({_rows(count)}, not used)" if count else "")
            for column, count in self.not_sightings.items()
        )
        return f"{self.source}: {counted}; {others}"


def _rows(count: int) -> str:
    return f"{count:,} row" if count == 1 else f"{count:,} rows"


def source_dates(extracts: list[Extract]) -> list[SourceDates]:
    """Per source, the dates that counted as sightings: the officer's report must say where "seen" came from."""
    found = []
    for extract in extracts:
        records = extract.records
        found.append(
            SourceDates(
                source=extract.name,
                sightings=int(records[SIGHTING_COLUMN].notna().sum()),
                not_sightings={column: int(records[column].notna().sum()) for column in NOT_SIGHTING_COLUMNS},
            )
        )
    return found


def _sources_csv(tables: WashTables, counts: dict[str, int], dates: list[SourceDates], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "source",
                "rows_read",
                "rows_used",
                "rows_rejected",
                "values_not_used",
                "sighting_column",
                "sightings",
                *(f"{column}_not_a_sighting" for column in NOT_SIGHTING_COLUMNS),
                "dates",
            ]
        )
        for extract, found in zip(tables.extracts, dates, strict=True):
            name = extract.name
            writer.writerow(
                [
                    name,
                    counts[f"{name}_rows_read"],
                    counts[f"{name}_rows_accepted"],
                    counts[f"{name}_rows_rejected"],
                    counts[f"{name}_values_not_used"],
                    SIGHTING_COLUMN,
                    found.sightings,
                    *found.not_sightings.values(),
                    found.sentence(),
                ]
            )


def _counts(tables: WashTables, rejects: pd.DataFrame, review_rows: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    for extract in tables.extracts:
        mine = rejects[rejects["source"] == extract.name]
        counts[f"{extract.name}_rows_read"] = extract.rows_read
        counts[f"{extract.name}_rows_accepted"] = len(extract.records)
        counts[f"{extract.name}_rows_rejected"] = int(mine.loc[mine["outcome"] == ROW_NOT_USED, "row_number"].nunique())
        counts[f"{extract.name}_values_not_used"] = int((mine["outcome"] != ROW_NOT_USED).sum())
        counts[f"{extract.name}_sightings"] = int(extract.records[SIGHTING_COLUMN].notna().sum())
    statuses = Counter(row.status for row in tables.outcome.rows)
    counts["cohort"] = len(tables.outcome.rows)
    for status in ("seen", "unseen", "check"):
        counts[f"cohort_{status}"] = statuses.get(status, 0)
    counts["records"] = len(tables.records)
    counts["people"] = len(set(tables.outcome.person_ids.tolist()))
    counts["scored_pairs"] = len(tables.scored.pairs)
    counts["review_pairs"] = review_rows
    return counts


def write_outputs(tables: WashTables, work: Path) -> tuple[dict[str, Path], dict[str, int]]:
    outputs = {
        "cohort": work / "cohort.csv",
        "links": work / "links.csv",
        "review": work / "review.csv",
        "rejects": work / "rejects.csv",
        "report": work / "report.html",
        "model": work / "model.json",
        "parameters": work / "parameters.csv",
        "explanations": work / "explanations.csv",
        "run": work / "run.json",
        "sources": work / "sources.csv",
    }
    _cohort_csv(tables.outcome.rows, outputs["cohort"])
    _links_csv(tables.records, tables.outcome.person_ids, outputs["links"])
    rejects = _rejects_frame(tables.extracts)
    rejects.to_csv(outputs["rejects"], index=False)
    pairs = _pair_rows(tables)
    review_rows = _review_csv(tables, pairs, outputs["review"])
    outputs["model"].write_text(json.dumps(tables.scored.model, indent=2, default=str), encoding="utf-8")
    pd.DataFrame(parameters_table(tables.scored.model)).to_csv(outputs["parameters"], index=False)
    explained = _explanations(tables, pairs)
    _explanations_csv(explained, outputs["explanations"])
    counts = _counts(tables, rejects, review_rows)
    dates = source_dates(tables.extracts)
    _sources_csv(tables, counts, dates, outputs["sources"])
    outputs["report"].write_text(_html(tables, counts, rejects, explained, dates), encoding="utf-8")
    summary = _run_summary(tables.config, counts)
    summary["model"] = tables.scored.model_note
    outputs["run"].write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return outputs, counts


def _run_summary(config: WashConfig, counts: dict[str, int]) -> dict[str, Any]:
    summary = asdict(config)
    summary["decisions"] = {
        "confirmed": len(config.decisions.confirmed),
        "rejected": len(config.decisions.rejected),
    }
    return {"config": json.loads(json.dumps(summary, default=str)), "counts": counts}


@dataclass(frozen=True)
class LinkExplained:
    cohort_record_id: str
    left: str
    right: str
    kind: str
    explanation: Explanation | None


def _explanations(tables: WashTables, pairs: dict[tuple[int, int], dict[str, Any]]) -> list[LinkExplained]:
    sources, record_ids = tables.records["source"].to_numpy(), tables.records["record_id"].to_numpy()

    def key(uid: int) -> str:
        return f"{sources[uid]}:{record_ids[uid]}"

    labels = tables.clustering.labels
    tree_by_label = _cohort_trees(tables)
    found: list[LinkExplained] = []
    explain = Explainer(tables.scored.model)
    for cohort_id, members in tables.outcome.members.items():
        label = int(labels[members[0]])
        for a, b in tree_by_label.get(label, []):
            row = _lookup(pairs, a, b)
            kind = "linked" if row is not None else "confirmed by an officer"
            found.append(LinkExplained(cohort_id, key(a), key(b), kind, explain(row) if row else None))
    for cohort_id, candidate, decides in tables.outcome.review:
        row = _lookup(pairs, candidate.left, candidate.right)
        kind = f"candidate ({candidate.why}{'; decides status' if decides else ''})"
        explanation = explain(row) if row else None
        found.append(LinkExplained(cohort_id, key(candidate.left), key(candidate.right), kind, explanation))
    return found


def _cohort_trees(tables: WashTables) -> dict[int, list[tuple[int, int]]]:
    """The edges that joined each cohort child's cluster, by cluster label. Picked out with numpy first: a
    million records' clusters have hundreds of thousands of edges, and only the cohort's are explained."""
    tree, labels = tables.clustering.tree, tables.clustering.labels
    lefts = np.fromiter((edge.left for edge in tree), dtype=np.int64, count=len(tree))
    wanted = np.array(sorted({int(labels[members[0]]) for members in tables.outcome.members.values()}), dtype=np.int64)
    by_label: dict[int, list[tuple[int, int]]] = {}
    for index in np.flatnonzero(np.isin(labels[lefts], wanted)).tolist():
        edge = tree[index]
        by_label.setdefault(int(labels[edge.left]), []).append((edge.left, edge.right))
    return by_label


def _explanations_csv(explained: list[LinkExplained], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["cohort_record_id", "left", "right", "kind", "comparison", "level", "weight"])
        for item in explained:
            if item.explanation is None:
                writer.writerow([item.cohort_record_id, item.left, item.right, item.kind, "", "", ""])
                continue
            writer.writerow(
                [item.cohort_record_id, item.left, item.right, item.kind, "prior", "", item.explanation.prior]
            )
            for step in item.explanation.steps:
                writer.writerow(
                    [item.cohort_record_id, item.left, item.right, item.kind, step.comparison, step.level, step.weight]
                )
            writer.writerow(
                [item.cohort_record_id, item.left, item.right, item.kind, "total", "", item.explanation.total]
            )


# --- HTML -----------------------------------------------------------------------------------------------------

_STYLE = """
body{font-family:Arial,sans-serif;margin:2em;color:#0b0c0c;max-width:75em}
table{border-collapse:collapse;margin:1em 0}td,th{border-bottom:1px solid #b1b4b6;padding:4px 8px;text-align:left}
.num{text-align:right}.seen{color:#00703c}.unseen{color:#d4351c;font-weight:bold}.check{color:#f47738;font-weight:bold}
details{margin:.3em 0}summary{cursor:pointer}.neg{fill:#d4351c}.pos{fill:#1d70b8}
"""


def _esc(value: object) -> str:
    return html.escape(_text(value))


def _bar_chart(title: str, data: list[tuple[str, float]]) -> str:
    """A horizontal bar chart as inline SVG (no scripts, so the report opens offline and in locked-down browsers)."""
    if not data:
        return f"<h3>{_esc(title)}</h3><p>No data.</p>"
    chart = charts.bar_chart(title, [charts.Bar(label, value) for label, value in data], width=680, label_width=180)
    return f"<h3>{_esc(title)}</h3>{chart}"


def _months_since(rows: list[CohortRow], as_of: dt.date) -> list[tuple[str, float]]:
    buckets = ["0–6", "6–12", "12–18", "18–24", "24–36", "36+", "never seen"]
    counts = dict.fromkeys(buckets, 0)
    for row in rows:
        if row.last_seen_date is None:
            counts["never seen"] += 1
            continue
        months = (as_of.year - row.last_seen_date.year) * 12 + as_of.month - row.last_seen_date.month
        edges = [(6, "0–6"), (12, "6–12"), (18, "12–18"), (24, "18–24"), (36, "24–36")]
        counts[next((name for limit, name in edges if months < limit), "36+")] += 1
    return [(f"{name} months" if name != "never seen" else name, float(n)) for name, n in counts.items()]


def _agencies(rows: list[CohortRow]) -> list[tuple[str, float]]:
    counts = Counter(source for row in rows for source in row.linked_sources)
    return [(name, float(n)) for name, n in counts.most_common()]


def _weights(scored: Scored) -> list[tuple[str, float]]:
    weights = scored.pairs["match_weight"].clip(-10, 40)
    bins = np.arange(-10, 42, 5)
    hist, edges = np.histogram(weights, bins=bins)
    return [(f"{int(lo)} to {int(lo) + 5}", float(n)) for lo, n in zip(edges[:-1], hist, strict=True)]


def _waterfall(explanation: Explanation) -> str:
    rows = [f"<tr><td>prior (two random records)</td><td></td><td class=num>{explanation.prior:+.2f}</td></tr>"]
    for step in explanation.steps:
        rows.append(
            f"<tr><td>{_esc(step.comparison)}</td><td>{_esc(step.level)}</td><td class=num>{step.weight:+.2f}</td></tr>"
        )
    rows.append(
        f"<tr><th>match weight</th><th>probability {explanation.probability:.6f}</th>"
        f"<th class=num>{explanation.total:+.2f}</th></tr>"
    )
    return "<table><tr><th>comparison</th><th>level</th><th>weight</th></tr>" + "".join(rows) + "</table>"


def _children_html(tables: WashTables, explained: list[LinkExplained]) -> str:
    by_child: dict[str, list[LinkExplained]] = {}
    for item in explained:
        by_child.setdefault(item.cohort_record_id, []).append(item)
    parts = []
    for row in tables.outcome.rows[:MAX_EXPLAINED]:
        items = by_child.get(row.cohort_record_id, [])
        inner = "".join(
            f"<details><summary>{_esc(i.left)} ↔ {_esc(i.right)}: {_esc(i.kind)}</summary>"
            + (_waterfall(i.explanation) if i.explanation else "<p>No model score: decided by an officer.</p>")
            + "</details>"
            for i in items
        )
        parts.append(
            f"<details><summary>{_esc(row.cohort_record_id)} — <span class={row.status}>{row.status}</span>"
            f" (last seen {_esc(row.last_seen_date) or 'never'} {_esc(row.last_seen_by)}; confidence "
            f"{row.confidence:.4f})</summary>{inner or '<p>No linked records.</p>'}</details>"
        )
    more = len(tables.outcome.rows) - MAX_EXPLAINED
    if more > 0:
        parts.append(f"<p>{more} more children: see explanations.csv.</p>")
    return "".join(parts)


def _html(
    tables: WashTables,
    counts: dict[str, int],
    rejects: pd.DataFrame,
    explained: list[LinkExplained],
    dates: list[SourceDates],
) -> str:
    config = tables.config
    rows = tables.outcome.rows
    source_rows = "".join(
        f"<tr><td>{_esc(e.name)}</td><td class=num>{counts[f'{e.name}_rows_read']}</td>"
        f"<td class=num>{counts[f'{e.name}_rows_accepted']}</td><td class=num>{counts[f'{e.name}_rows_rejected']}</td>"
        f"<td class=num>{counts[f'{e.name}_values_not_used']}</td></tr>"
        for e in tables.extracts
    )
    reject_rows = "".join(
        "<tr>" + "".join(f"<td>{_esc(r[c])}</td>" for c in REJECT_COLUMNS) + "</tr>"
        for r in rejects.head(500).to_dict("records")
    )
    params = "".join(
        f"<tr><td>{_esc(p['comparison'])}</td><td>{_esc(p['level'])}</td>"
        f"<td class=num>{_num(p['m'])}</td><td class=num>{_num(p['u'])}</td></tr>"
        for p in parameters_table(tables.scored.model)
    )
    dates_list = "".join(f"<li>{_esc(found.sentence())}</li>" for found in dates)
    summary = (
        f"{counts['cohort']} on the register, {counts['cohort_unseen']} not seen for {config.unseen_months} months"
        f" (as of {config.as_of.isoformat()}); {counts['cohort_check']} need a desk check; {counts['cohort_seen']} seen."
    )
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Data wash: {_esc(config.cohort.name)}</title>
<style>{_STYLE}</style></head><body>
<h1>Data wash: {_esc(config.cohort.name)}</h1>
<p><strong>{_esc(summary)}</strong></p>
<p>Engine {_esc(config.engine)}; a link needs probability ≥ {config.thresholds.link}; pairs from
{config.thresholds.review} up to that are listed for review, and from {config.thresholds.check} up they are desk
checks when they would change a child's status.</p>
<h2>Sources</h2>
<table><tr><th>source</th><th>rows read</th><th>rows used</th><th>rows rejected</th><th>values not used</th></tr>
{source_rows}</table>
<h2>Which dates counted as sightings</h2>
<p>A child is seen only on a date some agency saw the child in person: {SIGHTING_COLUMN}, on every source,
the register's included. Other dates (such as registered_on) are never sightings.</p>
<ul>{dates_list}</ul>
<h2>Charts</h2>
{_bar_chart("Cohort children by months since last seen", _months_since(rows, config.as_of))}
{_bar_chart("Agencies holding records linked to cohort children", _agencies(rows))}
{_bar_chart("Match weight of scored pairs", _weights(tables.scored))}
<h2>Why records were linked</h2>
<p>Each link shows how every comparison moved the match weight (log<sub>2</sub> Bayes factor) from the prior.</p>
{_children_html(tables, explained)}
<h2>Model parameters</h2>
<p>{_esc(tables.scored.model_note)} Saved as model.json so the run can be repeated exactly.</p>
<table><tr><th>comparison</th><th>level</th><th>m</th><th>u</th></tr>{params}</table>
<h2>Rejects</h2>
<p>{len(rejects)} problems; the first 500 are shown, all are in rejects.csv.</p>
<table><tr>{"".join(f"<th>{c}</th>" for c in REJECT_COLUMNS)}</tr>{reject_rows}</table>
</body></html>"""


def _num(value: object) -> str:
    return f"{float(value):.4g}" if isinstance(value, int | float) else ""
