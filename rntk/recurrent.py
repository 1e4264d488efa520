"""The user-facing recurrent kernels: the CK (NNGP) and the NTK of RNNs and their variants.

:class:`RecurrentKernel` combines the sweeps of :mod:`rntk.recursion` (the equations, one function per
rule) into the RNN, BI-RNN, RNN-AVG, BI-RNN-AVG and shared average-pooling kernels; :mod:`rntk.tiling`
computes each Gram tile by tile on the devices. Sequences of different lengths are aligned at their ends
(first paper): they are padded at the front and each pair's recursion starts where its shorter sequence
starts. Hyperparameters are traced values, so changing them never recompiles.
"""

from __future__ import annotations

import functools
import itertools
import warnings

import jax.numpy as jnp
import numpy as np

from rntk.activations import get_activation
from rntk.architectures import ARCHITECTURES
from rntk.recursion import Hyper
from rntk.sequences import Sequences, as_sequences
from rntk.tiling import tiled_grams

__all__ = ["RecurrentKernel", "ARCHITECTURES", "SETTING_AXES", "FLOAT32_TOLERANCE"]

KERNELS = ("ntk", "ck")
ALIASES = {"nngp": "ck"}  # neural-tangents' name for the CK
DTYPES = ("float64", "float32")
FLOAT32_TOLERANCE = 1e-3  # relative error of a float32 Gram against float64 above which it warns
FLOAT32_PROBE = 4  # the longest sequences of each side whose pairs a float32 Gram recomputes in float64
SETTING_AXES = ("sigma_w", "sigma_u", "sigma_b", "sigma_h", "sigma_v")


