"""Gram time against the number of JAX devices its tiles' rows are spread over.

    python benchmarks/devices_scaling.py [--n 2000] [--steps 50] [--devices 1 2 4]

On a GPU machine the devices are the GPUs (one process, ``devices=jax.devices()[:k]``). On a CPU,
each count runs in a fresh process with ``XLA_FLAGS=--xla_force_host_platform_device_count=k``
(the devices then share the machine's cores, so this shows the overhead of the sharded code path
rather than a speed-up). Prints seconds per Gram and the speed-up over one device.
"""

import argparse
import json
import os
import subprocess
import sys

WORKER = """
import json, sys, jax, numpy as np
from rntk import RecurrentKernel
from reproduction.timing import best_time
n, steps, k = map(int, sys.argv[1:4])
X = np.random.default_rng(0).standard_normal((n, steps))
kernel = RecurrentKernel(sigma_w=np.sqrt(2), devices=jax.devices()[:k])
print(json.dumps({"devices": k, "platform": jax.default_backend(), "seconds": best_time(lambda: kernel(X), repeat=3)}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--devices", type=int, nargs="*", default=[1, 2, 4])
    args = parser.parse_args()
    import jax

    gpu = jax.default_backend() != "cpu"
    rows = []
    for k in args.devices:
        env = dict(os.environ)
        if not gpu:
            env["XLA_FLAGS"] = f"--xla_force_host_platform_device_count={k}"
        out = subprocess.run([sys.executable, "-c", WORKER, str(args.n), str(args.steps), str(k)], env=env,
                             capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    base = rows[0]["seconds"]
    print(f"N={args.n}, T={args.steps}, L=1, ReLU NTK on {rows[0]['platform']}")
    for r in rows:
        print(f"{r['devices']:3d} device(s): {r['seconds']:8.3f} s   speed-up {base / r['seconds']:5.2f}x")


if __name__ == "__main__":
    main()
