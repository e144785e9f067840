"""Writing a benchmark's generated agenda in a few large INSERTs (shared by agenda.py and feeds.py)."""
CHUNK = 5000  # rows per INSERT: well under PostgreSQL's 65,535 bind parameters for these tables


def insert_agenda(session, events: list[dict], sessions: list[dict], people: list[dict] = (),
                  themes: list[dict] = (), co_organizers: list[dict] = ()) -> None:
    """Insert generated rows of events and what hangs from them, then commit."""
    from sqlalchemy import insert

    from agenda.events.models import Event, EventSession, Person, event_co_organizers, event_themes

    session.execute(insert(Event), events)
    for rows, table in ((sessions, EventSession), (people, Person)):
        for start in range(0, len(rows), CHUNK):
            session.execute(insert(table), rows[start:start + CHUNK])
    for rows, table in ((themes, event_themes), (co_organizers, event_co_organizers)):
        if rows:
            session.execute(insert(table), rows)
    from agenda.events.search import rebuild

    rebuild(session.connection())  # these INSERTs bypass the ORM flush that keeps search rows in step
    session.commit()
