"""A runner killed in the middle of a unit leaves no cache file behind (at most its finished parts), and
the rerun gives the result of an uninterrupted run."""

import json
import os
import signal
import subprocess
import sys
import time

SCRIPT = """
import json, sys
from pathlib import Path
from rntk.experiments import ucr, ucr_protocol

compute = ucr.run_kernel_method

def announced(*args, **kwargs):
    print("computing", flush=True)
    return compute(*args, **kwargs)

ucr.run_kernel_method = announced
r = ucr.cached_method("SmoothSubspace", "RNTK", ucr_protocol.QUICK_GRID, directory=Path(sys.argv[1]), n_jobs=1)
print(json.dumps({k: v for k, v in r.items() if k != "seconds"}, sort_keys=True), flush=True)
"""


def _start(directory):
    return subprocess.Popen([sys.executable, "-c", SCRIPT, str(directory)], stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ, RNTK_RECOMPUTE=""))


def _finish(directory):
    out = _start(directory).communicate(timeout=300)[0].splitlines()
    return out[-1]


def test_sigkill_leaves_no_partial_cache_and_the_rerun_completes(tmp_path):
    killed = tmp_path / "killed"
    process = _start(killed)
    assert process.stdout.readline().strip() == "computing"
    time.sleep(0.5)  # inside the unit: compiling the kernel, fitting SVMs
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    units = [p for p in killed.rglob("*.json") if not p.parent.name.endswith(".partial")]
    assert not units, "a killed unit must leave no cache file (only finished parts, which a rerun resumes from)"

    rerun = _finish(killed)
    stored = json.loads((killed / "SmoothSubspace" / "RNTK.json").read_text())["result"]
    assert json.loads(rerun)["accuracy"] == stored["accuracy"]
    assert rerun == _finish(tmp_path / "uninterrupted")
