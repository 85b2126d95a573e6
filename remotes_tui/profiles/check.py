"""Check a profile before saving it: is the server reachable, is the token valid, is the org visible?"""

from __future__ import annotations

from remotes_tui.api import ApiError, InfluxClient, InvalidInputError, InvalidSettingsError, Organization
from remotes_tui.api.errors import TransportError
from remotes_tui.profiles.model import Profile

# Which settings field a refused setting belongs to in the profile form, in the order they are reported.
_SETTINGS_FIELDS = ("token", "url", "ca_file", "org_id")


class ProfileCheckError(Exception):
    """One step of the check failed. `str()` is the sentence; `field` is what to fix: url, token, org or ca_file.

    `cause` is the service layer's typed error: an ApiError from the server, or the InvalidInputError of
    settings refused before anything was sent.
    """

    def __init__(
        self, message: str, *, field: str, cause: ApiError | InvalidInputError | None = None
    ) -> None:
        super().__init__(message)
        self.field = field
        self.cause = cause


async def check_profile(profile: Profile, token: str) -> Organization:
    """Ping the server, check the token with `/api/v2/me`, then find the org; ProfileCheckError says what failed.

    Returns the organization (so a profile given by name also learns its ID). Never raises anything else.
    """
    try:
        settings = profile.settings(token)
    except InvalidSettingsError as error:
        field = next((key for key in _SETTINGS_FIELDS if key in error.field_errors), "url")
        raise ProfileCheckError(error.field_errors[field], field=field, cause=error) from None
    async with InfluxClient(settings) as client:
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
        except TransportError as error:  # the server stopped answering part-way: still the URL's problem
            raise ProfileCheckError(str(error), field="url", cause=error) from None
        except ApiError as error:
            raise ProfileCheckError(str(error), field=step, cause=error) from None
