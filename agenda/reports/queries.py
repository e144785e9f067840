"""The commission's figures for any date range, counted from the database instead of by hand.

Scope: published or postponed events (drafts and cancelled events do not count) with at least one session
starting in the range; the range is whole days in AGENDA_TIMEZONE (Mexico City by default), both ends
included. Within it:
- events by type; sessions in range, and "held" = those already over;
- registrations = confirmed registrations of those events; registered people = distinct e-mails;
- participants = distinct e-mails present (any check-in way) at a session in the range;
- public servants = participants whose registration says sector "gobierno", with the number of distinct
  catalog bodies (INAI, OGL...), distinct institutions as written, and distinct states they came from;
- per region, per state and per gender: distinct participants (a person who registered from two states in
  two events counts in both, so groups may add up to a little more than the total);
- reach = the organizers' views and people reached per platform, for the events in scope.
Each figure is one aggregate query (no rows loaded into Python).
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, distinct, exists, func, or_, select
from sqlalchemy.orm import Session

from ..attendance.models import Attendance, ReachRecord
from ..attendance.presence import present_clause
from ..catalog.models import Organization, Region, State
from ..domain import DomainError
from ..events.models import Event, EventSession
from ..events.queries import parse_date
from ..registration.models import Registration
from ..timeutil import to_local, to_utc, utcnow

COUNTED_STATUSES = ("published", "postponed")
# The commission's year runs November to November: its 2019-2020 report covers 22 Nov 2019 - 10 Nov 2020, up to
# the ordinary session where it was presented. A year here is 11 November to 10 November of the next year.
YEAR_STARTS = (11, 11)  # (month, day)


@dataclass
class ReportRange:
    date_from: date
    date_to: date

    def instants(self, zone: str) -> tuple[datetime, datetime]:
        """[start, end) as naive UTC: from 00:00 of the first day to 00:00 after the last, in `zone`."""
        start = to_utc(datetime.combine(self.date_from, time()), zone)
        end = to_utc(datetime.combine(self.date_to + timedelta(days=1), time()), zone)
        return start, end


@dataclass
class CommissionReport:
    period: ReportRange
    events: int = 0
    events_by_type: list[tuple[str, int]] = field(default_factory=list)  # (type code, events)
    sessions: int = 0  # sessions in range
    sessions_held: int = 0  # ... already over
    registrations: int = 0  # confirmed registrations
    registered_people: int = 0  # distinct e-mails among them
    participants: int = 0  # distinct e-mails present at least once
    public_servants: int = 0  # participants from the government sector
    public_servant_bodies: int = 0  # distinct catalog bodies among them
    public_servant_institutions: int = 0  # distinct institutions (as written) among them
    public_servant_states: int = 0  # distinct states among them
    by_region: list[tuple[str, int]] = field(default_factory=list)
    by_gender: list[tuple[str | None, int]] = field(default_factory=list)  # (gender code, participants)
    by_sector: list[tuple[str | None, int]] = field(default_factory=list)
    by_state: list[dict] = field(default_factory=list)  # code, name, participants, public_servants, events
    reach_by_platform: list[tuple[str, int, int]] = field(default_factory=list)  # platform, views, people
    reach_views: int = 0
    reach_people: int = 0
    event_ids: object = None  # the SELECT of the events in scope (figures.event_figures takes it)


def parse_range(args, today: date) -> ReportRange:
    """The period in query parameters `from`/`to` (YYYY-MM-DD; default: the twelve months up to `today`).
    Raises DomainError(invalid_parameter, 400, field) for a bad date, a reversed or a too long period."""
    date_to = parse_date(args, "to") or today
    date_from = parse_date(args, "from") or date_to - timedelta(days=364)
    if date_from > date_to:
        raise DomainError(_("La fecha inicial es posterior a la final."), "invalid_parameter", status=400,
                          field="from")
    if (date_to - date_from).days > 366 * 20:
        raise DomainError(_("Elija un periodo de veinte años como máximo."), "invalid_parameter", status=400,
                          field="from")
    return ReportRange(date_from, date_to)


def today_local() -> date:
    return to_local(utcnow(), _zone()).date()


def commission_year(day: date) -> ReportRange:
    """The commission's year (11 November to 10 November) that contains `day`."""
    begin = date(day.year, *YEAR_STARTS)
    if day < begin:
        begin = date(day.year - 1, *YEAR_STARTS)
    return ReportRange(begin, date(begin.year + 1, *YEAR_STARTS) - timedelta(days=1))


def latest_year_with_data(session: Session, zone: str, now: datetime | None = None) -> ReportRange:
    """The most recent commission year, up to the current one, with something to report: a session of a
    counted event that has attendance, or an event with reach figures. The current year when there is none.
    Two index-backed "latest row" queries, whatever the size of the tables."""
    now = now or utcnow()
    counted = Event.status.in_(COUNTED_STATUSES)
    attended = exists().where(Attendance.session_id == EventSession.id)
    reached = exists().where(ReachRecord.event_id == EventSession.event_id)
    latest = session.scalar(
        select(EventSession.starts_at).join(Event, Event.id == EventSession.event_id)
        .where(counted, EventSession.starts_at <= now, or_(attended, reached))
        .order_by(EventSession.starts_at.desc()).limit(1))
    return commission_year(to_local(latest or now, zone).date())