class RecurrentKernel:
    """The CK and NTK of an infinitely wide RNN (first and second papers).

    ``k(X, Z=None, get="ntk")`` returns the Gram matrix ``(len(X), len(Z))`` as a NumPy
    float64 array; ``Z=None`` is the Gram of ``X`` with itself, the only case where
    ``sigma_h`` enters (each input draws its own initial hidden state, so it adds to
    the kernel of a sample with itself alone). ``get`` is ``"ntk"``, ``"ck"`` or a
    tuple of them (one pass computes both).

    ``architecture`` (its rule: :data:`rntk.architectures.ARCHITECTURES`): ``"rnn"`` (read-out at the
    last step), ``"bi"`` (plus the same RNN on the reversed sequences), ``"avg"`` (an independent
    read-out at every step, equal lengths only), ``"bi-avg"``, ``"avg-shared"`` (one read-out applied
    to the sum of the hidden states: any lengths). ``reverse=True`` reverses every
    sequence first. ``block_size`` bounds the tile side of the Gram (memory); the rows of each
    tile are spread over ``devices`` (default: every local JAX device, e.g. all GPUs; under
    ``jax.distributed`` pass the devices of this process).
    """

    def __init__(self, depth: int = 1, activation="relu", sigma_w: float = 1.0, sigma_u: float = 1.0,
                 sigma_b: float = 0.0, sigma_h: float = 0.0, sigma_v: float = 1.0,
                 architecture: str = "rnn", reverse: bool = False, block_size: int | None = None,
                 devices=None, dtype: str = "float64"):
        if not (isinstance(depth, (int, np.integer)) and depth >= 1):
            raise ValueError(f"depth must be a positive integer, got {depth!r}")
        for name, value in dict(sigma_w=sigma_w, sigma_u=sigma_u, sigma_b=sigma_b,
                                sigma_h=sigma_h, sigma_v=sigma_v).items():
            if not (np.isfinite(value) and value >= 0):
                raise ValueError(f"{name} must be a finite non-negative number, got {value!r}")
        if architecture not in ARCHITECTURES:
            raise ValueError(f"unknown architecture {architecture!r}; expected one of {tuple(ARCHITECTURES)}")
        if block_size is not None and not block_size >= 1:
            raise ValueError(f"block_size must be a positive integer, got {block_size!r}")
        if dtype not in DTYPES:
            raise ValueError(f"dtype must be one of {DTYPES}, got {dtype!r}")
        self.depth = int(depth)
        self.activation = get_activation(activation)
        if dtype == "float32" and not self.activation.float32:
            raise ValueError(f"dtype='float32' needs an activation with a closed-form dual that holds in float32 "
                             f"(relu, erf, sin, identity, or one registered with float32=True); "
                             f"{self.activation.name!r} is integrated by quadrature in float64")
        self.dtype = dtype
        self.sigma_w, self.sigma_u, self.sigma_b = float(sigma_w), float(sigma_u), float(sigma_b)
        self.sigma_h, self.sigma_v = float(sigma_h), float(sigma_v)
        self.architecture, self._architecture = architecture, ARCHITECTURES[architecture]
        self.reverse = bool(reverse)
        self.block_size = block_size
        self.devices = devices
        # as given: get_params returns them unchanged (scikit-learn's clone checks that it gets them back)
        self._params = dict(depth=depth, activation=activation, sigma_w=sigma_w, sigma_u=sigma_u, sigma_b=sigma_b,
                            sigma_h=sigma_h, sigma_v=sigma_v, architecture=architecture, reverse=reverse,
                            block_size=block_size, devices=devices, dtype=dtype)

    def get_params(self, deep: bool = True) -> dict:
        """The settings, as scikit-learn's estimators give theirs: an estimator's ``kernel__sigma_w`` in
        ``GridSearchCV`` reaches them, and ``sklearn.base.clone`` copies the kernel."""
        return dict(self._params)

    def set_params(self, **params) -> "RecurrentKernel":
        """Change settings, checked as the constructor checks them (a refused change leaves the kernel as it
        was); returns the kernel."""
        unknown = sorted(set(params) - set(self._params))
        if unknown:
            raise ValueError(f"unknown setting {unknown[0]!r} of RecurrentKernel; settings: {', '.join(self._params)}")
        self.__dict__.update(RecurrentKernel(**{**self._params, **params}).__dict__)
        return self

    def __sklearn_clone__(self):
        """A new kernel with the same settings (the devices, which do not copy, shared)."""
        return RecurrentKernel(**self._params)

    def _settings(self) -> tuple:
        return (self.depth, self.activation, self.sigma_w, self.sigma_u, self.sigma_b, self.sigma_h, self.sigma_v,
                self.architecture, self.reverse, self.block_size, self.dtype,
                None if self.devices is None else tuple(d.id for d in self.devices))

    def __eq__(self, other):
        """Kernels are equal when they compute the same (settings as validated: 1 and 1.0 alike)."""
        return type(other) is type(self) and self._settings() == other._settings()

    __hash__ = None  # settings change with set_params: a kernel is a parameter, not a key

    def __repr__(self):
        return (f"RecurrentKernel(depth={self.depth}, activation={self.activation.name!r}, "
                f"sigma_w={self.sigma_w:g}, sigma_u={self.sigma_u:g}, sigma_b={self.sigma_b:g}, "
                f"sigma_h={self.sigma_h:g}, sigma_v={self.sigma_v:g}, "
                f"architecture={self.architecture!r}, reverse={self.reverse}"
                + (f", dtype={self.dtype!r})" if self.dtype != "float64" else ")"))

    @property
    def hyper(self) -> Hyper:
        return Hyper(*(jnp.asarray(s * s, dtype=self.dtype) for s in
                       (self.sigma_w, self.sigma_u, self.sigma_b, self.sigma_h, self.sigma_v)))

    def __call__(self, X, Z=None, get="ntk", progress: bool = False):
        """The Gram matrix ``(len(X), len(Z))`` of the kernel named by ``get`` ("ntk", "ck", or a
        tuple of both) between the sequences of ``X`` and ``Z`` (``Z=None``: ``X`` with itself);
        ``progress``: a progress bar over its tiles, for Grams that take minutes."""
        get = _named(get)
        wanted = _wanted(get)
        X, Z = self._validate(X, Z)
        out = self._kernels(X, Z, self.hyper, batched=False, progress=progress)
        for g in wanted:
            self._check_finite(out[g], X.max_length)
        if self.dtype == "float32":
            self._check_precision(X, Z, out, wanted)
        return out[get] if isinstance(get, str) else tuple(out[g] for g in wanted)

    def _check_precision(self, X: Sequences, Z: Sequences | None, out: dict, wanted) -> None:
        """A float32 Gram estimates its own loss: the pairs of the :data:`FLOAT32_PROBE` longest sequences of
        each side (where the recursion runs longest) recomputed in float64; a warning where the largest
        difference exceeds :data:`FLOAT32_TOLERANCE` of the largest entry."""
        def longest(S):
            rows = np.sort(np.argsort(S.lengths, kind="stable")[-FLOAT32_PROBE:])
            return rows, Sequences(S.values[rows], S.lengths[rows])

        rows, Xp = longest(X)
        cols, Zp = (rows, None) if Z is None else longest(Z)
        exact = RecurrentKernel(**{**self._params, "dtype": "float64"})
        probe = exact._kernels(Xp, Zp, exact.hyper, batched=False)
        for g in wanted:
            single, double = out[g][np.ix_(rows, cols)], probe[g]
            error = float(np.max(np.abs(single - double)) / max(np.max(np.abs(double)), np.finfo(np.float64).tiny))
            if error > FLOAT32_TOLERANCE:
                warnings.warn(f"this float32 {g.upper()} Gram differs from float64 by {error:.2g} (relative, on the pairs "
                              f"of the {len(rows)} longest sequences), above {FLOAT32_TOLERANCE:g}: use dtype='float64' "
                              f"(sigma_w = {self.sigma_w:g}, {X.max_length} steps)", stacklevel=3)

    def grid(self, X, Z=None, get="ntk", progress: bool = False, **axes):
        """The Grams of many settings from one compiled pass: ``(S, len(X), len(Z))``.

        ``axes``: lists of values for any of ``sigma_w, sigma_u, sigma_b, sigma_h, sigma_v``;
        the settings are their product in that order, the last axis fastest, as listed by
        :meth:`grid_settings` (unlisted axes keep this kernel's value). The inputs, their
        products and the compiled program are shared by all settings, and the settings axis
        is chunked so that memory stays that of one tile of ``block_size``.
        """
        settings = self.grid_settings(**axes)
        get = _named(get)
        wanted = _wanted(get)
        X, Z = self._validate(X, Z)
        hyper = Hyper(*(jnp.asarray([p[a] ** 2 for p in settings], dtype=self.dtype) for a in SETTING_AXES))
        out = self._kernels(X, Z, hyper, batched=True, progress=progress)
        for g in wanted:
            for p, gram in zip(settings, out[g]):
                self._check_finite(gram, X.max_length, p["sigma_w"])
        return out[get] if isinstance(get, str) else tuple(out[g] for g in wanted)

    def grid_settings(self, **axes) -> list[dict]:
        """The settings of :meth:`grid`, in its order: dicts of ``sigma_w, sigma_u, sigma_b, sigma_h, sigma_v``."""
        unknown = set(axes) - set(SETTING_AXES)
        if unknown:
            raise ValueError(f"unknown grid axis {sorted(unknown)[0]!r}; expected some of {SETTING_AXES}")
        values = []
        for name in SETTING_AXES:
            axis = np.atleast_1d(np.asarray(axes.get(name, getattr(self, name)), dtype=float))
            if axis.ndim != 1 or axis.size == 0 or not np.all(np.isfinite(axis) & (axis >= 0)):
                raise ValueError(f"{name} must be a non-empty list of finite non-negative numbers, got {axes[name]!r}")
            values.append(axis.tolist())
        return [dict(zip(SETTING_AXES, v)) for v in itertools.product(*values)]

    def _kernels(self, X: Sequences, Z: Sequences | None, hyper: Hyper, batched: bool, progress: bool = False) -> dict:
        """``{"ck": Gram, "ntk": Gram}`` of the architecture (a leading settings axis when ``batched``)."""
        self._check_lengths(X, Z)
        readout = self._architecture.readout
        directions = [self.reverse, not self.reverse] if self._architecture.both_directions else [self.reverse]
        grams = [self._gram(*_oriented(X, Z, backwards), readouts=(readout,), hyper=hyper, batched=batched,
                            progress=progress)[readout]
                 for backwards in directions]
        ck, ntk = (functools.reduce(np.add, g)[..., -1, :, :] for g in zip(*grams))
        return {"ck": ck, "ntk": ntk}

    def family(self, X, Z=None, progress: bool = False):
        """Every read-out of one pass: ``{(layer, readout, kind): Gram}``.

        ``layer`` is 1..depth (the kernels of the 1..depth-layer networks, which share their
        lower layers), ``readout`` is ``"last"`` (last step) and, for sequences of one length,
        ``"avg"`` (the sum over t of the kernels of the prefixes, an independent read-out per
        step: second paper, Eq. 12), ``kind`` is ``"ck"`` or ``"ntk"``. The architecture
        setting is ignored; ``reverse`` applies. BI variants are sums of two families.
        """
        if self._architecture.restarts:
            raise ValueError(f"family() gives the last-step and per-step read-outs; call the kernel for "
                             f"{self.architecture!r}")
        X, Z = self._validate(X, Z)
        readouts = ("last", "sum") if _one_length(X, Z) else ("last",)
        grams = self._gram(*_oriented(X, Z, self.reverse), readouts=readouts, all_layers=True, progress=progress)
        out = {}
        for readout, (ck, ntk) in grams.items():
            for layer in range(self.depth):
                name = "avg" if readout == "sum" else readout
                out[(layer + 1, name, "ck")], out[(layer + 1, name, "ntk")] = ck[layer], ntk[layer]
        for gram in out.values():
            self._check_finite(gram, X.max_length)
        return out

    def _validate(self, X, Z):
        """Both collections checked and padded to one number of steps."""
        X = as_sequences(X, "X")
        Z = None if Z is None else as_sequences(Z, "Z")
        if Z is not None and Z.dim != X.dim:
            raise ValueError(f"X has {X.dim} features per step but Z has {Z.dim}")
        steps = X.max_length if Z is None else max(X.max_length, Z.max_length)
        return X.padded_to(steps), None if Z is None else Z.padded_to(steps)

    def _check_lengths(self, X: Sequences, Z: Sequences | None) -> None:
        """The per-step read-out architectures need sequences of one length."""
        if self._architecture.one_length and not _one_length(X, Z):
            raise ValueError(f"architecture {self.architecture!r} needs sequences of one length "
                             "(an independent read-out per step); use 'avg-shared' for different lengths")

    def _check_finite(self, gram, steps, sigma_w=None):
        if np.all(np.isfinite(gram)):
            return
        sigma_w = float(np.max(np.abs(self.sigma_w if sigma_w is None else sigma_w)))
        w2 = sigma_w * sigma_w  # inf for a huge sigma_w, where sigma_w ** 2 would raise OverflowError
        hints = []
        if self.dtype == "float32":
            hints.append(f"float32 holds numbers up to {np.finfo(np.float32).max:.2g} (dtype='float64': 1.8e308)")
        if self.activation.name == "relu" and w2 > 2:
            hints.append(f"with ReLU, sigma_w^2 = {w2:g} > 2 makes the kernel grow like "
                         f"(sigma_w^2/2)^T = {w2 / 2:g}^{steps}; use sigma_w <= sqrt(2) "
                         "or shorter / rescaled sequences (or rntk.normalise.Normalised)")
        elif self.activation.name != "relu":
            hints.append(f"each step multiplies the kernel by sigma_w^2 = {w2:g} times an expectation of the "
                         f"activation {self.activation.name!r} (or of its derivative, for the NTK), over {steps} steps; "
                         "use a smaller sigma_w or shorter / rescaled sequences")
        hint = "".join(": " + h if i == 0 else "; " + h for i, h in enumerate(hints))
        raise FloatingPointError(f"the kernel overflowed (inf or NaN in the {self.dtype} Gram){hint}")

    def _gram(self, X: Sequences, Z: Sequences | None, readouts, all_layers=False, hyper=None, batched=False,
              progress=False):
        """``{readout: (CK, NTK)}`` Grams of one direction, tile by tile (:func:`rntk.tiling.tiled_grams`)."""
        return tiled_grams(X, Z, self.hyper if hyper is None else hyper, depth=self.depth, act=self.activation,
                           readouts=readouts, restarts=self._architecture.restarts, all_layers=all_layers,
                           batched=batched, block_size=self.block_size, devices=self.devices, dtype=self.dtype,
                           progress=progress)


def _named(get):
    """``get`` with neural-tangents' name for the CK, ``"nngp"``, read as ``"ck"``."""
    return ALIASES.get(get, get) if isinstance(get, str) else tuple(ALIASES.get(g, g) for g in get)


def one_kernel(get: str) -> str:
    """One kernel by name: ``"ntk"``, or ``"ck"`` (neural-tangents' ``"nngp"``)."""
    named = ALIASES.get(get, get) if isinstance(get, str) else get
    if named not in KERNELS:
        raise ValueError(f"get must be 'ntk', 'ck' or 'nngp', got {get!r}")
    return named


def _wanted(get) -> tuple:
    wanted = (get,) if isinstance(get, str) else tuple(get)
    for g in wanted:
        if g not in KERNELS:
            raise ValueError(f"get must be 'ntk', 'ck' (or 'nngp') or a tuple of them, got {get!r}")
    return wanted


def _one_length(X: Sequences, Z: Sequences | None) -> bool:
    return X.equal_lengths and (Z is None or Z.equal_lengths)


def _oriented(X: Sequences, Z: Sequences | None, backwards: bool):
    if not backwards:
        return X, Z
    return X.reversed(), None if Z is None else Z.reversed()
