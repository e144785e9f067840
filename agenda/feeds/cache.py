"""A small thread-safe LRU bounded by total size, for serialised VEVENTs and feed manifests.

It is a cache, not state: every entry can be rebuilt from the database, each process has its own, and a
restart only costs one slower request. Keys carry everything the value depends on, so nothing is ever
invalidated by hand: a changed row simply asks for a different key and the old entry ages out.
"""
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class SizedLRU:
    """Keeps at most `max_size` units (bytes, as `sizeof` measures them), dropping least recently used first."""

    def __init__(self, max_size: int, sizeof: Callable[[Any], int] = len):
        self.max_size = max_size
        self._sizeof = sizeof
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return found[0]

    def get_many(self, keys: list[Hashable]) -> list[Any | None]:
        """Look up many keys under one lock (a feed asks for tens of thousands at once)."""
        results = []
        with self._lock:
            items = self._items
            for key in keys:
                found = items.get(key)
                if found is None:
                    results.append(None)
                else:
                    items.move_to_end(key)
                    results.append(found[0])
            hits = sum(1 for r in results if r is not None)
            self.hits += hits
            self.misses += len(results) - hits
        return results

    def put(self, key: Hashable, value: Any) -> None:
        size = self._sizeof(value)
        if size > self.max_size:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._size -= old[1]
            self._items[key] = (value, size)
            self._size += size
            while self._size > self.max_size and self._items:
                _key, (_value, dropped) = self._items.popitem(last=False)
                self._size -= dropped

    def pop(self, key: Hashable) -> None:
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._size -= old[1]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._size = 0
            self.hits = self.misses = 0

    @property
    def size(self) -> int:
        return self._size

    def __len__(self) -> int:
        return len(self._items)
