"""Infinite-width recurrent kernels: the CK (NNGP) and the NTK of RNNs and their variants.

Notation and equations: the book's mathematics chapter (the first paper's Theorem 1 and
Appendix B.3; the second paper's Algorithms 1 and 2 and Eqs. 10-13):

* :func:`self_variances` -- Sigma^(l,t)(x, x) of every sequence, layer and step;
* :func:`pair_step` -- one step of the joint recursion for a block of pairs: the
  covariances Sigma^(l,t)(x, x'), the tangent terms Psi^(l,t)(x, x'), all layers;
* :func:`sweep` -- that step run along a plan of steps (the last step, every step,
  or every diagonal of the step grid), with the read-outs;
* :class:`RecurrentKernel` -- the user-facing kernel: tiles the Gram matrix and
  combines the sweeps into the RNN, BI-RNN, RNN-AVG, BI-RNN-AVG and shared
  average-pooling kernels.

Sequences of different lengths are aligned at their ends (first paper): they are
padded at the front and each pair's recursion starts where its shorter sequence
starts. Hyperparameters are traced values, so changing them never recompiles.
"""

from __future__ import annotations

import functools
import itertools
import math
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from rntk.activations import Activation, get_activation
from rntk.sequences import Sequences, as_sequences

__all__ = ["RecurrentKernel", "ARCHITECTURES", "SETTING_AXES", "self_variances", "pair_step", "sweep", "sweep_settings"]

ARCHITECTURES = ("rnn", "bi", "avg", "bi-avg", "avg-shared")
KERNELS = ("ntk", "ck")
DTYPES = ("float64", "float32")
# Activations with a closed-form dual, the only ones computed in float32 (the quadrature rules are float64).
_FLOAT32_ACTIVATIONS = ("relu", "erf", "sin", "identity")
SETTING_AXES = ("sigma_w", "sigma_u", "sigma_b", "sigma_h", "sigma_v")
# A self-Gram is cut into at least this many row blocks of at least this many rows when the user
# sets no block_size (with n blocks only n(n+1)/2 of the n^2 tiles are computed): (8, 256) for one
# setting, (16, 32) for a grid, whose settings axis keeps small tiles' vectors long.
_SYMMETRIC_BLOCKS = {False: (8, 256), True: (16, 32)}


class Hyper(NamedTuple):
    """Squared weight scales, traced through the compiled recursions."""

    sw2: jax.Array
    su2: jax.Array
    sb2: jax.Array
    sh2: jax.Array
    sv2: jax.Array


def _input_gram(x_t, z_t):
    """<x_t, z_t> for a block of pairs; broadcast products fuse better than a matmul when m is small."""
    if x_t.shape[-1] <= 4:
        return jnp.sum(x_t[:, None, :] * z_t[None, :, :], axis=-1)
    return x_t @ z_t.T


def self_variances(x, active, hyper: Hyper, depth: int, act: Activation):
    """Sigma^(l,t)(x, x) for every step t and layer l of every sequence: ``(T, L, N)``.

    ``x``: ``(T, N, m)`` time-major, front-padded; ``active``: ``(T, N)``, False on padding.
    Before a sequence starts its state stays at the initial hidden variance sigma_h^2.
    """
    m = x.shape[-1]

    def step(c_prev, inputs):
        x_t, a_t = inputs
        below = hyper.su2 / m * jnp.sum(x_t * x_t, axis=-1)
        c_new, sigmas = [], []
        for layer in range(depth):
            sigma = below + hyper.sb2 + hyper.sw2 * c_prev[layer]
            vphi, _ = act.expectations(sigma, sigma, sigma, True)
            sigmas.append(sigma)
            c_new.append(jnp.where(a_t, vphi, hyper.sh2))
            below = hyper.su2 * vphi
        return tuple(c_new), jnp.stack(sigmas)

    c0 = tuple(jnp.full(x.shape[1], hyper.sh2) for _ in range(depth))
    _, sigmas = jax.lax.scan(step, c0, (x, active))
    return sigmas


