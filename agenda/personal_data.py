"""The registry of every column that can hold a registrant's personal data, and how erasure reaches it.

`REGISTRANT_COLUMNS` lists ("table.column") each place where something of a person who registered may be
stored, with how the self-service erasure (registration.privacy.erase) removes it. `STAFF_COLUMNS` hold data of
people with an account (kept while the account exists); `NOT_PERSONAL` are text columns that hold no personal
data. tests/registration/test_personal_data_registry.py checks that every String/Text/JSON column of every
model is in exactly one of the three, so a new personal column cannot be forgotten, and walks
REGISTRANT_COLUMNS after an erasure looking for the person's name and address."""

DELETED_WITH_REGISTRATION = "row deleted with the registration"
SCRUBBED_FROM_PREVIEW = "the person's rows removed from every import preview of the event, pending or applied"
DELETED_MAIL = "every mail of the registration deleted, whatever its status (pending, sending, failed, sent)"
DELETED_WITH_LAST_REGISTRATION = "deleted when the address has no registration left"

REGISTRANT_COLUMNS: dict[str, str] = {
    "registrations.name": DELETED_WITH_REGISTRATION,
    "registrations.email": DELETED_WITH_REGISTRATION,
    "registrations.institution": DELETED_WITH_REGISTRATION,
    "registrations.position": DELETED_WITH_REGISTRATION,
    "registrations.sector": DELETED_WITH_REGISTRATION,
    "registrations.gender": DELETED_WITH_REGISTRATION,
    "registrations.accessibility": DELETED_WITH_REGISTRATION,
    "registration_answers.value": DELETED_WITH_REGISTRATION,
    "certificates.name": DELETED_WITH_REGISTRATION + " (ON DELETE CASCADE)",
    "attendance_imports.preview": SCRUBBED_FROM_PREVIEW,
    "outbox.to_address": DELETED_MAIL,
    "outbox.subject": DELETED_MAIL,
    "outbox.body_text": DELETED_MAIL,
    "outbox.body_html": DELETED_MAIL,
    "outbox.attachments": DELETED_MAIL,
    "registration_access_links.email": DELETED_WITH_LAST_REGISTRATION,
    # Identified evaluations: deleted with the registration (ON DELETE CASCADE). Anonymous ones carry no link
    # to anyone (evaluations/services.py), so they cannot be found to erase and stay in the results.
    "evaluation_responses.answers": DELETED_WITH_REGISTRATION + " (identified; anonymous answers are unlinkable;"
                                    " on anonymisation: unlinked, open texts removed)",
    "webhook_deliveries.payload": "the person's fields set to null in every delivery of the registration, "
                                  "whatever its status, on erasure and on the retention purge (webhooks.services)",
}

# People with an account (admins, organizers, commissioners): kept while the account exists, managed by admins.
STAFF_COLUMNS: dict[str, str] = {
    "users.email": "the account's login",
    "users.name": "shown in the header and on events",
    "api_tokens.name": "the owner's label for a token",
    "feed_tokens.label": "the owner's label for a personal feed URL",
    "feed_subscriptions.code": "what the account holder follows (region, type, theme)",
    "feed_subscriptions.kind": "what the account holder follows",
    "event_people.name": "speakers and moderators published on the event page",
    "event_people.role": "speakers and moderators published on the event page",
    "event_people.affiliation": "speakers and moderators published on the event page",
    "certificate_signers.name": "officials who sign an event's certificates (printed and on the verification page)",
    "certificate_signers.title": "officials who sign an event's certificates",
    "certificate_signers.body": "officials who sign an event's certificates",
    "webhook_endpoints.description": "the owner's label for an endpoint",
    "webhook_endpoints.url": "the body's system that receives webhooks",
}

