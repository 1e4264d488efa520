"""scikit-learn estimators on the recurrent kernels: sequences of any lengths in, predictions out.

* :class:`RNTKKernel` -- a callable kernel for scikit-learn's ``kernel=`` arguments (2-D arrays
  of equal-length univariate sequences, which is all those APIs accept);
* :class:`RNTKClassifier` (C-SVM) and :class:`RNTKRegressor` (kernel ridge) -- estimators that
  take an array ``(N, T)``, ``(N, T, m)`` or a list of ``(T_i,)`` / ``(T_i, m)`` arrays and one
  kernel object, ``kernel=RecurrentKernel(...)`` (so ``GridSearchCV`` tunes ``kernel__sigma_w`` and
  ``C``), and share the training Grams of recent (data, kernel) pairs, up to :data:`GRAM_CACHE_BYTES`,
  so that searching over C alone recomputes no kernel.
"""

from __future__ import annotations

import hashlib
import warnings
from collections import OrderedDict
from numbers import Real

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin, clone
from sklearn.exceptions import NotFittedError
from sklearn.calibration import CalibratedClassifierCV
from sklearn.kernel_ridge import KernelRidge
from sklearn.svm import SVC
from sklearn.utils.metaestimators import available_if
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_array, check_is_fitted, column_or_1d

from rntk.recurrent import RecurrentKernel, one_kernel
from rntk.sequences import as_sequences, check_real

__all__ = ["RNTKKernel", "RNTKClassifier", "RNTKRegressor", "KernelParameter", "SIGMA_W", "GRAM_CACHE_BYTES"]

# The estimators' default sigma_w: ReLU's critical line, sigma_w^2 = 2, where the kernel of a long sequence
# neither forgets its first steps (sigma_w^2 < 2 lets them fade geometrically) nor grows like
# (sigma_w^2 / 2)^T; it is the value cross-validation chose most often on the 50 UCR sets of the first paper
# (tests/test_estimators.py checks this against the cached choices). The kernel itself keeps sigma_w = 1.
SIGMA_W = float(np.sqrt(2.0))

GRAM_CACHE_BYTES = 2**30  # the training Grams the estimators keep between fits, at most (1 GiB)


def _kernel_of(estimator) -> RecurrentKernel:
    """An estimator's ``kernel`` (``None``: ``RecurrentKernel(sigma_w=SIGMA_W)``), checked."""
    if estimator.kernel is None:
        return RecurrentKernel(sigma_w=SIGMA_W)
    if not isinstance(estimator.kernel, RecurrentKernel):
        raise TypeError(f"kernel must be a rntk.RecurrentKernel (or None), got {type(estimator.kernel).__name__}")
    return estimator.kernel


def _get_of(estimator) -> str:
    """An estimator's ``get``: ``"ntk"``, or ``"ck"`` (also called ``"nngp"``)."""
    return one_kernel(estimator.get)


class KernelParameter:
    """The ``kernel`` parameter of an estimator, as scikit-learn's nested parameters expect it: setting
    ``kernel__sigma_w`` on an estimator whose ``kernel`` is None first gives it the default kernel, and a
    fitted estimator keeps a copy of the kernel (``kernel_``) and of ``get`` (``get_``), so that changing
    either after ``fit`` changes nothing until the next fit."""

    def set_params(self, **params):
        if self.kernel is None and "kernel" not in params and any(k.startswith("kernel__") for k in params):
            self.kernel = _kernel_of(self)  # the default kernel
        return super().set_params(**params)

    def _fitted_kernel(self) -> tuple:
        """``(kernel, get)`` checked, the kernel copied: what ``fit`` keeps."""
        return clone(_kernel_of(self)), _get_of(self)


class RNTKKernel:
    """``K = RNTKKernel(kernel, get)(X, Y)`` on 2-D arrays of equal-length univariate sequences, for
    ``SVC(kernel=RNTKKernel(...))``, ``KernelRidge(kernel=...)`` and friends (``kernel=None``:
    ``RecurrentKernel(sigma_w=SIGMA_W)``)."""

    def __init__(self, kernel: RecurrentKernel | None = None, get: str = "ntk"):
        self.kernel, self.get = kernel, get

    def __call__(self, X, Y=None):
        return _kernel_of(self)(np.asarray(X, dtype=np.float64), None if Y is None else np.asarray(Y, dtype=np.float64),
                                get=_get_of(self))


