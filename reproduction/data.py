"""Data sets of the two papers, read from the repository's ``data/`` folder with checksums.

* :func:`load_ucr` -- the UCR archive (first paper, Table 1), original train/test split;
* :func:`load_uci` -- the 90 preprocessed UCI sets (second paper, Table I) with their splits;
* :func:`load_stock` -- the Google daily closing price (first paper, Fig. 4c-d);
* :func:`make_sinusoid` and :func:`sample_segments` -- the synthetic series and the
  variable-length windows of the regression task (first paper, Fig. 4).

Every file is checked against ``data/MANIFEST.tsv`` (sha256) before it is read.
"""

from __future__ import annotations

import functools
import hashlib
import lzma
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from reproduction.cache import DATA

__all__ = ["UCR_DATASETS", "UCR_UNAVAILABLE", "UCR_AVAILABLE", "UCI_DATASETS", "DataError", "load_ucr",
           "load_uci", "UCIDataset", "load_stock", "make_sinusoid", "sample_segments", "ucr_summary", "uci_summary",
           "published_tables", "published_ucr_table1", "published_ucr_accuracy"]


class DataError(FileNotFoundError):
    """A data file is missing, corrupted, or known to be unavailable."""


# The 56 UCR data sets of the first paper, in the order of its appendix table.
UCR_DATASETS = (
    "Strawberry", "ProximalPhalanxOutlineCorrect", "PowerCons", "Ham", "SmallKitchenAppliances", "ScreenType",
    "MiddlePhalanxOutlineCorrect", "RefrigerationDevices", "Yoga", "Computers", "ECG5000", "Fish",
    "UWaveGestureLibraryX", "UWaveGestureLibraryY", "UWaveGestureLibraryZ", "StarLightCurves", "CricketX",
    "CricketY", "CricketZ", "DistalPhalanxOutlineCorrect", "Worms", "SyntheticControl", "Herring",
    "MedicalImages", "SwedishLeaf", "ChlorineConcentration", "SmoothSubspace", "TwoPatterns", "FaceAll",
    "DistalPhalanxTW", "MiddlePhalanxTW", "FacesUCR", "OliveOil", "UMD", "InsectEPGRegularTrain", "Meat",
    "Lightning2", "Lightning7", "Car", "GunPoint", "ArrowHead", "Coffee", "Trace", "ECG200", "Plane",
    "GunPointOldVersusYoung", "GunPointMaleVersusFemale", "GunPointAgeSpan", "FreezerRegularTrain",
    "SemgHandSubjectCh2", "WormsTwoClass", "Earthquakes", "FiftyWords", "Beef", "Adiac", "WordSynonyms",
)
# No complete copy could be obtained offline (data/README.md).
UCR_UNAVAILABLE = {
    "Yoga": "its TEST file is missing",
    "UWaveGestureLibraryX": "its TEST file is missing",
    "UWaveGestureLibraryY": "its TEST file is missing",
    "UWaveGestureLibraryZ": "its TEST file is missing",
    "StarLightCurves": "its TRAIN and TEST files are missing",
    "SemgHandSubjectCh2": "its TRAIN and TEST files are missing",
}
UCR_AVAILABLE = tuple(n for n in UCR_DATASETS if n not in UCR_UNAVAILABLE)
UCR_TEST_ROWS_MISSING = {"TwoPatterns": 1}  # the only copy lacks the archive's first TEST row (data/README.md)


@functools.lru_cache(maxsize=1)
def _manifest(root: Path = DATA) -> dict:
    path = root / "MANIFEST.tsv"
    if not path.exists():
        raise DataError(f"{path} is missing: the data folder is incomplete; restore it with git checkout data/")
    rows = [line.split("\t") for line in path.read_text().splitlines()[1:] if line]
    return {row[0]: row[1] for row in rows}


@functools.lru_cache(maxsize=None)
def _checked(relative: str, dataset: str) -> Path:
    """The path of a data file after its sha256 has been verified against the manifest."""
    path = DATA / relative
    expected = _manifest().get(relative)
    if expected is None:
        raise DataError(f"data set {dataset!r}: {relative} is not listed in data/MANIFEST.tsv")
    if not path.exists():
        raise DataError(f"data set {dataset!r}: expected file {path} is missing; "
                        "restore it with `git checkout data/` (see data/README.md)")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != expected:
        raise DataError(f"data set {dataset!r}: {path} is corrupted (sha256 {digest[:12]}..., expected "
                        f"{expected[:12]}...); restore it with `git checkout data/`")
    return path


def _labels(y):
    y = np.asarray(y)
    if y.dtype.kind == "f" and np.all(y == np.round(y)):
        return y.astype(np.int64)
    return y


