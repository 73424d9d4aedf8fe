"""One-pass paging gives the same page and total as a separate COUNT, in two statements
(the page's keys with the total, then the page's rows), whatever the size; capped paging
in one (the page's rows with the count up to the cap)."""

from sqlalchemy import select

from red.models import Municipality
from red.services.paging import paginate_capped, paginate_once


def test_page_and_total_in_two_statements(db, count_queries):
    query = select(Municipality).order_by(Municipality.code)
    with count_queries() as counter:
        page = paginate_once(db.session, query, page=2, per_page=15)
    assert counter.count == 2
    assert page.total == 40 and page.pages == 3
    assert [m.code for m in page.items] == [m.code for m in db.session.scalars(query).all()[15:30]]


def test_page_past_the_end_still_knows_the_total(db):
    page = paginate_once(db.session, select(Municipality), page=9, per_page=15)
    assert page.items == [] and page.total == 40


def test_capped_paging_counts_up_to_the_cap_and_says_more(db, count_queries):
    """A list longer than the cap: an exact count is not taken, the total is the cap and
    `capped` says "más de"; the pages offered end at the cap's last page."""
    query = select(Municipality).order_by(Municipality.code)
    with count_queries() as counter:
        page = paginate_capped(db.session, query, page=2, per_page=10, cap=25)
    assert counter.count == 1  # the page's rows with the capped count as one more column
    assert page.capped and page.total == 25 and page.pages == 3
    codes = [m.code for m in db.session.scalars(query).all()]
    assert [m.code for m in page.items] == codes[10:20]
    last = paginate_capped(db.session, query, page=99, per_page=10, cap=25)
    assert last.page == 3 and [m.code for m in last.items] == codes[20:30]


def test_capped_paging_past_the_last_row_still_knows_the_total(db, count_queries):
    """An empty page carries no count column: the total is counted on its own."""
    few = select(Municipality).order_by(Municipality.code).where(Municipality.code <= "54003")
    wanted = len(db.session.scalars(few).all())
    page = paginate_capped(db.session, few, page=3, per_page=10, cap=25)
    assert page.items == [] and page.total == wanted and not page.capped
    with count_queries() as counter:
        empty = paginate_capped(
            db.session, few.where(Municipality.code == "x"), page=1, per_page=10
        )
    assert counter.count == 1 and empty.items == [] and empty.total == 0


def test_capped_paging_is_exact_below_the_cap(db):
    page = paginate_capped(db.session, select(Municipality), page=1, per_page=15)
    assert not page.capped and page.total == 40 and page.pages == 3
