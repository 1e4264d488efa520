import json

import numpy as np
import pytest

from reproduction import claims
from reproduction.claims import Claim
from reproduction.ledger import (FAILS, HOLDS, INCONCLUSIVE, NOT_REPRODUCED, UNTESTED, Ledger, collected, paired_p_value,
                         registry_table, summary_verdict, totals)


@pytest.fixture(autouse=True)
def registered(monkeypatch):
    """Claims of two made-up chapters, registered for these tests only."""
    for chapter in ("01_a", "02_b"):
        for i, text in enumerate(("A beats B", "B beats C", "long series")):
            c = Claim(f"{chapter}.{i}", claims.P1, "Table 9", text, f"measure {i}", f"test {i}", chapter)
            monkeypatch.setitem(claims.REGISTRY, c.id, c)


def _ledger(name="01_a"):
    ledger = Ledger(name)
    ledger.record(f"{name}.0", paper=79.96, ours=0.5, holds=True)
    ledger.record(f"{name}.1", ours=(1.0, 2.0), holds=np.bool_(False), scope="our grid")
    ledger.record(f"{name}.2", paper="StarLightCurves", ours="no data", holds=None)
    return ledger


def test_verdicts_and_table_take_statement_measure_and_test_from_the_registry():
    ledger = _ledger()
    table = ledger.table()
    assert list(table["verdict"]) == [HOLDS, FAILS, UNTESTED]
    assert list(table.index) == [1, 2, 3]
    assert table.loc[1, "paper"] == "79.96" and table.loc[2, "paper"] == "Table 9"  # no number: where it stands
    assert table.loc[2, "claim"] == "B beats C (our grid)" and table.loc[2, "ours"] == "1, 2"
    assert (table.loc[1, "measure"], table.loc[1, "test"]) == ("measure 0", "test 0")
    assert ledger.counts() == {HOLDS: 1, FAILS: 1, NOT_REPRODUCED: 0, INCONCLUSIVE: 0, UNTESTED: 1}
    assert "interval" not in table.columns  # no entry compares: the comparison columns are left out


def test_a_comparison_records_its_verdict_effect_interval_and_control():
    ledger = Ledger("01_a")
    entry = ledger.record("01_a.0", ours="A 81.70", verdict=NOT_REPRODUCED, effect="+0.01", interval="-0.61 to +0.64",
                          paper_effect="+0.09", control="the paper's printed means: A first")
    assert entry.verdict == NOT_REPRODUCED and entry.interval == "-0.61 to +0.64" and entry.paper_effect == "+0.09"
    assert list(ledger.table().columns) == ["claim", "verdict", "paper", "ours", "paper_effect", "effect", "interval",
                                            "control", "measure", "test"]
    assert list(ledger.table(ids=True).columns[-5:]) == ["paper_effect", "effect", "interval", "control", "verdict"]
    assert ledger.record("01_a.0", ours="-", verdict=HOLDS, partial=True).verdict == INCONCLUSIVE
    with pytest.raises(TypeError, match="not both"):
        ledger.record("01_a.0", ours="-", holds=True, verdict=HOLDS)
    with pytest.raises(ValueError, match="verdict must be one of"):
        ledger.record("01_a.0", ours="-", verdict="mostly")


def test_a_claim_read_several_ways_gets_one_verdict_by_its_rule():
    assert summary_verdict([HOLDS, HOLDS]) == HOLDS
    assert summary_verdict([HOLDS, FAILS, NOT_REPRODUCED]) == FAILS
    assert summary_verdict([HOLDS, NOT_REPRODUCED]) == NOT_REPRODUCED
    assert summary_verdict([HOLDS, INCONCLUSIVE, NOT_REPRODUCED]) == INCONCLUSIVE
    assert summary_verdict([HOLDS, UNTESTED]) == HOLDS and summary_verdict([UNTESTED]) == UNTESTED
    assert summary_verdict([FAILS, HOLDS], "first") == FAILS
    setups = ["end padding", "end padding", "front padding", "front padding"]
    assert summary_verdict([HOLDS, HOLDS, HOLDS, HOLDS], "setups", setups) == HOLDS
    assert summary_verdict([HOLDS, HOLDS, HOLDS, FAILS], "setups", setups) == INCONCLUSIVE  # the setups disagree
    assert summary_verdict([FAILS, HOLDS, FAILS, HOLDS], "setups", setups) == FAILS  # each setup fails
    with pytest.raises(ValueError, match="one setup per reading"):
        summary_verdict([HOLDS], "setups")
    with pytest.raises(ValueError, match="no verdict"):
        summary_verdict([])