def load_ucr(name: str):
    """``(X_train, y_train, X_test, y_test)`` of a UCR data set, the archive's original split.

    ``X`` are float64 arrays ``(n, T)`` (univariate, equal lengths; ``X[:, :, None]`` gives
    ``(n, T, 1)``), ``y`` the archive's class labels. TwoPatterns' TEST set lacks its first
    row (3,999 of 4,000 series; float32 precision), the only copy available here.
    """
    from aeon.datasets import load_from_tsv_file

    if name in UCR_UNAVAILABLE:
        raise DataError(f"UCR data set {name!r} is not available here: {UCR_UNAVAILABLE[name]} "
                        "(no complete copy could be obtained; see data/README.md)")
    if name not in UCR_DATASETS:
        raise DataError(f"unknown UCR data set {name!r}; the first paper's data sets are reproduction.data.UCR_DATASETS")
    out = []
    for split in ("TRAIN", "TEST"):
        if name == "TwoPatterns" and split == "TEST":
            path = _checked(f"ucr/{name}/{name}_TEST_rows2to4000_float32.npy.xz", name)
            with lzma.open(path) as f:
                table = np.load(f).astype(np.float64)
            X, y = table[:, 1:], table[:, 0]
        else:
            X, y = load_from_tsv_file(str(_checked(f"ucr/{name}/{name}_{split}.tsv.xz", name)))
            X = X[:, 0, :]
        out += [np.ascontiguousarray(X, dtype=np.float64), _labels(y)]
    return tuple(out)


def _uci_names():
    return tuple(_checked("uci/datasets.txt", "UCI").read_text().split())


@dataclass(frozen=True)
class UCIDataset:
    """A preprocessed UCI data set (Fernandez-Delgado et al. 2014) with the splits of the papers.

    ``train``/``validation``: indices of the hyperparameter-selection split (``conxuntos.dat``);
    ``folds``: four ``(train, test)`` index pairs (``conxuntos_kfold.dat``) for the test accuracy.
    """

    name: str
    X: np.ndarray  # (n, d) float64, features standardised by the data set's authors
    y: np.ndarray  # (n,) int class labels 0..C-1
    train: np.ndarray
    validation: np.ndarray
    folds: tuple

    @property
    def n_classes(self) -> int:
        return int(self.y.max()) + 1


