"""The audit log: one append-only row per domain event (who, what, which objects, when, which fields)."""