def pair_step(c_prev, p_prev, x_t, z_t, var_x, var_z, same, hyper: Hyper, act: Activation):
    """One time step of the joint recursion, all layers, for a block of pairs.

    ``c_prev[l] = V_phi[K^(l,t-1)]`` and ``p_prev[l] = V_phi'[K^(l,t-1)] Psi^(l,t-1)``
    (zero at the first step); ``var_x``: ``(L, N)``, ``var_z``: ``(L, M)`` the
    self-variances at this step. Returns the new ``(c, p)``::

        Sigma^(1,t) = su^2/m <x_t, x'_t> + sb^2 + sw^2 C^(1,t-1)
        Sigma^(l,t) = su^2 V_phi[K^(l-1,t)] + sb^2 + sw^2 C^(l,t-1)
        Psi^(l,t)   = Sigma^(l,t) + sw^2 V_phi'[K^(l,t-1)] Psi^(l,t-1)
                                  + su^2 V_phi'[K^(l-1,t)] Psi^(l-1,t)
    """
    below = hyper.su2 / x_t.shape[-1] * _input_gram(x_t, z_t)
    tangent_below = None
    c_new, p_new = [], []
    for layer in range(len(c_prev)):
        sigma = below + hyper.sb2 + hyper.sw2 * c_prev[layer]
        psi = sigma + hyper.sw2 * p_prev[layer]
        if tangent_below is not None:
            psi = psi + hyper.su2 * tangent_below
        vphi, vdot = act.expectations(var_x[layer][:, None], sigma, var_z[layer][None, :], same)
        c_new.append(vphi)
        p_new.append(vdot * psi)
        below = hyper.su2 * vphi
        tangent_below = vdot * psi
    return tuple(c_new), tuple(p_new)


class Plan(NamedTuple):
    """The steps of a sweep: the x step and z step met at each one, whether the
    recursion restarts there, and whether it lies on the main diagonal (t' = t)."""

    ix: np.ndarray
    iz: np.ndarray
    restart: np.ndarray
    main: np.ndarray


def last_step_plan(steps: int) -> Plan:
    """Steps 1..T of both sequences, aligned at their ends (read-out at T, or at every t)."""
    t = np.arange(steps)
    return Plan(t, t, t == 0, np.ones(steps, bool))


def diagonal_plan(steps: int) -> Plan:
    """Every diagonal t' - t = d of the T x T step grid, each swept from its start.

    Diagonal d > 0 (length T - d) is followed by diagonal d - T (length d), so the
    plan is T sweeps of T steps: the T^2 prefix pairs, each visited once.
    """
    ix, iz, restart = [np.arange(steps)], [np.arange(steps)], [np.arange(steps) == 0]
    for k in range(1, steps):
        r_up = np.arange(steps - k)  # x at r meets z at r + k
        r_down = np.arange(steps - k, steps)  # x at r meets z at r + k - T
        ix += [r_up, r_down]
        iz += [r_up + k, r_down + k - steps]
        restart += [r_up == 0, r_down == steps - k]
    ix, iz, restart = (np.concatenate(a) for a in (ix, iz, restart))
    return Plan(ix, iz, restart, ix == iz)


