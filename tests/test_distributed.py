"""rntk.distributed on a real local cluster: two worker processes, one of them killed mid-Gram."""

import json
import os
import signal
import sys
import threading
import time

import cloudpickle
import numpy as np
import pytest
from distributed import Client, LocalCluster, futures_of

from reproduction.cache import cached_json
from rntk import RecurrentKernel
from rntk.distributed import gram, run_units

cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import this test module

RNG = np.random.default_rng(0)
X = [RNG.standard_normal((RNG.integers(3, 12), 2)) for _ in range(40)]
Z = [RNG.standard_normal((RNG.integers(3, 12), 2)) for _ in range(13)]
KERNEL = RecurrentKernel(depth=2, sigma_w=1.3, sigma_b=0.2, sigma_h=0.5)


class SlowKernel(RecurrentKernel):
    """The same kernel, a tenth of a second slower a tile, so that a worker can be killed mid-Gram."""

    def __call__(self, X, Z=None, get="ntk"):
        time.sleep(0.1)
        return super().__call__(X, Z, get)


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        with Client(cluster) as c:
            yield c


def _relative(a, b):
    return np.abs(np.asarray(a) - b).max() / np.abs(b).max()


@pytest.mark.parametrize("get", ["ntk", "ck"])
def test_in_process_gram_equals_the_kernel(get):
    assert _relative(gram(KERNEL, X, get=get, block_size=16).compute(), KERNEL(X, get=get)) < 1e-12
    assert _relative(gram(KERNEL, X, Z, get=get, block_size=7).compute(), KERNEL(X, Z, get=get)) < 1e-12


def test_cluster_gram_equals_the_in_process_one(client):
    g = gram(KERNEL, X, client=client, block_size=8)
    assert futures_of(g), "the Gram is persisted on the cluster"
    assert _relative(g.compute(), gram(KERNEL, X, block_size=8).compute()) < 1e-12
    assert _relative(gram(KERNEL, X, Z, client=client, block_size=8).compute(), KERNEL(X, Z)) < 1e-12


def test_a_worker_killed_mid_gram_loses_and_duplicates_no_tile(client, tmp_path):
    slow = SlowKernel(depth=2, sigma_w=1.3, sigma_b=0.2, sigma_h=0.5)
    g = gram(slow, X, client=client, block_size=4)  # 55 tiles of 0.1 s on two workers
    futures = futures_of(g)
    while sum(f.done() for f in futures) < 5:
        time.sleep(0.05)
    pids = client.run(os.getpid)
    os.kill(next(iter(pids.values())), signal.SIGKILL)
    done_at_kill = sum(f.done() for f in futures)
    assert done_at_kill < len(futures), "the worker died before the Gram was complete"
    assert _relative(g.compute(), KERNEL(X)) < 1e-12


def test_out_of_core_gram_on_the_cluster(client, tmp_path):
    store = tmp_path / "gram.zarr"
    g = gram(KERNEL, X, Z, client=client, block_size=8, store=store)
    assert store.is_dir() and g.chunks == ((8,) * 5, (8, 5))
    assert _relative(g.compute(), KERNEL(X, Z)) < 1e-12
    assert [p.name for p in tmp_path.iterdir()] == ["gram.zarr"], "no partial store left behind"
    with pytest.raises(FileExistsError, match="exists"):
        gram(KERNEL, X, store=store)


def test_bad_input_fails_before_any_work_is_sent(client):
    tasks = client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks))
    bad = X[:3] + [np.array([[0.0, np.nan]])]
    with pytest.raises(ValueError, match=r"X\[3\] contains NaN"):
        gram(KERNEL, bad, client=client)
    with pytest.raises(ValueError, match="features per step"):
        gram(KERNEL, X, [np.ones((4, 3))], client=client)
    with pytest.raises(ValueError, match="get must be"):
        gram(KERNEL, X, get="cntk", client=client)
    with pytest.raises(TypeError, match="RecurrentKernel"):
        gram(lambda a, b: a, X, client=client)
    assert client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)) <= tasks


def _unit(directory, name):
    """An experiment unit as the runners have them: computes, caches atomically, returns its result."""
    return cached_json(os.path.join(directory, f"{name}.json"), lambda: {"name": name, "gram": KERNEL(X[:5]).tolist()},
                       params={"name": name})