def test_only_registered_claims_of_the_chapter_can_be_recorded():
    with pytest.raises(KeyError, match="not in the claims registry"):
        Ledger("01_a").record("01_a.unknown", ours=1, holds=True)
    with pytest.raises(ValueError, match="evaluated by chapter '02_b'"):
        Ledger("01_a").record("02_b.0", ours=1, holds=True)


def test_holds_must_be_a_truth_value():
    with pytest.raises(TypeError, match="holds"):
        Ledger("01_a").record("01_a.0", ours=1, holds=0.3)
    with pytest.raises(ValueError, match="chapter"):
        Ledger("a/b")


def test_save_and_collect(tmp_path):
    _ledger("02_b").save(tmp_path)
    path = _ledger("01_a").save(tmp_path)
    assert json.loads(path.read_text())["chapter"] == "01_a"
    table = collected(tmp_path)
    assert list(table.index.get_level_values("chapter").unique()) == ["01_a", "02_b"]
    assert len(table) == 6 and list(table["id"][:3]) == ["01_a.0", "01_a.1", "01_a.2"]
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
    ledger = Ledger("01_a")
    ledger.record("01_a.0", scope="a scope longer than the fifty characters at which pandas cuts a cell",
                  ours="GaussianRNN 71.50, IdentityRNN 64.64, GRU 81.63, RNTK 78", holds=True)
    for shown in (ledger._repr_html_(), repr(ledger)):
        assert "at which pandas cuts a cell" in shown and "GRU 81.63, RNTK 78" in shown and "..." not in shown


def test_a_test_on_part_of_the_data_is_inconclusive_whatever_it_says():
    ledger = Ledger("01_a")
    for holds in (True, False):
        assert ledger.record("01_a.0", ours="3 of 50 data sets", holds=holds, partial=True).verdict == INCONCLUSIVE
    assert ledger.record("01_a.0", ours="-", holds=None, partial=True).verdict == UNTESTED


def test_the_registry_is_consistent():
    chapters = {"02_timing", "03_theorems", "04_training_dynamics", "05_sensitivity", "06_data", "07_uci", "08_regression",
                "09_ucr", "11_ucr_networks", "12_using_rntk"}
    for c in claims.CLAIMS:
        assert c.source in (*claims.PAPER_SOURCES, claims.P2, "this project") and c.chapter in chapters, c.id
        assert c.statement and c.where and c.measure and c.test, c.id
    assert claims.threshold("uci.ck-ntk-alike", "margin") == 1.0


def test_registry_table_and_totals_keep_the_papers_apart(tmp_path, monkeypatch):
    monkeypatch.setattr(claims, "CLAIMS", tuple(claims.REGISTRY[f"01_a.{i}"] for i in range(3))
                        + (Claim("01_a.mine", "this project", "-", "our check", "m", "t", "01_a"),
                           Claim("01_a.later", claims.P2, "Fig. 9", "later", "m", "t", "01_a", pending="not yet run")))
    for c in claims.CLAIMS:
        monkeypatch.setitem(claims.REGISTRY, c.id, c)
    ledger = _ledger("01_a")
    ledger.record("01_a.mine", ours=1, holds=True)
    ledger.save(tmp_path)
    verdicts = collected(tmp_path)
    table = registry_table(verdicts)
    assert table.loc["01_a.0", "readings"] == "holds 1" and table.loc["01_a.later", "readings"] == "pending: not yet run"
    assert table.loc["01_a.0", "verdict"] == HOLDS and table.loc["01_a.later", "verdict"] == ""
    t = totals(verdicts)
    assert t.loc["the papers' claims", HOLDS] == 1 and t.loc["the papers' claims", FAILS] == 1
    assert t.loc["this project's checks", HOLDS] == 1
    assert t.loc["the papers' claims", "claims without a verdict yet"] == 1


def test_totals_count_claims_not_readings(tmp_path, monkeypatch):
    monkeypatch.setattr(claims, "CLAIMS", tuple(claims.REGISTRY[f"01_a.{i}"] for i in range(3)))
    ledger = _ledger("01_a")
    ledger.record("01_a.0", ours=0.1, verdict=FAILS, scope="another grid")  # a second reading of claim 0
    ledger.save(tmp_path)
    verdicts = collected(tmp_path)
    table = registry_table(verdicts)
    assert table.loc["01_a.0", "readings"] == "holds 1; does not hold 1" and table.loc["01_a.0", "verdict"] == FAILS
    t = totals(verdicts)
    assert t.loc["the papers' claims", FAILS] == 2 and t.loc["the papers' claims", HOLDS] == 0
    assert t.loc["the papers' claims"].sum() == 3  # three claims, four readings
