"""Users, roles, login and personal API tokens."""
