"""The layering (book: "How the code is organised"): the library ``rntk`` imports nothing of the
reproduction beside it; within each package no module imports a module of a higher layer, and there is
no import cycle, within a layer either."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = [
    {"storage", "sequences", "activations", "architectures"},  # 0: files, inputs, dual activations, architectures
    {"recursion", "tiling", "recurrent", "baselines", "networks", "normalise", "trained"},  # 1: kernels, networks
    {"estimators", "aeon_estimators", "predict", "approx", "distributed"},  # 2: built on kernels
]
REPRODUCTION = [
    {"cache", "metrics", "claims"},  # 0: storage of units, summaries, the registry
    {"data", "ledger"},  # 1: the papers' data, the ledger of verdicts
    {"timing", "verdicts"},  # 2: built on them
    {"experiments"},  # 3: one module per experiment
]
PACKAGES = {"rntk": LIBRARY, "reproduction": REPRODUCTION}


def _module(package: str, path: Path) -> str:
    parts = path.relative_to(ROOT / package).with_suffix("").parts
    return ".".join(p for p in parts if p not in ("__init__", "__main__")) or package


def _imports(package: str) -> dict:
    """``{module: {(package, module) it imports}}`` over every file of ``package`` (top level and in
    functions), for imports of either package."""
    found = {}
    for path in (ROOT / package).rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ImportFrom) or not node.module:
                continue
            top, _, rest = node.module.partition(".")
            if top not in PACKAGES:
                continue
            if rest:
                names.add((top, rest))
            names.update((top, f"{rest}.{a.name}" if rest else a.name) for a in node.names
                         if (ROOT / top / rest.replace(".", "/") / f"{a.name}.py").exists())
        found[_module(package, path)] = names
    return found


def _layer(package: str, module: str) -> int:
    top = module.split(".")[0]
    return next(i for i, layer in enumerate(PACKAGES[package]) if top in layer)


def test_the_library_never_imports_the_reproduction():
    for module, imported in _imports("rntk").items():
        assert not [m for p, m in imported if p == "reproduction"], f"rntk.{module} imports the reproduction"
    assert ("rntk", "recurrent") in _imports("reproduction")["experiments.ucr"]  # the test sees imports of rntk


def test_every_module_has_a_layer_and_imports_none_above_it():
    for package in PACKAGES:
        for module, imported in _imports(package).items():
            if module == package:
                continue
            for other_package, other in imported:
                if other_package != package:
                    continue
                assert _layer(package, other) <= _layer(package, module), \
                    f"{package}.{module} (layer {_layer(package, module)}) imports {package}.{other}"


def test_no_import_cycles():
    for package in PACKAGES:
        found = _imports(package)
        graph = {m: {i for p, i in imported if p == package and i in found} for m, imported in found.items()}
        state = {}

        def visit(node, path):
            if state.get(node) == "open":
                raise AssertionError(f"import cycle in {package}: " + " -> ".join(path + [node]))
            if state.get(node) == "done":
                return
            state[node] = "open"
            for nxt in graph.get(node, ()):
                visit(nxt, path + [node])
            state[node] = "done"

        for m in graph:
            visit(m, [])
    assert "experiments.ucr_networks" in {i for p, i in _imports("reproduction")["experiments.ucr"]}


def test_a_ucr_run_reads_in_one_direction():
    """The UCR experiment's modules, in the order a unit passes through them (book: "How the code is
    organised"): each imports only modules before it, so a run never re-enters one it has left."""
    order = [{"ucr_protocol"}, {"ucr_networks"}, {"ucr"},
             {"ucr_seeds", "ucr_architectures", "ucr_training", "ucr_verdicts"}, {"ucr_classifiers"}]
    place = {m: i for i, group in enumerate(order) for m in group}
    found = _imports("reproduction")
    assert {m.removeprefix("experiments.") for m in found if m.startswith("experiments.ucr")} == set(place)
    for module, step in place.items():
        imported = {i.removeprefix("experiments.") for p, i in found[f"experiments.{module}"] if p == "reproduction"}
        later = {m for m in imported & set(place) if place[m] >= step and m != module}
        assert not later, f"experiments.{module} imports {sorted(later)}, which a run reaches after it"
