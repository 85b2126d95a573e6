"""The rules for values every layer shares, each written once: server and remote URLs, IDs, tokens, CA files.

The request models, `ConnectionSettings`, `Profile`, the profile check and connection resolution all use
these annotated types (or their checkers), so a URL is judged the same way in a form, a flag and a profiles
file. Each checker raises ValueError with a sentence that names the field and says what to do; a token is never
quoted, and a URL is quoted only without its `user:password@` part.
"""

from __future__ import annotations

import os
import re
import ssl
from collections.abc import Callable
from functools import lru_cache
from typing import Annotated
from urllib.parse import urlsplit

import httpx
from pydantic import AfterValidator, BeforeValidator, Field, SecretStr, StringConstraints

from remotes_tui.api.ids import check_id
from remotes_tui.api.text import quoted, shorten, without_userinfo

SERVER_URL_EXAMPLE = "http://localhost:8086"
REMOTE_URL_EXAMPLE = "https://influx.example.com:8086"

_HEADER_SAFE = re.compile(r"[\x21-\x7e]+")


def blank_is_none(value: object) -> object:
    """Strip a string; an empty one means "not given"."""
    if isinstance(value, str):
        return value.strip() or None
    return value


# -- URLs -------------------------------------------------------------------------------------------------


def normalise_url(value: str) -> str:
    """A URL as it should be stored: surrounding spaces trimmed and one trailing `/` removed.

    influxd matches `remoteURL` filters exactly, so `…:8086/` and `…:8086` would be two different remotes.
    """
    url = value.strip()
    if url.endswith("/") and not url.endswith("://"):
        url = url[:-1]
    return url


def check_http_url(value: str, *, label: str, example: str, echo: bool) -> str:
    """An absolute http(s) URL with a host and a valid port, no credentials, query or fragment; normalised.

    `echo` quotes the value in the sentence (for flags and files, where the user does not see it beside the
    message); the `user:password@` part, the query and the fragment are never quoted.
    """
    return _checked_http_url(value, label, example, echo)


@lru_cache(maxsize=512)
def _checked_http_url(value: str, label: str, example: str, echo: bool) -> str:
    """`check_http_url`, remembered: an import of 500 remotes checks the same few URLs (~0.1 ms each) again
    and again. Only accepted URLs are remembered (a refused one raises, which lru_cache never stores)."""
    url = normalise_url(value)
    if not url:
        raise ValueError(f"{label} is required, for example {example}.")
    shown = re.split(r"[?#]", without_userinfo(url), maxsplit=1)[0]  # a query can hold a token too
    given = f" (not {quoted(shown)})" if echo else ""

    def problem(rule: str) -> ValueError:
        return ValueError(f"{label} {rule}{given}.")

    try:
        parts = urlsplit(url)
    except ValueError as error:  # urlsplit's own words ("Invalid IPv6 URL") are not a sentence for a user
        if "IPv6" in str(error):
            raise problem(
                "has a malformed IPv6 address: write it in brackets, as in http://[::1]:8086"
            ) from None
        raise problem("has characters that are not allowed in a host name") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise problem(f"must start with http:// or https://, for example {example}")
    if "@" in parts.netloc:
        raise ValueError(
            f"{label} must not contain a user name or password (user:password@): a token goes in its own field, "
            "never in a URL."
        )
    if not parts.hostname:
        raise problem(f"must include a host name, for example {example}")
    if any(char.isspace() or not char.isprintable() for char in parts.hostname):
        raise problem("has a space or a control character in its host name")
    try:
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        port_ok = False
    if not port_ok:
        raise problem("has an invalid port: use a number from 1 to 65535")
    if parts.query or parts.fragment:
        raise problem(f"must not have a query (?…) or a fragment (#…), for example {example}")
    try:
        httpx.URL(url)
    except httpx.InvalidURL as error:
        raise problem(f"is not a usable URL ({shorten(str(error))})") from None
    return url


def check_server_url(value: str) -> str:
    """The InfluxDB this app talks to (a flag, a variable, a profile): quoted back in its sentence."""
    return check_http_url(value, label="Server URL", example=SERVER_URL_EXAMPLE, echo=True)


def check_remote_url(value: str) -> str:
    """The InfluxDB a remote connection points at (typed in a form, beside its sentence)."""
    return check_http_url(value, label="Remote URL", example=REMOTE_URL_EXAMPLE, echo=False)


