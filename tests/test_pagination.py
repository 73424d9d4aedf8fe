"""One-pass paging gives the same page and total as a separate COUNT, in two statements
(the page's keys with the total, then the page's rows), whatever the size."""

from sqlalchemy import select

from red.models import Municipality
from red.pagination import paginate_once


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
