"""Where a webhook may be sent (server-side request forgery): only http(s), and only to hosts whose every
address is public, unless the admin allows a host or network (AGENDA_WEBHOOK_ALLOWED_HOSTS) or private
addresses altogether (AGENDA_WEBHOOK_ALLOW_PRIVATE, for tests and closed networks).

Checked when an endpoint is registered and again at each delivery; the delivery then connects to the very
address that was checked (urllib3 with the IP, the Host header and TLS name set to the host), so a DNS answer
that changes between the check and the connection (rebinding) cannot send it elsewhere. No redirects."""
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask_babel import gettext as _

from ..domain import DomainError

BLOCKED_PORTS = {0}


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # as written (Host header, TLS name)
    port: int
    address: str  # the checked IP to connect to
    path: str  # path and query


class UnsafeURL(DomainError):
    def __init__(self, message: str):
        super().__init__(message, "unsafe_url", status=422, field="url")


def _allowed(config) -> tuple[set[str], list]:
    raw = config.get("AGENDA_WEBHOOK_ALLOWED_HOSTS") or ""
    items = [item.strip().lower() for item in (raw.split(",") if isinstance(raw, str) else raw) if item.strip()]
    hosts, networks = set(), []
    for item in items:
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            hosts.add(item.rstrip("."))
    return hosts, networks


def _is_public(address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not (address.is_loopback or address.is_private or address.is_link_local or address.is_multicast
                or address.is_reserved or address.is_unspecified) and address.is_global


def check_url(url: str, config, resolve=socket.getaddrinfo) -> Target:
    """The target to connect to, or UnsafeURL with a Spanish message."""
    url = (url or "").strip()
    if not url:
        raise UnsafeURL(_("Escriba la dirección (URL) del webhook."))
    if len(url) > 2000:
        raise UnsafeURL(_("La dirección es demasiado larga (máximo 2000 caracteres)."))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UnsafeURL(_("La dirección no es una URL válida.")) from None
    if parts.scheme not in ("http", "https"):
        raise UnsafeURL(_("Solo se admiten direcciones http:// o https://."))
    if not parts.hostname:
        raise UnsafeURL(_("La dirección no tiene servidor."))
    if parts.username or parts.password:
        raise UnsafeURL(_("La dirección no puede llevar usuario ni contraseña."))
    host = parts.hostname.lower().rstrip(".")
    port = port or (443 if parts.scheme == "https" else 80)
    if port in BLOCKED_PORTS:
        raise UnsafeURL(_("El puerto de la dirección no es válido."))
    hosts, networks = _allowed(config)
    allow_private = bool(config.get("AGENDA_WEBHOOK_ALLOW_PRIVATE"))
    try:
        infos = resolve(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise UnsafeURL(_("No se encontró el servidor «%(host)s».", host=host)) from None
    addresses = []
    for info in infos:
        try:
            addresses.append(ipaddress.ip_address(info[4][0].split("%")[0]))
        except ValueError:
            continue
    if not addresses:
        raise UnsafeURL(_("No se encontró el servidor «%(host)s».", host=host))
    for address in addresses:  # every address must pass: a name answering public and private is refused
        if _is_public(address) or allow_private or host in hosts or any(address in net for net in networks):
            continue
        raise UnsafeURL(_("La dirección apunta a una red privada, local o reservada (%(address)s); solo se "
                          "permiten servidores públicos, salvo los que autorice la administración.",
                          address=str(address)))
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(parts.scheme, host, port, str(addresses[0]), path)
