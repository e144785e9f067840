"""The "¿Quiso decir …?" hint: common misspellings of the mail domains people in Mexico's public sector use
privately. A hint only, never a block: a real domain may look like a typo. The registration form passes this
table to static/js/registration.js, which shows the hint as the person types."""

# misspelt domain -> the domain meant
DOMAIN_FIXES = {
    "gmial.com": "gmail.com", "gmial.con": "gmail.com", "gmail.con": "gmail.com", "gmai.com": "gmail.com",
    "gmal.com": "gmail.com", "gamil.com": "gmail.com", "gnail.com": "gmail.com", "gmail.co": "gmail.com",
    "gmail.cm": "gmail.com", "gmail.om": "gmail.com", "gmaill.com": "gmail.com", "gmail.com.mx": "gmail.com",
    "hotmial.com": "hotmail.com", "hotmal.com": "hotmail.com", "hotmail.con": "hotmail.com",
    "hotmai.com": "hotmail.com", "hotmil.com": "hotmail.com", "hotmail.co": "hotmail.com",
    "hotamil.com": "hotmail.com", "homail.com": "hotmail.com",
    "outlok.com": "outlook.com", "outllok.com": "outlook.com", "outlook.con": "outlook.com",
    "otlook.com": "outlook.com", "outloo.com": "outlook.com", "outlook.co": "outlook.com",
    "yaho.com": "yahoo.com", "yahoo.con": "yahoo.com", "yhoo.com": "yahoo.com", "yahooo.com": "yahoo.com",
    "yahoo.com.mz": "yahoo.com.mx", "yaho.com.mx": "yahoo.com.mx", "yahoo.mx": "yahoo.com.mx",
    "icloud.con": "icloud.com", "iclod.com": "icloud.com", "live.con": "live.com", "prodigy.net.mex": "prodigy.net.mx",
}


def suggest_address(address: str) -> str | None:
    """The address with its domain corrected when the domain is a known misspelling, else None."""
    local, at, domain = (address or "").strip().rpartition("@")
    if not at or not local:
        return None
    fixed = DOMAIN_FIXES.get(domain.lower())
    return f"{local}@{fixed}" if fixed else None
