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

from sqlalchemy import Select, Subquery, exists, func, literal_column, or_, select, union_all
from sqlalchemy.orm import Session, aliased

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
        ids = select(_streamed_matches(folded, document).c.id)
    return ids.limit(limit or CANDIDATE_CAP)


def _streamed_matches(folded: str, document: str) -> Subquery:
    """PostgreSQL (a LIKE its trigram indexes serve) and short text on SQLite (a scan): the
    people whose own name (or document) matches, then those matched by a venture only, each
    once, as a UNION ALL that the LIMIT can stop early.

    A UNION (DISTINCT) hashes every match before the LIMIT: "maria" at 1,000,000 people
    read ~100,000 rows to keep 1,001. Here each branch yields distinct ids by itself: a
    venture's row stands for its owner only when the owner's own text does not match (the
    first branch has them) and when it is the owner's first matching venture."""
    own = [Entrepreneur.name_norm.contains(folded, autoescape=True)]
    owner = aliased(Entrepreneur)
    owner_own = [owner.name_norm.contains(folded, autoescape=True)]
    if document:
        own.append(Entrepreneur.doc_number.contains(document, autoescape=True))
        owner_own.append(owner.doc_number.contains(document, autoescape=True))
    venture, other = aliased(Venture), aliased(Venture)
    first_matching = (
        select(func.min(other.id))
        .where(
            other.entrepreneur_id == venture.entrepreneur_id,
            other.name_norm.contains(folded, autoescape=True),
        )
        .scalar_subquery()
    )
    by_venture_only = select(venture.entrepreneur_id.label("id")).where(
        venture.name_norm.contains(folded, autoescape=True),
        venture.id == first_matching,
        ~exists().where(owner.id == venture.entrepreneur_id, or_(*owner_own)),
    )
    return union_all(
        select(Entrepreneur.id.label("id")).where(or_(*own)), by_venture_only
    ).subquery()


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
