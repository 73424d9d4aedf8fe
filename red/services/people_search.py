"""Finding people by part of a name, a venture name or a document, through an index.

A staff member types "maria" or "catatumbo" or "1090" and expects every person whose
folded name, venture name or document *contains* it. `LIKE '%texto%'` gives exactly that
but reads every row, so the registry search grew with the network (60 ms at 100,000
people). Both engines can index substrings, each its own way (red/models/search_index.py): an FTS5
trigram table on SQLite, where a quoted phrase is a substring match, and pg_trgm GIN
indexes on PostgreSQL, which a plain LIKE uses. This function is the only place that knows.

Both index the already folded `*_norm` columns, so accents, ñ and case behave the same on
both engines. Text shorter than three characters has no trigram: it falls back to LIKE.

The search returns at most `CANDIDATE_CAP` candidate ids: ranking or checking who may see
thousands of hits is the slow part, and a person searching "ma" needs more letters, not
3,000 rows. The page says so when the cap is reached.
"""

from __future__ import annotations

from sqlalchemy import Select, literal_column, or_, select, union
from sqlalchemy.orm import Session

from red.models import Entrepreneur, Venture
from red.models.search_index import SQLITE_TABLE, people_search
from red.text import fold

CANDIDATE_CAP = 1000
MIN_INDEXED_LENGTH = 3  # a trigram index needs three characters


def document_digits(raw: str) -> str:
    """The characters of a document the user typed ("1.090.111" -> "1090111"), or "" when the
    text has no digit: a name is never searched among documents (passports mix letters)."""
    digits = "".join(ch for ch in raw if ch.isalnum()).upper()
    return digits if any(ch.isdigit() for ch in digits) else ""


def _fts_phrase(value: str) -> str:
    """A quoted FTS5 phrase: everything inside double quotes is literal text."""
    return '"' + value.replace('"', '""') + '"'


def matching_people(
    dialect: str, folded: str, document: str = "", *, limit: int | None = None
) -> Select:
    """Ids of people whose folded name or venture name contains `folded`, or whose document
    contains `document`; at most `limit` of them, in no particular order."""
    if dialect == "sqlite" and len(folded) >= MIN_INDEXED_LENGTH:
        query = f"name : {_fts_phrase(folded)}"
        if len(document) >= MIN_INDEXED_LENGTH:
            query += f" OR doc : {_fts_phrase(document)}"
        ids = (
            select(people_search.c.entrepreneur_id.label("id"))
            .where(literal_column(SQLITE_TABLE).op("MATCH")(query))
            .distinct()
        )
    else:
        # PostgreSQL (a LIKE its trigram indexes serve) and short text on SQLite (a scan).
        by_name = [Entrepreneur.name_norm.contains(folded, autoescape=True)]
        if document:
            by_name.append(Entrepreneur.doc_number.contains(document, autoescape=True))
        ids = union(
            select(Entrepreneur.id.label("id")).where(or_(*by_name)),
            select(Venture.entrepreneur_id.label("id")).where(
                Venture.name_norm.contains(folded, autoescape=True)
            ),
        ).subquery()
        ids = select(ids.c.id)
    return ids.limit(limit or CANDIDATE_CAP)


def candidate_ids(session: Session, raw: str) -> tuple[list[int], bool]:
    """The ids of people the text could mean (at most CANDIDATE_CAP), and whether there were
    more: the page then asks for more letters. One indexed query, read once, so the page
    query and its total work on a short list of ids."""
    dialect = session.get_bind().dialect.name
    folded = fold(raw)
    ids = list(
        session.scalars(
            matching_people(dialect, folded, document_digits(raw), limit=CANDIDATE_CAP + 1)
        )
    )
    return ids[:CANDIDATE_CAP], len(ids) > CANDIDATE_CAP
