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

from rntk.estimators import KernelParameter, _as_sequence_input, _like_fitted
from rntk.recurrent import RecurrentKernel, one_kernel
from rntk.sequences import Sequences, as_sequences

__all__ = ["transfer", "output_moments", "gradient_flow", "gradient_descent_mse", "gradient_descent_mse_ensemble",
           "InfiniteRNNRegressor"]


def transfer(theta_train, theta_test_train, t=None, diag_reg=0.0):
    """The map ``A(t) = Theta(x, X) Theta^-1 (I - exp(-Theta t))`` from training targets to test outputs.

    ``theta_train`` ``(N, N)`` and ``theta_test_train`` ``(M, N)``: the tangent kernel's Grams;
    ``diag_reg`` is added to the diagonal of ``theta_train``, relative to its mean diagonal (a ridge);
    ``t``: a time or a list of times, None / ``np.inf`` meaning convergence. Returns ``(M, N)``, or
    ``(times, M, N)`` when ``t`` is a list. Computed in the eigenbasis of the regularised Gram
    (:class:`_Eigen`). Modes with eigenvalue below ``1e-13`` of the largest are null modes of the Gram
    (their eigenvalue is rounding): a positive semidefinite kernel gives the test rows no component along a
    null mode (Cauchy-Schwarz), so they contribute nothing at any ``t``, and a large finite ``t`` tends to
    ``t = inf``.
    """
    times = _times(t)
    maps = _Eigen(theta_train, diag_reg).transfer(theta_test_train, times)
    return maps[0] if np.ndim(t) == 0 else maps


class _Eigen:
    """The eigendecomposition of a regularised training Gram, computed once: what every :func:`transfer`
    map and training-set trajectory of a predictor needs."""

    def __init__(self, theta_train, diag_reg=0.0):
        given = np.asarray(theta_train)
        # rounding of the Gram as it was computed (float32 Grams round 1e9 times coarser than float64 ones)
        eps = np.finfo(given.dtype if given.dtype.kind == "f" else np.float64).eps
        theta_train = given.astype(np.float64)
        _check_diag_reg(diag_reg)
        n = len(theta_train)
        regularised = theta_train + diag_reg * np.mean(np.diag(theta_train)) * np.eye(n)
        lam, self.V = np.linalg.eigh(0.5 * (regularised + regularised.T))
        if lam.min() < -max(1e-10, n * eps) * lam.max():
            raise ValueError(f"the training Gram of the tangent kernel is not positive semidefinite "
                             f"(smallest eigenvalue {lam.min():.3g})")
        self.lam = np.maximum(lam, 0.0)
        self.kept = self.lam > max(1e-13, n * eps) * self.lam.max()

    def _weights(self, time: float) -> np.ndarray:
        """``(1 - exp(-lambda t)) / lambda`` per mode (``1 / lambda`` at ``t = inf``; 0 for a null mode)."""
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            if np.isinf(time):
                return np.where(self.kept, 1.0 / self.lam, 0.0)
            return np.where(self.kept, -np.expm1(-self.lam * time) / np.where(self.kept, self.lam, 1.0), 0.0)

    def transfer(self, theta_test_train, times) -> np.ndarray:
        """``(times, M, N)``: the map ``A(t)`` at each time."""
        left = np.asarray(theta_test_train, dtype=np.float64) @ self.V  # test rows in the eigenbasis, (M, N)
        return np.stack([(left * self._weights(time)) @ self.V.T for time in times])

    def decay(self, times) -> np.ndarray:
        """``(times, N, N)``: ``exp(-Theta t)``, the factor by which the training residual shrinks (1 along a
        null mode: no gradient reaches it)."""
        with np.errstate(over="ignore", invalid="ignore"):
            return np.stack([(self.V * np.where(self.kept, np.exp(-self.lam * time) if np.isfinite(time) else 0.0, 1.0))
                             @ self.V.T for time in times])


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


def _check_learning_rate(learning_rate) -> None:
    if not (np.ndim(learning_rate) == 0 and np.isfinite(learning_rate) and learning_rate > 0):
        raise ValueError(f"learning_rate must be a positive number, got {learning_rate!r}")


def _targets(y, n: int) -> np.ndarray:
    """Training targets ``(N,)`` or ``(N, outputs)``: finite numbers, one row per training sequence (an
    object array of numbers is read as numbers, as scikit-learn's regressors read it)."""
    y = np.asarray(y)
    if y.ndim not in (1, 2):
        raise ValueError(f"y must be (N,) or (N, outputs) targets, got shape {y.shape}")
    numbers = y.dtype == object and all(isinstance(v, (int, float, np.integer, np.floating)) for v in y.ravel())
    if y.dtype.kind not in "iuf" and not numbers:
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


