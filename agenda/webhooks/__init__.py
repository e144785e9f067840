"""Outgoing webhooks: endpoints registered by organizers (their body) or admins (all), deliveries queued by a
domain-event subscriber in the change's transaction and sent, signed, by the worker (docs/webhooks.md)."""