def test_units_are_keyword_arguments():
    assert list(run_units(lambda name, size=1: (name, size), [dict(name="a"), dict(size=2, name="b")])) == [("a", 1), ("b", 2)]
    with pytest.raises(TypeError, match="each unit is a dict of keyword arguments"):
        list(run_units(_unit, [("somewhere", "a")]))


def test_units_on_the_cluster_land_in_the_same_caches(client, tmp_path):
    units = [dict(directory=str(tmp_path / "cluster"), name=n) for n in "abcd"]
    got = sorted(run_units(_unit, units, scheduler=client.scheduler.address), key=lambda r: r["name"])
    serial = list(run_units(_unit, [dict(directory=str(tmp_path / "serial"), name=n) for n in "abcd"]))
    assert got == serial
    for n in "abcd":
        a = json.loads((tmp_path / "cluster" / f"{n}.json").read_text())
        assert a == json.loads((tmp_path / "serial" / f"{n}.json").read_text())


def test_dask_gram_refuses_ragged_input_for_per_step_readouts_before_building_the_graph():
    from rntk.distributed import gram

    with pytest.raises(ValueError, match="needs sequences of one length"):
        gram(RecurrentKernel(architecture="avg"), [np.ones(3), np.ones(5)])


def test_a_store_is_claimed_before_any_tile_so_a_second_run_fails_at_once(tmp_path):
    from rntk.distributed import gram

    X = np.random.default_rng(0).standard_normal((60, 40))
    store = tmp_path / "gram.zarr"
    first = {}
    thread = threading.Thread(target=lambda: first.setdefault("G", gram(RecurrentKernel(), X, block_size=10,
                                                                         store=store)))
    thread.start()
    while not (tmp_path / "gram.zarr.partial" / "gram.json").exists() and thread.is_alive():
        pass
    with pytest.raises(FileExistsError, match="another run is writing it"):
        gram(RecurrentKernel(), X, block_size=10, store=store)
    thread.join()
    np.testing.assert_allclose(np.asarray(first["G"]), RecurrentKernel()(X), rtol=1e-12)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gram.zarr"]  # nothing half-written beside it


def test_a_failed_store_keeps_its_finished_tiles_and_the_next_call_computes_only_the_others(tmp_path, monkeypatch):
    import dask

    from rntk import distributed

    X = np.random.default_rng(1).standard_normal((40, 12))
    store, written = tmp_path / "g.zarr", []
    real = distributed._write_tile

    def failing(*args):
        if len(written) == 4:
            raise RuntimeError("worker lost")
        written.append(args[5])
        real(*args)

    monkeypatch.setattr(distributed, "_write_tile", failing)
    with pytest.raises(RuntimeError, match="worker lost"), dask.config.set(scheduler="synchronous"):
        distributed.gram(RecurrentKernel(), X, block_size=10, store=store)  # one tile at a time: four written
    kept = {p.name for p in (tmp_path / "g.zarr.partial" / "done").iterdir()}
    assert len(kept) == 4 and not store.exists()
    with pytest.raises(FileExistsError, match="holds the tiles of another Gram"):
        distributed.gram(RecurrentKernel(sigma_w=1.2), X, block_size=10, store=store)
    resumed = []
    monkeypatch.setattr(distributed, "_write_tile", lambda *args: resumed.append(args[5]) or real(*args))
    with dask.config.set(scheduler="threads"):  # in this process (a Client of another test may be the default)
        G = distributed.gram(RecurrentKernel(), X, block_size=10, store=store)
    assert len(resumed) == 10 - 4 and not {f"{i}-{j}" for i, j in resumed} & kept  # 10 tiles on and above the diagonal
    np.testing.assert_allclose(np.asarray(G), RecurrentKernel()(X), rtol=1e-12)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.zarr"]


def test_a_stored_gram_needs_a_named_activation_and_takes_nngp(tmp_path):
    with pytest.raises(ValueError, match="its activation must be known by name"):
        gram(RecurrentKernel(activation=lambda u: u * u), X[:4], store=tmp_path / "g.zarr", block_size=2)
    assert not list(tmp_path.iterdir())
    np.testing.assert_allclose(np.asarray(gram(KERNEL, X[:5], get="nngp")), KERNEL(X[:5], get="ck"), rtol=1e-12)
