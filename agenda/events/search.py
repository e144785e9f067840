"""Full-text search over events, with the same meaning on PostgreSQL and SQLite.

Every word of the query must match, the last one as a prefix; accents, case and Spanish plural and verb endings
are ignored. Each event has one row in `event_search` with three texts by weight: A the title; B the summary,
session titles, people and their affiliations; C the description, bodies (organizer and co-organizers), themes,
city and venue. The row is rewritten in the same flush as the event (see `_refresh_after_flush`).

- PostgreSQL: a generated `document` tsvector ('spanish' configuration over the text and over its unaccented
  form, through the immutable `agenda_unaccent` wrapper) with a GIN index; ranked by ts_rank.
- SQLite: the texts are stored unaccented, lower-cased and stemmed (snowballstemmer's Spanish, applied to the
  query too) and an external-content FTS5 table (`unicode61 remove_diacritics 2`) follows them by triggers;
  ranked by bm25 with the same weights.
"""
import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from markupsafe import Markup
from sqlalchemy import (
    Column,
    ForeignKey,
    Integer,
    MetaData,
    Table,
    Text,
    bindparam,
    delete,
    event,
    func,
    insert,
    literal_column,
    select,
)
from sqlalchemy.orm import Session

from ..catalog.models import Organization
from ..domain_events import OrganizationChanged, ThemeChanged, subscribe
from ..extensions import db
from .models import Event, EventSession, Person, Theme, event_co_organizers, event_themes

MAX_WORDS = 8
WEIGHTS = (10.0, 4.0, 1.0)  # A (title), B, C on SQLite's bm25; PostgreSQL's ts_rank uses 1.0, 0.4, 0.2

event_search = Table(
    "event_search", db.metadata,
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("title_text", Text, nullable=False, default=""),
    Column("main_text", Text, nullable=False, default=""),
    Column("other_text", Text, nullable=False, default=""),
)
# Not in db.metadata: created by the migration, emptied by its triggers when event_search rows go.
_fts_metadata = MetaData()
event_search_fts = Table("event_search_fts", _fts_metadata, Column("rowid", Integer, primary_key=True))

_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("spanish")


