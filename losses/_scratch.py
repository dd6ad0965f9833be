"""Scratch arrays that the blocks of one call share, one set per thread.

A kernel's full-size temporaries are a few hundred kilobytes each.  Made
afresh for every block, their first writes cost more than the arithmetic done
in them: malloc hands back memory that is cold in the cache and, where glibc
has returned it to the system between blocks, every page of it faults in
again.  So `_reduction` runs the blocks of a call inside `blocks_of_a_call`,
and a kernel asks ``scratch("below", shape)`` for a temporary: the blocks of
that call (in that thread) get the same buffer for the same name, and the
buffers are dropped when the call ends, so nothing is held between calls.
Outside such a call (a kernel run directly) it is simply a new array.

A name may be asked for once per block: a second request raises, because the
second user would overwrite the first one's values.  What a kernel returns
may live in a scratch buffer only until the block's result has been used
(written into the output, or summed), which `_reduction` does before the next
block starts.
"""

from __future__ import annotations

import contextlib
import threading

import numpy as np

_state = threading.local()


class _Buffers:
    def __init__(self):
        self.arrays: dict[tuple[str, tuple[int, ...]], np.ndarray] = {}
        self.taken: set[str] = set()


@contextlib.contextmanager
def blocks_of_a_call():
    """The scope in which one thread runs its blocks of one call; `next_block` between blocks."""
    previous = getattr(_state, "buffers", None)
    _state.buffers = _Buffers()
    try:
        yield
    finally:
        _state.buffers = previous


def next_block() -> None:
    """Every name may be asked for again: the previous block's values are no longer needed."""
    _state.buffers.taken.clear()


def scratch(name: str, shape: tuple[int, ...]) -> np.ndarray:
    """An uninitialised float64 array of ``shape``, the same one for ``name`` in every block of a call."""
    buffers = getattr(_state, "buffers", None)
    if buffers is None:
        return np.empty(shape)
    if name in buffers.taken:
        raise RuntimeError(f"the scratch array {name!r} was asked for twice in one block")
    buffers.taken.add(name)
    key = (name, tuple(shape))
    array = buffers.arrays.get(key)
    if array is None:
        array = buffers.arrays[key] = np.empty(shape)
    return array
