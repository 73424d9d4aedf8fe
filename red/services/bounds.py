"""Numbers that come from the outside (page numbers, record ids), kept inside what the database
columns hold: a larger value overflows SQLite's INTEGER or PostgreSQL's int4 (a 500 otherwise)."""

# Pages past this are empty anyway.
MAX_PAGE = 10_000
# The largest id an INTEGER primary key holds on PostgreSQL (int4).
MAX_ID = 2**31 - 1


def clamp_page(page: int) -> int:
    return min(max(page, 1), MAX_PAGE)


def as_id(value) -> int:
    """An id from a query string or form: request.args.get("actor", type=as_id) gives None for
    anything that is not a positive integer within MAX_ID (ValueError)."""
    number = int(value)
    if not 1 <= number <= MAX_ID:
        raise ValueError(f"id fuera de rango: {value!r}")
    return number


def ids_in(values) -> list[int]:
    """The valid ids among many form values (check boxes); anything else is left out."""
    ids = []
    for value in values:
        try:
            ids.append(as_id(value))
        except ValueError:
            continue
    return ids
