"""HTTP for feeds: validators (ETag, Last-Modified), 304 on a match, HEAD, caching rules, streamed body."""
from datetime import UTC

from flask import Response, current_app, request

from ..extensions import db
from . import builder
from .ical import FeedContext
from .selection import FeedSpec

CONTENT_TYPE = "text/calendar; charset=utf-8"
PUBLIC_MAX_AGE = 300  # seconds shared caches and clients may reuse a public feed


def _is_fresh(version: builder.FeedVersion) -> bool:
    """The client's copy is current: If-None-Match (weak comparison) wins; else If-Modified-Since."""
    if request.headers.get("If-None-Match"):
        tags = request.if_none_match
        return tags.star_tag or tags.contains_weak(version.etag)
    since = request.if_modified_since
    if since is not None:
        return version.last_modified.replace(microsecond=0, tzinfo=UTC) <= since
    return False


def _validators(response: Response, spec: FeedSpec, version: builder.FeedVersion) -> Response:
    response.set_etag(version.etag)
    response.last_modified = version.last_modified.replace(microsecond=0, tzinfo=UTC)
    if spec.private:
        response.headers["Cache-Control"] = "private, no-store, max-age=0"
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        response.headers["Referrer-Policy"] = "no-referrer"
    else:
        response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    return response


def feed_response(spec: FeedSpec) -> Response:
    """Answer a feed request: 304 when the client's copy is current, else the streamed calendar.

    Only the version query runs for a 304; the body comes from the cached manifest when the feed did not
    change, and otherwise is rebuilt re-serialising only what changed. HEAD gets the same headers (with the
    right Content-Length) and Werkzeug never iterates the body.
    """
    ctx = FeedContext.from_config(current_app.config)
    version = builder.feed_version(db.session, spec, ctx)
    if _is_fresh(version):
        return _validators(Response(status=304), spec, version)
    manifest = builder.get_manifest(db.session, spec, version, ctx)
    response = Response(manifest.chunks(), content_type=CONTENT_TYPE, direct_passthrough=True)
    response.content_length = manifest.length
    response.headers["Content-Disposition"] = f'inline; filename="{spec.filename}"'
    return _validators(response, spec, version)
