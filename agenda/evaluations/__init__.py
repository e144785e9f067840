"""Training evaluations: question templates per body, evaluations attached to an event or one session,
answers (identified or anonymous), results, and the follow-up mail after a session."""
