"""The first paper's regression experiment (Fig. 4): predict the next value of a window of random length.

One *setting* fixes the series (noisy sinusoid or Google stock), the noise level, the range of
window lengths [t_fixed, t_fixed + t_var] and the numbers of training and test windows. One
*repetition* draws new windows (and, for the sinusoid, new noise), chooses each kernel's
hyperparameters and the ridge by 5-fold cross-validation on the training windows only, and
reports the signal-to-noise ratio of the test predictions. Methods: the RNTK on the windows as
they are, the fully connected NTK, RBF and polynomial kernels on windows zero-padded to the
longest length (``Setting.padding``: at the end, or at the front so that the last steps line up;
the paper says only "zero padding"), and the data-independent "previous time step" (PTS) predictor.
"""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass, replace

import numpy as np

from reproduction.cache import RESULTS, cached_json, key
from reproduction.data import load_stock, make_sinusoid, sample_segments
from rntk.baselines import PADDINGS, FullyConnectedKernel, PolynomialKernel, RBFKernel
from rntk.recurrent import RecurrentKernel
from rntk.sequences import as_sequences

__all__ = ["Setting", "Grids", "METHODS", "snr_db", "make_task", "kernel_ridge_cv", "run_repetition",
           "run_setting", "cached_setting", "FIGURES", "FRONT_PADDING_REPETITIONS", "run_choices", "cached_choices", "grid_axes", "WIDE_GRIDS",
           "CHOICE_REPETITIONS", "MODES", "run_unit"]

METHODS = ("RNTK", "NTK", "RBF", "Polynomial", "PTS")


@dataclass(frozen=True)
class Setting:
    """One point of a Fig. 4 curve."""

    series: str = "sinusoid"  # "sinusoid" or "stock"
    noise: float = 0.1  # std of the white noise added to the unit sinusoid
    t_fixed: int = 10
    t_var: int = 20
    n_train: int = 100
    n_test: int = 100
    padding: str = "end"  # where the fixed-size kernels zero-pad a window: "end" or "front"


@dataclass(frozen=True)
class Grids:
    """Hyperparameters searched by cross-validation (ridge relative to the mean of diag K)."""

    ridge: tuple = (1e-4, 1e-3, 1e-2, 1e-1, 1.0)
    rntk: tuple = tuple(dict(sigma_w=w, sigma_u=1.0, sigma_b=b) for w, b in
                        itertools.product((1.0, float(np.sqrt(2.0))), (0.0, 0.5)))
    ntk_depth: tuple = (1, 2, 3)
    rbf_gamma: tuple = (0.01, 0.1, 1.0)
    poly_degree: tuple = (2, 3)
    folds: int = 5


def snr_db(y, predicted):
    """Signal-to-noise ratio of a prediction in dB: 10 log10(sum y^2 / sum (y - predicted)^2)."""
    y, predicted = np.asarray(y), np.asarray(predicted)
    return float(10 * np.log10(np.sum(y ** 2) / np.sum((y - predicted) ** 2)))


def make_task(setting: Setting, repetition: int):
    """Training and test windows with their next values for one repetition.

    Sinusoid: one period sampled at 1000 points plus new noise per repetition; training and test
    windows are drawn from the whole series with independent seeds. Stock: windows from days
    1-700 for training, 701-975 for testing, on the price standardised with days 1-700 (the
    targets are returned on the price scale, with the scaling to undo predictions).
    """
    rng_seed = 1000 * repetition
    lengths = (setting.t_fixed, setting.t_fixed + setting.t_var)
    if setting.series == "sinusoid":
        series = make_sinusoid(1000, noise=setting.noise, seed=rng_seed)
        train = sample_segments(series, setting.n_train, *lengths, seed=rng_seed + 1)
        test = sample_segments(series, setting.n_test, *lengths, seed=rng_seed + 2)
        return train, test, (0.0, 1.0)
    if setting.series == "stock":
        _, price = load_stock()
        mean, std = price[:700].mean(), price[:700].std()
        z = (price - mean) / std
        train = sample_segments(z, setting.n_train, *lengths, start=0, stop=700, seed=rng_seed + 1)
        test = sample_segments(z, setting.n_test, *lengths, start=700, stop=975, seed=rng_seed + 2)
        return train, test, (mean, std)
    raise ValueError(f"unknown series {setting.series!r}; expected 'sinusoid' or 'stock'")


def kernel_ridge_cv(G, y, n_train, ridges, folds, rng):
    """Cross-validated mean squared error of kernel ridge regression for every ridge, on the first
    ``n_train`` rows of the Gram ``G`` (training windows); returns ``(errors, fold assignment)``."""
    assignment = rng.permutation(n_train) % folds
    scale = np.mean(np.diag(G)[:n_train])
    errors = np.zeros(len(ridges))
    for f in range(folds):
        tr, va = np.flatnonzero(assignment != f), np.flatnonzero(assignment == f)
        K = G[np.ix_(tr, tr)]
        for i, ridge in enumerate(ridges):
            alpha = np.linalg.solve(K + ridge * scale * np.eye(len(tr)), y[tr])
            errors[i] += np.mean((G[np.ix_(va, tr)] @ alpha - y[va]) ** 2) / folds
    return errors


