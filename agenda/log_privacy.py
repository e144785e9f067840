"""Keep personal data out of the logs, whatever logs it.

SQLAlchemy's `hide_parameters` (config.py) keeps a failed statement's values out of its message, but PostgreSQL
itself quotes values in an error's DETAIL line ("Key (event_id, email)=(7, ana@...) already exists", "Failing row
contains (...)"), and a traceback carries that message. This filter, on every handler, blanks DETAIL lines and
masks e-mail addresses in the message and in the formatted traceback.
"""
import logging
import re

# Starts only where a token starts (the lookbehind), so a long run of letters costs linear time, not quadratic.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A DETAIL quotes row values, which may hold line breaks: blank up to the SQL line, the next chained exception,
# or the end.
DETAIL = re.compile(r"^(\s*DETAIL:).*?(?=^\[SQL:|\n\nThe above exception|\n\nDuring handling|\Z)",
                    re.MULTILINE | re.DOTALL)


def redact(text: str) -> str:
    return EMAIL.sub("<correo>", DETAIL.sub(r"\1 (omitido)\n", text))


class RedactPersonalData(logging.Filter):
    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a record that cannot format: let the handler report it as usual
            return True
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def install(*loggers: logging.Logger) -> None:
    """Add the filter to every handler of `loggers` (once)."""
    for logger in loggers:
        for handler in logger.handlers:
            if not any(isinstance(f, RedactPersonalData) for f in handler.filters):
                handler.addFilter(RedactPersonalData())
