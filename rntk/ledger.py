"""The claims ledger: each statement of the papers a chapter tests, with the test fixed before looking.

A chapter opens a :class:`Ledger`, records every statement it tests with :meth:`Ledger.record`
(the paper's statement and number, what we measure, the tolerance or test, our number, and whether the
test passed), shows itself at its end (:meth:`Ledger.table` in full) and, in the full profile, :meth:`Ledger.save` s it
under ``results/ledger/`` where :func:`collected` gathers every chapter's verdicts for the introduction.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from rntk.cache import RESULTS, atomic_write

LEDGER_RESULTS = RESULTS / "ledger"
HOLDS, FAILS, UNTESTED = "holds", "does not hold", "not testable here"
INCONCLUSIVE = "inconclusive"  # the data cannot decide yet: a partial sample, an underpowered test
VERDICTS = (HOLDS, FAILS, INCONCLUSIVE, UNTESTED)

__all__ = ["registry_table", "totals", "LEDGER_RESULTS", "HOLDS", "FAILS", "UNTESTED", "INCONCLUSIVE", "VERDICTS", "Entry", "Ledger", "collected", "paired_p_value"]


@dataclass(frozen=True)
class Entry:
    """One tested statement: a registered claim (:mod:`rntk.claims`), whose ``test`` was fixed before
    ``ours`` was computed."""

    id: str
    source: str
    claim: str
    paper: str
    measure: str
    test: str
    ours: str
    verdict: str


def _text(value) -> str:
    """A number or statement as the table prints it (floats to 4 significant digits)."""
    if value is None:
        return "not stated"
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.4g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    return str(value)


class Ledger:
    """The statements one chapter tests, in the order it tests them."""

    def __init__(self, chapter: str):
        if not chapter or "/" in chapter:
            raise ValueError(f"chapter must be a plain name such as '09_ucr', got {chapter!r}")
        self.chapter = chapter
        self.entries: list[Entry] = []

    def record(self, claim_id: str, *, ours, holds: bool | None, paper=None, scope: str = "",
               partial: bool = False) -> Entry:
        """Add a verdict on the registered claim ``claim_id`` (its statement, measure and test come from
        :mod:`rntk.claims`, and it must belong to this chapter). ``paper``: the paper's number for it, if
        any; ``scope``: what this verdict covers (a grid, a series, a subset), added to the statement;
        ``holds=None`` when the data or the text make it untestable here; ``partial=True`` when the test
        ran on part of the data the claim is about (the verdict is then *inconclusive*, whatever the
        test said: ``ours`` keeps its numbers)."""
        from rntk.claims import claim

        registered = claim(claim_id)
        if registered.chapter != self.chapter:
            raise ValueError(f"claim {claim_id!r} is evaluated by chapter {registered.chapter!r}, not {self.chapter!r}")
        if holds is not None and not isinstance(holds, (bool, np.bool_)):
            raise TypeError(f"holds must be True, False or None, got {holds!r}")
        verdict = UNTESTED if holds is None else INCONCLUSIVE if partial else (HOLDS if holds else FAILS)
        statement = registered.statement + (f" ({scope})" if scope else "")
        entry = Entry(claim_id, registered.source, statement, _text(paper if paper is not None else registered.where),
                      registered.measure, registered.test, _text(ours), verdict)
        self.entries.append(entry)
        return entry

    def table(self, ids: bool = False) -> pd.DataFrame:
        """The ledger as a table, one row per statement (``ids``: with each claim's registry id and source)."""
        columns = (["id", "source"] if ids else []) + ["claim", "paper", "measure", "test", "ours", "verdict"]
        frame = pd.DataFrame([asdict(e) for e in self.entries], columns=columns)
        frame.index = pd.RangeIndex(1, len(frame) + 1, name="#")
        return frame

    def __repr__(self) -> str:
        return self.table().to_string()

    def _repr_html_(self) -> str:
        """The table in a notebook, every statement and number in full (pandas cuts cells at 50 characters)."""
        with pd.option_context("display.max_colwidth", None):
            return self.table()._repr_html_()

    def counts(self) -> dict:
        """How many statements hold, do not hold, are inconclusive, and could not be tested."""
        verdicts = [e.verdict for e in self.entries]
        return {v: verdicts.count(v) for v in VERDICTS}

    def save(self, directory: Path = LEDGER_RESULTS) -> Path:
        """Write the ledger to ``directory/<chapter>.json`` (atomically)."""
        path = Path(directory) / f"{self.chapter}.json"
        atomic_write(path, json.dumps({"chapter": self.chapter, "entries": [asdict(e) for e in self.entries]},
                                      indent=1) + "\n")
        return path


def collected(directory: Path = LEDGER_RESULTS) -> pd.DataFrame:
    """Every saved chapter's ledger in one table, indexed by (chapter, number)."""
    frames = {}
    for path in sorted(Path(directory).glob("*.json")):
        stored = json.loads(path.read_text())
        ledger = Ledger(stored["chapter"])
        ledger.entries = [Entry(**e) for e in stored["entries"]]
        frames[ledger.chapter] = ledger.table(ids=True)
    if not frames:
        raise FileNotFoundError(f"no chapter ledger under {directory}; execute the chapters (make notebooks) first")
    return pd.concat(frames, names=["chapter", "#"])


def registry_table(verdicts: pd.DataFrame) -> pd.DataFrame:
    """Every registered claim (:mod:`rntk.claims`) with the verdicts the chapters recorded on it
    (``verdicts``: :func:`collected`), or why none is recorded yet."""
    from rntk.claims import CLAIMS

    rows = []
    for c in CLAIMS:
        found = verdicts[verdicts["id"] == c.id]["verdict"].value_counts()
        status = "; ".join(f"{v} {int(found[v])}" for v in VERDICTS if v in found) or (
            f"pending: {c.pending}" if c.pending else "not evaluated yet")
        rows.append(dict(id=c.id, source=c.source, where=c.where, claim=c.statement, chapter=c.chapter,
                         quote=c.quote, verdicts=status))
    return pd.DataFrame(rows).set_index("id")


def totals(verdicts: pd.DataFrame) -> pd.DataFrame:
    """Verdict counts of the papers' claims and of this project's own checks, apart (rows), with the
    registered claims that have no verdict yet."""
    from rntk.claims import CLAIMS, PAPER_SOURCES

    group = {c.id: "the papers' claims" if c.source in PAPER_SOURCES else "this project's checks" for c in CLAIMS}
    counts = verdicts.assign(group=verdicts["id"].map(group)).groupby("group")["verdict"].value_counts()
    table = counts.unstack(fill_value=0).reindex(columns=list(VERDICTS), fill_value=0)
    recorded = set(verdicts["id"])
    table["claims without a verdict yet"] = pd.Series(
        {g: sum(1 for c in CLAIMS if group[c.id] == g and c.id not in recorded) for g in set(group.values())})
    return table.fillna(0).astype(int)


def paired_p_value(a, b, alternative: str = "greater") -> float:
    """One-sided paired t-test p-value that ``a`` exceeds ``b`` (1.0 when every difference is zero)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError(f"a and b must be 1-D and of equal length, got shapes {a.shape} and {b.shape}")
    if np.allclose(a, b):
        return 1.0
    return float(stats.ttest_rel(a, b, alternative=alternative).pvalue)