def _grams(method, windows, steps, grids: Grids, padding: str = "end"):
    """(hyperparameters, Gram over all windows) for every setting of one kernel method."""
    if method == "RNTK":
        seqs = as_sequences(windows).padded_to(steps)  # one compiled shape per setting
        for p in grids.rntk:
            yield p, RecurrentKernel(**p)(seqs)
    elif method == "NTK":
        for depth in grids.ntk_depth:
            yield dict(depth=depth), FullyConnectedKernel(depth=depth, padding=padding)(windows)
    elif method == "RBF":
        for gamma in grids.rbf_gamma:
            yield dict(gamma=gamma), RBFKernel(gamma, padding=padding)(windows)
    elif method == "Polynomial":
        for degree in grids.poly_degree:
            yield dict(degree=degree), PolynomialKernel(degree, gamma=1.0 / steps, coef0=1.0, padding=padding)(windows)


def run_repetition(setting: Setting, repetition: int, grids: Grids = Grids(), chosen: dict | None = None):
    """SNR (dB) of every method on one repetition: ``{method: snr}``; ``chosen``, when given, receives
    each kernel's cross-validated setting and ridge."""
    (x_train, y_train), (x_test, y_test), (mean, std) = make_task(setting, repetition)
    windows = list(x_train) + list(x_test)
    n = len(x_train)
    steps = setting.t_fixed + setting.t_var
    truth = y_test * std + mean
    out = {"PTS": snr_db(truth, np.array([w[-1] for w in x_test]) * std + mean)}
    for method in METHODS[:-1]:
        best = None
        for p, G in _grams(method, windows, steps, grids, setting.padding):
            errors = kernel_ridge_cv(G, y_train, n, grids.ridge, grids.folds, np.random.default_rng(repetition))
            i = int(np.argmin(errors))
            if best is None or errors[i] < best[0]:
                best = (errors[i], grids.ridge[i], G, p)
        _, ridge, G, p = best
        if chosen is not None:
            chosen[method] = dict(p, ridge=ridge)
        K = G[:n, :n]
        alpha = np.linalg.solve(K + ridge * np.mean(np.diag(K)) * np.eye(n), y_train)
        out[method] = snr_db(truth, (G[n:, :n] @ alpha) * std + mean)
    return out


def run_setting(setting: Setting, repetitions: int, grids: Grids = Grids(), progress=None,
                choices: list | None = None):
    """``{method: [snr per repetition]}``; ``choices``, when given, receives each repetition's
    ``{method: cross-validated setting and ridge}`` from the same pass."""
    out = {m: [] for m in METHODS}
    for r in range(repetitions):
        chosen = None if choices is None else {}
        for m, v in run_repetition(setting, r, grids, chosen).items():
            out[m].append(v)
        if choices is not None:
            choices.append(chosen)
        if progress is not None:
            progress.update(1)
    return out


def _by_method(choices: list) -> dict:
    """Per-repetition ``{method: choice}`` dicts as ``{method: [choice per repetition]}``."""
    return {m: [c[m] for c in choices] for m in METHODS[:-1]}


def _choices_cache(setting: Setting, repetitions: int, grids: Grids):
    params = dict(setting=asdict(setting), repetitions=repetitions, grids=asdict(grids))
    return RESULTS / "regression_choices" / f"{setting.series}-{key(params)}.json", params


def cached_setting(setting: Setting, repetitions: int, grids: Grids = Grids(), progress=None):
    """``run_setting`` through ``results/regression/<key>.json``, keyed by every parameter. The same pass
    records what cross-validation chose on the first ``CHOICE_REPETITIONS`` repetitions, in the cache of
    :func:`cached_choices` (where it is not there yet): the choices never cost a second pass."""
    params = dict(setting=asdict(setting), repetitions=repetitions, grids=asdict(grids))
    path = RESULTS / "regression" / f"{setting.series}-{key(params)}.json"

    def compute():
        choices = []
        scores = run_setting(setting, repetitions, grids, progress, choices)
        if repetitions >= CHOICE_REPETITIONS:
            choice_path, choice_params = _choices_cache(setting, CHOICE_REPETITIONS, grids)
            cached_json(choice_path, lambda: _by_method(choices[:CHOICE_REPETITIONS]), choice_params)
        return scores

    return cached_json(path, compute, params)


def run_choices(setting: Setting, repetitions: int, grids: Grids = Grids(), progress=None):
    """``{method: [chosen setting and ridge per repetition]}``: what cross-validation chose."""
    choices = []
    run_setting(setting, repetitions, grids, progress, choices)
    return _by_method(choices)


def cached_choices(setting: Setting, repetitions: int, grids: Grids = Grids(), progress=None):
    """``run_choices`` through ``results/regression_choices/<series>-<key>.json`` (for the edge counts;
    :func:`cached_setting` fills it in the same pass as the scores)."""
    path, params = _choices_cache(setting, repetitions, grids)
    return cached_json(path, lambda: run_choices(setting, repetitions, grids, progress), params)


