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

import numpy as np
from sklearn.base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from rntk.estimators import SIGMA_W, _as_sequence_input, _KERNEL_PARAMS, _like_fitted
from rntk.recurrent import RecurrentKernel
from rntk.sequences import as_sequences

__all__ = ["Nystroem"]


class Nystroem(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """Nyström features of the RNTK (``kernel="ntk"``) or its CK (``"ck"``) for sequences of any lengths.

    ``n_components`` landmarks are drawn without replacement from the training sequences (all of
    them when there are fewer). Directions of the landmarks' Gram with eigenvalues below
    ``n_components * eps`` times the largest are dropped (a pseudo-inverse), so repeated or
    collinear landmarks do not blow the features up. ``sigma_h`` adds to the kernel of a sequence
    with itself only, which the features of distinct sequences cannot carry: the approximation
    is that of the kernel between distinct sequences.
    """

    def __init__(self, depth=1, activation="relu", sigma_w=SIGMA_W, sigma_u=1.0, sigma_b=0.0, sigma_h=0.0, sigma_v=1.0,
                 architecture="rnn", reverse=False, kernel="ntk", n_components=100, random_state=None):
        self.depth, self.activation, self.sigma_w, self.sigma_u = depth, activation, sigma_w, sigma_u
        self.sigma_b, self.sigma_h, self.sigma_v = sigma_b, sigma_h, sigma_v
        self.architecture, self.reverse, self.kernel = architecture, reverse, kernel
        self.n_components, self.random_state = n_components, random_state

    def _kernel(self):
        return RecurrentKernel(**{p: getattr(self, p) for p in _KERNEL_PARAMS})

    def fit(self, X, y=None):
        """Draw the landmarks from ``X`` and factor their Gram."""
        if not (isinstance(self.n_components, (int, np.integer)) and self.n_components >= 1):
            raise ValueError(f"n_components must be a positive integer, got {self.n_components!r}")
        seqs = as_sequences(_as_sequence_input(X), "X")
        rng = check_random_state(self.random_state)
        m = min(int(self.n_components), seqs.n)
        self.component_indices_ = np.sort(rng.choice(seqs.n, size=m, replace=False))
        items = seqs.items()
        self.components_ = as_sequences([items[i] for i in self.component_indices_], "landmarks")
        gram = self._kernel()(self.components_, self.components_, get=self.kernel)
        w, v = np.linalg.eigh((gram + gram.T) / 2)
        keep = w > max(w[-1], 0.0) * m * np.finfo(np.float64).eps
        self.normalization_ = (v[:, keep] / np.sqrt(w[keep])) @ v[:, keep].T
        self.n_features_per_step_ = seqs.dim
        self._n_features_out = m
        return self

    def transform(self, X):
        """The features ``(N, n_landmarks)`` of the sequences of ``X``."""
        check_is_fitted(self, "normalization_")
        seqs = _like_fitted(self, X, "transformer")
        return self._kernel()(seqs, self.components_, get=self.kernel) @ self.normalization_

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        return tags
