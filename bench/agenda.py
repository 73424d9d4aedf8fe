"""Measure the agenda builder at 300 participants and 3,000 requests: python bench/agenda.py"""

from __future__ import annotations

import random
import time

from red.services.business_rounds import build_agenda


def main() -> None:
    rng = random.Random(2026)
    buyers, sellers = range(150), range(150, 300)
    requests: set[tuple[int, int]] = set()
    while len(requests) < 3000:
        a, b = rng.choice(buyers), rng.choice(sellers)
        requests.add((a, b) if rng.random() < 0.5 else (b, a))
    for tables, slots in ((150, 24), (100, 20), (60, 16)):
        started = time.perf_counter()
        agenda = build_agenda(sorted(requests), tables, slots)
        elapsed = time.perf_counter() - started
        print(
            f"{tables} mesas × {slots} turnos: {agenda.scheduled}/{agenda.requested_pairs} "
            f"citas ({agenda.share:.1%}) en {elapsed:.3f} s"
        )


if __name__ == "__main__":
    main()
