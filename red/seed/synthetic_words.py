"""The vocabulary of the synthetic data: kinds of venture, outcomes, needs, and the weights
of referral outcomes and event participations (red/seed/synthetic_people.py draws from them)."""

# (name prefix, CIIU section, CIIU Rev. 4 A.C. class, productive chain code or None)
VENTURE_KINDS = [
    ("Confecciones", "C", "1410", "confecciones"),
    ("Calzado", "C", "1521", "calzado"),
    ("Marroquinería", "C", "1512", "calzado"),
    ("Panadería", "C", "1081", "gastronomia"),
    ("Restaurante", "I", "5611", "gastronomia"),
    ("Café de origen", "A", "0123", "cafe"),
    ("Chocolates", "C", "1082", "cacao"),
    ("Hortalizas", "A", "0113", "agroalimentos"),
    ("Lácteos", "C", "1040", "agroalimentos"),
    ("Tienda", "G", "4711", "comercio"),
    ("Soluciones TIC", "J", "6201", "tecnologias_informacion"),
    ("Construcciones", "F", "4111", "construccion"),
    ("Ladrillera", "C", "2392", "construccion"),
    ("Hostal", "I", "5511", "turismo"),
    ("Artesanías", "C", "3290", "industrias_creativas"),
    ("Diseño", "M", "7410", "industrias_creativas"),
    ("Taller de motos", "G", "4542", "comercio"),
    ("Metalmecánica", "C", "2592", "metalmecanica"),
    ("Peluquería", "S", "9602", None),
    ("Cosmetología", "S", "9602", None),
]
VENTURE_SUFFIXES = [
    "La Esperanza",
    "El Progreso",
    "Del Norte",
    "La Frontera",
    "Los Andes",
    "El Catatumbo",
    "La Ceiba",
    "El Cují",
    "Santa Clara",
    "Nueva Aurora",
    "El Roble",
    "La Sabana",
]
OUTCOMES = [
    "Plan de trabajo acordado.",
    "Diagnóstico empresarial realizado.",
    "Remitido a formación complementaria.",
    "Asistió a la sesión completa.",
    "Se entregó material de apoyo.",
    None,
]
NEEDS = [
    "Acceso a crédito para capital de trabajo.",
    "Formalización del negocio (matrícula mercantil).",
    "Asesoría para participar en ferias comerciales.",
    "Formación en modelo de negocio.",
    "Apoyo para exportar.",
    "Mentoría en mercadeo digital.",
]
REJECTION_REASONS = [
    "No cumple los requisitos de la convocatoria.",
    "Cupos agotados en el programa.",
    "La necesidad no corresponde a la oferta del actor.",
]
# (final status, weight)
REFERRAL_OUTCOMES = [
    ("enviada", 12),
    ("aceptada", 13),
    ("en_atencion", 20),
    ("completada", 35),
    ("rechazada", 10),
    ("cerrada_sin_atencion", 10),
]
PARTICIPATION_STATUSES = [
    ("asistio", 60),
    ("inscrito", 10),
    ("confirmado", 10),
    ("no_asistio", 15),
    ("cancelado", 5),
]
PARTICIPATION_ROLES = [("asistente", 55), ("expositor", 25), ("vendedor", 15), ("comprador", 5)]
