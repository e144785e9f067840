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
import os
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from ..catalog.models import Organization
from ..events.models import Event, EventSession, Theme
from ..timeutil import utcnow
from .cache import SizedLRU
from .changes import latest_change
from .chunks import assemble
from .ical import CALENDAR_END, FeedContext, calendar_header, meeting_url_for, vevent_bytes
from .selection import FeedSpec

FORMAT_VERSION = 3  # bump when the serialised content changes shape, so no old bytes are served
CHUNK_BYTES = 1024 * 1024
VERSION_TTL = 300.0  # seconds a memoised version is trusted without re-aggregating (raw-SQL writes, safety)
DEFAULT_CACHE_MB = 128  # per cache, per process; the full public feed of 10,000 events is about 55 MB
LOAD_BATCH = 400  # events loaded (with sessions, bodies, themes) per query round
EPOCH = datetime(2019, 1, 1)


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

    def chunks(self) -> Iterator[bytes]:
        yield self.header
        yield from self.segments
        yield CALENDAR_END


class _Caches:
    """The per-process caches, sized on first use from AGENDA_FEED_CACHE_MB (default 128 MB each)."""

    def __init__(self):
        self.vevents: SizedLRU | None = None
        self.manifests: SizedLRU | None = None
        self.versions: SizedLRU | None = None
        self.latest: SizedLRU | None = None

    def ensure(self) -> "_Caches":
        if self.vevents is None:
            megabytes = int(current_app.config.get("AGENDA_FEED_CACHE_MB")
                            or os.environ.get("AGENDA_FEED_CACHE_MB", DEFAULT_CACHE_MB))
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
    material = (FORMAT_VERSION, ctx, spec.key, tuple(row), catalog, spec.extra_version,
                tuple(sorted(spec.meeting_event_ids)), spec.name, spec.description, day)
    etag = hashlib.sha256(repr(material).encode()).hexdigest()[:40]
    # Last-Modified also counts the latest write anywhere and the start of the day: a deleted session or one
    # that left the window moves no timestamp of the feed's own rows, and If-Modified-Since must not say 304
    # then. (It may say 200 when nothing of this feed changed; If-None-Match, which clients send, stays exact.)
    stamps = [stamp for stamp in (row[1], row[2], catalog[1], change[1], day, *spec.timestamps) if stamp is not None]
    version = FeedVersion(etag=etag, last_modified=max(stamps, default=EPOCH), sessions=int(row[0] or 0),
                          catalog=catalog, day=day)
    memo.put(memo_key, (version, time.monotonic()))
    return version


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
