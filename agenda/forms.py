"""Forms shared by every area."""
from flask_wtf import FlaskForm


class EmptyForm(FlaskForm):
    """CSRF only: for POST-only actions such as publish, cancel, revoke or log out."""
