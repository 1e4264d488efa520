"""The Gram spread over several devices equals the single-device one (4 forced CPU devices)."""

import subprocess
import sys
import textwrap


def test_four_cpu_devices_give_the_single_device_gram():
    script = textwrap.dedent("""
        import os
        os.environ["XLA_FLAGS"] = "--xla_force_host_platform_device_count=4"
        import jax
        import numpy as np
        from rntk import RecurrentKernel
        assert len(jax.devices()) == 4, jax.devices()
        rng = np.random.default_rng(0)
        X = [rng.standard_normal((t, 2)) for t in rng.integers(2, 9, 37)]
        Z = [rng.standard_normal((t, 2)) for t in rng.integers(2, 9, 11)]
        for arch in ("rnn", "avg-shared"):
            kw = dict(depth=2, sigma_w=1.3, sigma_b=0.2, sigma_h=0.4, architecture=arch, block_size=16)
            many = RecurrentKernel(**kw)
            one = RecurrentKernel(**kw, devices=jax.devices()[:1])
            for args in ((X,), (X, Z)):
                a, b = many(*args), one(*args)
                assert np.max(np.abs(a - b) / np.abs(b)) < 1e-12, np.max(np.abs(a - b) / np.abs(b))
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0 and out.stdout.strip().endswith("ok"), out.stderr[-3000:]
