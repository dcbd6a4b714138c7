from datetime import UTC, datetime

import pytest

from alliance87.artwork.models import Banner
from alliance87.testing import make_user

NOW = datetime(2026, 2, 11, 16, 0, tzinfo=UTC)


@pytest.fixture
def event(alliance):
    from alliance87.events import services

    return services.event_create(
        by=None, title="Side event", time_zone="Africa/Casablanca", starts_at=NOW, ends_at=NOW.replace(hour=17)
    )


@pytest.fixture
def banner(event):
    """The conference's banner, small enough to fill in a test (12 × 4 cells)."""
    return Banner.objects.create(
        title="10 Years of Alliance 8.7",
        slug="ten-years",
        event=event,
        is_conference_banner=True,
        columns=12,
        rows=4,
        cooldown_seconds=60,
        wall_delay_seconds=0,
    )


@pytest.fixture
def moderator(banner):
    from alliance87.accounts.models import Role

    return make_user("moderator@example.org", Role.MODERATOR, banner.event)


@pytest.fixture(autouse=True)
def _forget_full_pools():
    """What a process remembers of full pools (``services._full_pools``) is forgotten between tests: a test's
    banner may get the number of an earlier test's, rolled back."""
    from alliance87.artwork import services

    services._full_pools.clear()
    yield
    services._full_pools.clear()
