"""HTTP for feeds: validators (ETag, Last-Modified), 304 on a match, HEAD, caching rules, streamed body,
gzip when the client accepts it, and 410 Gone for a personal URL its owner revoked."""
from datetime import UTC

import icalendar
from flask import Response, current_app, request
from flask_babel import gettext as _

from ..extensions import db
from . import builder
from .ical import PRODID, FeedContext
from .selection import FeedSpec

CONTENT_TYPE = "text/calendar; charset=utf-8"
PUBLIC_MAX_AGE = 300  # seconds shared caches and clients may reuse a public feed


def chosen_encoding() -> str | None:
    """"gzip" when the request's Accept-Encoding allows it (q > 0), else None (identity)."""
    return "gzip" if request.accept_encodings["gzip"] > 0 else None


def representation_etag(etag: str, encoding: str | None) -> str:
    """The ETag of one representation: a gzip body never carries (or matches) the identity body's tag."""
    return f"{etag}-{encoding}" if encoding else etag


def _is_fresh(etag: str, version: builder.FeedVersion) -> bool:
    """The client's copy is current: If-None-Match (weak comparison) wins; else If-Modified-Since."""
    if request.headers.get("If-None-Match"):
        tags = request.if_none_match
        return tags.star_tag or tags.contains_weak(etag)
    since = request.if_modified_since
    if since is not None:
        return version.last_modified.replace(microsecond=0, tzinfo=UTC) <= since
    return False


def _validators(response: Response, spec: FeedSpec, version: builder.FeedVersion, etag: str) -> Response:
    response.set_etag(etag)
    response.last_modified = version.last_modified.replace(microsecond=0, tzinfo=UTC)
    response.vary.add("Accept-Encoding")
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
    right Content-Length) and Werkzeug never iterates the body. A gzip body is made of the manifest's chunks
    compressed once each and kept with the manifest (builder.Manifest.gzip_chunks), so a repeat costs no
    compression and after one change only the new chunks are compressed.
    """
    ctx = FeedContext.from_config(current_app.config)
    version = builder.feed_version(db.session, spec, ctx)
    encoding = chosen_encoding()
    etag = representation_etag(version.etag, encoding)
    if _is_fresh(etag, version):
        return _validators(Response(status=304), spec, version, etag)
    manifest = builder.get_manifest(db.session, spec, version, ctx)
    if encoding == "gzip":
        body, length = manifest.gzip_chunks()
        response = Response(body, content_type=CONTENT_TYPE, direct_passthrough=True)
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = Response(manifest.chunks(), content_type=CONTENT_TYPE, direct_passthrough=True)
        length = manifest.length
    response.content_length = length
    response.headers["Content-Disposition"] = f'inline; filename="{spec.filename}"'
    return _validators(response, spec, version, etag)


def gone_response() -> Response:
    """410 Gone for a personal URL that was revoked or replaced: the status tells calendar programs the
    address ended for good; the body is a valid empty calendar whose name says so, for a program (or a
    person opening the URL) that reads the body anyway: it then shows no events and the reason, instead of
    an HTML error page it cannot parse."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Calendario revocado"))
    calendar.add("x-wr-caldesc", _("Esta dirección de calendario fue revocada por su dueño y ya no se "
                                   "actualiza. Cree una nueva en «Mis calendarios» de la Agenda SNT."))
    response = Response(calendar.to_ical(), status=410, content_type=CONTENT_TYPE)
    response.headers["Cache-Control"] = "private, no-store, max-age=0"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
