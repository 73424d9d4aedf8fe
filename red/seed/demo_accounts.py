"""The demo accounts and the fictional entrepreneur (not from the report: demo scaffolding).

Every account uses DEMO_PASSWORD; the entrepreneur and her venture are fictional and say so.
"""

from __future__ import annotations

DEMO_PASSWORD = "demo-red-2026"
DEMO_USERS = [
    # (email, full name, role, actor slug or None)
    ("admin@red.demo", "Administrador Demo", "admin", None),
    ("nucleo@red.demo", "Núcleo Demo", "nucleo", None),
    ("gestor.ccc@red.demo", "Gestor Demo CCC", "actor_staff", "camara-de-comercio-de-cucuta"),
    ("admin.ccc@red.demo", "Administrador Demo CCC", "actor_admin", "camara-de-comercio-de-cucuta"),
    ("gestor.sena@red.demo", "Gestor Demo SENA", "actor_staff", "sena"),
]
DEMO_ENTREPRENEUR_EMAIL = "emprendedor@red.demo"
DEMO_ENTREPRENEUR = {
    "doc_type": "13",
    "doc_number": "1090123456",
    "first_names": "Emprendedora",
    "last_names": "Demo",
    "municipality": "Tibú",
    "email": DEMO_ENTREPRENEUR_EMAIL,
    "sex": "F",
}
DEMO_CONSENT = {
    "policy_version": "2026-01",
    "purpose_attention": True,
    "purpose_statistics": True,
    "channel": "web",
}
DEMO_VENTURE = {
    "name": "Chocolates Demo del Catatumbo",
    "sector": "C",
    "ciiu_code": "1082",
    "chain": "cacao",
    "stage": 2,
    "is_formal": False,
    "size": "micro",
    "employees": 2,
    "sales_range": "1",
    "municipality": "Tibú",
    "description": "Emprendimiento ficticio de la cuenta de demostración.",
}
