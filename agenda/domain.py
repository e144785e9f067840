"""The one exception every service raises when a business rule says no."""


class DomainError(Exception):
    """A rule refused the action. `code` is stable (for the API and tests); `message` is for people.

    `status` is the HTTP status the views answer with; `field` names the form field at fault, if any.
    """

    def __init__(self, message: str, code: str, status: int = 422, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.field = field


class NotFound(DomainError):
    def __init__(self, message: str, code: str = "not_found"):
        super().__init__(message, code, status=404)


class Forbidden(DomainError):
    def __init__(self, message: str, code: str = "forbidden"):
        super().__init__(message, code, status=403)
