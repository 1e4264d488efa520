"""Speed of the RNTK Gram against a NumPy baseline and the arccos floor, in one run.

    python benchmarks/kernel_speed.py [--n 1000] [--steps 20] [--large]

Prints the time of the project's Gram (NTK, L = 1, ReLU, m = 1), of the papers'
all-pairs algorithm in plain NumPy (reproduction.timing.numpy_all_pairs_ntk), of one
np.arccos over N*N*T values, the ratios, and a ragged batch (lengths 10-100)
against equal lengths T = 100, and a self-Gram (N = 4000; the tiles on and above the diagonal,
mirrored) against the cross Gram k(X, X), which computes every tile. ``--large`` adds N = 10,000, T = 100 (for a GPU).
"""

import argparse

import jax
import numpy as np

from reproduction.timing import arccos_floor, best_time, gram_time, numpy_all_pairs_ntk, random_sequences
from rntk import RecurrentKernel


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--large", action="store_true", help="also N=10,000, T=100")
    args = parser.parse_args()
    n, steps, repeat = args.n, args.steps, args.repeat
    print(f"device: {jax.devices()[0].device_kind} ({jax.default_backend()}), N={n}, T={steps}, L=1, ReLU, NTK")

    X = random_sequences(n, steps)
    ours = gram_time(n, steps, repeat=repeat)
    baseline = best_time(lambda: numpy_all_pairs_ntk(X, sigma_w=np.sqrt(2.0)), repeat=max(1, repeat // 2))
    floor = arccos_floor(n, steps, repeat=repeat)
    off = ~np.eye(n, dtype=bool)
    gap = np.max(np.abs(RecurrentKernel(sigma_w=np.sqrt(2.0))(X) - numpy_all_pairs_ntk(X, sigma_w=np.sqrt(2.0)))[off])
    print(f"rntk Gram                 {ours * 1e3:9.1f} ms")
    print(f"NumPy all-pairs baseline  {baseline * 1e3:9.1f} ms   speed-up {baseline / ours:5.1f}x (target >= 5x)")
    print(f"np.arccos floor (N*N*T)   {floor * 1e3:9.1f} ms   rntk / floor {ours / floor:5.2f} (target <= 3)")
    print(f"max |rntk - baseline| off the diagonal: {gap:.2e}")

    ragged = gram_time(n, (10, 100), repeat=max(1, repeat // 2))
    equal = gram_time(n, 100, repeat=max(1, repeat // 2))
    print(f"ragged lengths 10-100     {ragged * 1e3:9.1f} ms   equal T=100 {equal * 1e3:9.1f} ms   "
          f"ratio {ragged / equal:4.2f} (target <= 2)")
    X = random_sequences(4000, steps)
    k = RecurrentKernel(sigma_w=np.sqrt(2.0))
    k(X[:8]), k(X[:8], X[:8])
    half = best_time(lambda: k(X), repeat=max(1, repeat // 2))
    full = best_time(lambda: k(X, X), repeat=max(1, repeat // 2))
    print(f"self-Gram N=4000          {half * 1e3:9.1f} ms   every tile (k(X, X)) {full * 1e3:9.1f} ms   "
          f"speed-up {full / half:4.2f}x (tiles on and above the diagonal only)")
    if args.large:
        large = gram_time(10_000, 100, repeat=max(1, repeat // 2))
        print(f"N=10,000, T=100           {large:9.3f} s")


if __name__ == "__main__":
    main()
