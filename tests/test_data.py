"""Every data set loads and matches its own documentation (the archive's README, the UCI metadata)."""

import re
import shutil

import numpy as np
import pytest

from reproduction import data
from reproduction.cache import DATA
from reproduction.data import (UCR_AVAILABLE, UCR_DATASETS, UCR_UNAVAILABLE, DataError, load_stock, load_uci, load_ucr,
                       make_sinusoid, sample_segments)


# Two READMEs of the archive disagree with its summary table (DataSummary.csv), which the files match.
README_ERRATA = {
    "DistalPhalanxTW": (400, 139, 6, 80),  # the README repeats DistalPhalanxOutlineCorrect's figures
    "GunPointOldVersusYoung": (136, 315, 2, 150),  # the README repeats its siblings' 135 / 316
}


def ucr_documented(name):
    """Train size, test size, classes and length from the archive's README of ``name``."""
    if name in README_ERRATA:
        return README_ERRATA[name]
    text = (DATA / "ucr" / name / "README.md").read_text()
    section = re.split(rf"^## {name}\s*$", text, flags=re.M)
    text = section[1] if len(section) > 1 else text
    fields = [r"Train size: (\d+)", r"Test size: (\d+)", r"Number of classs?es: (\d+)", r"Time series length: (\d+)"]
    return tuple(int(re.search(f, text).group(1)) for f in fields)


def test_the_papers_list_has_56_names_and_50_available():
    assert len(UCR_DATASETS) == len(set(UCR_DATASETS)) == 56
    assert len(UCR_AVAILABLE) == 50 and set(UCR_UNAVAILABLE) <= set(UCR_DATASETS)


@pytest.mark.parametrize("name", UCR_AVAILABLE)
def test_ucr_matches_the_archive_documentation(name):
    X_train, y_train, X_test, y_test = load_ucr(name)
    n_train, n_test, classes, length = ucr_documented(name)
    n_test -= data.UCR_TEST_ROWS_MISSING.get(name, 0)  # TwoPatterns lacks its first TEST row (data/README.md)
    assert X_train.shape == (n_train, length) and X_test.shape == (n_test, length)
    assert X_train.dtype == np.float64 and np.isfinite(X_train).all() and np.isfinite(X_test).all()
    assert len(np.unique(y_train)) == classes and set(np.unique(y_test)) <= set(np.unique(y_train))
    assert len(y_train) == n_train and len(y_test) == n_test


def test_ucr_summary_gives_the_archive_test_size_beside_ours():
    summary = data.ucr_summary(["Coffee", "TwoPatterns", "Yoga"]).set_index("dataset")
    for name in ("Coffee", "TwoPatterns"):
        assert summary.loc[name, "archive_test"] == ucr_documented(name)[1]
    assert summary.loc["TwoPatterns", "test"] == 3999 and summary.loc["TwoPatterns", "status"] == "TEST lacks 1 of 4000 rows"
    assert summary.loc["Coffee", "test"] == 28 and summary.loc["Coffee", "status"] == "complete"
    assert summary["archive_test"].isna()["Yoga"] and summary.loc["Yoga", "status"].startswith("missing")


@pytest.mark.parametrize("name", sorted(UCR_UNAVAILABLE))
def test_unavailable_ucr_sets_say_so(name):
    with pytest.raises(DataError, match="not available here"):
        load_ucr(name)


def uci_metadata(name):
    text = data._checked(f"uci/{name}/{name}.txt.xz", name)
    import lzma

    with lzma.open(text, "rt") as f:
        return dict(re.findall(r"(\w+)= *(\S+)", f.read()))


def test_there_are_90_uci_sets():
    assert len(data.UCI_DATASETS) == 90


@pytest.mark.parametrize("name", data.UCI_DATASETS)
def test_uci_matches_its_metadata(name):
    d = load_uci(name)
    meta = uci_metadata(name)
    n = int(meta["n_patrons1"])
    assert d.X.shape == (n, int(meta["n_entradas"])) and np.isfinite(d.X).all()
    assert d.n_classes == int(meta["n_clases"]) and set(np.unique(d.y)) <= set(range(d.n_classes))
    assert len(d.train) == int(meta["n_patrons_entrena"]) and len(d.validation) == int(meta["n_patrons_valida"])
    assert len(d.folds) == 4
    for train, test in d.folds:  # the four test folds are drawn independently (they may overlap)
        assert len(np.intersect1d(train, test)) == 0 and len(train) + len(test) == n
        assert train.min() >= 0 and max(train.max(), test.max()) < n


def test_stock_window():
    dates, values = load_stock()
    assert len(values) == 975 and str(dates[0])[:10] == "2014-01-02"
    assert np.all(np.diff(dates).astype(np.int64) > 0) and np.isfinite(values).all()


def test_sinusoid_and_segments():
    series = make_sinusoid(1000, noise=0.0)
    np.testing.assert_allclose(series[250], 1.0)
    noisy = make_sinusoid(1000, noise=0.1, seed=3)
    assert 0.08 < np.std(noisy - series) < 0.12
    np.testing.assert_array_equal(noisy, make_sinusoid(1000, noise=0.1, seed=3))
    ramp = np.arange(1000.0)  # values name their positions
    windows, targets = sample_segments(ramp, 200, 5, 15, start=100, stop=600, seed=1)
    lengths = [len(w) for w in windows]
    assert min(lengths) >= 5 and max(lengths) <= 15 and len(set(lengths)) > 5
    for w, y in zip(windows, targets):
        assert np.all(np.diff(w) == 1) and y == w[-1] + 1 and w[0] >= 100 and y < 600
    with pytest.raises(ValueError, match="do not fit"):
        sample_segments(series, 3, 5, 15, start=0, stop=10)


def test_missing_and_corrupted_files_are_named(tmp_path, monkeypatch):
    with pytest.raises(DataError, match="unknown UCR"):
        load_ucr("NotADataset")
    with pytest.raises(DataError, match="unknown UCI"):
        load_uci("not-a-dataset")
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy, ignore=shutil.ignore_patterns("uci", "stock"))
    monkeypatch.setattr(data, "DATA", copy)
    data._checked.cache_clear()
    try:
        (copy / "ucr" / "Coffee" / "Coffee_TEST.tsv.xz").unlink()
        with pytest.raises(DataError, match=r"'Coffee'.*Coffee_TEST.tsv.xz is missing"):
            load_ucr("Coffee")
        path = copy / "ucr" / "Beef" / "Beef_TRAIN.tsv.xz"
        path.write_bytes(path.read_bytes()[:-10])
        with pytest.raises(DataError, match=r"'Beef'.*corrupted"):
            load_ucr("Beef")
    finally:
        data._checked.cache_clear()


def test_the_first_papers_table1_is_named_like_its_appendix_table():
    from reproduction.data import published_ucr_accuracy, published_ucr_table1

    table = published_ucr_table1()
    assert list(table.columns) == list(published_ucr_accuracy().columns)
    assert table.loc["Acc. mean", "RNTK"] == 80.15 and table.loc["Friedman rank", "GRU"] == 4.21
