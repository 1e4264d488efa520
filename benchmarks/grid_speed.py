"""Grams of a hyperparameter grid from one batched pass against one call per setting, in one run.

    python benchmarks/grid_speed.py [--n 300] [--steps 150] [--settings 900]

The grid is the first paper's UCR grid for the RNTK (reproduction.experiments.ucr.PAPER_GRID: 15 sigma_w x
12 sigma_b x 5 sigma_h = 900 settings), or its first ``--settings`` settings; the data are N random
unit-norm sequences of T steps (a mid-sized UCR training split). Prints both times, the ratio
(target >= 5x on a 2-core CPU) and the largest relative difference between the two.
"""

import argparse
import time

import jax
import numpy as np

from reproduction.experiments.ucr_protocol import PAPER_GRID
from reproduction.timing import random_sequences
from rntk import RecurrentKernel


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--steps", type=int, default=150)
    parser.add_argument("--settings", type=int, default=900)
    args = parser.parse_args()
    X = random_sequences(args.n, args.steps)
    X = X / np.linalg.norm(X.reshape(args.n, -1), axis=1)[:, None, None]
    k = RecurrentKernel()
    axes = dict(sigma_w=PAPER_GRID.sigma_w, sigma_u=PAPER_GRID.sigma_u, sigma_b=PAPER_GRID.sigma_b,
                sigma_h=PAPER_GRID.sigma_h)
    settings = k.grid_settings(**axes)[: args.settings]
    chunk = len(settings) // len(PAPER_GRID.sigma_w) or len(settings)  # sigma_w outermost: one chunk per value
    print(f"device: {jax.devices()[0].device_kind} ({jax.default_backend()}), N={args.n}, T={args.steps}, "
          f"{len(settings)} settings, L=1, ReLU, NTK")

    def batched():
        return np.concatenate([k.grid(X, **dict(axes, sigma_w=[sw])) for sw in PAPER_GRID.sigma_w])[: len(settings)]

    def separate():
        return np.stack([RecurrentKernel(**p)(X) for p in settings])

    RecurrentKernel(**settings[0])(X), k.grid(X, **dict(axes, sigma_w=[settings[0]["sigma_w"]]))  # compile both
    start = time.perf_counter()
    grid = batched()
    t_grid = time.perf_counter() - start
    start = time.perf_counter()
    one_by_one = separate()
    t_separate = time.perf_counter() - start
    gap = np.max(np.abs(grid - one_by_one) / np.abs(one_by_one).max(axis=(1, 2), keepdims=True))
    print(f"one call per setting      {t_separate:8.2f} s   ({t_separate / len(settings) * 1e3:6.1f} ms a setting)")
    print(f"RecurrentKernel.grid      {t_grid:8.2f} s   ({t_grid / len(settings) * 1e3:6.1f} ms a setting, "
          f"{chunk} settings a pass)")
    print(f"speed-up {t_separate / t_grid:5.2f}x (target >= 5x); max relative difference {gap:.1e}")


if __name__ == "__main__":
    main()
