"""Every failure of a service call is an `ApiError` whose `str()` is a sentence a user can act on.

The tree (catch a middle class to handle a whole family; the leaves are what the sender raises):

* ApiError                                  a service call failed
  + TransportError                          no HTTP answer arrived
    - ConnectionFailedError                 the connection could not be made, or was lost
      · ConnectionRefusedByHostError        nothing listens on that host and port
      · HostNotFoundError                   the host name does not resolve (DNS)
      · ConnectionDroppedError              closed before the answer came (GET/HEAD are retried)
    - TLSError                              the TLS handshake failed (certificate, protocol)
      · PlainHTTPServerError                https:// to a server that speaks plain HTTP
    - RequestTimeoutError                   the server was too slow
      · ConnectTimeoutError                 connecting took longer than `connect_timeout`
      · ReadTimeoutError                    one read took longer than `read_timeout`
      · DeadlineExceededError               the whole call took longer than `deadline`
  + StatusError                             the server answered with an error status
    - ClientStatusError                     4xx: the server refused the request as sent
      · BadRequestError                     400, 422
      · UnauthorizedError                   401
      · ForbiddenError                      403
      · NotFoundError                       404 with an InfluxDB error body: no such resource
        · EndpointNotFoundError             404 without one: no such path on this server
      · PayloadTooLargeError                413
      · TooManyRequestsError                429 (GET/HEAD are retried, honouring Retry-After)
    - ServerError                           5xx
      · DuplicateNameError                  influxd's 500 "UNIQUE constraint failed": the name is taken
      · RemoteInUseError                    influxd's 500: a replication still uses the remote
      · UnavailableError                    502, 503, 504 (GET/HEAD are retried)
  + InvalidResponseError                    an answer, but not what the contract promises
    - NotInfluxDBError                      the URL answers, but it is not an InfluxDB 2.x server

Input refused before anything is sent is not an ApiError: `InvalidInputError` (a ValueError, in
`remotes_tui.api.validation`, with `InvalidSettingsError` under it), and the profile check's
`ProfileCheckError` (`remotes_tui.profiles.check`).
"""

from __future__ import annotations


class ApiError(Exception):
    """Any failure of a service call. `str(error)` is the user-facing sentence.

    `status`, `code` and `server_message` are the server's (None when no answer came); `url` is the request's;
    `attempts` is how many times the request was sent (more than 1 when it was retried).
    """

    def __init__(
        self,
        user_message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        server_message: str | None = None,
        url: str | None = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(user_message)
        self.user_message = user_message
        self.status = status
        self.code = code
        self.server_message = server_message
        self.url = url
        self.attempts = attempts

    def __str__(self) -> str:
        return self.user_message

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status!r}, code={self.code!r}, "
            f"server_message={self.server_message!r}, user_message={self.user_message!r})"
        )


# -- no answer --------------------------------------------------------------------------------------------


class TransportError(ApiError):
    """No HTTP answer arrived: the connection, TLS or time failed."""


class ConnectionFailedError(TransportError):
    """The connection could not be made, or was lost before the answer."""


class ConnectionRefusedByHostError(ConnectionFailedError):
    """Connection refused: the host is up, but nothing listens on that port."""


class HostNotFoundError(ConnectionFailedError):
    """The host name could not be resolved (DNS)."""


class ConnectionDroppedError(ConnectionFailedError):
    """The connection closed before an answer arrived; a POST may or may not have been carried out."""


class TLSError(TransportError):
    """The TLS handshake failed, usually certificate verification.

    `detail` is OpenSSL's reason in words ("self-signed certificate"), for a sentence of the caller's own;
    `certificate` is True when the certificate could not be verified (not another handshake failure).
    """

    detail: str | None = None
    certificate: bool = False


class PlainHTTPServerError(TLSError):
    """An https:// URL reached a server that answers in plain HTTP."""


class RequestTimeoutError(TransportError):
    """The server took longer than a configured limit."""


class ConnectTimeoutError(RequestTimeoutError):
    """Connecting took longer than `connect_timeout`."""


class ReadTimeoutError(RequestTimeoutError):
    """One read (or write) took longer than `read_timeout`."""


class DeadlineExceededError(RequestTimeoutError):
    """The whole call (every read, retries included) took longer than `deadline`."""


# -- an error status --------------------------------------------------------------------------------------


class StatusError(ApiError):
    """The server answered with an error status (`status` is set).

    `retry_after` is the wait the server asked for with `Retry-After` (429, 503), in seconds, else None.
    """

    retry_after: float | None = None


class ClientStatusError(StatusError):
    """4xx: the server refused the request as sent."""


class BadRequestError(ClientStatusError):
    """400 or 422: the server rejected the request as malformed."""


class UnauthorizedError(ClientStatusError):
    """401: missing, unknown or inactive token, or a token without the needed permission."""


class ForbiddenError(ClientStatusError):
    """403: the token's user is inactive or forbidden."""


class NotFoundError(ClientStatusError):
    """404 with an InfluxDB error body: the resource does not exist (any more)."""


class EndpointNotFoundError(NotFoundError):
    """404 with a plain-text body: the path itself does not exist on this server."""


class PayloadTooLargeError(ClientStatusError):
    """413: the request body is larger than the server accepts."""


class TooManyRequestsError(ClientStatusError):
    """429: the server asks to slow down (see `retry_after`)."""


class ServerError(StatusError):
    """5xx: the server failed."""


class DuplicateNameError(ServerError):
    """The real server's 500 `UNIQUE constraint failed: remotes.org_id, remotes.name` (or replications')."""


class RemoteInUseError(ServerError):
    """The real server's 500 `remote-connection cannot be deleted as a replication references it`."""


class UnavailableError(ServerError):
    """502, 503 or 504: the server (or a proxy before it) cannot answer right now."""


# -- an answer we cannot use ------------------------------------------------------------------------------


class InvalidResponseError(ApiError):
    """The server answered, but not with what the contract promises (non-JSON, wrong shape, odd status)."""


class NotInfluxDBError(InvalidResponseError):
    """The URL answers HTTP, but it is not an InfluxDB 2.x server (no `X-Influxdb-Version`, plain 404s)."""
