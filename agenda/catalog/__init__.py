"""States, SNT regions and organizations: the shared vocabulary of every other area."""
