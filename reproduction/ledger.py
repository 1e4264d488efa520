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

from reproduction.cache import RESULTS, atomic_write

LEDGER_RESULTS = RESULTS / "ledger"
HOLDS, FAILS, UNTESTED = "holds", "does not hold", "not testable here"
NOT_REPRODUCED = "not reproduced"  # our interval holds both no effect and the paper's effect: the data cannot tell
INCONCLUSIVE = "inconclusive"  # partial data, a lost setup, or a verdict that flips with the bootstrap's RNG seed
VERDICTS = (HOLDS, FAILS, NOT_REPRODUCED, INCONCLUSIVE, UNTESTED)
OPTIONAL = ("paper_effect", "effect", "interval", "control")  # an entry's comparison fields, where it has them

__all__ = ["registry_table", "summary_verdict", "totals", "LEDGER_RESULTS", "HOLDS", "FAILS", "NOT_REPRODUCED", "UNTESTED",
           "INCONCLUSIVE", "VERDICTS", "Entry", "Ledger", "collected", "paired_p_value"]


@dataclass(frozen=True)
class Entry:
    """One tested statement: a registered claim (:mod:`reproduction.claims`), whose ``test`` was fixed before
    ``ours`` was computed."""

    id: str
    source: str
    claim: str
    paper: str
    measure: str
    test: str
    ours: str
    verdict: str
    paper_effect: str = ""  # the paper's effect, where the test compares (its numbers, or "not stated")
    effect: str = ""  # ours, on the same scale
    interval: str = ""  # our interval of it, and how stable the verdict is over the bootstrap's RNG seeds
    control: str = ""  # the same test on the paper's own numbers, where the paper publishes them


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

    def record(self, claim_id: str, *, ours, holds: bool | None = None, verdict: str | None = None, paper=None,
               scope: str = "", partial: bool = False, paper_effect=None, effect=None, interval=None,
               control=None) -> Entry:
        """Add a verdict on the registered claim ``claim_id`` (its statement, measure and test come from
        :mod:`reproduction.claims`, and it must belong to this chapter). ``paper``: the paper's number for it, if
        any; ``scope``: what this verdict covers (a grid, a series, a subset), added to the statement;
        ``holds=None`` when the data or the text make it untestable here; ``partial=True`` when the test
        ran on part of the data the claim is about (the verdict is then *inconclusive*, whatever the
        test said: ``ours`` keeps its numbers). A comparison gives its ``verdict`` instead of ``holds``
        (one of :data:`VERDICTS`, from :func:`reproduction.verdicts.outcome`) with the ``paper_effect``, our
        ``effect`` and its ``interval``; ``control``: the same test's verdict on the paper's own numbers."""
        from reproduction.claims import claim

        registered = claim(claim_id)
        if registered.chapter != self.chapter:
            raise ValueError(f"claim {claim_id!r} is evaluated by chapter {registered.chapter!r}, not {self.chapter!r}")
        if verdict is not None:
            if holds is not None:
                raise TypeError("give holds or verdict, not both")
            if verdict not in VERDICTS:
                raise ValueError(f"verdict must be one of {VERDICTS}, got {verdict!r}")
            verdict = INCONCLUSIVE if partial and verdict != UNTESTED else verdict
        else:
            if holds is not None and not isinstance(holds, (bool, np.bool_)):
                raise TypeError(f"holds must be True, False or None, got {holds!r}")
            verdict = UNTESTED if holds is None else INCONCLUSIVE if partial else (HOLDS if holds else FAILS)
        statement = registered.statement + (f" ({scope})" if scope else "")
        optional = {k: "" if v is None else _text(v) for k, v in zip(OPTIONAL, (paper_effect, effect, interval, control))}
        entry = Entry(claim_id, registered.source, statement, _text(paper if paper is not None else registered.where),
                      registered.measure, registered.test, _text(ours), verdict, **optional)
        self.entries.append(entry)
        return entry

    def table(self, ids: bool = False) -> pd.DataFrame:
        """The ledger as a table, one row per statement (``ids``: with each claim's registry id and source)."""
        columns = (["id", "source", "claim", "paper", "measure", "test", "ours", *OPTIONAL, "verdict"] if ids else
                   ["claim", "verdict", "paper", "ours", *OPTIONAL, "measure", "test"])  # the verdict in view first
        frame = pd.DataFrame([asdict(e) for e in self.entries], columns=columns)
        if not ids:  # a chapter's table shows the comparison columns only where some entry has them
            frame = frame.drop(columns=[c for c in OPTIONAL if (frame[c] == "").all()])
        frame.index = pd.RangeIndex(1, len(frame) + 1, name="#")
        return frame

    def __repr__(self) -> str:
        return self.table().to_string()

    def _repr_html_(self) -> str:
        """The table in a notebook, every statement and number in full (pandas cuts cells at 50 characters)."""
        with pd.option_context("display.max_colwidth", None):
            return self.table()._repr_html_()

    def counts(self) -> dict:
        """How many statements hold, do not hold, are not reproduced, are inconclusive, and could not be tested."""
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


