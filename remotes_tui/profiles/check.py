"""Check a profile before saving it: is the server reachable, is the token valid, is the org visible?"""

from __future__ import annotations

import ssl

from remotes_tui.api import ApiError, InfluxClient, InvalidInputError, Organization
from remotes_tui.profiles.model import Profile


class ProfileCheckError(ApiError):
    """One step of the check failed. `str()` is the sentence; `field` is what to fix: url, token or org.

    `cause` is the service layer's typed error (None when the failure was found before any request).
    """

    def __init__(self, message: str, *, field: str, cause: ApiError | None = None) -> None:
        super().__init__(
            message,
            status=cause.status if cause else None,
            code=cause.code if cause else None,
            server_message=cause.server_message if cause else None,
            url=cause.url if cause else None,
        )
        self.field = field
        self.cause = cause


async def check_profile(profile: Profile, token: str) -> Organization:
    """Ping the server, check the token with `/api/v2/me`, then find the org; ProfileCheckError says what failed.

    Returns the organization (so a profile given by name also learns its ID).
    """
    if profile.ca_file and not profile.skip_verify:
        try:
            ssl.create_default_context(cafile=profile.ca_file)
        except (OSError, ssl.SSLError) as error:
            detail = getattr(error, "strerror", None) or type(error).__name__
            raise ProfileCheckError(
                f"The CA file {profile.ca_file} cannot be used ({detail}); give the path of a PEM CA bundle.",
                field="ca_file",
            ) from None
    client = InfluxClient(profile.settings(token))
    async with client:
        step = "url"
        try:
            ping = await client.system.ping()
            if ping.is_cloud:
                raise ProfileCheckError(
                    f"{profile.url} is InfluxDB Cloud, which has no remote connections; use an InfluxDB OSS "
                    "2.x URL.",
                    field="url",
                )
            step = "token"
            await client.system.me()
            step = "org"
            if profile.org_id:
                return await client.orgs.find(org_id=profile.org_id)
            return await client.orgs.find(org=profile.org)
        except ProfileCheckError:
            raise
        except InvalidInputError as error:
            # Settings the service layer refuses before sending anything (a token with spaces, a bad port).
            field = next((key for key in ("token", "url") if key in error.field_errors), step)
            raise ProfileCheckError(str(error), field=field, cause=error) from None
        except ApiError as error:
            raise ProfileCheckError(str(error), field=step, cause=error) from None
