"""Time helpers. Instants are stored as naive UTC datetimes; every event carries an IANA zone."""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


def utcnow() -> datetime:
    """Now, as the naive UTC datetime the database stores."""
    return datetime.now(UTC).replace(tzinfo=None)


def is_valid_timezone(name: str | None) -> bool:
    if not name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def to_utc(local: datetime, zone: str) -> datetime:
    """A wall-clock time in `zone` (naive) or an aware datetime, as naive UTC."""
    if local.tzinfo is None:
        local = local.replace(tzinfo=ZoneInfo(zone))
    return local.astimezone(UTC).replace(tzinfo=None)


def to_local(instant: datetime, zone: str) -> datetime:
    """A stored naive-UTC instant as an aware datetime in `zone`."""
    return instant.replace(tzinfo=UTC).astimezone(ZoneInfo(zone))


def mexican_timezones() -> list[str]:
    """The IANA zones used in Mexico, for pickers; other valid zones are still accepted."""
    return sorted(z for z in available_timezones() if z.startswith("America/") and z in _MEXICO)


_MEXICO = {
    "America/Mexico_City", "America/Cancun", "America/Merida", "America/Monterrey", "America/Matamoros",
    "America/Chihuahua", "America/Ciudad_Juarez", "America/Ojinaga", "America/Mazatlan",
    "America/Bahia_Banderas", "America/Hermosillo", "America/Tijuana",
}
