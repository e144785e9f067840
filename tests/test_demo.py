from sqlalchemy import func, select

from agenda.accounts.models import User
from agenda.cli import DEMO_ACCOUNTS, DEMO_PASSWORD


def test_demo_creates_accounts_and_prints_them(runner, session):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    for account in DEMO_ACCOUNTS:
        assert account["email"] in result.output
    assert DEMO_PASSWORD in result.output
    roles = {u.role for u in session.scalars(select(User))}
    assert roles == {"admin", "organizer", "commissioner"}
    organizer = session.scalar(select(User).where(User.role == "organizer"))
    assert organizer.organization.acronym == "IACIP"


def test_demo_twice_changes_nothing(runner, session):
    runner.invoke(args=["demo"])
    first = session.scalar(select(func.count(User.id)))
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0
    assert session.scalar(select(func.count(User.id))) == first == len(DEMO_ACCOUNTS)
