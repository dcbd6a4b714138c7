"""The API's one way to page a list: ``?page=`` and ``?page_size=``, both bounded so any number is safe."""

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

# 10,000 pages of at most 100 rows: an offset of a million rows at most, far beyond any list the platform
# holds (the network has about 400 partners) and far below what SQLite's and PostgreSQL's 64-bit OFFSET
# can take. Unbounded, ?page=9223372036854775808 made an offset the database refused: a 500.
MAX_PAGE = 10_000
MAX_PAGE_SIZE = 100


class PageNumbers(PageNumberPagination):
    """Pages numbered from 1; a ``page`` outside 1 … 10,000 is refused, a page after the last one is empty.

    - ``page`` below 1 or above ``MAX_PAGE``: 422, ``{"detail": [{"loc": ["query", "page"], "msg": …}]}``.
      A refusal rather than an empty page, so a client with a runaway loop or a mistyped number is told,
      and the number never reaches the database (where a huge offset is an error, not an empty page).
    - ``page`` within the bound but after the last page: 200 with ``items: []`` and the true ``count``, so
      a client paging until it sees an empty page stops normally.
    - ``page_size``: at least 1; more than ``MAX_PAGE_SIZE`` gives ``MAX_PAGE_SIZE`` rows (as before),
      however large the number.
    """

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="from 1 to 10000; a page after the last is empty")
        page_size: int | None = Field(None, ge=1, description="rows per page, at most 100")

    def __init__(self, page_size: int = 50, **kwargs):
        super().__init__(page_size=page_size, max_page_size=MAX_PAGE_SIZE, **kwargs)