def _zone() -> str:
    return current_app.config.get("AGENDA_TIMEZONE", "America/Mexico_City")


def commission_report(session: Session, period: ReportRange) -> CommissionReport:
    start, end = period.instants(_zone())
    in_range = and_(EventSession.starts_at >= start, EventSession.starts_at < end)
    counted = Event.status.in_(COUNTED_STATUSES)
    event_ids = select(EventSession.event_id).join(Event, Event.id == EventSession.event_id) \
        .where(in_range, counted).distinct()
    report = CommissionReport(period=period, event_ids=event_ids)

    report.events_by_type = sorted(
        ((t, n) for t, n in session.execute(
            select(Event.type, func.count(Event.id)).where(Event.id.in_(event_ids)).group_by(Event.type))),
        key=lambda row: (-row[1], row[0]))
    report.events = sum(n for _, n in report.events_by_type)
    sessions = select(func.count(EventSession.id)).join(Event, Event.id == EventSession.event_id) \
        .where(in_range, counted)
    report.sessions = session.scalar(sessions) or 0
    report.sessions_held = session.scalar(sessions.where(EventSession.ends_at <= utcnow())) or 0

    confirmed = and_(Registration.event_id.in_(event_ids), Registration.status == "confirmed")
    report.registrations = session.scalar(select(func.count(Registration.id)).where(confirmed)) or 0
    report.registered_people = session.scalar(
        select(func.count(distinct(Registration.email))).where(confirmed)) or 0

    # Registrations present at a counted session in the range: the base of every participant figure.
    present = (select(Attendance.registration_id)
               .join(EventSession, EventSession.id == Attendance.session_id)
               .join(Event, Event.id == EventSession.event_id)
               .where(in_range, counted, present_clause()).distinct())
    attendee = Registration.id.in_(present)
    people = func.count(distinct(Registration.email))
    report.participants = session.scalar(select(people).where(attendee)) or 0

    servant = and_(attendee, Registration.sector == "gobierno")
    report.public_servants = session.scalar(select(people).where(servant)) or 0
    report.public_servant_bodies = session.scalar(
        select(func.count(distinct(Registration.organization_id))).where(servant)) or 0
    report.public_servant_institutions = session.scalar(
        select(func.count(distinct(func.lower(func.trim(Registration.institution)))))
        .where(servant, Registration.institution != "")) or 0
    report.public_servant_states = session.scalar(
        select(func.count(distinct(Registration.state_id))).where(servant)) or 0

    report.by_region = sorted(session.execute(
        select(Region.name, people).select_from(Registration)
        .join(State, State.id == Registration.state_id).join(Region, Region.id == State.region_id)
        .where(attendee).group_by(Region.name)).all(), key=lambda row: (-row[1], row[0]))
    report.by_gender = sorted(session.execute(
        select(Registration.gender, people).where(attendee).group_by(Registration.gender)).all(),
        key=lambda row: -row[1])
    report.by_sector = sorted(session.execute(
        select(Registration.sector, people).where(attendee).group_by(Registration.sector)).all(),
        key=lambda row: -row[1])
    report.by_state = _by_state(session, attendee, servant, event_ids)

    report.reach_by_platform = [tuple(row) for row in session.execute(
        select(ReachRecord.platform, func.sum(ReachRecord.views), func.sum(ReachRecord.people_reached))
        .where(ReachRecord.event_id.in_(event_ids)).group_by(ReachRecord.platform)
        .order_by(func.sum(ReachRecord.views).desc()))]
    report.reach_views = sum(int(views or 0) for _, views, _ in report.reach_by_platform)
    report.reach_people = sum(int(reached or 0) for _, _, reached in report.reach_by_platform)
    return report


def _by_state(session: Session, attendee, servant, event_ids) -> list[dict]:
    people = func.count(distinct(Registration.email))
    participants = dict(session.execute(
        select(Registration.state_id, people).where(attendee).group_by(Registration.state_id)).all())
    servants = dict(session.execute(
        select(Registration.state_id, people).where(servant).group_by(Registration.state_id)).all())
    organized = dict(session.execute(
        select(Organization.state_id, func.count(Event.id)).join(Organization, Organization.id == Event.organization_id)
        .where(Event.id.in_(event_ids)).group_by(Organization.state_id)).all())
    rows = []
    for state in session.scalars(select(State).order_by(State.name)):
        rows.append({"code": state.code, "name": state.name, "participants": participants.get(state.id, 0),
                     "public_servants": servants.get(state.id, 0), "events": organized.get(state.id, 0)})
    return rows
