"""Serving feeds without rebuilding them: a version query, a per-session VEVENT cache, a streamed body.

1. `feed_version` first reads the newest row of the change log (agenda.feeds.changes, one primary-key
   look-up). While it is the same as when this feed's version was last computed (and that is less than
   VERSION_TTL old, on the same day), the memoised version is the answer: a 304, or the cached manifest's
   bytes, without any aggregate or event loading. Otherwise one aggregate query over the feed's own sessions
   (count, latest change, sum of SEQUENCEs, highest id) and the small catalog tables is hashed with the
   feed's identity into the ETag, so the ETag changes only when this feed's content does, in every process.
2. `build_manifest` reads only the (id, sequence, changed_at, updated_at...) keys of the feed's sessions,
   takes every VEVENT whose key is cached, and loads and serialises only the rest, in batches. After one event
   changes, only its sessions are serialised again.
3. The body is assembled into ~1 MB chunks (agenda.feeds.chunks): cached VEVENTs are slices of those chunks,
   so a feed's bytes exist once; unchanged chunks are reused, and an unchanged feed is streamed by handing
   the server the same chunk objects. One manifest (header + chunks) is kept per feed.

Time enters only by the day: the window ("the last N days") and the cancellation grace are counted from
00:00 UTC of the current day, so a feed's content is a function of the data and the date, and a session
leaves the feed between N and N+1 days after it ended.

Everything a VEVENT's bytes depend on is in its cache key; the one assumption is the events area's: any change
to an event's own data moves `Event.updated_at` or the session's `sequence`/`changed_at`.
"""
import hashlib
import struct
import time
import zlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, selectinload

from ..catalog.models import Organization
from ..events.models import Event, EventSession, Theme
from ..timeutil import utcnow
from .cache import SizedLRU
from .changes import latest_change
from .chunks import assemble
from .ical import CALENDAR_END, FeedContext, calendar_header, meeting_url_for, vevent_bytes
from .models import FeedModified
from .selection import FeedSpec

FORMAT_VERSION = 3  # bump when the serialised content changes shape, so no old bytes are served
CHUNK_BYTES = 1024 * 1024
VERSION_TTL = 300.0  # seconds a memoised version is trusted without re-aggregating (raw-SQL writes, safety)
DEFAULT_CACHE_MB = 128  # per cache, per process; the full public feed of 10,000 events is about 55 MB
LOAD_BATCH = 400  # events loaded (with sessions, bodies, themes) per query round
EPOCH = datetime(2019, 1, 1)
GZIP_LEVEL = 6  # zlib's default: about 11x smaller for feeds; level 1 is faster and about 30 % larger
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # RFC 1952: deflate, no name, no mtime
DEFLATE_END = b"\x03\x00"  # an empty final block ends the deflate stream


def deflate_piece(data: bytes) -> bytes:
    """`data` as raw deflate blocks ending on a byte boundary with an empty dictionary (a full flush), so
    such pieces can be concatenated into one stream and a piece can be reused wherever its bytes recur."""
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


@dataclass(frozen=True)
class FeedVersion:
    etag: str  # strong validator, without quotes
    last_modified: datetime  # naive UTC
    sessions: int  # VEVENTs in the feed
    catalog: tuple  # catalog version (part of every VEVENT cache key)
    day: datetime  # the day the window is counted from


@dataclass
class Manifest:
    """A built feed: the calendar header and the body's chunks (shared with the VEVENT cache's slices)."""

    etag: str
    header: bytes
    segments: list[bytes]
    length: int  # total bytes of the body, for Content-Length
    # id(chunk) -> (chunk, its deflate piece): compressed chunks, also carried over from the previous manifest
    # of the same feed for the chunks they share (the chunk is kept in the value so its id stays its own)
    deflated: dict = field(default_factory=dict)
    gzip: tuple | None = None  # (pieces, length) once a gzip body was asked for

    def chunks(self) -> Iterator[bytes]:
        yield self.header
        yield from self.segments
        yield CALENDAR_END

    def gzip_chunks(self) -> tuple[list[bytes], int]:
        """The body as one gzip stream (pieces, total length): each chunk compressed once, on first use."""
        if self.gzip is None:
            pieces = [GZIP_HEADER, deflate_piece(self.header)]
            crc = zlib.crc32(self.header)
            for segment in self.segments:
                found = self.deflated.get(id(segment))
                if found is None or found[0] is not segment:
                    found = self.deflated[id(segment)] = (segment, deflate_piece(segment))
                pieces.append(found[1])
                crc = zlib.crc32(segment, crc)
            crc = zlib.crc32(CALENDAR_END, crc)
            pieces += [deflate_piece(CALENDAR_END), DEFLATE_END, struct.pack("<II", crc, self.length & 0xFFFFFFFF)]
            self.gzip = (pieces, sum(len(piece) for piece in pieces))
        return self.gzip


