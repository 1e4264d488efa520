import pytest

from reproduction.experiments.practice import nystroem_against_exact


def test_nystroem_of_full_rank_matches_the_exact_svm():
    rows = nystroem_against_exact("SmoothSubspace", [10, 150], dict(sigma_w=1.4, sigma_b=0.1), C=1.0, test_size=60)
    exact, low, full = rows
    assert exact["method"] == "exact" and [r["rank"] for r in rows] == [150, 10, 150]
    assert full["gram_error"] < 1e-6 < low["gram_error"]
    assert full["accuracy"] == pytest.approx(exact["accuracy"], abs=100 / 60 + 1e-9)  # one test series at most


def test_a_gram_on_four_forced_cpu_devices_equals_one_device():
    from reproduction.experiments.practice import on_forced_cpu_devices

    r = on_forced_cpu_devices(4, n=40, steps=6)
    assert r["devices"] == 4 and r["platform"] == "cpu" and r["max_difference"] == 0.0


def test_bundled_unequal_lengths_unit_and_standing(tmp_path):
    import pandas as pd

    from reproduction.experiments.practice import bundled_classifiers, cached_bundled, standing

    small = {"C": [1.0], "sigma_w": [1.0], "sigma_b": [0.0]}
    assert list(bundled_classifiers(small)) == ["RNTK (rnn, CV)", "RNTK (avg-shared, CV)", "MiniRocket (padded)", "1-NN DTW"]
    r = cached_bundled("JapaneseVowels", "1-NN DTW", small, directory=tmp_path)
    assert (r["channels"], r["min_length"], r["max_length"], r["train"], r["test"]) == (12, 7, 29, 270, 370)
    assert r["accuracy"] > 80 and (tmp_path / "JapaneseVowels" / "1-NN-DTW.json").exists()
    table = pd.DataFrame({"A": [90.0, 80.0, 70.0], "B": [85.0, 80.0, 75.0]}, index=["x", "y", "z"])
    assert standing(table, "A", ["B"]) == "A is ahead of every other classifier on 1, level with the best on 1 and behind on 1 of the 3 data sets"
