"""Table 1's verdicts on constructed accuracies: each holds where the data support it and fails where not."""

import numpy as np
import pandas as pd

from rntk.experiments import ucr_verdicts as uv
from rntk.ledger import Ledger


def _kernels(lead, n=40, seed=0):
    rng = np.random.default_rng(seed)
    base = rng.uniform(60, 90, n)
    return pd.DataFrame({"RNTK": base + lead + rng.normal(0, 1, n), "NTK": base + rng.normal(0, 1, n),
                         "RBF": base - 1 + rng.normal(0, 1, n), "Polynomial": base - 2 + rng.normal(0, 1, n)})


def test_best_kernel_records_hold_only_with_a_clear_lead():
    ahead, level = _kernels(3.0), _kernels(0.0)
    ledger = Ledger("09_ucr")
    for claim_id, kw in uv.best_kernel(ahead, ahead, "constructed"):
        assert ledger.record(claim_id, **kw).verdict == "holds"
    for claim_id, kw in uv.best_kernel(level, ahead, "constructed", control=True):
        assert claim_id.startswith("ucr.control-") and ledger.record(claim_id, **kw).verdict == "does not hold"
    (_, kw), _ = uv.best_kernel(level, ahead, "seeds", partial=True)
    assert ledger.record("ucr.best-mean", **kw).verdict == "inconclusive" and "40 data sets" in kw["ours"]


def test_kernel_means_consistency_and_all_metrics():
    paper = _kernels(1.0)
    records = uv.kernel_means(paper, paper.assign(NTK=paper["NTK"] - 3.0))
    assert [kw["holds"] for _, kw in records] == [True, False, True, True]
    printed = pd.DataFrame({"RNTK": [80.15, 2.38], "NTK": [77.74, 3.0]}, index=["Acc. mean", "Friedman rank"])
    claim_id, kw = uv.consistency(printed, printed.assign(NTK=[77.74, 3.26]))
    assert claim_id == "ucr.table1-consistent" and not kw["holds"] and "NTK Friedman rank" in kw["ours"]
    table = _kernels(0.0)  # every other method far below the RNTK on every data set
    table = table.assign(NTK=table["RNTK"] * 0.8, RBF=table["RNTK"] * 0.8, Polynomial=table["RNTK"] * 0.85)
    printed = pd.DataFrame({"RNTK": [92.86, 80.36, 97.23, 2.38]}, index=["P90", "P95", "PMA", "Friedman rank"])
    (claim_id, kw), metrics = uv.all_metrics(table, "constructed", printed)
    assert kw["holds"] and set(metrics) == {"P90", "P95", "PMA", "Friedman rank"} and "P90 92.86" in kw["paper"]
    (_, kw), _ = uv.all_metrics(_kernels(0.0), "level", printed)
    assert not kw["holds"]


def test_network_verdicts_cover_partial_re_runs_and_fractions():
    from rntk.metrics import unattainable_entries

    rng = np.random.default_rng(2)
    names = [f"s{i}" for i in range(30)]
    rntk = pd.Series(rng.uniform(70, 90, 30), index=names)
    networks = pd.DataFrame({"GRU": rntk - 10 + rng.normal(0, 1, 30), "IdentityRNN": rntk - 20}, index=names)
    networks.loc[names[:5], "GRU"] = np.nan  # GRU re-run on 25 of 30 only
    paper = pd.DataFrame({"RNTK": rntk, "GRU": rntk - 12, "IdentityRNN": rntk - 21}, index=names)
    records = uv.beats_networks(rntk, networks, paper, total=30)
    assert [kw["scope"] for _, kw in records] == ["25 of 30 data sets re-run", "IdentityRNN only, 30 of 30 data sets re-run"]
    assert all(kw["holds"] for _, kw in records) and records[0][1]["partial"] and not records[1][1]["partial"]
    paper.loc["s7", "GRU"] = 0.5  # a fraction printed where a percentage belongs, on 2 test series: 50 %
    found = unattainable_entries(paper[["GRU"]], pd.Series(2, index=names))
    means = uv.network_means(networks, paper, found, total=30)
    assert [kw["holds"] for _, kw in means] == [True, True, True] and "s7's 0.5 read as 50.00" in means[1][1]["scope"]


def test_table1_records_mark_partial_tables_and_keep_the_control_apart():
    ahead = _kernels(3.0)
    seven = ahead[["RNTK"]].assign(**{m: ahead["RNTK"] * f for m, f in (("NTK", 0.8), ("RBF", 0.8), ("GRU", 0.7),
                                                                      ("Polynomial", 0.85), ("IdentityRNN", 0.6))})
    printed = pd.DataFrame({"RNTK": [92.86, 80.36, 97.23, 2.38]}, index=["P90", "P95", "PMA", "Friedman rank"])
    paper = ahead.copy()
    records, metrics = uv.table1_records({"ours": ahead, "part": ahead.iloc[:20], "copy": paper.copy()},
                                         {"ucr.all-metrics": ("ours", seven)}, paper, ahead, printed, total=40)
    ledger = Ledger("09_ucr")
    verdicts = [(claim_id, ledger.record(claim_id, **kw).verdict) for claim_id, kw in records]
    assert ("ucr.best-mean", "holds") in verdicts and ("ucr.best-mean", "inconclusive") in verdicts
    assert not any(c.startswith("ucr.control-") for c, _ in verdicts)  # a copy is not the control
    assert ("ucr.all-metrics", "holds") in verdicts and set(metrics) == {"ucr.all-metrics"}
    assert verdicts[-1] == ("ucr.long-series", "not testable here")
    control, _ = uv.table1_records({"paper": paper}, {}, paper, ahead, printed, total=40)
    assert control[0][0].startswith("ucr.control-")


def test_the_control_reading_names_what_the_papers_numbers_do_not_support():
    assert uv.control_reading({}) == ""
    held = {"P90": dict(holds=True, value=90.0, best_other_value=80.0, p=0.01)}
    assert "every metric" in uv.control_reading(held)
    mixed = {"P90": dict(holds=False, value=90.0, best_other_value=88.0, p=0.19),
             "Friedman rank": dict(holds=False, value=2.6, best_other_value=2.4, p=0.7)}
    reading = uv.control_reading(mixed)
    assert "best P90" in reading and "p = 0.19" in reading and "not the best in Friedman rank" in reading