class _Flow:
    """:func:`gradient_descent_mse`'s ``predict_fn`` (a class, so that it pickles)."""

    def __init__(self, k_train_train, y_train, learning_rate: float, diag_reg: float):
        _check_learning_rate(learning_rate)
        self.y = _targets(y_train, len(k_train_train))
        self.eigen, self.learning_rate = _Eigen(k_train_train, diag_reg), float(learning_rate)

    def __call__(self, t=None, fx_train_0=0.0, fx_test_0=None, k_test_train=None):
        """As neural-tangents': the training outputs after time ``t`` (a time or a list; None: convergence)
        from ``fx_train_0`` (None: not computed), and with ``fx_test_0`` the test outputs from it, which need
        ``k_test_train`` ``(M, N)``: ``fx_train_t``, ``fx_test_t`` or ``(fx_train_t, fx_test_t)``."""
        if fx_test_0 is not None and k_test_train is None:
            raise ValueError("fx_test_0 needs k_test_train, the kernel between the test and the training inputs")
        if fx_train_0 is None and fx_test_0 is None:
            raise ValueError("nothing to predict: fx_train_0 and fx_test_0 are both None")
        times = _times(t) * self.learning_rate / self.y.size  # the loss is 1/2 mean |f - y|^2, as neural-tangents'
        start = 0.0 if fx_train_0 is None else fx_train_0
        residual = np.broadcast_to(np.asarray(start, dtype=np.float64), self.y.shape) - self.y
        one = (lambda a: a[0]) if np.ndim(t) == 0 else (lambda a: a)  # noqa: E731
        fx_train = None if fx_train_0 is None else one(self.y + self.eigen.decay(times) @ residual)
        if fx_test_0 is None:
            return fx_train
        fx_test = one(self.eigen.transfer(k_test_train, times) @ -residual + np.asarray(fx_test_0, dtype=np.float64))
        return fx_test if fx_train is None else (fx_train, fx_test)


def gradient_descent_mse(k_train_train, y_train, learning_rate: float = 1.0, diag_reg: float = 0.0):
    """neural-tangents' ``gradient_descent_mse``: the outputs of a linearised network trained by gradient
    flow on the loss ``1/2 mean |f(X) - y|^2`` (over the ``y_train.size`` targets) with step ``learning_rate``,
    from its tangent kernel's training Gram ``k_train_train`` ``(N, N)`` (``diag_reg`` added to its diagonal,
    relative to its mean diagonal). The Gram is factored once; returns ``predict_fn(t=None, fx_train_0=0.,
    fx_test_0=None, k_test_train=None)`` with neural-tangents' conventions."""
    return _Flow(k_train_train, y_train, learning_rate, diag_reg)


def _self_diagonal(kernel: RecurrentKernel, X: Sequences, chunk: int = 64) -> np.ndarray:
    """``k(x, x)`` (the CK, ``sigma_h`` included) of each sequence of ``X``: Grams of ``chunk`` sequences
    at a time, each kept padded to ``X``'s longest and the last chunk filled up by repeating a sequence,
    so that one shape compiles whatever the lengths and the cost stays ``chunk`` times the diagonal's."""
    out = np.empty(X.n)
    size = min(chunk, X.n)
    for start in range(0, X.n, size):
        part = np.arange(start, min(start + size, X.n))
        filled = np.concatenate([part, np.full(size - len(part), part[-1])])
        out[part] = np.diag(kernel(Sequences(X.values[filled], X.lengths[filled]), get="ck"))[: len(part)]
    return out


