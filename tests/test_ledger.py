import json

import numpy as np
import pytest

from rntk.ledger import FAILS, HOLDS, INCONCLUSIVE, UNTESTED, Ledger, collected, paired_p_value


def _ledger(name="01_chapter"):
    ledger = Ledger(name)
    ledger.record("A beats B", paper=79.96, measure="mean accuracy", test="A > B", ours=0.5, holds=True)
    ledger.record("B beats C", paper=None, measure="rank", test="rank B < rank C", ours=(1.0, 2.0),
                  holds=np.bool_(False))
    ledger.record("long series", paper="StarLightCurves", measure="-", test="-", ours="no data", holds=None)
    return ledger


def test_verdicts_and_table():
    ledger = _ledger()
    table = ledger.table()
    assert list(table["verdict"]) == [HOLDS, FAILS, UNTESTED]
    assert list(table.index) == [1, 2, 3]
    assert table.loc[1, "paper"] == "79.96" and table.loc[2, "paper"] == "not stated"
    assert table.loc[2, "ours"] == "1, 2"
    assert ledger.counts() == {HOLDS: 1, FAILS: 1, INCONCLUSIVE: 0, UNTESTED: 1}


def test_holds_must_be_a_truth_value():
    with pytest.raises(TypeError, match="holds"):
        Ledger("x").record("c", paper=1, measure="m", test="t", ours=1, holds=0.3)
    with pytest.raises(ValueError, match="chapter"):
        Ledger("a/b")


def test_save_and_collect(tmp_path):
    _ledger("02_b").save(tmp_path)
    path = _ledger("01_a").save(tmp_path)
    assert json.loads(path.read_text())["chapter"] == "01_a"
    table = collected(tmp_path)
    assert list(table.index.get_level_values("chapter").unique()) == ["01_a", "02_b"]
    assert len(table) == 6
    with pytest.raises(FileNotFoundError, match="ledger"):
        collected(tmp_path / "empty")


def test_paired_p_value():
    rng = np.random.default_rng(0)
    b = rng.normal(size=30)
    assert paired_p_value(b + 1.0 + 0.1 * rng.normal(size=30), b) < 1e-6
    assert paired_p_value(b - 1.0 + 0.1 * rng.normal(size=30), b) > 0.99
    assert paired_p_value(b, b) == 1.0
    with pytest.raises(ValueError, match="equal length"):
        paired_p_value(b, b[:3])


def test_the_notebook_display_keeps_every_statement_whole():
    ledger = Ledger("09_ucr")
    claim = "a statement longer than the fifty characters at which pandas cuts a cell by default"
    ledger.record(claim, paper=1.0, measure="m", test="t", ours="GaussianRNN 71.50, IdentityRNN 64.64, GRU 81.63, RNTK 78",
                  holds=True)
    for shown in (ledger._repr_html_(), repr(ledger)):
        assert claim in shown and "GRU 81.63, RNTK 78" in shown and "..." not in shown


def test_a_test_on_part_of_the_data_is_inconclusive_whatever_it_says():
    ledger = Ledger("x")
    for holds in (True, False):
        entry = ledger.record("c", paper=1, measure="m", test="t", ours="3 of 50 data sets", holds=holds, partial=True)
        assert entry.verdict == INCONCLUSIVE
    assert ledger.record("c", paper=1, measure="m", test="t", ours="-", holds=None, partial=True).verdict == UNTESTED
