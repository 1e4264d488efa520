"""What `pip install rntk` installs: the library alone, importable with its declared dependencies, each extra
named where a module needs one; the reproduction beside it is not in the wheel."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE = ["rntk", "rntk.activations", "rntk.architectures", "rntk.approx", "rntk.baselines", "rntk.estimators", "rntk.networks",
        "rntk.normalise", "rntk.predict", "rntk.recurrent", "rntk.recursion", "rntk.sequences", "rntk.storage",
        "rntk.tiling"]
EXTRAS = {"rntk.aeon_estimators": "aeon", "rntk.trained": "train", "rntk.distributed": "distributed"}
# what the wheel does not declare (the extras' packages and the reproduction's): importing them fails
NOT_DECLARED = ["reproduction", "aeon", "optax", "dask", "distributed", "zarr", "pandas", "matplotlib"]

CHECK = """
import importlib, sys
blocked = set(sys.argv[1].split(","))

class Absent:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in blocked:
            raise ImportError(f"No module named {name!r} (not declared)")

sys.meta_path.insert(0, Absent())
for name in sys.argv[2].split(","):
    module = importlib.import_module(name)
    assert module.__file__.startswith(sys.argv[4]), (name, module.__file__)
for item in sys.argv[3].split(","):
    name, extra = item.split(":")
    try:
        importlib.import_module(name)
    except ImportError as error:
        assert f"pip install 'rntk[{extra}]'" in str(error), (name, str(error))
    else:
        raise AssertionError(f"{name} imported without its extra {extra}")
print("ok")
"""


def test_the_wheel_holds_the_library_only_and_imports_with_its_declared_dependencies(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(tmp_path / "wheel"), str(ROOT)], check=True, cwd=tmp_path)
    (wheel,) = (tmp_path / "wheel").glob("rntk-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        z.extractall(tmp_path / "site")
    packages = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert packages == {"rntk"}
    assert {f"{m.replace('.', '/')}.py" for m in CORE + list(EXTRAS) if m != "rntk"} <= set(names)
    site = str(tmp_path / "site")
    out = subprocess.run([sys.executable, "-c", CHECK, ",".join(NOT_DECLARED), ",".join(CORE),
                          ",".join(f"{m}:{e}" for m, e in EXTRAS.items()), site],
                         env={"PYTHONPATH": site, "PATH": "/usr/bin:/bin", "JAX_PLATFORMS": "cpu"},
                         cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-2000:]
