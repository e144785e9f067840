"""The attendance area's one blueprint; views.py and the views_*.py modules add their routes to it."""
from flask import Blueprint

bp = Blueprint("attendance", __name__)
