"""Low-rank approximations of the recurrent kernels for large N.

:class:`Nystroem` (Williams and Seeger 2001) maps sequences of any lengths to ``n_components``
features whose inner products approximate the kernel: with ``m`` landmark sequences drawn from the
training data, ``phi(x) = K(x, landmarks) K(landmarks, landmarks)^(-1/2)``, so that
``phi(x) . phi(z) = K(x, L) K(L, L)^+ K(L, z)``. Fitting costs one ``m x m`` Gram, transforming
``N`` sequences one ``N x m`` Gram: time O(N m T), memory O(N m), against O(N^2 T) and O(N^2)
for the exact Gram. A linear model on the features (e.g. ``LinearSVC``) then scales to N far beyond
what a precomputed Gram allows.
"""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from rntk.estimators import KernelParameter, _as_sequence_input, _like_fitted
from rntk.recurrent import RecurrentKernel
from rntk.sequences import as_sequences

__all__ = ["Nystroem"]


class Nystroem(KernelParameter, ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """Nyström features of a recurrent kernel (``kernel``: a :class:`~rntk.RecurrentKernel`, ``None`` for
    ``RecurrentKernel(sigma_w=SIGMA_W)``; ``get``: its NTK, ``"ntk"``, or CK, ``"ck"`` / ``"nngp"``) for
    sequences of any lengths.

    ``n_components`` landmarks are drawn without replacement from the training sequences (all of
    them when there are fewer, with a warning, as scikit-learn's ``Nystroem`` warns). Directions of the
    landmarks' Gram with eigenvalues below ``n_components * eps`` times the largest are dropped (a
    pseudo-inverse), so repeated or collinear landmarks do not blow the features up. ``sigma_h`` adds to
    the kernel of a sequence with itself only, which the features of distinct sequences cannot carry: the
    approximation is that of the kernel between distinct sequences. ``verbose=True``: a progress bar over the
    tiles of each Gram.
    """

    def __init__(self, kernel: RecurrentKernel | None = None, get: str = "ntk", n_components: int = 100,
                 random_state=None, verbose: bool = False):
        self.kernel, self.get, self.n_components, self.random_state = kernel, get, n_components, random_state
        self.verbose = verbose

    def fit(self, X, y=None):
        """Draw the landmarks from ``X`` and factor their Gram."""
        if not (isinstance(self.n_components, (int, np.integer)) and self.n_components >= 1):
            raise ValueError(f"n_components must be a positive integer, got {self.n_components!r}")
        kernel, get = self._fitted_kernel()
        seqs = as_sequences(_as_sequence_input(X), "X")
        rng = check_random_state(self.random_state)
        m = min(int(self.n_components), seqs.n)
        if m < self.n_components:
            warnings.warn(f"n_components ({self.n_components}) is more than the {seqs.n} training sequences: "
                          f"n_components was set to {seqs.n}", stacklevel=2)
        self.component_indices_ = np.sort(rng.choice(seqs.n, size=m, replace=False))
        items = seqs.items()
        self.components_ = as_sequences([items[i] for i in self.component_indices_], "landmarks")
        gram = kernel(self.components_, self.components_, get=get, progress=self.verbose)
        w, v = np.linalg.eigh((gram + gram.T) / 2)
        keep = w > max(w[-1], 0.0) * m * np.finfo(np.float64).eps
        self.normalization_ = (v[:, keep] / np.sqrt(w[keep])) @ v[:, keep].T
        self.n_features_in_, self.kernel_, self.get_ = seqs.dim, kernel, get
        self._n_features_out = m
        return self

    def transform(self, X):
        """The features ``(N, n_landmarks)`` of the sequences of ``X``."""
        check_is_fitted(self, "normalization_")
        seqs = _like_fitted(self, X)
        return self.kernel_(seqs, self.components_, get=self.get_, progress=self.verbose) @ self.normalization_

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        return tags
