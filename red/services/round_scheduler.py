"""The business-round scheduler: pure, it knows nothing of the database, so it can be
tested with random inputs (hypothesis) and benchmarked at 300 participants and 3,000
requests. Rules: no one in two meetings at once, no table used twice in a slot, mutual
requests are placed before one-sided ones, and as many requested meetings as fit.
red.services.business_rounds loads its input and saves its agenda.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Slot:
    """One placed meeting: participants a < b, at slot index, on table number (1-based)."""

    a: int
    b: int
    slot: int
    table: int
    mutual: bool


@dataclass
class Agenda:
    meetings: list[Slot] = field(default_factory=list)
    requested_pairs: int = 0
    unscheduled: list[tuple[int, int]] = field(default_factory=list)

    @property
    def scheduled(self) -> int:
        return len(self.meetings)

    @property
    def share(self) -> float:
        return self.scheduled / self.requested_pairs if self.requested_pairs else 1.0


def pair_requests(requests: Iterable[tuple[int, int]]) -> dict[tuple[int, int], bool]:
    """Unordered pairs that someone asked for, each flagged mutual when both sides asked."""
    directed = {(a, b) for a, b in requests if a != b}
    pairs: dict[tuple[int, int], bool] = {}
    for a, b in directed:
        key = (a, b) if a < b else (b, a)
        pairs[key] = (b, a) in directed
    return pairs


class _Board:
    """Who meets whom in which slot while the agenda is being built."""

    def __init__(self, tables: int, slots: int) -> None:
        self.tables, self.slots = tables, slots
        self.at: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)  # person -> slot -> pair
        self.slot_of: dict[tuple[int, int], int] = {}
        self.used = [0] * slots
        self.pinned: set[tuple[int, int]] = set()  # meetings that keep their slot

    def free(self, person: int, slot: int) -> bool:
        return slot not in self.at[person]

    def place(self, pair: tuple[int, int], slot: int) -> None:
        a, b = pair
        self.at[a][slot] = self.at[b][slot] = pair
        self.slot_of[pair] = slot
        self.used[slot] += 1

    def first_fit(self, pair: tuple[int, int]) -> bool:
        a, b = pair
        for slot in range(self.slots):
            if self.used[slot] < self.tables and self.free(a, slot) and self.free(b, slot):
                self.place(pair, slot)
                return True
        return False

    def repair(self, pair: tuple[int, int]) -> bool:
        """Kempe-chain swap: free a slot for both sides by swapping two slots along an
        alternating path of meetings, when tables allow. Never drops a placed meeting."""
        if self.first_fit(pair):  # earlier repairs may have opened a slot
            return True
        a, b = pair
        for alpha in range(self.slots):
            if not self.free(a, alpha) or self.free(b, alpha):
                continue
            for beta in range(self.slots):
                if beta != alpha and self.free(b, beta) and self._swap_path(b, alpha, beta, a):
                    if self.used[alpha] < self.tables:
                        self.place(pair, alpha)
                        return True
        return False

    def _swap_path(self, start: int, alpha: int, beta: int, avoid: int) -> bool:
        path, person, colour = [], start, alpha
        while colour in self.at[person]:
            edge = self.at[person][colour]
            if edge in self.pinned:
                return False
            path.append(edge)
            person = edge[0] if edge[1] == person else edge[1]
            if person == avoid or len(path) > 4 * self.slots + 2 * len(self.slot_of):
                return False
            colour = beta if colour == alpha else alpha
        gain = sum(1 if self.slot_of[e] == alpha else -1 for e in path)  # alpha -> beta moves
        if self.used[beta] + gain > self.tables or self.used[alpha] - gain >= self.tables:
            return False
        for edge in path:
            old = self.slot_of[edge]
            for person in edge:
                del self.at[person][old]
        for edge in path:
            new = beta if self.slot_of[edge] == alpha else alpha
            for person in edge:
                self.at[person][new] = edge
            self.slot_of[edge] = new
        self.used[alpha] -= gain
        self.used[beta] += gain
        return True


def build_agenda(
    requests: Iterable[tuple[int, int]],
    tables: int,
    slots: int,
    pinned: Iterable[Slot] = (),
) -> Agenda:
    """Place requested meetings: every mutual pair before any one-sided one.

    Inside each group, pairs whose participants are in least demand go first (a person with
    few requests has few chances). Each pair takes the earliest slot where both sides are
    free and a table is left; when none is, meetings already placed are moved between two
    slots along an alternating path (Kempe chain) to make room. Placed meetings are never
    dropped, so one-sided requests cannot push out mutual ones, and the result is maximal.

    `pinned` meetings (those whose result was already recorded) keep their slot and table
    and are never moved: a rebuilt agenda schedules the rest around them. A pinned meeting
    outside the current slots or tables is history, not on the board; it is not returned.
    """
    pairs = pair_requests(requests)
    board = _Board(max(tables, 0), max(slots, 0))
    kept: dict[tuple[int, int], Slot] = {}
    for meeting in pinned:
        pair = (min(meeting.a, meeting.b), max(meeting.a, meeting.b))
        on_board = 0 <= meeting.slot < slots and 1 <= meeting.table <= tables
        if (
            on_board
            and pair not in kept
            and board.free(pair[0], meeting.slot)
            and board.free(pair[1], meeting.slot)
        ):
            board.place(pair, meeting.slot)
            board.pinned.add(pair)
            kept[pair] = meeting
        pairs.pop(pair, None)  # met already: not scheduled again
    agenda = Agenda(requested_pairs=len(pairs) + len(kept))
    if tables <= 0 or slots <= 0:
        agenda.unscheduled = sorted(pairs)
        return agenda
    demand: dict[int, int] = defaultdict(int)
    for a, b in pairs:
        demand[a] += 1
        demand[b] += 1
    for mutual in (True, False):
        group = sorted(
            (p for p, m in pairs.items() if m == mutual),
            key=lambda p: (demand[p[0]] + demand[p[1]], p),
        )
        waiting = [p for p in group if not board.first_fit(p)]
        agenda.unscheduled += [p for p in waiting if not board.repair(p)]
    taken = {(m.slot, m.table) for m in kept.values()}
    next_table: dict[int, int] = defaultdict(lambda: 1)
    for pair, slot in sorted(board.slot_of.items(), key=lambda item: (item[1], item[0])):
        if pair in kept:
            agenda.meetings.append(kept[pair])
            continue
        while (slot, next_table[slot]) in taken:
            next_table[slot] += 1
        agenda.meetings.append(Slot(pair[0], pair[1], slot, next_table[slot], pairs[pair]))
        next_table[slot] += 1
    return agenda