def summary_verdict(verdicts, rule: str = "all", setups=None) -> str:
    """One verdict for a claim read several ways (``verdicts``: its readings' verdicts, in order), by the rule
    fixed in its registry entry. ``"all"``: the sentence covers every reading: it does not hold where one
    reading does not, holds where all do, is inconclusive where one is and none fails, is not reproduced
    otherwise. ``"first"``: the first reading is the paper's setting; the others are context.
    ``"setups"``: the readings fall into setups the paper does not fix (``setups``: each reading's, such as
    "end padding"); each setup's readings are combined by ``"all"``, and setups that disagree make the
    claim *inconclusive* (a lost setup)."""
    verdicts = list(verdicts)
    if not verdicts:
        raise ValueError("no verdict recorded")
    if rule == "first":
        return verdicts[0]
    if rule == "setups":
        if setups is None or len(setups) != len(verdicts):
            raise ValueError("rule 'setups' needs one setup per reading")
        by_setup = {}
        for verdict, setup in zip(verdicts, setups):
            by_setup.setdefault(setup, []).append(verdict)
        found = {summary_verdict(v) for v in by_setup.values()}
        return found.pop() if len(found) == 1 else INCONCLUSIVE
    if rule != "all":
        raise ValueError(f"rule must be 'all', 'first' or 'setups', got {rule!r}")
    tested = [v for v in verdicts if v != UNTESTED]
    for verdict, when in ((UNTESTED, not tested), (FAILS, FAILS in tested), (HOLDS, set(tested) == {HOLDS}),
                          (INCONCLUSIVE, INCONCLUSIVE in tested)):
        if when:
            return verdict
    return NOT_REPRODUCED


def _setup(claim: str, statement: str) -> str:
    """The setup of one reading: the last comma-separated part of the scope a chapter added to the
    registered ``statement`` (:meth:`Ledger.record`), or "" where it added none."""
    scope = claim[len(statement) + 2:-1] if claim.startswith(statement + " (") else ""
    return scope.split(", ")[-1]


def registry_table(verdicts: pd.DataFrame) -> pd.DataFrame:
    """Every registered claim (:mod:`reproduction.claims`), one row each, with its readings' verdicts as recorded by
    the chapters (``verdicts``: :func:`collected`) and the claim's verdict by its registered summary rule
    (:func:`summary_verdict`), or why none is recorded yet."""
    from reproduction.claims import CLAIMS

    rows = []
    for c in CLAIMS:
        readings = verdicts[verdicts["id"] == c.id]
        found = list(readings["verdict"])
        setups = [_setup(text, c.statement) for text in readings["claim"]]
        counted = "; ".join(f"{v} {found.count(v)}" for v in VERDICTS if v in found)
        rows.append(dict(id=c.id, source=c.source, where=c.where, claim=c.statement, chapter=c.chapter,
                         quote=c.quote, readings=counted or (f"pending: {c.pending}" if c.pending else
                                                             "not evaluated yet"),
                         verdict=summary_verdict(found, c.summary, setups) if found else ""))
    return pd.DataFrame(rows).set_index("id")


def totals(verdicts: pd.DataFrame) -> pd.DataFrame:
    """How many *claims* (not readings) of the papers and of this project's own checks, apart (rows), have
    each verdict (:func:`registry_table`'s summary), with the registered claims that have no verdict yet."""
    from reproduction.claims import PAPER_SOURCES

    table = registry_table(verdicts)
    group = table["source"].map(lambda s: "the papers' claims" if s in PAPER_SOURCES else "this project's checks")
    counts = pd.crosstab(group, table["verdict"]).reindex(columns=list(VERDICTS), fill_value=0)
    counts["claims without a verdict yet"] = (table["verdict"] == "").groupby(group).sum()
    counts.index.name, counts.columns.name = None, None
    return counts.fillna(0).astype(int)


def paired_p_value(a, b, alternative: str = "greater") -> float:
    """One-sided paired t-test p-value that ``a`` exceeds ``b`` (1.0 when every difference is zero)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError(f"a and b must be 1-D and of equal length, got shapes {a.shape} and {b.shape}")
    if np.allclose(a, b):
        return 1.0
    return float(stats.ttest_rel(a, b, alternative=alternative).pvalue)