class _GramCache:
    """Recent training Grams, keyed by the data's bytes and the kernel's settings; the least recently used
    go first once they hold more than ``max_bytes`` (the newest is always kept)."""

    def __init__(self, max_bytes: int = GRAM_CACHE_BYTES):
        self.max_bytes, self.items = max_bytes, OrderedDict()

    @staticmethod
    def key(seqs, kernel: RecurrentKernel, get: str):
        digest = hashlib.sha1(seqs.values.tobytes())
        digest.update(seqs.lengths.tobytes())
        return digest.hexdigest(), repr(sorted((k, repr(v)) for k, v in kernel.get_params().items())), get

    def get(self, seqs, kernel: RecurrentKernel, get: str, progress: bool = False):
        k = self.key(seqs, kernel, get)
        if k not in self.items:
            self.items[k] = kernel(seqs, get=get, progress=progress)
            while len(self.items) > 1 and sum(g.nbytes for g in self.items.values()) > self.max_bytes:
                self.items.popitem(last=False)
        self.items.move_to_end(k)
        return self.items[k]


_CACHE = _GramCache()


class _RNTKEstimator(KernelParameter, BaseEstimator):
    """Shared parameters, validation and Gram computation of the two estimators."""

    def _train_gram(self, X, y):
        """The training Gram and the checked targets: ``X``, ``y``, the kernel and ``get`` are validated
        before any Gram; the fitted attributes are set once the Gram exists."""
        self._validate_params()  # scikit-learn's checks of the settings in _parameter_constraints
        kernel, get = self._fitted_kernel()
        seqs = as_sequences(_as_sequence_input(X), "X")
        y = self._check_targets(_check_y(seqs.n, y))
        gram = _CACHE.get(seqs, kernel, get, progress=self.verbose)
        self.X_fit_, self.n_features_in_, self.kernel_, self.get_ = seqs, seqs.dim, kernel, get
        return gram, y

    def _cross_gram(self, X):
        check_is_fitted(self, "X_fit_")
        return self.kernel_(_like_fitted(self, X), self.X_fit_, get=self.get_, progress=self.verbose)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        return tags


def _as_sequence_input(X):
    """A list of sequences of different lengths stays a list (a pandas Series or a 1-D object array of
    sequences is read as one); anything else goes through scikit-learn's ``check_array`` (2-D ``(N, T)``
    or 3-D ``(N, T, m)``, finite floats). One 1-D sequence is refused with the way to pass it; a 3-D
    array with fewer steps than features per step warns that it may be aeon's ``(N, channels, T)``."""
    if hasattr(X, "to_numpy") and getattr(X, "ndim", 2) == 1:  # a pandas Series of sequences
        X = list(X.to_numpy())
    if isinstance(X, np.ndarray) and X.dtype == object and X.ndim == 1 and all(np.ndim(x) >= 1 for x in X):
        X = list(X)
    if isinstance(X, (list, tuple)) and len(X) > 0 and all(np.ndim(x) >= 1 for x in X):
        if len({np.shape(x)[0] for x in X}) > 1:
            return [check_real(x, f"X[{i}]") for i, x in enumerate(X)]
    if not sp.issparse(X):  # sparse input gets check_array's own error
        array = check_real(X.to_numpy() if hasattr(X, "to_numpy") else X, "X")
        if array.ndim == 1:
            raise ValueError(f"X is one sequence of {len(array)} steps (a 1-D array), not a collection of sequences. "
                             "Reshape your data: [x] or x.reshape(1, -1) for one sequence, a 2-D array (N, T) for N")
        if array.ndim == 3 and array.shape[1] < array.shape[2]:
            warnings.warn(f"X is read as (N, T, m) = {array.shape}: {array.shape[1]} steps of {array.shape[2]} "
                          "features each; if it is aeon's (N, channels, T) layout, pass np.swapaxes(X, 1, 2) or use "
                          "rntk.aeon_estimators", stacklevel=3)
    return check_array(X, allow_nd=True, dtype=np.float64)


def _like_fitted(fitted, X):
    """``X`` as sequences, refused unless it has as many features per step as ``fitted`` was fitted with
    (its ``n_features_in_``: the channels per step, as any sequence length is valid input)."""
    seqs = as_sequences(_as_sequence_input(X), "X")
    if seqs.dim != fitted.n_features_in_:
        raise ValueError(f"X has {seqs.dim} features per step, but {type(fitted).__name__} is expecting "
                         f"{fitted.n_features_in_} features per step as input")
    return seqs


def _check_y(n: int, y):
    if y is None:
        raise ValueError("requires y to be passed, but the target y is None")
    y = column_or_1d(y, warn=True)
    if len(y) != n:
        raise ValueError(f"X holds {n} sequences but y has {len(y)} targets")
    return y