def fold(text: str) -> str:
    """Lower case without accents (ñ becomes n, as PostgreSQL's unaccent does)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def query_words(q: str) -> list[str]:
    """The words of a query, folded (at most MAX_WORDS)."""
    return _WORD.findall(fold(q))[:MAX_WORDS]


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    """One word's stem, cached: the pure-Python stemmer costs ~30 µs a word and an agenda repeats its words (a
    rebuild of 100,000 events stems some 8 million words drawn from a few thousand)."""
    return _stemmer().stemWord(word)


def stem_words(words: list[str]) -> list[str]:
    return [_stem(word) for word in words]


def stem_text(text: str) -> str:
    """What SQLite indexes: the folded, stemmed words of `text`."""
    return " ".join(stem_words(_WORD.findall(fold(text))))


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


# --- Query side -------------------------------------------------------------------------------------------

def join_matches(query, q: str, session: Session):
    """`query` over Event restricted to events matching every word of `q`; None if `q` has no word."""
    words = query_words(q)
    if not words:
        return None
    if _dialect(session) == "postgresql":
        terms = [f"{word}:*" if i == len(words) - 1 else word for i, word in enumerate(words)]
        tsquery = func.to_tsquery(literal_column("'spanish'::regconfig"), func.agenda_unaccent(" & ".join(terms)))
        return query.join(event_search, event_search.c.event_id == Event.id).where(
            literal_column("event_search.document").op("@@")(tsquery))
    stems = stem_words(words)
    match = " ".join(f'"{stem}"' for stem in stems) + "*"
    return query.join(event_search_fts, event_search_fts.c.rowid == Event.id).where(
        literal_column("event_search_fts").op("MATCH")(match))


def relevance_order(session: Session, q: str):
    """ORDER BY terms putting the best matches first (for a query built by join_matches)."""
    words = query_words(q)
    if _dialect(session) == "postgresql":
        terms = [f"{word}:*" if i == len(words) - 1 else word for i, word in enumerate(words)]
        tsquery = func.to_tsquery(literal_column("'spanish'::regconfig"), func.agenda_unaccent(" & ".join(terms)))
        return (func.ts_rank(literal_column("'{0.1, 0.2, 0.4, 1.0}'::float4[]"),
                             literal_column("event_search.document"), tsquery).desc(),)
    return (func.bm25(literal_column("event_search_fts"), *WEIGHTS),)


# --- Index side -------------------------------------------------------------------------------------------

def _texts(connection, event_ids: list[int]) -> dict[int, list[list[str]]]:
    """The three weighted lists of texts of each event in `event_ids`."""
    texts = {}
    for row in connection.execute(select(Event.id, Event.title, Event.summary, Event.description,
                                         Event.venue_city, Event.venue_address, Organization.acronym,
                                         Organization.name).join(Organization, Organization.id ==
                                                                 Event.organization_id)
                                  .where(Event.id.in_(event_ids))):
        texts[row.id] = [[row.title or ""], [row.summary or ""],
                         [row.description or "", row.venue_city or "", row.venue_address or "",
                          row.acronym or "", row.name or ""]]
    for event_id, title, venue in connection.execute(select(EventSession.event_id, EventSession.title,
                                                            EventSession.venue)
                                                     .where(EventSession.event_id.in_(event_ids))):
        if event_id in texts:
            texts[event_id][1].append(title or "")
            texts[event_id][2].append(venue or "")
    for event_id, name, affiliation in connection.execute(select(Person.event_id, Person.name, Person.affiliation)
                                                          .where(Person.event_id.in_(event_ids))):
        if event_id in texts:
            texts[event_id][1].extend((name or "", affiliation or ""))
    for event_id, acronym, name in connection.execute(
            select(event_co_organizers.c.event_id, Organization.acronym, Organization.name)
            .join(Organization, Organization.id == event_co_organizers.c.organization_id)
            .where(event_co_organizers.c.event_id.in_(event_ids))):
        if event_id in texts:
            texts[event_id][2].extend((acronym or "", name or ""))
    for event_id, name in connection.execute(select(event_themes.c.event_id, Theme.name)
                                             .join(Theme, Theme.id == event_themes.c.theme_id)
                                             .where(event_themes.c.event_id.in_(event_ids))):
        if event_id in texts:
            texts[event_id][2].append(name or "")
    return texts


def refresh(connection, event_ids) -> None:
    """Rewrite the search rows of `event_ids` from the events as they are now in this transaction."""
    event_ids = sorted(set(event_ids))
    stemmed = connection.dialect.name != "postgresql"
    for start in range(0, len(event_ids), 2000):
        chunk = event_ids[start:start + 2000]
        connection.execute(delete(event_search).where(event_search.c.event_id.in_(chunk)))
        rows = []
        for event_id, parts in _texts(connection, chunk).items():
            joined = [" ".join(p for p in part if p) for part in parts]
            if stemmed:
                joined = [stem_text(text) for text in joined]
            rows.append({"event_id": event_id, "title_text": joined[0], "main_text": joined[1],
                         "other_text": joined[2]})
        if rows:
            connection.execute(insert(event_search), rows)


def refresh_organization(session: Session, organization_id: int) -> None:
    """Rewrite the search rows of the events `organization_id` organizes or co-organizes (its acronym and name
    are searched); on_organization_changed calls it in the renaming transaction."""
    session.flush()
    organized = select(Event.id).where(Event.organization_id == organization_id)
    co_organized = select(event_co_organizers.c.event_id).where(
        event_co_organizers.c.organization_id == organization_id)
    refresh(session.connection(), session.scalars(organized.union(co_organized)))


def refresh_theme(session: Session, theme_id: int) -> None:
    """Rewrite the search rows of the events tagged with `theme_id` (its name is searched); on_theme_changed
    calls it in the renaming transaction."""
    session.flush()
    refresh(session.connection(), session.scalars(select(event_themes.c.event_id)
                                                  .where(event_themes.c.theme_id == theme_id)))


@subscribe(OrganizationChanged)
def on_organization_changed(session: Session, fact: OrganizationChanged) -> None:
    """A renamed body (acronym or name): its events' search rows follow, in the renaming transaction."""
    if fact.fields & {"acronym", "name"}:
        refresh_organization(session, fact.organization_id)