def load_uci(name: str) -> UCIDataset:
    """One of the 90 UCI data sets of the second paper (``UCI_DATASETS``), with its splits."""
    import pandas as pd

    if name not in _uci_names():
        raise DataError(f"unknown UCI data set {name!r}; the 90 names are reproduction.data.UCI_DATASETS")

    def read_indices(file):
        with lzma.open(_checked(f"uci/{name}/{file}.xz", name), "rt") as f:
            return [np.array(line.split(), dtype=np.int64) for line in f if line.strip()]

    table = pd.read_csv(_checked(f"uci/{name}/{name}_R.dat.xz", name), sep="\t", index_col=0)
    X = table.iloc[:, :-1].to_numpy(dtype=np.float64)
    y = table.iloc[:, -1].to_numpy(dtype=np.int64)
    train, validation = read_indices("conxuntos.dat")
    k = read_indices("conxuntos_kfold.dat")
    return UCIDataset(name, X, y, train, validation, tuple((k[2 * i], k[2 * i + 1]) for i in range(len(k) // 2)))


def load_stock(start: str = "2014-01-02", days: int = 975, column: str = "Close"):
    """The Google (GOOG) daily price: ``days`` trading days from ``start`` as ``(dates, values)``.

    The first paper uses 975 days of 2014-2018, trains on days 1-700 and tests on 701-975,
    without saying which 975; the default is the first 975 trading days of 2014-2018
    (2014-01-02 to 2017-11-14), the closing price before the 2022 split.
    """
    import pandas as pd

    frame = pd.read_csv(_checked("stock/GOOG.csv.xz", "GOOG"), parse_dates=["Date"])
    frame = frame[(frame["Date"] >= pd.Timestamp(start)) & (frame["Date"] <= pd.Timestamp("2018-12-31"))]
    if len(frame) < days:
        raise DataError(f"only {len(frame)} trading days from {start} to 2018-12-31, {days} requested")
    frame = frame.iloc[:days]
    return frame["Date"].to_numpy(), frame[column].to_numpy(dtype=np.float64)


def make_sinusoid(n: int = 1000, noise: float = 0.1, seed: int = 0):
    """One period of a sinusoid sampled at ``n`` points plus white Gaussian noise of std ``noise``."""
    rng = np.random.default_rng(seed)
    clean = np.sin(2 * np.pi * np.arange(n) / n)
    return clean + noise * rng.standard_normal(n)


def sample_segments(series, count: int, min_length: int, max_length: int, start: int = 0,
                    stop: int | None = None, seed: int = 0):
    """``count`` windows of ``series[start:stop]`` of uniformly random length in
    ``[min_length, max_length]``, each with its target, the value right after it.

    Returns ``(windows, targets)``: a list of 1-D arrays and an array of floats.
    """
    series = np.asarray(series, dtype=np.float64)
    stop = len(series) if stop is None else stop
    if not 1 <= min_length <= max_length:
        raise ValueError(f"need 1 <= min_length <= max_length, got {min_length}, {max_length}")
    if stop - start < max_length + 1:
        raise ValueError(f"a window of {max_length} steps and its target do not fit in [{start}, {stop})")
    rng = np.random.default_rng(seed)
    lengths = rng.integers(min_length, max_length + 1, count)
    ends = np.array([rng.integers(start + t, stop) for t in lengths])  # target index
    windows = [series[e - t:e] for e, t in zip(ends, lengths)]
    return windows, series[ends]


def __getattr__(name):
    if name == "UCI_DATASETS":  # read lazily: needs data/
        return _uci_names()
    raise AttributeError(name)


def ucr_summary(names=UCR_DATASETS):
    """One row per UCR data set of the first paper: sizes, length, classes, availability.

    ``test`` counts the series ``load_ucr`` returns, ``archive_test`` those of the archive's TEST split
    (the size a published accuracy was measured on)."""
    import pandas as pd

    rows = []
    for name in names:
        if name in UCR_UNAVAILABLE:
            rows.append(dict(dataset=name, train=None, test=None, archive_test=None, length=None, classes=None,
                             status="missing: " + UCR_UNAVAILABLE[name]))
            continue
        X_train, y_train, X_test, _ = load_ucr(name)
        missing = UCR_TEST_ROWS_MISSING.get(name, 0)
        status = f"TEST lacks {missing} of {len(X_test) + missing} rows" if missing else "complete"
        rows.append(dict(dataset=name, train=len(X_train), test=len(X_test), archive_test=len(X_test) + missing,
                         length=X_train.shape[1], classes=len(np.unique(y_train)), status=status))
    return pd.DataFrame(rows).astype({c: "Int64" for c in ("train", "test", "archive_test", "length", "classes")})


def uci_summary(names=None):
    """One row per UCI data set of the second paper: samples, features (= steps), classes, split sizes."""
    import pandas as pd

    rows = []
    for name in _uci_names() if names is None else names:
        d = load_uci(name)
        rows.append(dict(dataset=name, samples=len(d.y), features=d.X.shape[1], classes=d.n_classes,
                         train=len(d.train), validation=len(d.validation)))
    return pd.DataFrame(rows)


def published_tables() -> dict:
    """The papers' summary tables (``data/published/summary_tables.md``) as DataFrames, keyed by
    their headings: ``"rntk-paper, Table 1"``, ``"scalable-rntk, Table I"``, ``"scalable-rntk, Table II"``.
    Cells are floats where they are numbers; a row of "mean ± std" cells ("80.15 ± 15.99") gives its means
    and, in a row "Acc. std" after it, its standard deviations."""
    import pandas as pd

    text = _checked("published/summary_tables.md", "published tables").read_text()
    tables = {}
    for block in text.split("\n## ")[1:]:
        heading = block.splitlines()[0].split(":")[0].strip()
        rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in block.splitlines()
                if line.startswith("|") and not set(line) <= set("|-: ")]
        frame = pd.DataFrame(rows[1:], columns=rows[0]).set_index(rows[0][0])
        frame.index.name = None

        def number(cell):
            try:
                return float(cell.split("±")[0])
            except ValueError:
                return cell

        table = frame.map(number)
        spread = [r for r in frame.index if "±" in r]
        for row in spread:  # the std printed beside each mean, as its own row
            std = frame.loc[row].map(lambda cell: float(cell.split("±")[1]))
            at = list(table.index).index(row) + 1
            table = pd.concat([table.iloc[:at], std.rename("Acc. std").to_frame().T, table.iloc[at:]])
        tables[heading] = table
    return tables


def published_ucr_table1():
    """The first paper's Table 1 as printed, named like its appendix table (columns) and like
    :func:`reproduction.metrics.summary_table` (rows, the std printed beside the mean its own row)."""
    return published_tables()["rntk-paper, Table 1"].rename(
        columns={"Gaussian RNN": "GaussianRNN", "Identity RNN": "IdentityRNN"}, index={"Acc. mean (± std)": "Acc. mean"})


def published_ucr_accuracy():
    """The first paper's per-data-set test accuracies (its appendix table), one row per data set."""
    import pandas as pd

    return pd.read_csv(_checked("published/rntk_paper_ucr_accuracy.csv", "published tables"), index_col="dataset")
