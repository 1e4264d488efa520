"""Tables I and II's verdicts on constructed accuracies: each holds where the data support it and fails where not."""

import numpy as np
import pandas as pd

from rntk.experiments import uci_verdicts as vv
from rntk.metrics import summary_table

METHODS = ["RF", "RBF", "Polynomial", "MLP-NTK", "H-gamma-exp", "RNN", "BI-RNN", "RNN-AVG", "BI-RNN-AVG", "RNN-P"]
RECURRENT = ["RNN", "BI-RNN", "RNN-AVG", "BI-RNN-AVG", "RNN-P"]


def _table(rnnp_lead, n=90, seed=0):
    rng = np.random.default_rng(seed)
    base = rng.uniform(60, 95, n)
    table = pd.DataFrame({m: base + rng.normal(0, 1, n) for m in METHODS})
    table["RNN-P"] = base + rnnp_lead + rng.normal(0, 0.5, n)
    return table.clip(upper=100)


def test_rnnp_verdicts_hold_with_a_clear_lead_and_fail_without():
    strong, level = _table(4.0), _table(0.0)
    paper = summary_table(strong)
    records, best, ranked = vv.rnnp_best(strong, paper)
    assert [kw["holds"] for _, kw in records] == [True, True] and ranked["place"] == 1
    assert vv.rnnp_other_metrics(strong, paper)[1]["holds"]
    records, _, _ = vv.rnnp_best(level, paper)
    assert not any(kw["holds"] for _, kw in records) and not vv.rnnp_other_metrics(level, paper)[1]["holds"]
    assert vv.recurrent_beat(strong, paper, RECURRENT, ["RF", "RBF"])[1]["holds"]
    assert not vv.recurrent_beat(level, paper, RECURRENT, ["RF", "RBF"])[1]["holds"]
    assert "Holm-adjusted over the 5" in vv.recurrent_beat(level, paper, RECURRENT, ["RF"])[1]["ours"]


def test_point_statements_equivalence_and_the_authors_code():
    table = _table(0.0)
    summary = summary_table(table)
    summary.loc["P95", ["H-gamma-exp", "BI-RNN-AVG"]] = 100.0
    assert vv.p95_higher(summary, summary)[1]["holds"]
    summary.loc["P95", "RF"] = 100.5
    assert not vv.p95_higher(summary, summary)[1]["holds"]
    rng = np.random.default_rng(1)
    close = {"RNN": (table["RNN"], table["RNN"] + rng.normal(0, 0.3, 90))}
    far = {"RNN": (table["RNN"], table["RNN"] + 3.0 + rng.normal(0, 0.3, 90))}
    assert vv.ck_ntk_alike(close, [0.9])[0][1]["holds"] and not vv.ck_ntk_alike(far, [0.9])[0][1]["holds"]
    record, runner_up, p = vv.authors_code(_table(4.0).iloc[:30], table.iloc[:30], summary, total=90)
    assert record[1]["holds"] and record[1]["partial"] and p < 0.05 and runner_up != "RNN-P"
    assert [kw["holds"] for _, kw in vv.table1_agrees(summary, summary + 0.5)] == [True, True]
    assert [kw["holds"] for _, kw in vv.table1_agrees(summary, summary + 2.0)] == [False, False]