def grid_axes(method: str, grids: Grids = Grids()) -> dict:
    """The values each hyperparameter of a kernel is searched over, the ridge included."""
    own = {"RNTK": {k: sorted({p[k] for p in grids.rntk}) for k in grids.rntk[0]}, "NTK": dict(depth=grids.ntk_depth),
           "RBF": dict(gamma=grids.rbf_gamma), "Polynomial": dict(degree=grids.poly_degree)}
    if method not in own:
        raise ValueError(f"unknown kernel {method!r}; expected one of {METHODS[:-1]}")
    return dict(ridge=grids.ridge, **own[method])


CHOICE_REPETITIONS = 100  # repetitions whose choices are recorded for the edge counts
# The baselines' grids widened past the edges that cross-validation chose on most repetitions (the NTK's
# largest depth, RBF's smallest gamma); checked on Fig. 4a and 4c with CHOICE_REPETITIONS repetitions.
WIDE_GRIDS = replace(Grids(), ntk_depth=(1, 2, 3, 4, 5), rbf_gamma=(1e-4, 1e-3, 0.01, 0.1, 1.0))

# The settings of Fig. 4 (ours where the paper's text lost them; stated in the chapter).
FRONT_PADDING_REPETITIONS = 100  # the front-padded alternative: fewer repetitions, the same first windows
FIGURES = {
    "a": ("sinusoid: SNR vs T_var", "t_var", [Setting(t_var=v) for v in (0, 10, 20, 40, 60, 80, 100)]),
    "b": ("sinusoid: SNR vs noise std", "noise",
          [Setting(t_var=40, noise=v) for v in (0.01, 0.05, 0.1, 0.2, 0.4)]),
    "c": ("Google stock: SNR vs T_var", "t_var",
          [Setting(series="stock", t_var=v) for v in (0, 10, 20, 40, 60, 80, 100)]),
    "d": ("Google stock: SNR vs training windows N", "n_train",
          [Setting(series="stock", t_var=40, n_train=v) for v in (20, 50, 100, 200, 400)]),
}


def _positive_int(text: str) -> int:
    """An argparse type: a positive integer."""
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


def _figure(value: str) -> str:
    import argparse

    if value not in FIGURES:
        raise argparse.ArgumentTypeError(f"unknown panel {value!r}; Fig. 4's panels are {', '.join(FIGURES)}")
    return value


def run_unit(figure: str, setting: Setting, repetitions: int, mode: str) -> dict:
    """One unit of the runner, a setting of Fig. 4's panel ``figure``, with a progress bar: ``mode`` "scores"
    (:func:`cached_setting`), "choices" (:func:`cached_choices`) or "wide-grids" (:func:`cached_setting` on
    :data:`WIDE_GRIDS`)."""
    from tqdm import tqdm

    with tqdm(total=repetitions, desc=f"{mode}, Fig. 4{figure} {setting}", mininterval=30) as bar:
        if mode == "choices":
            return cached_choices(setting, repetitions, progress=bar)
        return cached_setting(setting, repetitions, WIDE_GRIDS if mode == "wide-grids" else Grids(), progress=bar)


MODES = {
    "scores": "Fig. 4's SNR per repetition (--repetitions, default 1000)",
    "choices": f"what cross-validation chose, {CHOICE_REPETITIONS} repetitions per setting",
    "wide-grids": f"the baselines on WIDE_GRIDS, {CHOICE_REPETITIONS} repetitions per setting",
}


def main(argv=None):
    import argparse

    from reproduction.experiments.runner import check_writable, drive

    parser = argparse.ArgumentParser(description="Run Fig. 4's settings (resumable; cached per setting).")
    modes = parser.add_subparsers(dest="mode", required=True, metavar="MODE")
    for mode, text in MODES.items():
        sub = modes.add_parser(mode, help=text, description=text)
        sub.add_argument("figures", nargs="*", type=_figure, metavar="FIGURE",
                         help=f"Fig. 4's panels to run (default: all, {' '.join(FIGURES)})")
        sub.add_argument("--padding", choices=PADDINGS, default="end",
                         help="where the fixed-size kernels zero-pad the windows (default: end)")
        if mode == "scores":
            sub.add_argument("--repetitions", type=_positive_int, default=1000)
    args = parser.parse_args(argv)
    check_writable(parser, RESULTS / "regression", RESULTS / "regression_choices")
    repetitions = getattr(args, "repetitions", CHOICE_REPETITIONS)
    units = [dict(figure=name, setting=replace(setting, padding=args.padding), repetitions=repetitions, mode=args.mode)
             for name in args.figures or FIGURES for setting in FIGURES[name][2]]
    drive(run_unit, units, line=lambda u, r: f"{u['mode']}, Fig. 4{u['figure']} {u['setting']}: cached")


if __name__ == "__main__":
    main()
