"""The published catalog as Open Referral HSDS 3.0 (https://docs.openreferral.org).

- `taxonomies`: Red's catalogs (stages, service types, populations, sectors, chains, modality,
  DIVIPOLA places) as HSDS taxonomies and terms.
- `records`: one program, actor or term as the HSDS object (plain dicts, no database access).
- `queries`: what the API and the package read, in a fixed number of statements per page.
- `package`: the tabular form (one CSV per table and a Frictionless datapackage.json).

Only published programs leave, with the organizations that own them and the active members
of the network; nothing about any person in the registry is ever read here.
"""

HSDS_VERSION = "3.0"
