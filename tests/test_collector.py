"""The garbage collector during a build (guidegen/collector.py): paused while the guide loads, what loaded then
kept out of its passes until the next load, and switched on again in a child forked beside the build."""

from __future__ import annotations

import gc

import pytest

from guidegen import collector
from guidegen.beside import Beside


@pytest.fixture(autouse=True)
def collector_as_it_was():
    """Each test leaves the collector on and nothing frozen, as the suite runs."""
    yield
    gc.unfreeze()
    gc.enable()


class Loaded:
    """Stands for a model of the content: an object the collector tracks."""


def test_collection_waits_while_loading_and_what_loaded_is_then_frozen():
    gc.unfreeze()
    with collector.loading():
        assert not gc.isenabled()
        made = [Loaded() for _ in range(1000)]
    assert gc.isenabled()
    # Every object that existed then is out of the collector's passes, those made in the block included.
    assert gc.get_freeze_count() >= len(made)
    assert not any(obj is made[0] for obj in gc.get_objects())  # get_objects() lists the generations only


def test_a_failed_load_freezes_nothing_and_collection_goes_on():
    gc.unfreeze()
    with pytest.raises(ValueError), collector.loading():
        [Loaded() for _ in range(10)]
        raise ValueError("a mistake in the content")
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_the_next_load_hands_the_last_ones_objects_back():
    with collector.loading():
        first = Loaded()
    assert gc.get_freeze_count() > 0
    with pytest.raises(RuntimeError), collector.loading():
        # Inside the next load nothing is frozen: the last build's objects can be collected once dropped.
        assert gc.get_freeze_count() == 0
        assert any(obj is first for obj in gc.get_objects())
        raise RuntimeError("stop here")


def test_a_collector_switched_off_before_stays_off():
    gc.disable()
    with collector.loading():
        pass
    assert not gc.isenabled()


@pytest.mark.forks
def test_a_child_forked_while_collection_waits_collects_again():
    def work():
        yield "on", gc.isenabled()
        yield "frozen", gc.get_freeze_count()

    gc.unfreeze()
    with collector.loading():
        Loaded()
        job = Beside(work)
        assert job.forked
        results = job.wait()
    assert results["on"] is True and results["frozen"] > 0