class _Caches:
    """The per-process caches, sized on first use from AGENDA_FEED_CACHE_MB (default 128 MB each)."""

    def __init__(self):
        self.vevents: SizedLRU | None = None
        self.manifests: SizedLRU | None = None
        self.versions: SizedLRU | None = None
        self.latest: SizedLRU | None = None

    def ensure(self) -> "_Caches":
        if self.vevents is None:
            megabytes = int(current_app.config.get("AGENDA_FEED_CACHE_MB") or DEFAULT_CACHE_MB)
            self.vevents = SizedLRU(megabytes * 1024 * 1024)
            self.manifests = SizedLRU(megabytes * 1024 * 1024, sizeof=lambda m: m.length)
            self.versions = SizedLRU(20_000, sizeof=lambda _entry: 1)  # entries, not bytes
            self.latest = SizedLRU(20_000, sizeof=lambda _entry: 1)  # feed key -> etag of its manifest
        return self

    def clear(self) -> None:
        for cache in (self.vevents, self.manifests, self.versions, self.latest):
            if cache is not None:
                cache.clear()


caches = _Caches()


def _past_days() -> int:
    return int(current_app.config.get("AGENDA_FEED_PAST_DAYS", 90))


def day_of(now: datetime) -> datetime:
    """The instant the feed window is counted from: 00:00 UTC of `now`'s day."""
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def session_conditions(spec: FeedSpec, day: datetime) -> list:
    """WHERE on EventSession JOIN Event: the spec's events, never drafts, the window, cancellation grace."""
    conditions = [spec.condition, Event.status != "draft"]
    if spec.windowed:
        conditions.append(EventSession.ends_at >= day - timedelta(days=_past_days()))
    if spec.keep_cancelled_days is not None:
        cutoff = day - timedelta(days=spec.keep_cancelled_days)
        conditions.append(or_(Event.status != "cancelled",
                              func.coalesce(Event.cancelled_at, Event.updated_at) >= cutoff))
    return conditions


def catalog_version(session: Session) -> tuple:
    """Cheap fingerprint of the catalog rows VEVENTs show (body names, theme names)."""
    bodies = session.execute(select(func.count(Organization.id), func.max(Organization.updated_at))).one()
    themes = session.execute(select(Theme.id, Theme.name).order_by(Theme.id)).all()
    digest = hashlib.sha256(repr([tuple(t) for t in themes]).encode()).hexdigest()[:16]
    return (bodies[0], bodies[1], digest)


def feed_version(session: Session, spec: FeedSpec, ctx: FeedContext, now: datetime | None = None) -> FeedVersion:
    """The ETag and Last-Modified of a feed: memoised while the change log does not move, else from one
    aggregate query over the feed's sessions (no event is loaded either way)."""
    day = day_of(now or utcnow())
    change = latest_change(session)
    memo_key = (spec.key, spec.extra_version, spec.meeting_event_ids, spec.name, ctx, day, change)
    memo = caches.ensure().versions
    found = memo.get(memo_key)
    if found is not None and time.monotonic() - found[1] < VERSION_TTL:
        return found[0]
    row = session.execute(
        select(func.count(EventSession.id), func.max(EventSession.changed_at), func.max(Event.updated_at),
               func.coalesce(func.sum(EventSession.sequence), 0), func.max(EventSession.id))
        .select_from(EventSession).join(Event, Event.id == EventSession.event_id)
        .where(and_(*session_conditions(spec, day)))
    ).one()
    catalog = catalog_version(session)
    content = (FORMAT_VERSION, ctx, spec.key, tuple(row), catalog, spec.extra_version,
               tuple(sorted(spec.meeting_event_ids)), spec.name, spec.description)
    etag = hashlib.sha256(repr((*content, day)).encode()).hexdigest()[:40]
    newest = max((stamp for stamp in (row[1], row[2], catalog[1], *spec.timestamps) if stamp is not None),
                 default=EPOCH)
    fingerprint = hashlib.sha256(repr(content).encode()).hexdigest()[:40]
    modified = _modified_at(session, spec, fingerprint, newest, (change[1], day))
    version = FeedVersion(etag=etag, last_modified=modified, sessions=int(row[0] or 0), catalog=catalog, day=day)
    memo.put(memo_key, (version, time.monotonic()))
    return version


