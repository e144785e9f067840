"""The embeddable agenda: /embed pages a body's own website frames (upcoming events, seats left, the
registration form), the script that places and sizes the frame, and the page where organizers copy it."""
