"""What an infinitely wide RNN predicts after training, in closed form, with its spread over
initialisations (the linearised-network results of Lee et al. 2019 for the RNTK).

Gradient flow on ``1/2 sum_i |f(x_i) - y_i|^2`` for a time ``t`` (gradient descent with step ``lr``
for ``k`` steps is ``t = lr k`` when ``lr`` is small). With the tangent kernel ``Theta`` and the prior
covariance ``K`` of the outputs at initialisation (the CK), the outputs at test inputs are Gaussian::

    A(t)   = Theta(x, X) Theta^-1 (I - exp(-Theta t))
    mean   = A(t) y
    cov    = K(x, x') + A(t) K(X, X) A(t)^T - A(t) K(X, x') - K(x, X) A(t)^T

``get="ntk"``: every layer trained (Theta = NTK, K = CK). ``get="ck"``: the read-out alone trained
(Theta = K = CK), whose limit t -> infinity is the Bayesian posterior of the NNGP. Everything is
computed in the eigenbasis of the (regularised) training Gram, so neither an inverse nor a matrix
exponential of an ill-conditioned matrix is formed; ``t = inf`` takes the limit ``1 / lambda``.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils.validation import check_is_fitted

from rntk.estimators import _as_sequence_input, _get_of, _kernel_of, _like_fitted
from rntk.recurrent import RecurrentKernel
from rntk.sequences import as_sequences

__all__ = ["transfer", "output_moments", "gradient_flow", "gradient_descent_mse", "InfiniteRNNRegressor"]


def transfer(theta_train, theta_test_train, t=None, diag_reg=0.0):
    """The map ``A(t) = Theta(x, X) Theta^-1 (I - exp(-Theta t))`` from training targets to test outputs.

    ``theta_train`` ``(N, N)`` and ``theta_test_train`` ``(M, N)``: the tangent kernel's Grams;
    ``diag_reg`` is added to the diagonal of ``theta_train``, relative to its mean diagonal (a ridge);
    ``t``: a time or a list of times, None / ``np.inf`` meaning convergence. Returns ``(M, N)``, or
    ``(times, M, N)`` when ``t`` is a list. Computed in the eigenbasis of the regularised Gram. Modes
    with eigenvalue below ``1e-13`` of the largest are null modes of the Gram (their eigenvalue is
    rounding): a positive semidefinite kernel gives the test rows no component along a null mode
    (Cauchy-Schwarz), so they contribute nothing at any ``t``, and a large finite ``t`` tends to ``t = inf``.
    """
    theta_train = np.asarray(theta_train, dtype=np.float64)
    n = len(theta_train)
    times = _times(t)
    _check_diag_reg(diag_reg)
    regularised = theta_train + diag_reg * np.mean(np.diag(theta_train)) * np.eye(n)
    lam, V = np.linalg.eigh(0.5 * (regularised + regularised.T))
    if lam.min() < -1e-10 * lam.max():
        raise ValueError(f"the training Gram of the tangent kernel is not positive semidefinite "
                         f"(smallest eigenvalue {lam.min():.3g})")
    lam = np.maximum(lam, 0.0)
    kept = lam > 1e-13 * lam.max()
    left = np.asarray(theta_test_train, dtype=np.float64) @ V  # test rows in the eigenbasis, (M, N)
    maps = []
    for time in times:
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            if np.isinf(time):
                g = np.where(kept, 1.0 / lam, 0.0)
            else:
                g = np.where(kept, -np.expm1(-lam * time) / np.where(kept, lam, 1.0), 0.0)
        maps.append((left * g) @ V.T)
    return maps[0] if np.ndim(t) == 0 else np.stack(maps)


def _times(t) -> np.ndarray:
    """The training times of ``t`` (a time or a non-empty list; None means convergence), checked."""
    times = np.atleast_1d(np.asarray(t, dtype=object))
    if times.ndim != 1 or times.size == 0:
        raise ValueError(f"t must be a time or a non-empty list of times, got {t!r}")
    try:
        times = np.array([np.inf if v is None else v for v in times], dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"t must hold numbers (or None for convergence), got {t!r}") from None
    if np.any(times < 0) or np.any(np.isnan(times)):
        raise ValueError(f"training times must be non-negative, got {t!r}")
    return times


def _check_diag_reg(diag_reg) -> None:
    if not (np.ndim(diag_reg) == 0 and np.isfinite(diag_reg) and diag_reg >= 0):
        raise ValueError(f"diag_reg must be a finite non-negative number, got {diag_reg!r}")


def _targets(y, n: int) -> np.ndarray:
    """Training targets ``(N,)`` or ``(N, outputs)``: finite numbers, one row per training sequence."""
    y = np.asarray(y)
    if y.ndim not in (1, 2):
        raise ValueError(f"y must be (N,) or (N, outputs) targets, got shape {y.shape}")
    if y.dtype.kind not in "iuf":
        raise ValueError(f"y must hold real numbers, got dtype {y.dtype}")
    y = y.astype(np.float64)
    if len(y) != n:
        raise ValueError(f"y has {len(y)} targets for {n} training sequences")
    if not np.all(np.isfinite(y)):
        raise ValueError("y contains NaN or inf")
    return y


def output_moments(A, k_train, k_test_train, k_test, y):
    """Mean ``A y`` and covariance ``K(x, x') + A K(X, X) A^T - A K(X, x') - K(x, X) A^T`` of the outputs
    of a linearised network whose outputs at initialisation have covariance ``K`` (the CK).

    ``A``: a :func:`transfer` map, ``(M, N)`` or ``(times, M, N)``; ``k_test``: the test Gram ``(M, M)``
    or its diagonal ``(M,)``, which gives the variances alone. ``y``: ``(N,)`` or ``(N, outputs)``.
    """
    A = np.asarray(A, dtype=np.float64)
    y = _targets(y, A.shape[-1])
    k_train, k_test = np.asarray(k_train, dtype=np.float64), np.asarray(k_test, dtype=np.float64)
    cross = A @ np.asarray(k_test_train, dtype=np.float64).T  # A K(X, x'): (..., M, M)
    if k_test.ndim == 1:
        cov = k_test + np.einsum("...ij,jk,...ik->...i", A, k_train, A) - 2.0 * np.diagonal(cross, axis1=-2, axis2=-1)
    else:
        cov = k_test + A @ k_train @ np.swapaxes(A, -1, -2) - cross - np.swapaxes(cross, -1, -2)
        cov = 0.5 * (cov + np.swapaxes(cov, -1, -2))
    return A @ y, cov


def gradient_flow(theta_train, theta_test_train, k_train, k_test_train, k_test, y, t=None, diag_reg=0.0):
    """Mean and covariance of the outputs at test inputs after gradient flow for times ``t``:
    :func:`output_moments` of the :func:`transfer` map.

    ``theta_*``: the tangent kernel's Grams, ``k_*``: the prior covariance's (``k_test`` may be the
    test Gram or only its diagonal, ``(M,)``); ``y``: ``(N,)`` or ``(N, outputs)``. ``t``: a time or a
    list of times, None / ``np.inf`` meaning convergence. ``diag_reg`` is added to the diagonal of
    ``theta_train``, relative to its mean diagonal (a ridge). Returns ``mean`` shaped like ``y`` with
    rows for the test inputs (a leading axis per time when ``t`` is a list) and ``cov`` ``(M, M)``
    (or ``(M,)`` when ``k_test`` is a diagonal), the same for every output.
    """
    return output_moments(transfer(theta_train, theta_test_train, t, diag_reg), k_train, k_test_train, k_test, y)


def gradient_descent_mse(kernel: RecurrentKernel, X_train, y_train, X_test, t=None, diag_reg=0.0, get="ntk",
                         full_covariance=True):
    """``(mean, cov)`` of an infinitely wide RNN trained by gradient flow on the squared loss.

    ``kernel``: the :class:`~rntk.RecurrentKernel` of the architecture; sequences of any lengths;
    ``get="ntk"`` (the trained network over random initialisations) or ``"ck"`` (the read-out
    alone trained: the NNGP, its posterior at ``t = inf``). ``full_covariance=False`` returns the
    variances alone (the test Gram's diagonal is then computed one sequence at a time).
    See :func:`gradient_flow` for ``t``, ``diag_reg`` and the shapes.
    """
    if get not in ("ntk", "ck"):
        raise ValueError(f"get must be 'ntk' or 'ck', got {get!r}")
    X_train, X_test = as_sequences(X_train, "X_train"), as_sequences(X_test, "X_test")
    _times(t), _check_diag_reg(diag_reg), _targets(y_train, X_train.n)  # before any Gram is computed
    if X_test.dim != X_train.dim:
        raise ValueError(f"X_train has {X_train.dim} features per step but X_test has {X_test.dim}")
    ck_train, ntk_train = kernel(X_train, get=("ck", "ntk"))
    ck_cross, ntk_cross = kernel(X_test, X_train, get=("ck", "ntk"))
    if full_covariance:
        k_test = kernel(X_test, get="ck")
    else:
        k_test = np.array([kernel([x], get="ck")[0, 0] for x in X_test.items()])
    theta_train, theta_cross = (ntk_train, ntk_cross) if get == "ntk" else (ck_train, ck_cross)
    return gradient_flow(theta_train, theta_cross, ck_train, ck_cross, k_test, y_train, t, diag_reg)


class InfiniteRNNRegressor(RegressorMixin, BaseEstimator):
    """The infinitely wide RNN trained for time ``t`` (None: to convergence) as a scikit-learn
    regressor; ``predict(X, return_std=True)`` adds the spread over initialisations (``get="ntk"``)
    or the NNGP's posterior standard deviation (``get="ck"`` or ``"nngp"``). ``kernel``: a
    :class:`~rntk.RecurrentKernel` (``None``: ``RecurrentKernel(sigma_w=SIGMA_W)``); sequences of any lengths."""

    def __init__(self, kernel: RecurrentKernel | None = None, t=None, diag_reg: float = 0.0, get: str = "ntk"):
        self.kernel, self.t, self.diag_reg, self.get = kernel, t, diag_reg, get

    def fit(self, X, y):
        """Keep the training sequences and targets (the Grams are computed at prediction); every
        setting and target is checked here."""
        self.kernel_, _ = _kernel_of(self), _get_of(self)
        _times(self.t), _check_diag_reg(self.diag_reg)
        self.X_ = as_sequences(_as_sequence_input(X), "X")
        if y is None:
            raise ValueError("requires y to be passed, but the target y is None")
        self.y_ = _targets(y, self.X_.n)
        self.n_features_per_step_ = self.X_.dim
        return self

    def predict(self, X, return_std=False):
        """The mean output at ``X`` (and its standard deviation with ``return_std``)."""
        check_is_fitted(self, "X_")
        X = _like_fitted(self, X, "regressor")
        mean, var = gradient_descent_mse(self.kernel_, self.X_, self.y_, X, self.t, self.diag_reg, _get_of(self),
                                         full_covariance=False)
        if not return_std:
            return mean
        return mean, np.sqrt(np.maximum(var, 0.0))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        tags.target_tags.multi_output = True  # y (N, outputs): one mean per output
        return tags
