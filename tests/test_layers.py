"""The package's layering (book: "How the code is organised"): no module imports a module of a higher
layer, and no import cycle, within a layer either."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "rntk"
LAYERS = [
    {"cache", "sequences", "activations", "metrics", "claims"},  # 0: storage, inputs, dual activations, summaries
    {"data", "recursion", "tiling", "recurrent", "baselines", "networks", "normalise", "ledger", "trained"},  # 1: kernels, networks, data
    {"estimators", "aeon_estimators", "predict", "approx", "distributed", "timing", "verdicts"},  # 2: built on kernels
    {"experiments"},  # 3: one module per experiment
]


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(p for p in parts if p != "__init__") or "rntk"


def _imports() -> dict:
    """``{module: {rntk modules it imports}}`` over every file of the package (top level and in functions)."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("rntk."):
                names.add(node.module.removeprefix("rntk."))
                names.update(f"{node.module.removeprefix('rntk.')}.{a.name}" for a in node.names
                             if (PACKAGE / node.module.removeprefix("rntk.").replace(".", "/") / f"{a.name}.py").exists())
            elif isinstance(node, ast.ImportFrom) and node.module == "rntk.experiments":
                names.update(f"experiments.{a.name}" for a in node.names)
        found[_module(path)] = names
    return found


def _layer(module: str) -> int:
    top = module.split(".")[0]
    return next(i for i, layer in enumerate(LAYERS) if top in layer)


def test_every_module_has_a_layer_and_imports_none_above_it():
    for module, imported in _imports().items():
        if module == "rntk":
            continue
        for other in imported:
            assert _layer(other) <= _layer(module), f"rntk.{module} (layer {_layer(module)}) imports rntk.{other}"


def test_no_import_cycles():
    found = _imports()
    graph = {m: {i for i in imported if i in found} for m, imported in found.items()}
    assert "experiments.ucr_networks" in graph["experiments.ucr"]  # the graph sees imports between modules
    state = {}

    def visit(node, path):
        if state.get(node) == "open":
            raise AssertionError("import cycle: " + " -> ".join(path + [node]))
        if state.get(node) == "done":
            return
        state[node] = "open"
        for nxt in graph.get(node, ()):
            visit(nxt, path + [node])
        state[node] = "done"

    for m in graph:
        visit(m, [])