@functools.partial(jax.jit, static_argnames=("depth", "act", "readouts", "all_layers", "ragged", "restarts"))
def sweep(x, z, var_x, var_z, active_x, active_z, same, hyper: Hyper, plan: Plan, *, depth: int,
          act: Activation, readouts: tuple = ("last",), all_layers: bool = False, ragged: bool = False,
          restarts: bool = False):
    """Run :func:`pair_step` along ``plan`` for a block of pairs and read the kernels out.

    ``x``: ``(T, N, m)``, ``var_x``: ``(T, L, N)``, ``active_x``: ``(T, N)`` (and the same for z);
    ``same``: ``(N, M)``, True where the pair is one sample of a Gram with itself
    (its initial state is sigma_h^2 and its correlation is exactly one).
    Read-out of layer l at step t: CK = sv^2 V_phi[K^(l,t)], NTK = CK + sv^2 V_phi'[K^(l,t)] Psi^(l,t).
    Returns ``{readout: (CK, NTK)}`` for ``readouts`` among ``"last"`` (the plan's last step) and
    ``"sum"`` (summed over every step of the plan); each array is ``(layers, N, M)`` with every
    layer when ``all_layers``, else the top one only.
    """
    shape = (x.shape[1], z.shape[1])
    zero = jnp.zeros(shape, x.dtype)
    out_layers = depth if all_layers else 1

    def initial(main):
        c0 = jnp.where(same & main, hyper.sh2, 0.0)
        return (c0,) * depth, (zero,) * depth

    def readout(c, p):
        ck = hyper.sv2 * jnp.stack(c[depth - out_layers:])
        return ck, ck + hyper.sv2 * jnp.stack(p[depth - out_layers:])

    def step(carry, s):
        c, p, total = carry
        i, j, restart, main = s
        if restarts:
            c0, p0 = initial(main)
            c = tuple(jnp.where(restart, a, b) for a, b in zip(c0, c))
            p = tuple(jnp.where(restart, a, b) for a, b in zip(p0, p))
        c, p = pair_step(c, p, x[i], z[j], var_x[i], var_z[j], same & main, hyper, act)
        if ragged:
            both = active_x[i][:, None] & active_z[j][None, :]
            c0, p0 = initial(main)
            c = tuple(jnp.where(both, a, b) for a, b in zip(c, c0))
            p = tuple(jnp.where(both, a, b) for a, b in zip(p, p0))
        if "sum" in readouts:
            ck, ntk = readout(c, p)
            if ragged:
                ck, ntk = jnp.where(both, ck, 0.0), jnp.where(both, ntk, 0.0)
            total = (total[0] + ck, total[1] + ntk)
        return (c, p, total), None

    c0, p0 = initial(True)
    total0 = (jnp.zeros((out_layers, *shape), x.dtype),) * 2 if "sum" in readouts else ()
    (c, p, total), _ = jax.lax.scan(step, (c0, p0, total0), plan)
    return {"last": readout(c, p), "sum": total}


_self_variances = jax.jit(self_variances, static_argnames=("depth", "act"))


@functools.partial(jax.jit, static_argnames=("depth", "act", "readouts", "all_layers", "ragged", "restarts"))
def sweep_settings(x, z, var_x, var_z, active_x, active_z, same, hyper: Hyper, plan: Plan, **static):
    """:func:`sweep` for S settings at once: ``hyper`` fields and ``var_x``/``var_z`` carry a leading
    settings axis; the inputs, their products and the compiled program are shared. Read-outs
    ``(S, layers, N, M)``."""
    one = functools.partial(sweep, **static)
    return jax.vmap(one, in_axes=(None, None, 0, 0, None, None, None, 0, None))(
        x, z, var_x, var_z, active_x, active_z, same, hyper, plan)


@functools.partial(jax.jit, static_argnames=("depth", "act"))
def _self_variances_settings(x, active, hyper: Hyper, depth: int, act: Activation):
    """:func:`self_variances` for S settings: ``(S, T, L, N)``."""
    one = functools.partial(self_variances, depth=depth, act=act)
    return jax.vmap(one, in_axes=(None, None, 0))(x, active, hyper)


def _default_block_size() -> int:
    """Tile side: 2048 pairs a side on CPU (~32 MB a state array), 8192 on accelerators."""
    return 2048 if jax.default_backend() == "cpu" else 8192


def _blocks(n: int, block_size: int, multiple: int = 1):
    """Equal blocks (the last one padded) so every tile has one compiled shape; the padded block
    size is a multiple of ``multiple`` (the number of devices its rows are spread over)."""
    count = max(1, math.ceil(n / block_size))
    size = multiple * math.ceil(math.ceil(n / count) / multiple)
    return [np.arange(b * size, min((b + 1) * size, n)) for b in range(count)], size