@subscribe(ThemeChanged)
def on_theme_changed(session: Session, fact: ThemeChanged) -> None:
    """A theme saved (the fact does not say what changed; a rename is what matters): its events' rows follow."""
    refresh_theme(session, fact.theme_id)


def rebuild(connection) -> None:
    """Rewrite every event's search row (after bulk inserts that bypass the ORM, and in the migration)."""
    refresh(connection, list(connection.scalars(select(Event.id))))


@event.listens_for(Session, "after_flush")
def _refresh_after_flush(session: Session, _context) -> None:
    """Events whose searched text may have changed in this flush get their row rewritten, in the same
    transaction: so an edited title is found by its new word at once."""
    ids = set()
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Event):
            ids.add(obj.id)
        elif isinstance(obj, (EventSession, Person)) and obj.event_id is not None:
            ids.add(obj.event_id)
    for obj in session.deleted:
        if isinstance(obj, (EventSession, Person)) and obj.event_id is not None:
            ids.add(obj.event_id)
    ids.discard(None)
    if ids:
        refresh(session.connection(), ids)


# --- Results ----------------------------------------------------------------------------------------------

def highlight(text: str | None, q: str | None) -> Markup:
    """`text` as escaped HTML with the words matching `q` (same folding and stemming, last word as a prefix)
    inside <mark>; everything else, markup included, is shown as typed."""
    text = text or ""
    words = query_words(q or "")
    if not words:
        return Markup.escape(text)
    stems = set(stem_words(words[:-1]))
    last = stem_words(words[-1:])[0]

    def matches(word: str) -> bool:
        folded = fold(word)
        stem = stem_words([folded])[0]
        return stem in stems or folded.startswith(last) or stem.startswith(last)

    parts, position = [], 0
    for found in _WORD.finditer(text):
        if matches(found.group()):
            parts.append(Markup.escape(text[position:found.start()]))
            parts.append(Markup("<mark>%s</mark>") % found.group())
            position = found.end()
    parts.append(Markup.escape(text[position:]))
    return Markup("").join(parts)


def suggestion(session: Session, q: str, visible) -> str | None:
    """On PostgreSQL, `q` with each misspelt word replaced by the most similar word (pg_trgm) of the titles and
    people's names of events matching `visible`; None when nothing better is found (or on SQLite)."""
    if _dialect(session) != "postgresql":
        return None
    words = query_words(q)
    better, changed = [], False
    for word in words:
        candidate = None
        if len(word) >= 4:
            w = bindparam("w", word)
            titles = (select(func.agenda_unaccent(func.lower(Event.title)).label("text"))
                      .where(visible, w.op("<%")(func.agenda_unaccent(func.lower(Event.title))))
                      .limit(50))
            names = (select(func.agenda_unaccent(func.lower(Person.name)).label("text"))
                     .join(Event, Event.id == Person.event_id)
                     .where(visible, w.op("<%")(func.agenda_unaccent(func.lower(Person.name))))
                     .limit(50))
            texts = titles.union_all(names).subquery()
            split = select(func.regexp_split_to_table(texts.c.text, r"[^[:alnum:]]+").label("w")).subquery()
            similarity = func.similarity(split.c.w, w)
            candidate = session.scalar(select(split.c.w).where(func.length(split.c.w) > 2, similarity > 0.4)
                                       .order_by(similarity.desc(), split.c.w).limit(1))
        if candidate and candidate != word:
            better.append(candidate)
            changed = True
        else:
            better.append(word)
    return " ".join(better) if changed else None