# Text columns that hold nothing personal (codes, hashes, settings, published event data, figures).
NOT_PERSONAL: dict[str, str] = {
    "users.password_hash": "a one-way hash", "users.role": "a code",
    "api_tokens.token_hash": "a SHA-256 hash", "api_tokens.hint": "first characters of a secret",
    "feed_tokens.previous_hash": "a SHA-256 hash (the secret before a rotation: its URL answers 410)",
    "feed_modified.feed": "a hash of a feed's key", "feed_modified.fingerprint": "a hash of a feed's content",
    "feed_tokens.token_hash": "a SHA-256 hash", "feed_tokens.hint": "first characters of a secret",
    "attendances.method": "a code", "certificates.code": "random verification code",
    "attendance_imports.platform": "a code", "attendance_imports.filename": "the organizer's upload name",
    "attendance_imports.status": "a code", "attendance_import_changes.previous_method": "a code",
    "reach_records.platform": "a code", "reach_records.note": "where an aggregate figure comes from",
    "regions.slug": "catalog", "regions.name": "catalog", "states.code": "catalog", "states.name": "catalog",
    "states.timezone": "catalog", "organizations.acronym": "catalog", "organizations.name": "catalog",
    "organizations.kind": "catalog", "organizations.website": "catalog",
    "organizations.embed_origins": "web addresses of the body's sites (embedding)",
    "organizations.contact_email": "catalog",  # the body's public contact address, the ORGANIZER of invitations
    "organizations.privacy_notice": "the body's published notice",
    "themes.slug": "catalog", "themes.name": "catalog",
    "event_search.title_text": "published event (search copy)",
    "event_search.main_text": "published event and programme (search copy)",
    "event_search.other_text": "published event (search copy)",
    "events.slug": "published event", "events.title": "published event", "events.summary": "published event",
    "events.description": "published event",
    "events.notes": "what the event agreed (the commission's acuerdos), written by organizers", "events.type": "a code", "events.scope": "a code",
    "events.modality": "a code", "events.venue_address": "published venue", "events.venue_city": "published venue",
    "events.stream_url": "published link", "events.meeting_url": "link sent to registrants",
    "events.timezone": "a zone name", "events.status": "a code", "events.status_reason": "published reason",
    "events.visibility": "a code", "events.notes": "what a session agreed (published in the report)",
    "institution_aliases.variant_key": "an institution name (normalised)",
    "institution_aliases.canonical": "an institution name", "institution_aliases.canonical_key": "an institution name",
    "report_narratives.section": "a code", "report_narratives.text": "the organizers' report text",
    "event_sessions.title": "published session", "event_sessions.venue": "published venue",
    "event_sessions.meeting_url": "link sent to registrants",
    "outbox.kind": "a code", "outbox.dedupe_key": "ids and codes only", "outbox.status": "a code",
    "outbox.claim_token": "random", "outbox.last_error": "delivery error, no personal data (see mail.py)",
    "registrations.status": "a code", "registrations.source": "a code", "registrations.token_hash": "a hash",
    "registrations.promotion_token_hash": "a hash",
    "registration_questions.label": "the organizer's question", "registration_questions.kind": "a code",
    "registration_questions.choices": "the organizer's options",
    "registration_access_links.token_hash": "a hash", "registration_erasures.status": "a code (anonymous tally)",
    "event_reminder_settings.offsets": "settings", "reminder_log.outcome": "a code",
    "pending_change_notices.kinds": "codes", "pending_change_notices.session_ids": "ids",
    "pending_change_notices.removed_sessions": "published session data",
    "announcements.audience": "a code", "announcements.subject": "the organizer's text",
    "announcements.body": "the organizer's text",
    "evaluation_templates.title": "the organizer's text", "evaluation_templates.questions": "the organizer's text",
    "evaluations.title": "the organizer's text", "evaluations.questions": "the organizer's text",
    "evaluation_responses.id": "random", "evaluation_markers.marker": "keyed hash (who answered, not what)",
    "certificate_signers.signature_type": "a code", "organization_logos.content_type": "a code",
    "materials.kind": "a code", "materials.title": "the organizer's text", "materials.visibility": "a code",
    "materials.url": "published link", "materials.link_kind": "a code", "materials.filename": "a safe name",
    "materials.content_type": "a code",
    "mail_addresses.email_hash": "keyed hash of a bouncing address, kept so it is not mailed again",
    "mail_addresses.status": "a code", "mail_addresses.status_reason": "delivery diagnostic",
    # The audit log holds ids, codes and column names only (agenda/audit/listeners.py), never values.
    "audit_entries.actor_kind": "a code", "audit_entries.fact": "a code",
    "audit_entries.object_ids": "ids", "audit_entries.fields": "column names, never their values",
    "audit_entries.details": "codes and numbers (status, method, capacity)",
    "audit_entries.changes": "an event's published columns, before → after (its meeting link masked)",
    "webhook_endpoints.secret": "a signing key (not personal)", "webhook_endpoints.facts": "codes",
    "webhook_endpoints.disabled_reason": "a code", "webhook_deliveries.webhook_id": "random",
    "webhook_deliveries.fact": "a code", "webhook_deliveries.status": "a code",
    "webhook_deliveries.claim_token": "random",
    "webhook_deliveries.last_error": "our description of the failure (HTTP status, error class), no response body",
    "audit_entries.reason": "an organizer's published reason (an event's cancellation)",
}
