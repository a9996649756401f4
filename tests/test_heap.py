"""Long jobs keep the cyclic garbage collector off the objects they keep (igokit.engine.heap):
long-lived objects are frozen, later survivors too, garbage cycles among them are still freed
after the thaw period, and a scoped use leaves the collector as it found it. Each case runs in
a fresh interpreter: freezing the test process's heap would change every other test's
collections."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_settled_heap_freezes_what_is_alive_and_later_survivors() -> None:
    out = _run("""
        import gc
        from igokit.api import settle_heap
        settle_heap(period_s=3600)
        settle_heap(period_s=3600)  # a second call installs no second hook
        first = gc.get_freeze_count()
        kept = [[i] for i in range(50_000)]  # a cache filling while serving
        gc.collect()  # a full collection: its survivors are frozen
        print(first > 0, gc.get_freeze_count() - first >= 50_000,
              sum(type(cb).__name__ == "_HeapSettler" for cb in gc.callbacks))
    """)
    assert out == "True True 1"


def test_garbage_cycles_among_frozen_objects_are_freed_after_the_thaw() -> None:
    out = _run("""
        import gc, weakref
        from igokit.api import settle_heap

        class Node:
            pass

        a, b = Node(), Node()
        a.other, b.other = b, a  # a cycle: only the cyclic collector frees it
        ref = weakref.ref(a)
        settle_heap(period_s=3600)
        del a, b
        gc.collect()
        frozen_alive = ref() is not None  # frozen: not walked, not freed
        hook = next(cb for cb in gc.callbacks if type(cb).__name__ == "_HeapSettler")
        hook.period_s = 0  # the thaw period has passed
        gc.collect()  # this full collection's end thaws everything ...
        thawed = gc.get_freeze_count() == 0
        hook.period_s = 3600
        gc.collect()  # ... and the next one walks and frees the cycle
        print(frozen_alive, thawed, ref() is None)
    """)
    assert out == "True True True"


def test_a_serving_app_settles_its_heap_once_its_analysers_are_loaded(tmp_path: Path) -> None:
    code = f"""
        import gc
        from igokit.web.app import create_app
        for serving in (False, True):
            app = create_app(db={str(tmp_path / 'kb.sqlite')!r}, serving=serving)
            app.state.warm.result()
            print(serving, gc.get_freeze_count() > 0)
    """
    assert _run(code).split("\n") == ["False False", "True True"]


def test_a_settled_block_leaves_the_collector_as_it_found_it() -> None:
    out = _run("""
        import gc
        from igokit.api import settle_heap, settled_heap

        def hooks():
            return sum(type(cb).__name__ == "_HeapSettler" for cb in gc.callbacks)

        with settled_heap():
            inside = (gc.get_freeze_count() > 0, hooks())
            kept = [[i] for i in range(20_000)]
            gc.collect()
        after = (gc.get_freeze_count(), hooks())
        settle_heap()  # a server worker: settled for good ...
        with settled_heap():
            pass
        still = (gc.get_freeze_count() > 0, hooks())  # ... and a block inside changes nothing
        print(inside, after, still)
    """)
    assert out == "(True, 1) (0, 0) (True, 1)"
