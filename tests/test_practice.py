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