class RNTKClassifier(ClassifierMixin, _RNTKEstimator):
    """C-SVM (LIBSVM, one-vs-one) on a recurrent kernel: ``kernel`` a :class:`~rntk.RecurrentKernel`
    (``None``: ``RecurrentKernel(sigma_w=SIGMA_W)``, sigma_w = sqrt(2): ReLU's critical line, where a long
    sequence's first steps neither fade, as they do geometrically for sigma_w^2 < 2, nor grow like
    (sigma_w^2 / 2)^T; the value cross-validation chose most often on the first paper's 50 UCR sets),
    ``get`` its NTK (``"ntk"``) or CK (``"ck"``, ``"nngp"``).
    ``probability=True``: :meth:`predict_proba` by Platt scaling, as scikit-learn advises since
    ``SVC(probability=True)`` was deprecated: ``CalibratedClassifierCV(SVC(), ensemble=False)``, whose
    sigmoid is fitted on 5-fold cross-validated decision values (six more SVM fits at ``fit``, on the same
    Gram). ``verbose=True``: a progress bar over the tiles of each Gram."""

    _parameter_constraints = {"kernel": "no_validation", "get": "no_validation",  # checked by _fitted_kernel
                              "C": [Interval(Real, 0, None, closed="neither")],
                              "class_weight": [dict, StrOptions({"balanced"}), None], "probability": ["boolean"],
                              "verbose": ["boolean"]}

    def __init__(self, kernel: RecurrentKernel | None = None, get: str = "ntk", C: float = 1.0, class_weight=None,
                 probability: bool = False, verbose: bool = False):
        self.kernel, self.get, self.C, self.class_weight, self.probability = kernel, get, C, class_weight, probability
        self.verbose = verbose

    def _check_targets(self, y):
        check_classification_targets(y)
        if len(np.unique(y)) < 2:
            raise ValueError(f"the classifier needs samples of at least 2 classes in the data, but the data contain "
                             f"only one class: {np.unique(y)[0].item()!r}")
        return y

    def fit(self, X, y):
        G, y = self._train_gram(X, y)
        svc = SVC(kernel="precomputed", C=self.C, class_weight=self.class_weight)
        self.svc_ = clone(svc).fit(G, y)
        self.classes_ = self.svc_.classes_
        if self.probability:
            self.calibrated_ = CalibratedClassifierCV(svc, method="sigmoid", ensemble=False).fit(G, y)
        elif hasattr(self, "calibrated_"):
            del self.calibrated_  # a probability model of an earlier fit
        fitted = np.unique(self.svc_.predict(G))
        if len(fitted) == 1:
            only = fitted[0].item() if hasattr(fitted[0], "item") else fitted[0]
            fading = (self.kernel_.activation.name == "relu" and self.kernel_.sigma_w * self.kernel_.sigma_w < 2 - 1e-9)
            hint = (f"with ReLU and sigma_w = {self.kernel_.sigma_w:g} (sigma_w**2 < 2) the kernel forgets early "
                    "steps: try sigma_w near sqrt(2), " if fading else "try ")
            warnings.warn(f"the fitted SVM predicts one class, {only!r}, for every training sequence; {hint}a larger "
                          "C, class_weight='balanced' if the classes are imbalanced, or architecture='avg-shared'",
                          stacklevel=2)
        return self

    def decision_function(self, X):
        G = self._cross_gram(X)
        return self.svc_.decision_function(G)

    def predict(self, X):
        G = self._cross_gram(X)
        return self.svc_.predict(G)

    @available_if(lambda self: self.probability)
    def predict_proba(self, X):
        """Class probabilities (columns in the order of ``classes_``), with ``probability=True``."""
        if not hasattr(self, "calibrated_"):
            raise NotFittedError("predict_proba needs a fit with probability=True; this classifier was fitted "
                                 "without it")
        G = self._cross_gram(X)
        return self.calibrated_.predict_proba(G)


class RNTKRegressor(RegressorMixin, _RNTKEstimator):
    """Kernel ridge regression (``alpha`` the ridge) on a recurrent kernel: ``kernel`` and ``get`` as
    :class:`RNTKClassifier`'s, and ``verbose``."""

    _parameter_constraints = {"kernel": "no_validation", "get": "no_validation",
                              "alpha": [Interval(Real, 0, None, closed="left")], "verbose": ["boolean"]}

    def __init__(self, kernel: RecurrentKernel | None = None, get: str = "ntk", alpha: float = 1.0,
                 verbose: bool = False):
        self.kernel, self.get, self.alpha, self.verbose = kernel, get, alpha, verbose

    def _check_targets(self, y):
        y = y.astype(np.float64)
        if not np.all(np.isfinite(y)):
            raise ValueError("y contains NaN or inf")
        return y

    def fit(self, X, y):
        G, y = self._train_gram(X, y)
        self.ridge_ = KernelRidge(kernel="precomputed", alpha=self.alpha).fit(G, y)
        return self

    def predict(self, X):
        G = self._cross_gram(X)
        return self.ridge_.predict(G)
