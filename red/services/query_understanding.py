"""What the words typed in the catalog's search box mean.

A word, or a phrase of up to five words, can name a municipality, a subregion or a wider zone
("Catatumbo", "Área Metropolitana"), a sector or productive chain ("agro", "cacao"), a service
type ("crédito", "capital semilla") or a population ("mujeres", "jóvenes"). The catalog's own
names come from the database; the other words a person types live in red/data/search/*.yaml,
which a member of the núcleo can edit without touching code.

Everything is compared on a key: accent-folded, lower-cased, and a plural's final -s or -es
dropped (word_key), so «Mujeres», «mujer» and «MUJER» are one word. One typo is forgiven in a
word of five letters or more that neither the published programs nor the lists know: it is
replaced by the closest known word at Damerau (OSA) distance 1 («emprendimeinto»).

Building the lexicon reads the catalogs and the published programs' words, so it is done once
per catalog version and worker (the same counter the page cache uses), not per request.
Turning an understanding into SQL is red/services/catalog_sql.py's job, into bitmaps of the
in-memory catalog red/services/catalog_matching.py's.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import process
from rapidfuzz.distance import OSA
from sqlalchemy import select
from sqlalchemy.orm import Session

from red.es_co import catalog_order
from red.models import Municipality, PopulationGroup, ProductiveChain, Program, Sector, ServiceType
from red.services import page_cache
from red.text import fold

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "search"
MAX_QUERY_WORDS = 8
MAX_PHRASE = 5
TYPO_MIN_LENGTH = 5
# Words that carry no meaning alone: never a search term, but kept inside phrases
# ("Villa del Rosario", "capital de trabajo").
STOPWORDS = frozenset(
    "a al con de del e el en la las lo los mi mis o para por que se su sus u un una y".split()
)
ARTICLES = ("el ", "la ", "los ", "las ")

# Kinds of meaning, the URL filter each corresponds to, and how a chip names it.
PLACE_KINDS = ("municipio", "subregion", "region")
KIND_LABELS = {
    "municipio": "Lugar",
    "subregion": "Lugar",
    "region": "Lugar",
    "sector": "Sector",
    "cadena": "Sector",
    "tipo": "Servicio",
    "poblacion": "Población",
}


def word_key(word: str) -> str:
    """A folded word's comparison key: a plural's -s / -es dropped (mujeres → mujer)."""
    if len(word) < 4:
        return word
    if word.endswith("s"):
        word = word[:-1]
    if len(word) >= 4 and word.endswith("e"):
        word = word[:-1]
    return word


def phrase_key(text: str) -> tuple[str, ...]:
    return tuple(word_key(w) for w in folded_words(text))


def folded_words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


@dataclass(frozen=True)
class Concept:
    """One thing a term can mean: a place (with the municipalities it covers) or a catalog entry."""

    kind: str
    code: str
    label: str
    municipalities: tuple[str, ...] = ()
    catalog_id: int | None = None


@dataclass(frozen=True)
class Term:
    """One search term: a word or a known phrase, what it means, and how it was typed."""

    typed: str  # as the person wrote it (accents and case kept), for chips and links
    fragments: tuple[str, ...]  # folded text searched in the programs (LIKE %fragment%)
    concepts: tuple[Concept, ...] = ()
    corrected_from: str = ""  # the folded word typed, when a typo was forgiven

    @property
    def understood(self) -> bool:
        return bool(self.concepts)

    def kinds(self) -> set[str]:
        return {c.kind for c in self.concepts}

    def by_kind(self) -> dict[str, list[Concept]]:
        """What the term names, grouped as the search applies it: every kind of place as
        one "lugar" (any of its municipalities), the other kinds each on its own."""
        grouped: dict[str, list[Concept]] = {}
        for concept in self.concepts:
            kind = "lugar" if concept.kind in PLACE_KINDS else concept.kind
            grouped.setdefault(kind, []).append(concept)
        return grouped

    @property
    def chip_label(self) -> str:
        """«Lugar: Tibú», «Sector: agro (Agroalimentos, Café, Cacao…)»."""
        kinds = {KIND_LABELS[c.kind] for c in self.concepts}
        kind = kinds.pop() if len(kinds) == 1 else "Búsqueda"
        labels = list(dict.fromkeys(c.label for c in self.concepts))
        if len(labels) == 1:
            return f"{kind}: {labels[0]}"
        shown = ", ".join(labels[:3]) + ("…" if len(labels) > 3 else "")
        return f"{kind}: {self.typed} ({shown})"


def place_codes(concepts: Iterable[Concept]) -> list[str]:
    """The municipalities that places name (a subregion or zone names several)."""
    return [code for c in concepts for code in c.municipalities]


@dataclass
class Understanding:
    """The terms of one query, in the order typed."""

    terms: list[Term] = field(default_factory=list)
    suggestion: str = ""  # the query with each unknown word replaced by its nearest spelling

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def corrections(self) -> list[Term]:
        return [t for t in self.terms if t.corrected_from]

    def has_kind(self, kind: str) -> bool:
        return any(c.kind == kind for t in self.terms for c in t.concepts)

    def query_without(self, index: int) -> str:
        """The query as typed, minus one term (a chip's «×»)."""
        return " ".join(t.typed for i, t in enumerate(self.terms) if i != index)


# --- the lexicon --------------------------------------------------------------------------


@dataclass
class Lexicon:
    """Phrases (as key tuples) → concepts, plus every word the published programs use."""

    phrases: dict[tuple[str, ...], list[Concept]] = field(default_factory=dict)
    known_words: list[str] = field(default_factory=list)  # folded, sorted, for corrections
    known_blob: str = ""  # " word word … " for fast substring checks
    spelling: dict[str, str] = field(default_factory=dict)  # folded word → as the lists write it

    def add(self, text: str, concept: Concept) -> None:
        key = phrase_key(text)
        if not key:
            return
        for word in re.findall(r"[^\W_]+", text):
            self.spelling.setdefault(fold(word), word.lower() if not word.isupper() else word)
        bucket = self.phrases.setdefault(key, [])
        if concept not in bucket:
            bucket.append(concept)

    def knows(self, word: str) -> bool:
        """True when the word is in the lists or inside some published program's word."""
        return (word_key(word),) in self.phrases or word in self.known_blob

    def nearest(self, word: str, max_distance: int) -> str | None:
        found = process.extractOne(
            word, self.known_words, scorer=OSA.distance, score_cutoff=max_distance
        )
        return found[0] if found else None


@cache
def _synonym_file(name: str) -> Any:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def _catalog(session: Session, model, kind: str) -> dict[str, Concept]:
    rows = catalog_order(
        session.execute(
            select(model.id, model.code, model.name, model.position).where(model.active.is_(True))
        )
    )
    return {r.code: Concept(kind, r.code, r.name, catalog_id=r.id) for r in rows}


def _add_places(lexicon: Lexicon, session: Session) -> None:
    places = _synonym_file("lugares.yaml")
    rows = session.execute(
        select(Municipality.code, Municipality.name, Municipality.subregion)
    ).all()
    by_name = {fold(name): code for code, name, _ in rows}
    for code, name, _subregion in rows:
        concept = Concept("municipio", code, name, municipalities=(code,))
        lexicon.add(name, concept)
        folded = fold(name)
        for article in ARTICLES:
            if folded.startswith(article):
                lexicon.add(folded[len(article) :], concept)
    for name, words in (places.get("municipios") or {}).items():
        code = by_name[fold(name)]
        concept = Concept("municipio", code, name, municipalities=(code,))
        for word in words:
            lexicon.add(word, concept)
    for subregion, words in (places.get("subregiones") or {}).items():
        codes = tuple(sorted(c for c, _, s in rows if s == subregion))
        concept = Concept("subregion", subregion, f"Subregión {subregion}", municipalities=codes)
        for word in words:
            lexicon.add(word, concept)
    for code, region in (places.get("regiones") or {}).items():
        codes = tuple(sorted(by_name[fold(m)] for m in region["municipios"]))
        concept = Concept("region", code, region["nombre"], municipalities=codes)
        for word in region["palabras"]:
            lexicon.add(word, concept)


def _add_catalogs(lexicon: Lexicon, session: Session) -> None:
    chains = _catalog(session, ProductiveChain, "cadena")
    sectors = _catalog(session, Sector, "sector")
    services = _catalog(session, ServiceType, "tipo")
    populations = _catalog(session, PopulationGroup, "poblacion")
    for catalog in (chains, services, populations):
        for concept in catalog.values():
            lexicon.add(concept.label, concept)
    for entry in _synonym_file("sectores.yaml"):
        targets = [chains[c] for c in entry.get("cadenas", []) if c in chains]
        targets += [sectors[c] for c in entry.get("sectores", []) if c in sectors]
        for word in entry["palabras"]:
            for concept in targets:
                lexicon.add(word, concept)
    for name, catalog in (("servicios.yaml", services), ("poblaciones.yaml", populations)):
        for code, words in _synonym_file(name).items():
            if code in catalog:
                for word in words:
                    lexicon.add(word, catalog[code])


def build_lexicon(session: Session) -> Lexicon:
    """Read the catalogs, the synonym files and the published programs' words."""
    lexicon = Lexicon()
    _add_places(lexicon, session)
    _add_catalogs(lexicon, session)
    words: set[str] = set()
    for text in session.scalars(select(Program.search_norm).where(Program.status == "publicado")):
        words.update(re.findall(r"[a-z0-9]+", text or ""))
    for key in lexicon.phrases:
        words.update(key)
    words = {w for w in words if len(w) >= 3 and not w.isdigit()}
    lexicon.known_words = sorted(words)
    lexicon.known_blob = " " + " ".join(lexicon.known_words) + " "
    return lexicon


class _LexiconCache:
    """One lexicon per worker, rebuilt when the catalog's version moves."""

    def __init__(self) -> None:
        self._key: tuple[int, datetime | None] | None = None
        self._lexicon: Lexicon | None = None
        self._lock = threading.Lock()

    def get(self, session: Session, key: tuple[int, datetime | None] | None = None) -> Lexicon:
        """The lexicon for the catalog's version `key` (read from the database when None)."""
        key = key or page_cache.version_and_time(session)
        with self._lock:
            if self._key == key and self._lexicon is not None:
                return self._lexicon
        lexicon = build_lexicon(session)
        with self._lock:
            self._key, self._lexicon = key, lexicon
        return lexicon

    def clear(self) -> None:
        with self._lock:
            self._key, self._lexicon = None, None


lexicons = _LexiconCache()


# --- understanding a query ----------------------------------------------------------------


def _tokens(q: str) -> list[tuple[str, str]]:
    """(as typed, folded) for each word of the query; punctuation and wildcards dropped."""
    out = []
    for raw in re.findall(r"[^\W_]+", q or ""):
        folded = "".join(re.findall(r"[a-z0-9]+", fold(raw)))
        if folded:
            out.append((raw, folded))
    return out[: MAX_QUERY_WORDS * 2]


def _correct(lexicon: Lexicon, tokens: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(typed, folded, corrected_from) with one typo forgiven in long unknown words."""
    out = []
    for raw, folded in tokens:
        if len(folded) >= TYPO_MIN_LENGTH and not folded.isdigit() and not lexicon.knows(folded):
            nearest = lexicon.nearest(folded, 1)
            if nearest:
                out.append((raw, nearest, folded))
                continue
        out.append((raw, folded, ""))
    return out


def _fragment(words: Iterable[str]) -> str:
    words = list(words)
    if len(words) == 1:
        return word_key(words[0])
    return " ".join(words)


def _terms(lexicon: Lexicon, tokens: list[tuple[str, str, str]]) -> list[Term]:
    """Longest known phrase first; stopwords alone are dropped."""
    keys = [word_key(folded) for _, folded, _ in tokens]
    terms: list[Term] = []
    i = 0
    while i < len(tokens) and len(terms) < MAX_QUERY_WORDS:
        for size in range(min(MAX_PHRASE, len(tokens) - i), 0, -1):
            concepts = lexicon.phrases.get(tuple(keys[i : i + size]))
            if concepts and not (size == 1 and tokens[i][1] in STOPWORDS):
                break
        else:
            size, concepts = 1, None
        part = tokens[i : i + size]
        i += size
        if size == 1 and part[0][1] in STOPWORDS:
            continue
        terms.append(
            Term(
                typed=" ".join(raw for raw, _, _ in part),
                fragments=(_fragment(folded for _, folded, _ in part),),
                concepts=tuple(concepts or ()),
                corrected_from=" ".join(c for _, _, c in part if c),
            )
        )
    return terms


def _suggestion(lexicon: Lexicon, tokens: list[tuple[str, str]]) -> str:
    """The query with each unknown word of four letters or more spelt as the nearest known one."""
    changed, words = False, []
    for raw, folded in tokens:
        if len(folded) >= 4 and not folded.isdigit() and not lexicon.knows(folded):
            nearest = lexicon.nearest(folded, 2)
            if nearest:
                words.append(lexicon.spelling.get(nearest, nearest))
                changed = True
                continue
        words.append(raw)
    return " ".join(words) if changed else ""


def understand_with(lexicon: Lexicon, q: str) -> Understanding:
    tokens = _tokens(q)
    if not tokens:
        return Understanding()
    terms = _terms(lexicon, _correct(lexicon, tokens))
    return Understanding(terms=terms, suggestion=_suggestion(lexicon, tokens))


def understand(session: Session, q: str) -> Understanding:
    """The terms of a query and what each means (one cheap SELECT when the lexicon is cached)."""
    if not _tokens(q):
        return Understanding()
    return understand_with(lexicons.get(session), q)
