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

__all__ = ["LEDGER_RESULTS", "HOLDS", "FAILS", "UNTESTED", "INCONCLUSIVE", "VERDICTS", "Entry", "Ledger", "collected", "paired_p_value"]


@dataclass(frozen=True)
class Entry:
    """One tested statement: ``test`` was fixed before ``ours`` was computed."""

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

    def record(self, claim: str, *, paper, measure: str, test: str, ours, holds: bool | None,
               partial: bool = False) -> Entry:
        """Add one statement; ``holds=None`` when the data or the text make it untestable here;
        ``partial=True`` when the test ran on part of the data the claim is about (the verdict is then
        *inconclusive*, whatever the test said: ``ours`` keeps its numbers)."""
        if holds is not None and not isinstance(holds, (bool, np.bool_)):
            raise TypeError(f"holds must be True, False or None, got {holds!r}")
        verdict = UNTESTED if holds is None else INCONCLUSIVE if partial else (HOLDS if holds else FAILS)
        entry = Entry(claim, _text(paper), measure, test, _text(ours), verdict)
        self.entries.append(entry)
        return entry

    def table(self) -> pd.DataFrame:
        """The ledger as a table, one row per statement."""
        columns = ["claim", "paper", "measure", "test", "ours", "verdict"]
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
        frames[ledger.chapter] = ledger.table()
    if not frames:
        raise FileNotFoundError(f"no chapter ledger under {directory}; execute the chapters (make notebooks) first")
    return pd.concat(frames, names=["chapter", "#"])


def paired_p_value(a, b, alternative: str = "greater") -> float:
    """One-sided paired t-test p-value that ``a`` exceeds ``b`` (1.0 when every difference is zero)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError(f"a and b must be 1-D and of equal length, got shapes {a.shape} and {b.shape}")
    if np.allclose(a, b):
        return 1.0
    return float(stats.ttest_rel(a, b, alternative=alternative).pvalue)