class RecurrentKernel:
    """The CK and NTK of an infinitely wide RNN (first and second papers).

    ``k(X, Z=None, get="ntk")`` returns the Gram matrix ``(len(X), len(Z))`` as a NumPy
    float64 array; ``Z=None`` is the Gram of ``X`` with itself, the only case where
    ``sigma_h`` enters (each input draws its own initial hidden state, so it adds to
    the kernel of a sample with itself alone). ``get`` is ``"ntk"``, ``"ck"`` or a
    tuple of them (one pass computes both).

    ``architecture``: ``"rnn"`` (read-out at the last step), ``"bi"`` (plus the same
    RNN on the reversed sequences), ``"avg"`` (an independent read-out at every
    step, equal lengths only), ``"bi-avg"``, ``"avg-shared"`` (one read-out applied to
    the sum of the hidden states: any lengths). ``reverse=True`` reverses every
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
            raise ValueError(f"unknown architecture {architecture!r}; expected one of {ARCHITECTURES}")
        if block_size is not None and not block_size >= 1:
            raise ValueError(f"block_size must be a positive integer, got {block_size!r}")
        if dtype not in DTYPES:
            raise ValueError(f"dtype must be one of {DTYPES}, got {dtype!r}")
        self.depth = int(depth)
        self.activation = get_activation(activation)
        if dtype == "float32" and self.activation.name not in _FLOAT32_ACTIVATIONS:
            raise ValueError(f"dtype='float32' needs an activation with a closed-form dual {_FLOAT32_ACTIVATIONS}; "
                             f"{self.activation.name!r} is integrated by quadrature in float64")
        self.dtype = dtype
        self.sigma_w, self.sigma_u, self.sigma_b = float(sigma_w), float(sigma_u), float(sigma_b)
        self.sigma_h, self.sigma_v = float(sigma_h), float(sigma_v)
        self.architecture = architecture
        self.reverse = bool(reverse)
        self.block_size = block_size
        self.devices = devices

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

    def __call__(self, X, Z=None, get="ntk"):
        """The Gram matrix ``(len(X), len(Z))`` of the kernel named by ``get`` ("ntk", "ck", or a
        tuple of both) between the sequences of ``X`` and ``Z`` (``Z=None``: ``X`` with itself)."""
        wanted = _wanted(get)
        X, Z = self._validate(X, Z)
        out = self._kernels(X, Z, self.hyper, batched=False)
        for g in wanted:
            self._check_finite(out[g], X.max_length)
        return out[get] if isinstance(get, str) else tuple(out[g] for g in wanted)

    def grid(self, X, Z=None, get="ntk", **axes):
        """The Grams of many settings from one compiled pass: ``(S, len(X), len(Z))``.

        ``axes``: lists of values for any of ``sigma_w, sigma_u, sigma_b, sigma_h, sigma_v``;
        the settings are their product in that order, the last axis fastest, as listed by
        :meth:`grid_settings` (unlisted axes keep this kernel's value). The inputs, their
        products and the compiled program are shared by all settings, and the settings axis
        is chunked so that memory stays that of one tile of ``block_size``.
        """
        settings = self.grid_settings(**axes)
        wanted = _wanted(get)
        X, Z = self._validate(X, Z)
        hyper = Hyper(*(jnp.asarray([p[a] ** 2 for p in settings], dtype=self.dtype) for a in SETTING_AXES))
        out = self._kernels(X, Z, hyper, batched=True)
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

    def _kernels(self, X: Sequences, Z: Sequences | None, hyper: Hyper, batched: bool) -> dict:
        """``{"ck": Gram, "ntk": Gram}`` of the architecture (a leading settings axis when ``batched``)."""
        self._check_lengths(X, Z)
        readout = "last" if self.architecture in ("rnn", "bi") else "sum"
        directions = [self.reverse]
        if self.architecture in ("bi", "bi-avg"):
            directions.append(not self.reverse)
        grams = [self._gram(*_oriented(X, Z, backwards), readouts=(readout,), hyper=hyper, batched=batched)[readout]
                 for backwards in directions]
        ck, ntk = (functools.reduce(np.add, g)[..., -1, :, :] for g in zip(*grams))
        return {"ck": ck, "ntk": ntk}

    def family(self, X, Z=None):
        """Every read-out of one pass: ``{(layer, readout, kind): Gram}``.

        ``layer`` is 1..depth (the kernels of the 1..depth-layer networks, which share their
        lower layers), ``readout`` is ``"last"`` (last step) and, for sequences of one length,
        ``"avg"`` (the sum over t of the kernels of the prefixes, an independent read-out per
        step: second paper, Eq. 12), ``kind`` is ``"ck"`` or ``"ntk"``. The architecture
        setting is ignored; ``reverse`` applies. BI variants are sums of two families.
        """
        if self.architecture == "avg-shared":
            raise ValueError("family() gives the last-step and per-step read-outs; call the kernel for 'avg-shared'")
        X, Z = self._validate(X, Z)
        readouts = ("last", "sum") if _one_length(X, Z) else ("last",)
        grams = self._gram(*_oriented(X, Z, self.reverse), readouts=readouts, all_layers=True)
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
        if self.architecture in ("avg", "bi-avg") and not _one_length(X, Z):
            raise ValueError(f"architecture {self.architecture!r} needs sequences of one length "
                             "(an independent read-out per step); use 'avg-shared' for different lengths")

    def _check_finite(self, gram, steps, sigma_w=None):
        if np.all(np.isfinite(gram)):
            return
        sigma_w = self.sigma_w if sigma_w is None else sigma_w
        hints = []
        if self.dtype == "float32":
            hints.append(f"float32 holds numbers up to {np.finfo(np.float32).max:.2g} (dtype='float64': 1.8e308)")
        if self.activation.name == "relu" and sigma_w ** 2 > 2:
            hints.append(f"with ReLU, sigma_w^2 = {sigma_w ** 2:g} > 2 makes the kernel grow like "
                         f"(sigma_w^2/2)^T = {sigma_w ** 2 / 2:g}^{steps}; use sigma_w <= sqrt(2) "
                         "or shorter / rescaled sequences (or rntk.normalise.Normalised)")
        hint = "".join(": " + h if i == 0 else "; " + h for i, h in enumerate(hints))
        raise FloatingPointError(f"the kernel overflowed (inf or NaN in the {self.dtype} Gram){hint}")

    def _gram(self, X: Sequences, Z: Sequences | None, readouts, all_layers=False, hyper=None, batched=False):
        """``{readout: (CK, NTK)}`` Grams of one direction, each ``(layers, N, M)``, tile by tile
        (``(S, layers, N, M)`` when ``hyper`` holds S settings and ``batched``).

        A self-Gram (``Z=None``) computes the tiles on and above the diagonal only and mirrors
        them, the diagonal tiles included, so it is symmetric by construction."""
        hyper = self.hyper if hyper is None else hyper
        depth, act = self.depth, self.activation
        symmetric = Z is None
        Z_ = X if symmetric else Z
        steps = X.max_length
        ragged = not (X.equal_lengths and Z_.equal_lengths)
        restarts = self.architecture == "avg-shared"
        plan = diagonal_plan(steps) if restarts else last_step_plan(steps)
        block = self.block_size or _default_block_size()
        budget = block * block  # elements of one state array of one tile: the memory bound
        devices = np.array(self.devices if self.devices is not None else jax.local_devices())
        if symmetric and self.block_size is None:  # more, smaller tiles: the mirrored half is then nearly half
            blocks, least = _SYMMETRIC_BLOCKS[batched]
            block = min(block, max(least, math.ceil(X.n / blocks)))
        rows, size_r = _blocks(X.n, block, multiple=len(devices))
        cols, size_c = (rows, size_r) if symmetric else _blocks(Z_.n, block)
        spread = _row_sharding(devices)
        layers = depth if all_layers else 1
        settings = len(hyper.sw2) if batched else 1
        chunk = max(1, budget // (size_r * size_c))  # settings per pass: one tile's memory
        lead = (settings,) if batched else ()
        out = {r: tuple(np.empty((*lead, layers, X.n, Z_.n), dtype=self.dtype) for _ in range(2)) for r in readouts}
        variances = _self_variances_settings if batched else _self_variances

        def prepare(S: Sequences, h: Hyper):
            x = np.ascontiguousarray(np.swapaxes(S.values, 0, 1), dtype=self.dtype)
            active = np.arange(steps)[:, None] >= (steps - S.lengths)[None, :]
            return x, np.asarray(variances(x, active, h, depth, act)), active

        def take(arrays, idx, size):
            """The block's sequences (inputs, self-variances, activity), padded to the block size."""
            padded = np.concatenate([idx, np.full(size - len(idx), idx[-1])])
            x_, v_, a_ = arrays
            return (x_[:, padded], v_[..., padded], a_[:, padded]), padded

        for first in range(0, settings, chunk):
            part = slice(first, first + chunk) if batched else slice(None)
            h = Hyper(*(a[part] for a in hyper)) if batched else hyper
            x, vx, ax = prepare(X, h)
            z, vz, az = (x, vx, ax) if symmetric else prepare(Z_, h)
            run = functools.partial(sweep_settings if batched else sweep, depth=depth, act=act, readouts=readouts,
                                    all_layers=all_layers, ragged=ragged, restarts=restarts)
            for bi, r in enumerate(rows):
                (xr, vr, ar), ir = take((x, vx, ax), r, size_r)
                xr, vr, ar = (jax.device_put(a, spread(a.ndim, axis))
                              for a, axis in ((xr, 1), (vr, vr.ndim - 1), (ar, 1)))
                for bj, c in enumerate(cols):
                    if symmetric and bj < bi:
                        continue
                    (zc, vc, ac), ic = take((z, vz, az), c, size_c)
                    same = jax.device_put((ir[:, None] == ic[None, :]) & symmetric, spread(2, 0))
                    tiles = run(xr, zc, vr, vc, ar, ac, same, h, plan)
                    rs, cs = slice(r[0], r[-1] + 1), slice(c[0], c[-1] + 1)
                    for readout in readouts:
                        for gram, tile in zip(out[readout], tiles[readout]):
                            tile = np.asarray(tile)[..., : len(r), : len(c)]
                            if symmetric and bj == bi:  # the upper triangle, mirrored
                                tile = np.triu(tile) + np.swapaxes(np.triu(tile, 1), -1, -2)
                            gram[part][..., rs, cs] = tile
                            if symmetric and bj > bi:
                                gram[part][..., cs, rs] = np.swapaxes(tile, -1, -2)
        return out


def _row_sharding(devices):
    """``spread(ndim, axis)``: a sharding that splits ``axis`` (the rows of a tile) over ``devices``
    and replicates the rest; XLA then partitions the whole sweep by rows (one device: no-op)."""
    mesh = jax.sharding.Mesh(devices, ("rows",))

    def spread(ndim, axis):
        spec = [None] * ndim
        spec[axis] = "rows"
        return jax.sharding.NamedSharding(mesh, jax.sharding.PartitionSpec(*spec))

    return spread


def _wanted(get) -> tuple:
    wanted = (get,) if isinstance(get, str) else tuple(get)
    for g in wanted:
        if g not in KERNELS:
            raise ValueError(f"get must be 'ntk', 'ck' or a tuple of them, got {get!r}")
    return wanted


def _one_length(X: Sequences, Z: Sequences | None) -> bool:
    return X.equal_lengths and (Z is None or Z.equal_lengths)


def _oriented(X: Sequences, Z: Sequences | None, backwards: bool):
    if not backwards:
        return X, Z
    return X.reversed(), None if Z is None else Z.reversed()
