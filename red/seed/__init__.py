"""Demo data taken from the Gobernación's 2024–2025 report, and a synthetic-data generator.

- `red/data/report/`: the report's facts as data files (YAML and CSV), read by
  `red.seed.report_data.load()` (no database code); `red.seed.demo_accounts`: the demo logins.
- `red.seed.demo.seed_demo`: loads them idempotently (`flask red seed-demo`).
- `red.seed.synthetic.seed_synthetic`: fictional people and activity for load tests
  (`flask red seed-synthetic`), never loaded by default.
"""


class SeedError(RuntimeError):
    """The data cannot be loaded as asked; the message is Spanish and shown to the operator."""