def _modified_at(session: Session, spec: FeedSpec, fingerprint: str, newest: datetime,
                 departures: tuple) -> datetime:
    """Last-Modified of a feed: the newest change among what it contains (its sessions, their events, the
    bodies shown, the personal feed's own settings), so a write elsewhere leaves it alone.

    Something that leaves a feed moves none of the timestamps it still contains, so each feed remembers
    (FeedModified) the fingerprint of its content and the Last-Modified it was given. A new fingerprint
    without a newer timestamp means something left: Last-Modified becomes the latest write or the start of
    the day (when the window moved), at least one second after the previous one. The first time a feed is
    seen those count too, as before, so no client holding an older Last-Modified gets a false 304.
    """
    feed = hashlib.sha256(repr(spec.key).encode()).hexdigest()[:40]
    newest = newest.replace(microsecond=0)
    remembered = session.get(FeedModified, feed)
    if remembered is not None and remembered.fingerprint == fingerprint:
        return remembered.modified_at
    candidates = [newest]
    if remembered is None:
        candidates += [stamp for stamp in departures if stamp is not None]
    elif newest <= remembered.modified_at:
        candidates += [stamp for stamp in departures if stamp is not None]
        candidates.append(remembered.modified_at + timedelta(seconds=1))
    modified = min(max(candidates), utcnow()).replace(microsecond=0)
    if remembered is not None and modified <= remembered.modified_at:
        modified = remembered.modified_at + timedelta(seconds=1)
    try:
        with session.begin_nested():
            if remembered is None:
                session.add(FeedModified(feed=feed, fingerprint=fingerprint, modified_at=modified))
            else:
                remembered.fingerprint, remembered.modified_at = fingerprint, modified
        session.commit()
    except IntegrityError:  # another process recorded this feed at the same moment: its answer counts
        session.rollback()
        remembered = session.get(FeedModified, feed)
        if remembered is not None:
            return remembered.modified_at
    return modified


def _load_options():
    return (selectinload(Event.sessions), joinedload(Event.organization), selectinload(Event.co_organizers),
            selectinload(Event.themes), joinedload(Event.venue_state))


def build_manifest(session: Session, spec: FeedSpec, version: FeedVersion, ctx: FeedContext) -> Manifest:
    """The feed's bytes: cached VEVENTs reused, the others loaded and serialised in batches."""
    cache = caches.ensure().vevents
    rows = session.execute(
        select(EventSession.id, EventSession.event_id, EventSession.sequence, EventSession.changed_at,
               Event.updated_at, EventSession.starts_at, EventSession.ends_at, Event.timezone)
        .select_from(EventSession).join(Event, Event.id == EventSession.event_id)
        .where(and_(*session_conditions(spec, version.day)))
        .order_by(EventSession.starts_at, EventSession.id)
    ).all()
    # One short string stands for everything shared (format, links, catalog): cheap to hash 40,000 times.
    context = hashlib.sha256(repr((FORMAT_VERSION, ctx, version.catalog)).encode()).hexdigest()[:16]
    meeting = spec.meeting_event_ids
    keys = [(context, sid, seq, changed, updated, eid in meeting)
            for sid, eid, seq, changed, updated, _start, _end, _zone in rows]
    parts: list = cache.get_many(keys)
    missing: dict[int, list[int]] = defaultdict(list)
    for index, part in enumerate(parts):
        if part is None:
            missing[rows[index][1]].append(index)
    event_ids = list(missing)
    for start in range(0, len(event_ids), LOAD_BATCH):
        batch = event_ids[start:start + LOAD_BATCH]
        events = session.scalars(select(Event).where(Event.id.in_(batch)).options(*_load_options())).unique()
        for event in events:
            by_id = {item.id: item for item in event.sessions}
            with_meeting = event.id in meeting
            for index in missing[event.id]:
                item = by_id.get(rows[index][0])
                if item is None:  # removed since the key query: leave it out
                    continue
                parts[index] = vevent_bytes(event, item, ctx, meeting_url_for(event, item) if with_meeting else None)
                keys[index] = (context, item.id, item.sequence, item.changed_at, event.updated_at, with_meeting)
        del events
    present = [index for index, part in enumerate(parts) if part is not None]
    if len(present) != len(parts):
        parts, keys = [parts[i] for i in present], [keys[i] for i in present]
    segments = assemble(parts, keys, cache, CHUNK_BYTES)
    header = calendar_header(
        spec.name, spec.description, current_app.config.get("AGENDA_TIMEZONE", "America/Mexico_City"),
        sorted({r[7] for r in rows}), min((r[5] for r in rows), default=None),
        max((r[6] for r in rows), default=None), spec.source_url)
    length = len(header) + sum(len(segment) for segment in segments) + len(CALENDAR_END)
    manifest = Manifest(etag=version.etag, header=header, segments=segments, length=length)
    previous = caches.latest.get(spec.key)
    if previous is not None and previous != version.etag:
        old = caches.manifests.get(previous)
        if old is not None:  # its compressed chunks that the new body still has are reused
            shared = {id(segment) for segment in segments}
            manifest.deflated = {key: value for key, value in old.deflated.items() if key in shared}
        caches.manifests.pop(previous)  # one manifest per feed: the old chunks can go
    caches.manifests.put(version.etag, manifest)
    caches.latest.put(spec.key, version.etag)
    return manifest


def get_manifest(session: Session, spec: FeedSpec, version: FeedVersion, ctx: FeedContext) -> Manifest:
    """The feed for `version`, from the manifest cache when nothing changed since it was last built."""
    found = caches.ensure().manifests.get(version.etag)
    if found is not None:
        return found
    return build_manifest(session, spec, version, ctx)