class _Ensemble:
    """:func:`gradient_descent_mse_ensemble`'s ``predict_fn`` (a class, so that it pickles)."""

    def __init__(self, kernel: RecurrentKernel, x_train, y_train, learning_rate: float, diag_reg: float):
        if not isinstance(kernel, RecurrentKernel):
            raise TypeError(f"kernel must be a rntk.RecurrentKernel, got {type(kernel).__name__}")
        _check_learning_rate(learning_rate)
        _check_diag_reg(diag_reg)
        self.x_train = as_sequences(x_train, "x_train")
        self.y = _targets(y_train, self.x_train.n)  # before any Gram is computed
        self.kernel, self.learning_rate = kernel.__sklearn_clone__(), float(learning_rate)
        self.ck, self.ntk = kernel(self.x_train, get=("ck", "ntk"))
        self.eigen = {"ntk": _Eigen(self.ntk, diag_reg), "ck": _Eigen(self.ck, diag_reg)}

    def __call__(self, t=None, x_test=None, get="ntk", compute_cov=False, diagonal=False):
        """The mean output of the ensemble at ``x_test`` (None: the training sequences) after time ``t``
        (a time or a list; None: convergence), and with ``compute_cov`` its covariance over initialisations
        (``get="ntk"``: every layer trained) or the NNGP's (``get="ck"`` / ``"nngp"``: the read-out alone),
        ``(mean, cov)``; ``diagonal=True``: the variances alone (the test Gram's diagonal, by
        :func:`_self_diagonal`). Time as :func:`gradient_descent_mse`'s; shapes as :func:`gradient_flow`'s."""
        get = one_kernel(get)
        times = _times(t) * self.learning_rate / self.y.size  # as gradient_descent_mse
        if x_test is None:  # the training sequences themselves: their own Grams (sigma_h on the diagonal)
            X, (ck_cross, ntk_cross) = self.x_train, (self.ck, self.ntk)
        else:
            X = as_sequences(x_test, "x_test")
            if X.dim != self.x_train.dim:
                raise ValueError(f"x_train has {self.x_train.dim} features per step but x_test has {X.dim}")
            ck_cross, ntk_cross = self.kernel(X, self.x_train, get=("ck", "ntk"))
        A = self.eigen[get].transfer(ntk_cross if get == "ntk" else ck_cross, times)
        A = A[0] if np.ndim(t) == 0 else A
        if not compute_cov:
            return A @ self.y
        if x_test is None:
            k_test = np.diag(self.ck).copy() if diagonal else self.ck
        else:
            k_test = _self_diagonal(self.kernel, X) if diagonal else self.kernel(X, get="ck")
        return output_moments(A, self.ck, ck_cross, k_test, self.y)


def gradient_descent_mse_ensemble(kernel: RecurrentKernel, x_train, y_train, learning_rate: float = 1.0,
                                  diag_reg: float = 0.0):
    """neural-tangents' ``gradient_descent_mse_ensemble`` for the RNTK: the ensemble over random
    initialisations of an infinitely wide RNN (``kernel``, sequences of any lengths) trained by gradient
    flow on the loss ``1/2 mean |f(X) - y|^2`` with step ``learning_rate`` (``diag_reg`` as :func:`transfer`'s).
    The training Grams are computed and factored here, once; returns ``predict_fn(t=None, x_test=None,
    get="ntk", compute_cov=False, diagonal=False)``."""
    return _Ensemble(kernel, x_train, y_train, learning_rate, diag_reg)


class InfiniteRNNRegressor(KernelParameter, RegressorMixin, BaseEstimator):
    """The infinitely wide RNN trained for time ``t`` (None: to convergence) as a scikit-learn
    regressor; ``predict(X, return_std=True)`` adds the spread over initialisations (``get="ntk"``)
    or the NNGP's posterior standard deviation (``get="ck"`` or ``"nngp"``). ``kernel``: a
    :class:`~rntk.RecurrentKernel` (``None``: ``RecurrentKernel(sigma_w=SIGMA_W)``); sequences of any lengths."""

    def __init__(self, kernel: RecurrentKernel | None = None, t=None, diag_reg: float = 0.0, get: str = "ntk"):
        self.kernel, self.t, self.diag_reg, self.get = kernel, t, diag_reg, get

    def fit(self, X, y):
        """The training Grams, computed and factored once (:func:`gradient_descent_mse_ensemble`), after
        every setting and target has been checked."""
        kernel, get = self._fitted_kernel()
        _times(self.t), _check_diag_reg(self.diag_reg)
        X = as_sequences(_as_sequence_input(X), "X")
        if y is None:
            raise ValueError("requires y to be passed, but the target y is None")
        self.predict_fn_ = gradient_descent_mse_ensemble(kernel, X, _targets(y, X.n), diag_reg=self.diag_reg)
        self.n_features_in_, self.kernel_, self.get_, self.t_ = X.dim, kernel, get, self.t
        return self

    def predict(self, X, return_std=False):
        """The mean output at ``X`` (and its standard deviation with ``return_std``); the training Grams
        and their factorisation come from ``fit``."""
        check_is_fitted(self, "predict_fn_")
        X = _like_fitted(self, X)
        if not return_std:
            return self.predict_fn_(self.t_, X, self.get_)
        mean, var = self.predict_fn_(self.t_, X, self.get_, compute_cov=True, diagonal=True)
        return mean, np.sqrt(np.maximum(var, 0.0))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        tags.target_tags.multi_output = True  # y (N, outputs): one mean per output
        return tags
