"""The phone's device token as a cookie: the phone page (without JavaScript) and the API share it, so the
page's own steps (how a mark is doing, withdrawing it) know the phone's marks whichever way they were sent."""

DEVICE_COOKIE = "artwork_device"
DEVICE_COOKIE_DAYS = 30


def set_device_cookie(request, response, token: str) -> None:
    response.set_cookie(
        DEVICE_COOKIE,
        token,
        max_age=DEVICE_COOKIE_DAYS * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
