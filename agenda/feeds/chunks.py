"""Feed bodies as ~1 MB chunks that are built once and then sent as they are.

A cached VEVENT is a `Slice` of the chunk it was last assembled into, not a bytes object of its own, so a
feed's bytes exist once. Assembling a feed walks its VEVENTs in order: a run of slices that covers a whole
existing chunk reuses that chunk unchanged (no copy); anything else (new VEVENTs, reordered or partial runs)
is copied into new chunks, and the cache entries are pointed at the new copy so the old chunk can be freed.
After one event changes, only the chunks around its sessions are copied; an unchanged feed is sent by handing
the server the same chunk objects again (no copy at all).
"""
from collections.abc import Hashable

from .cache import SizedLRU


class Slice:
    """`chunk[start:end]`, without copying."""

    __slots__ = ("chunk", "end", "start")

    def __init__(self, chunk: bytes, start: int, end: int):
        self.chunk, self.start, self.end = chunk, start, end

    def __len__(self) -> int:
        return self.end - self.start

    def view(self) -> memoryview:
        return memoryview(self.chunk)[self.start:self.end]

    def tobytes(self) -> bytes:
        return self.chunk[self.start:self.end]


def assemble(entries: list, keys: list[Hashable], cache: SizedLRU, chunk_size: int) -> list[bytes]:
    """The chunks of a body made of `entries` (bytes or Slice, in order; consumed: set to None as used).

    Every entry ends up cached under its key as a Slice of one of the returned chunks.
    """
    segments: list[bytes] = []
    pending: list[tuple[Hashable, bytes | memoryview]] = []
    filled = 0

    def flush() -> None:
        nonlocal pending, filled
        if not pending:
            return
        chunk = b"".join(piece for _key, piece in pending)
        offset = 0
        for key, piece in pending:
            end = offset + len(piece)
            cache.put(key, Slice(chunk, offset, end))
            offset = end
        segments.append(chunk)
        pending, filled = [], 0

    index, count = 0, len(entries)
    while index < count:
        entry = entries[index]
        if type(entry) is Slice and entry.start == 0:
            chunk, position, run_end = entry.chunk, 0, index
            while run_end < count:
                item = entries[run_end]
                if type(item) is not Slice or item.chunk is not chunk or item.start != position:
                    break
                position = item.end
                run_end += 1
            if position == len(chunk):  # the whole chunk, in order: send it again as it is
                flush()
                segments.append(chunk)
                for used in range(index, run_end):
                    entries[used] = None
                index = run_end
                continue
        piece = entry.view() if type(entry) is Slice else entry
        pending.append((keys[index], piece))
        entries[index] = None
        filled += len(piece)
        index += 1
        if filled >= chunk_size:
            flush()
    flush()
    return segments