ServerURL = Annotated[str, AfterValidator(check_server_url)]
RemoteURL = Annotated[str, AfterValidator(check_remote_url)]


# -- IDs --------------------------------------------------------------------------------------------------


def id_checker(label: str) -> Callable[[str], str]:
    """`check_id` for one kind of ID, as an annotated type's validator."""
    return lambda value: check_id(value, label)


OrgID = Annotated[str, AfterValidator(id_checker("Org ID"))]
RemoteOrgID = Annotated[str, AfterValidator(id_checker("Remote org ID"))]
RemoteID = Annotated[str, AfterValidator(id_checker("Remote ID"))]
BucketID = Annotated[str, AfterValidator(id_checker("Local bucket ID"))]


def check_id_shape(value: str) -> str:
    """An ID in an answer: 16 hexadecimal characters, lower-cased (anything else means a wrong server)."""
    if len(value) != 16 or not all(char in "0123456789abcdefABCDEF" for char in value):
        raise ValueError(f"an ID must be 16 hexadecimal characters, not {quoted(value)}")
    return value.lower()


_LowerHexID = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")]
_AnyHexID = Annotated[str, StringConstraints(pattern=r"^[0-9a-fA-F]{16}$", to_lower=True)]

ResourceID = Annotated[_LowerHexID | _AnyHexID, Field(union_mode="left_to_right")]
"""Any ID the server sends back: answers are checked too, so a stranger's "id" never reaches a later call.

The same rule as `check_id_shape`, checked by pydantic-core itself: a Python validator per ID cost 4 of the 8 ms
of validating a list of 1,000 remotes. The IDs servers send are lower case: they pass the first pattern and are
kept as they are; only an upper-case one is copied to lower case (lowering every ID cost ~0.3 ms of the list).
(A refused answer never shows pydantic's words: the sender replaces them with its own sentence.)"""


# -- tokens -----------------------------------------------------------------------------------------------


def check_token(value: str, *, label: str, required: str | None = None) -> str:
    """A token that can travel in an HTTP header; `required` (what to do) also strips it and refuses blank."""
    token = value
    if required is not None:
        token = token.strip()
        if not token:
            raise ValueError(f"{label} is required: {required}")
    if token and not _HEADER_SAFE.fullmatch(token):
        raise ValueError(
            f"{label} contains characters that cannot be sent in an HTTP header (spaces, line breaks or "
            "non-ASCII letters). Copy it again without them."
        )
    return token


def _check_server_token(value: str) -> str:
    return check_token(value, label="Token")


def _check_remote_token(value: SecretStr) -> SecretStr:
    required = "paste a token with write access on the remote bucket."
    return SecretStr(check_token(value.get_secret_value(), label="Remote API token", required=required))


SecretToken = Annotated[str, AfterValidator(_check_server_token), Field(repr=False, exclude=True)]
"""The token for the server this app talks to: never in a repr or a dump; empty sends no Authorization header."""

RemoteAPIToken = Annotated[SecretStr, AfterValidator(_check_remote_token)]
"""A remote's API token (sent once in a JSON body, never returned): required, stripped, header-safe."""


# -- CA bundles -------------------------------------------------------------------------------------------

CAFile = Annotated[str | None, BeforeValidator(blank_is_none)]
"""The path of a PEM CA bundle as given; `check_ca_file` judges the file itself when it is about to be used."""


def check_ca_file(path: str) -> ssl.SSLContext:
    """The TLS context that trusts the CA bundle at `path`, or ValueError with a sentence naming the file."""
    expanded = os.path.expanduser(path)
    try:
        stat = os.stat(expanded)
        return _load_ca_bundle(expanded, stat.st_mtime_ns, stat.st_size)
    except FileNotFoundError:
        raise ValueError(f"The CA file {path} does not exist; give the path of a PEM CA bundle.") from None
    except (OSError, ssl.SSLError) as error:
        detail = getattr(error, "strerror", None) or getattr(error, "reason", None) or type(error).__name__
        raise ValueError(
            f"The CA file {path} cannot be used ({detail}); give the path of a PEM CA bundle."
        ) from None


@lru_cache(maxsize=8)
def _load_ca_bundle(path: str, mtime_ns: int, size: int) -> ssl.SSLContext:
    """Loading a bundle costs ~20 ms: the settings check and the client share one context per file version."""
    return ssl.create_default_context(cafile=path)
