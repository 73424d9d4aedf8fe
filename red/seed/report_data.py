"""The demo data as plain Python structures.

Source of every organisation, program, event and figure here: the Gobernación de Norte de
Santander's report on its line «Desarrollo Económico Sostenible y Competitividad» for
2024–2025 (shared/seeds/000_3858db3871d166c7.txt). Descriptions use the report's own words.
Nothing is invented: no NIT except the Gobernación's, no phone, e-mail or website. Where a
value is an inference (a municipality that is obvious from a name, the demo mesas de trabajo)
a comment says so.

Municipalities are referred to by their name as written in red/data/…csv and resolved to
DIVIPOLA codes by the loader (an unknown name fails loudly).
"""

from __future__ import annotations

from decimal import Decimal

REPORT = "Informe de gestión 2024–2025, línea Desarrollo Económico Sostenible y Competitividad"

# --- Catalogs -------------------------------------------------------------------------------

# (number, name); the code is slugify(name).
ROUTE_STAGES = [
    (0, "Sensibilización y cultura"),
    (1, "Ideación y preincubación"),
    (2, "Puesta en marcha e incubación"),
    (3, "Fortalecimiento y crecimiento"),
    (4, "Aceleración y escalamiento"),
    (5, "Internacionalización"),
]

# (code, name, description)
SERVICE_TYPES = [
    ("formacion", "Formación", None),
    ("asesoria_mentoria", "Asesoría y mentoría", None),
    ("financiacion", "Financiación", "Capital semilla, crédito, garantías."),
    ("formalizacion", "Formalización y trámites", None),
    ("comercializacion", "Comercialización", "Ferias, ruedas de negocio."),
    ("innovacion_tecnologia", "Innovación y tecnología", None),
    ("internacionalizacion", "Internacionalización", None),
    ("conexion_redes", "Conexión y redes", None),
]

# CIIU Rev. 4 A.C. (DANE) sections. (code, official name). The name column holds 120
# characters, so the two longest keep their full official name in the description.
CIIU_SECTIONS = [
    ("A", "Agricultura, ganadería, caza, silvicultura y pesca"),
    ("B", "Explotación de minas y canteras"),
    ("C", "Industrias manufactureras"),
    ("D", "Suministro de electricidad, gas, vapor y aire acondicionado"),
    (
        "E",
        "Distribución de agua; evacuación y tratamiento de aguas residuales, gestión de "
        "desechos y actividades de saneamiento ambiental",
    ),
    ("F", "Construcción"),
    (
        "G",
        "Comercio al por mayor y al por menor; reparación de vehículos automotores y motocicletas",
    ),
    ("H", "Transporte y almacenamiento"),
    ("I", "Alojamiento y servicios de comida"),
    ("J", "Información y comunicaciones"),
    ("K", "Actividades financieras y de seguros"),
    ("L", "Actividades inmobiliarias"),
    ("M", "Actividades profesionales, científicas y técnicas"),
    ("N", "Actividades de servicios administrativos y de apoyo"),
    (
        "O",
        "Administración pública y defensa; planes de seguridad social de afiliación obligatoria",
    ),
    ("P", "Educación"),
    ("Q", "Actividades de atención de la salud humana y de asistencia social"),
    ("R", "Actividades artísticas, de entretenimiento y recreación"),
    ("S", "Otras actividades de servicios"),
    (
        "T",
        "Actividades de los hogares individuales en calidad de empleadores; actividades no "
        "diferenciadas de los hogares individuales como productores de bienes y servicios "
        "para uso propio",
    ),
    ("U", "Actividades de organizaciones y entidades extraterritoriales"),
]
CIIU_SHORT_NAMES = {
    "E": "Distribución de agua; evacuación y tratamiento de aguas residuales, gestión de desechos",
    "T": "Actividades de los hogares individuales en calidad de empleadores",
}
CIIU_VERSION = "CIIU Rev. 4 A.C."

# (code, name, description). The first six are Tabla 1; the rest are chains or sectors the
# report names elsewhere (quoted in the description).
PRODUCTIVE_CHAINS = [
    ("calzado", "Calzado", "Cadena productiva de la Tabla 1 (calzado, cuero y marroquinería)."),
    ("construccion", "Construcción", "Cadena productiva de la Tabla 1."),
    ("confecciones", "Confecciones", "Cadena productiva de la Tabla 1 (sistema moda)."),
    ("gastronomia", "Gastronomía", "Cadena productiva de la Tabla 1."),
    (
        "tecnologias_informacion",
        "Tecnologías de la información",
        "Cadena productiva de la Tabla 1.",
    ),
    ("comercio", "Comercio", "Cadena productiva de la Tabla 1."),
    ("agroalimentos", "Agroalimentos", "«la cadena de agroalimentos»."),
    ("cafe", "Café", "«la cadena de valor del café»."),
    ("cacao", "Cacao", "«el sector cacaotero»."),
    ("industrias_creativas", "Industrias creativas", "«los sectores de … industrias creativas»."),
    ("turismo", "Turismo y hotelería", "«la cadena gastronómica y hotelera»; «sector turismo»."),
    (
        "metalmecanica",
        "Metalmecánica",
        "«cadenas productivas del sistema moda, agroalimentos, construcción y metalmecánica».",
    ),
]

# (code, name, sensitive, description)
POPULATION_GROUPS = [
    ("mujeres", "Mujeres", False, None),
    ("jovenes", "Jóvenes", False, None),
    ("victimas", "Víctimas del conflicto armado", True, None),
    ("discapacidad", "Personas con discapacidad", True, None),
    ("etnicos", "Grupos étnicos (indígena, NARP, Rrom)", True, None),
    ("migrantes", "Migrantes y retornados", False, None),
    ("rural", "Población rural y campesina", False, None),
    ("reincorporacion", "Personas en reincorporación", True, None),
    ("lgbtiq", "Personas LGBTIQ+", True, None),
    ("economia_popular", "Economía popular", False, None),
    (
        "ninos",
        "Niños y niñas",
        False,
        "Programas como Pequeños Emprendedores atienden a niños y niñas entre 7 y 14 años.",
    ),
]

# --- Actors ---------------------------------------------------------------------------------

GOBERNACION = "gobernacion-de-norte-de-santander"
CAMARA_CUCUTA = "camara-de-comercio-de-cucuta"
CAMARA_PAMPLONA = "camara-de-comercio-de-pamplona"
CAMARA_OCANA = "camara-de-comercio-de-ocana"
CAMARAS = [CAMARA_CUCUTA, CAMARA_PAMPLONA, CAMARA_OCANA]

_TABLA_1 = "Entidad que representa la cadena productiva de {chain} en Norte de Santander (Tabla 1)."


def _actor(
    slug: str,
    name: str,
    acronym: str | None,
    kind: str,
    *,
    role: str = "miembro",
    chains: tuple[str, ...] = (),
    municipality: str | None = None,
    description: str | None = None,
    nit: str | None = None,
) -> dict:
    return {
        "slug": slug,
        "name": name,
        "acronym": acronym,
        "kind": kind,
        "network_role": role,
        "is_member": role != "aliado",
        "chains": list(chains),
        "municipality": municipality,
        "description": description,
        "nit": nit,
    }


def _guild(slug, name, acronym, chain_code, chain_label, municipality=None, kind="gremio"):
    return _actor(
        slug,
        name,
        acronym,
        kind,
        chains=(chain_code,),
        municipality=municipality,
        description=_TABLA_1.format(chain=chain_label),
    )


ACTORS: list[dict] = [
    # The network's presidency (report: «La Red es presidida por la Gobernación»).
    _actor(
        GOBERNACION,
        "Gobernación de Norte de Santander",
        None,
        "entidad_publica",
        role="presidencia",
        municipality="Cúcuta",
        nit="800103927-7",
        description=(
            "Preside la Red Regional de Emprendimiento de Norte de Santander y su núcleo. "
            "Durante el periodo 2024–2025 ha consolidado acciones orientadas al "
            "fortalecimiento del tejido empresarial, la inclusión financiera y la generación "
            "de empleo digno."
        ),
    ),
    # The report names the Cámara de Comercio de Cúcuta «Secretaría Técnica de la Comisión
    # Regional de Competitividad e Innovación de Norte de Santander». It does not say who is
    # the network's secretaría técnica; the demo gives it that role too.
    _actor(
        CAMARA_CUCUTA,
        "Cámara de Comercio de Cúcuta",
        None,
        "camara_comercio",
        role="secretaria_tecnica",
        municipality="Cúcuta",
        description=(
            "Secretaría Técnica de la Comisión Regional de Competitividad e Innovación de "
            "Norte de Santander. Opera territorialmente el programa ZASCA Cúcuta – Sistema "
            "Moda y desarrolla con la Gobernación estrategias como Norte Exporta, "
            "Diferénciate, Vibra con la Moda, Huella de autor y Cúcuta Emprende."
        ),
    ),
    _actor(
        CAMARA_PAMPLONA,
        "Cámara de Comercio de Pamplona",
        None,
        "camara_comercio",
        municipality="Pamplona",
        description=(
            "Desarrolla subregionalmente con la Gobernación los programas «Tienda a Tienda», "
            "«Emprendimiento turístico sostenible Conecta2» e «Internacionalización y "
            "promoción empresarial», entre otros."
        ),
    ),
    _actor(
        CAMARA_OCANA,
        "Cámara de Comercio de Ocaña",
        None,
        "camara_comercio",
        municipality="Ocaña",
        description=(
            "Acciones transversales con la Gobernación a favor de micronegocios, tenderos, "
            "emprendimientos y asociaciones de productores, como el Festival Catatumbo y "
            "ferias y festivales de comercio local."
        ),
    ),
    # Tabla 1. Representación de cadenas productivas existentes en Norte de Santander.
    _guild(
        "acicam",
        "Asociación Colombiana de Industriales del Calzado, el Cuero y sus Manufacturas",
        "ACICAM",
        "calzado",
        "calzado",
    ),
    _guild(
        "corpoincal",
        "Corporación de Industriales del Calzado y Similares de Norte de Santander",
        "CORPOINCAL",
        "calzado",
        "calzado",
    ),
    _guild(
        "corpfacuc",
        "Corporación Ferias de Cúcuta",
        "CORPFACUC",
        "calzado",
        "calzado",
        municipality="Cúcuta",
    ),
    _guild(
        "asopelecuc",
        "Asociación de Peleteros de Cúcuta",
        "ASOPELECUC",
        "calzado",
        "calzado",
        municipality="Cúcuta",
    ),
    _guild(
        "induarcillas",
        "Asociación de Industriales de la Arcilla de Norte de Santander",
        "INDUARCILLAS",
        "construccion",
        "construcción",
    ),
    _guild(
        "camacol",
        "Cámara Colombiana de la Construcción Cúcuta y Nororiente",
        "CAMACOL",
        "construccion",
        "construcción",
        municipality="Cúcuta",
    ),
    _guild(
        "corpomoda",
        "Corporación de Industriales de la Moda de Norte de Santander",
        "CORPOMODA",
        "confecciones",
        "confecciones",
    ),
    _guild(
        "asodinorte",
        "Asociación de Diseñadores de Moda de Norte de Santander",
        "ASODINORTE",
        "confecciones",
        "confecciones",
    ),
    _guild(
        "corpoincrea",
        "Corporación de Industrias Creativas de Norte de Santander",
        "CORPOINCREA",
        "confecciones",
        "confecciones",
    ),
    _guild(
        "aprointex",
        "Asociación Proyecto Innovación Textil",
        "APROINTEX",
        "confecciones",
        "confecciones",
    ),
    _guild(
        "asodimoda",
        "Asociación de Diseñadores de Norte de Santander",
        "ASODIMODA",
        "confecciones",
        "confecciones",
    ),
    _guild(
        "corpolavi",
        "Corporación Lavanderías Industriales y Tintorerías del Norte de Santander",
        "CORPOLAVI",
        "confecciones",
        "confecciones",
    ),
    _guild(
        "acodres",
        "Asociación Colombiana de la Industria Gastronómica",
        "ACODRES",
        "gastronomia",
        "gastronomía",
    ),
    _guild(
        "cluster-nortic",
        "Corporación Clúster del Sector de las TIC de Norte de Santander",
        "Clúster NORTIC",
        "tecnologias_informacion",
        "tecnologías de la información",
    ),
    _guild(
        "asopartes",
        "Asociación del Sector Automotriz y sus partes – Seccional Norte de Santander",
        "ASOPARTES",
        "comercio",
        "comercio",
    ),
    _guild("fenalco", "Federación Nacional de Comerciantes", "FENALCO", "comercio", "comercio"),
    # The three shopping centres are in Cúcuta (not stated in the report; obvious).
    _guild(
        "centro-comercial-ventura-plaza",
        "Centro Comercial Ventura Plaza",
        None,
        "comercio",
        "comercio",
        municipality="Cúcuta",
        kind="empresa",
    ),
    _guild(
        "centro-comercial-unicentro",
        "Centro Comercial Unicentro",
        None,
        "comercio",
        "comercio",
        municipality="Cúcuta",
        kind="empresa",
    ),
    _guild(
        "centro-comercial-jardin-plaza",
        "Centro Comercial Jardín Plaza",
        None,
        "comercio",
        "comercio",
        municipality="Cúcuta",
        kind="empresa",
    ),
    _actor(
        "andi",
        "Asociación Nacional de Empresarios – Seccional Norte de Santander",
        "ANDI",
        "gremio",
        description="Movimiento asociativo de empresarios del orden nacional.",
    ),
    _actor(
        "acopi",
        "Asociación Colombiana de las Micro, Pequeñas y Medianas Empresas",
        "ACOPI",
        "gremio",
        description="Movimiento asociativo de empresarios del orden nacional para las MIPYMES.",
    ),
    # Employment services named in «Empleo para la paz y la inclusión».
    _actor(
        "sena",
        "Servicio Nacional de Aprendizaje",
        "SENA",
        "entidad_publica",
        description="Agencia Pública de Empleo del Servicio Nacional de Aprendizaje.",
    ),
    _actor(
        "alcaldia-de-cucuta",
        "Alcaldía de Cúcuta",
        None,
        "entidad_publica",
        municipality="Cúcuta",
        description="Agencia pública de empleo presente en las Ferias Laborales.",
    ),
    _actor(
        "comfanorte",
        "Caja de Compensación Familiar del Norte de Santander",
        "COMFANORTE",
        "caja_compensacion",
        description="Opera una Agencia de Gestión y Colocación de Empleo.",
    ),
    _actor(
        "comfaoriente",
        "Caja de Compensación Familiar del Oriente Colombiano",
        "COMFAORIENTE",
        "caja_compensacion",
        description="Opera una Agencia de Gestión y Colocación de Empleo.",
    ),
    _actor(
        "corporacion-minuto-de-dios",
        "Corporación Minuto de Dios",
        None,
        "otro",
        description="Opera una Agencia de Gestión y Colocación de Empleo.",
    ),
    _actor(
        "universidad-libre-seccional-cucuta",
        "Universidad Libre Seccional Cúcuta",
        None,
        "academia",
        municipality="Cúcuta",
        description=(
            "Fortalecimiento del modelo de negocio de unidades de economía popular de Cúcuta, "
            "Los Patios y Villa del Rosario dotadas con activos productivos en 2024."
        ),
    ),
    _actor(
        "ifinorte",
        "Instituto Financiero para el Desarrollo de Norte de Santander",
        "IFINORTE",
        "financiera",
        description=(
            "Contrato de Empréstito No. 2024-460 con COOPFUTURO para el acceso al crédito "
            "formal; concurso en los programas flexibles y diferenciables de la banca "
            "tradicional de 2026 y 2027."
        ),
    ),
    _actor(
        "camara-junior",
        "Cámara Junior",
        None,
        "otro",
        description=(
            "Estrategias articuladas con la Gobernación en escenarios comerciales y de "
            "fortalecimiento de capacidades gerenciales."
        ),
    ),
    # National and foreign partners, not plausibly members of the regional network.
    _actor(
        "procolombia",
        "PROCOLOMBIA",
        None,
        "entidad_publica",
        role="aliado",
        description=(
            "Agencia de comercio exterior del gobierno colombiano; apoyo técnico y "
            "acompañamiento en misiones comerciales, ruedas de negocios y procesos de "
            "formación exportadora."
        ),
    ),
    _actor(
        "coopfuturo",
        "COOPFUTURO",
        None,
        "financiera",
        role="aliado",
        description=(
            "Contrato de Empréstito No. 2024-460 con IFINORTE: más de $3.370 millones "
            "colocados a través de 662 créditos."
        ),
    ),
    _actor(
        "bancoldex",
        "Banco de Comercio Exterior de Colombia",
        "BANCOLDEX",
        "financiera",
        role="aliado",
        description="Líneas de crédito flexibles y diferenciales con la Gobernación (2025).",
    ),
    _actor(
        "fondo-nacional-de-garantias",
        "Fondo Nacional de Garantías",
        "FNG",
        "financiera",
        role="aliado",
        description="Líneas de crédito flexibles y diferenciales con la Gobernación (2025).",
    ),
    _actor(
        "ministerio-de-trabajo",
        "Ministerio de Trabajo",
        None,
        "entidad_publica",
        role="aliado",
        description=(
            "Transferencia de herramientas y saberes a empleadores; acompañamiento del Grupo "
            "de Asistencia Técnica Territorial en la política pública de trabajo digno y "
            "decente."
        ),
    ),
    _actor(
        "dian",
        "Dirección de Impuestos y Aduanas Nacionales",
        "DIAN",
        "entidad_publica",
        role="aliado",
        description="Transferencia de herramientas a empleadores a través de la Defensoría "
        "del Contribuyente.",
    ),
    _actor(
        "giz",
        "Cooperación Alemana GIZ",
        "GIZ",
        "cooperacion",
        role="aliado",
        description="Programa SI Frontera: recursos en talento humano y especie para la "
        "estrategia Empleo para la paz y la inclusión.",
    ),
    _actor(
        "inexmoda",
        "INEXMODA",
        None,
        "otro",
        role="aliado",
        chains=("confecciones",),
        description="Estrategias articuladas con la Gobernación para el sector moda.",
    ),
    _actor(
        "fedecacao",
        "Federación Nacional de Cacaoteros",
        "FEDECACAO",
        "gremio",
        role="aliado",
        chains=("cacao",),
        description="Organiza Chocoshow.",
    ),
    _actor(
        "federacion-nacional-de-cafeteros",
        "Federación Nacional de Cafeteros",
        None,
        "gremio",
        role="aliado",
        chains=("cafe",),
        description="Organiza Cafés de Colombia Expo.",
    ),
    _actor(
        "magneto-empleos",
        "Magneto Empleos",
        None,
        "empresa",
        role="aliado",
        description="Bolsa de empleo privada que opera a nivel nacional.",
    ),
    _actor(
        "comision-regional-de-competitividad",
        "Comisión Regional de Competitividad e Innovación de Norte de Santander",
        "CRCI",
        "otro",
        role="aliado",
        description=(
            "Su Secretaría Técnica es la Cámara de Comercio de Cúcuta. Lidera el Plan de "
            "Internacionalización Departamental."
        ),
    ),
    # Municipal administrations with convenios interadministrativos (2024–2025).
    *[
        _actor(
            f"alcaldia-de-{slug}",
            f"Alcaldía de {name}",
            None,
            "entidad_publica",
            role="aliado",
            municipality=name,
            description=(
                "Convenio interadministrativo con la Gobernación para fortalecer habilidades "
                "para el emprendimiento y dotar de activos productivos."
            ),
        )
        for slug, name in [
            ("pamplonita", "Pamplonita"),
            ("lourdes", "Lourdes"),
            ("durania", "Durania"),
            ("los-patios", "Los Patios"),
        ]
    ],
]

# --- Programs -------------------------------------------------------------------------------

REVIEWED_ON = (2025, 12, 1)
CCC_GROUP = [
    "Norte Exporta",
    "Diferénciate",
    "Vibra con la Moda",
    "Huella de autor",
    "Cúcuta Emprende",
]
CCC_GROUP_TEXT = (
    "Con la Cámara de Comercio de Cúcuta se han desarrollado durante las vigencias 2024 y 2025 "
    "programas transversales para el fortalecimiento del tejido empresarial y su promoción "
    "comercial a partir de estrategias como Norte Exporta, Diferénciate, Vibra con la Moda, "
    "Huella de autor, y Cúcuta Emprende."
)
CCC_GROUP_RESULTS = (
    "Entre las cinco estrategias (Norte Exporta, Diferénciate, Vibra con la Moda, Huella de "
    "autor y Cúcuta Emprende): más de 140 micro y pequeños empresarios beneficiados."
)
SECTOR_GUILDS = ["acodres", "asodimoda", "camacol", "corpoincrea", "inexmoda", "camara-junior"]
SECTOR_GUILDS_TEXT = (
    "Los sectores moda, gastronómico y construcción han sido beneficiarios de estrategias "
    "articuladas con ACODRES, ASODIMODA, CAMACOL, CORPOINCREA, INEXMODA y CÁMARA JUNIOR en "
    "escenarios comerciales y de fortalecimiento de capacidades gerenciales a través de "
    "estrategias como Elévate Fashion Week, Expoconstrucción, Expodiseño, Mentes Influyentes, "
    "Del fogón a la nube, Exposport 2025 y Aria Bazar."
)
SECTOR_GUILDS_RESULTS = "Más de 180 MIPYME beneficiadas entre todas estas estrategias (2024–2025)."
PAMPLONA_TEXT = (
    "Ejercicio articulado que la Gobernación desarrolla subregionalmente con la Cámara de "
    "Comercio de Pamplona a través de los programas «Tienda a Tienda», «Emprendimiento "
    "turístico sostenible Conecta2», «Internacionalización y promoción empresarial», entre "
    "otros."
)


def _program(
    slug: str,
    name: str,
    summary: str,
    description: str,
    *,
    owner: str = GOBERNACION,
    cooperators: tuple[str, ...] | list[str] = (),
    stages: tuple[int, ...] = (),
    services: tuple[str, ...] = (),
    populations: tuple[str, ...] = (),
    chains: tuple[str, ...] = (),
    municipalities: tuple[str, ...] = (),
    whole_department: bool = False,
    status: str = "publicado",
    is_free: bool = True,
    period: str | None = "2024–2025",
    results: str | None = None,
    requirements: str | None = None,
    for_subsistence: bool = False,
    capacity: int | None = None,
) -> dict:
    return {
        "slug": slug,
        "name": name,
        "summary": summary,
        "description": description,
        "owner": owner,
        "cooperators": list(cooperators),
        "stages": list(stages),
        "services": list(services),
        "populations": list(populations),
        "chains": list(chains),
        "municipalities": list(municipalities),
        "whole_department": whole_department,
        "status": status,
        "is_free": is_free,
        "period": period,
        "reported_results": results,
        "requirements": requirements,
        "for_subsistence": for_subsistence,
        "capacity": capacity,
    }


PROGRAMS: list[dict] = [
    # --- Apuesta 1: internacionalización de la economía ---
    _program(
        "el-norte-por-el-mundo",
        "El Norte por el mundo",
        "Impulsar la internacionalización inclusiva y sostenible del tejido económico y "
        "productivo de Norte de Santander.",
        "Programa que tiene como propósito impulsar la internacionalización inclusiva y "
        "sostenible del tejido económico y productivo de Norte de Santander a partir de "
        "estrategias tales como la implementación del Plan de Internacionalización "
        "Departamental; la diversificación, adecuación y sofisticación de la oferta exportable "
        "de bienes y servicios; el fortalecimiento del aparato productivo regional y las "
        "misiones al exterior con fines comerciales, de transferencia de conocimientos y "
        "tecnologías. Desde el programa se financian tiquetes aéreos y alojamiento a "
        "empresarios que cuentan con perfil de internacionalización en sus bienes y servicios. "
        "Gremios económicos y las Cámaras de Comercio del Departamento han sido aliados "
        "estratégicos; con PROCOLOMBIA el Departamento ha podido participar en misiones "
        "comerciales, ruedas de negocios y procesos de formación exportadora.",
        cooperators=("procolombia", *CAMARAS),
        stages=(4, 5),
        services=("internacionalizacion", "comercializacion", "conexion_redes"),
        whole_department=True,
        results=(
            "Participación de más de 700 empresarios en ruedas de negocio, rondas de "
            "negociaciones y planes de fortalecimiento clúster durante las vigencias 2024 y "
            "2025 con una inversión superior a los $2.181 millones. 13 misiones comerciales "
            "internacionales con más de 60 empresarios (2024: Perú, México, España, Portugal y "
            "Chile; 2025: China, España, Alemania, Brasil, Aruba y Estados Unidos)."
        ),
        requirements=(
            "Empresarios que cuentan con perfil de internacionalización en sus bienes y servicios."
        ),
    ),
    _program(
        "norte-de-santander-vitrina-comercial-internacional",
        "Norte de Santander como vitrina comercial internacional",
        "Apoyo a escenarios comerciales que se posicionan a nivel nacional como CÚTEX, CÚMO y "
        "EXPOCUC.",
        "Se ha asistido a los clústeres Moda Norte, Construcción y NORTIC en la implementación "
        "de sus planes de acción coadyuvando el desarrollo de eventos que permiten impulsar a "
        "Norte de Santander como una vitrina comercial internacional a través de escenarios "
        "comerciales que se posicionan a nivel nacional como CÚTEX, CÚMO y EXPOCUC en sus "
        "versiones para los años 2024 y 2025 logrando el apoyo transversal a empresas de los "
        "sectores confecciones y calzado.",
        cooperators=("corpoincal", "corpomoda"),
        stages=(3, 4),
        services=("comercializacion",),
        chains=("calzado", "confecciones"),
        whole_department=True,
        results=(
            "EXPOCUC: más de 170 expositores, más de 150 compradores nacionales, ventas "
            "estimadas de más de 725.000 pares por aproximadamente $28.000 millones. CÚMO: más "
            "de 150 expositores, más de 160 compradores nacionales y más de $8.900 millones en "
            "ventas. Feria Cúcuta Textil: más de 40 expositores nacionales y 2 internacionales, "
            "ventas superiores a los $4.000 millones."
        ),
    ),
    _program(
        "apoyo-iniciativas-cluster",
        "Apoyo a la consolidación de iniciativas clúster",
        "Asistencia a los clústeres Moda Norte, Construcción y NORTIC en la implementación de "
        "sus planes de acción.",
        "Se ha asistido a los clústeres Moda Norte, Construcción y NORTIC en la implementación "
        "de sus planes de acción. 25 empresas del clúster construcción en articulación con "
        "INDUARCILLAS han sido fortalecidas a través de la 3ª Edición del Simposio "
        "Internacional de Reconversión Tecnológica para el Sector Ladrillero (2024), y el "
        "clúster NORTIC con el apoyo al evento de fortalecimiento sectorial Cúcuta Digital "
        "2024.",
        cooperators=("cluster-nortic", "induarcillas", CAMARA_CUCUTA),
        stages=(3, 4),
        services=("innovacion_tecnologia", "conexion_redes"),
        chains=("confecciones", "construccion", "tecnologias_informacion"),
        whole_department=True,
        results="3 clústeres asistidos en la implementación de sus planes de acción "
        "(meta 2027: 3).",
    ),
    _program(
        "marca-region-norte-de-santander",
        "Marca Región «Norte de Santander»",
        "Herramienta estratégica para resaltar el talento, la productividad, la cultura y la "
        "identidad del departamento ante el país y el mundo.",
        "Creación y posicionamiento de una Marca Región «Norte de Santander», concebida como "
        "una herramienta estratégica para resaltar el talento, la productividad, la cultura y "
        "la identidad del departamento ante el país y el mundo.",
        stages=(4, 5),
        services=("comercializacion", "internacionalizacion"),
        whole_department=True,
        period="2024–2027",
        results="Plan estratégico de la marca región en ejecución (2025).",
    ),
    _program(
        "plan-de-internacionalizacion",
        "Plan de Internacionalización de Norte de Santander",
        "Hoja de ruta para posicionar a Norte de Santander en mercados internacionales.",
        "Instrumento territorial liderado por la Comisión Regional de Competitividad e "
        "Innovación de Norte de Santander (Secretaría Técnica: Cámara de Comercio de Cúcuta); "
        "tuvo en 2024 alcance en la articulación público-privada de la región en "
        "organizaciones empresariales, sociedad civil, academia, entidades gubernamentales de "
        "orden territorial, entre otros, para identificar una hoja de ruta que permita "
        "posicionar a Norte de Santander en mercados internacionales.",
        owner=CAMARA_CUCUTA,
        cooperators=(GOBERNACION, "comision-regional-de-competitividad"),
        stages=(5,),
        services=("internacionalizacion", "conexion_redes"),
        whole_department=True,
        period="2024",
    ),
    # --- Apuesta 2: productividad y competitividad en las empresas ---
    _program(
        "zasca-cucuta-sistema-moda",
        "ZASCA Cúcuta – Sistema Moda",
        "Centro de Reindustrialización del Gobierno Nacional para fortalecer el sector de la "
        "confección en Cúcuta.",
        "El programa ZASCA Cúcuta – Sistema Moda fue creado por el Gobierno Nacional como una "
        "estrategia para fortalecer el sector de la confección en Cúcuta y operado "
        "territorialmente por la Cámara de Comercio de Cúcuta para el impulso del desarrollo "
        "productivo, la competitividad y la sostenibilidad empresarial. Genera "
        "acompañamiento técnico especializado, acceso a servicios tecnológicos, y la "
        "generación de conexiones de valor mediante espacios de comercialización.",
        owner=CAMARA_CUCUTA,
        cooperators=(GOBERNACION,),
        stages=(2, 3),
        services=("asesoria_mentoria", "innovacion_tecnologia", "comercializacion"),
        chains=("confecciones",),
        municipalities=("Cúcuta",),
        period="2024",
        results="60 unidades productivas del sector confección acompañadas durante la vigencia "
        "2024 con asistencia técnica integral.",
        requirements=(
            "Unidades productivas del sector confección conformadas por al menos dos "
            "integrantes que se dediquen a la elaboración de prendas de vestir."
        ),
    ),
    _program(
        "asistencia-tecnica-capacidades-gerenciales",
        "Asistencia técnica para el fortalecimiento de capacidades gerenciales",
        "Programas de gestión empresarial con los servicios extensionistas de las Cámaras de "
        "Comercio de Cúcuta, Pamplona y Ocaña.",
        "Fortalecimiento de capacidades para la productividad y competitividad de las MIPYME "
        "del Departamento generando esfuerzos articulados de la administración departamental "
        "con las Cámaras de Comercio de Cúcuta, Pamplona y Ocaña, quienes a partir de sus "
        "servicios extensionistas han posibilitado el desarrollo de estrategias con impacto "
        "territorial.",
        cooperators=tuple(CAMARAS),
        stages=(2, 3),
        services=("asesoria_mentoria", "formacion"),
        results="252 programas de gestión empresarial ejecutados en unidades productivas "
        "(meta: 200). Más de 750 unidades económicas y MIPYMES impactadas en la Apuesta 2, "
        "con una inversión que supera los $13.843 millones.",
    ),
    _program(
        "norte-exporta",
        "Norte Exporta",
        "Estrategia de la Cámara de Comercio de Cúcuta para el fortalecimiento del tejido "
        "empresarial y su promoción comercial.",
        CCC_GROUP_TEXT,
        owner=CAMARA_CUCUTA,
        cooperators=(GOBERNACION,),
        stages=(4, 5),
        services=("internacionalizacion", "comercializacion"),
        results=CCC_GROUP_RESULTS,
    ),
    _program(
        "diferenciate",
        "Diferénciate",
        "Estrategia de la Cámara de Comercio de Cúcuta para el fortalecimiento del tejido "
        "empresarial y su promoción comercial.",
        CCC_GROUP_TEXT,
        owner=CAMARA_CUCUTA,
        cooperators=(GOBERNACION,),
        stages=(2, 3),
        services=("asesoria_mentoria", "comercializacion"),
        results=CCC_GROUP_RESULTS,
    ),
    _program(
        "vibra-con-la-moda",
        "Vibra con la Moda",
        "Estrategia de la Cámara de Comercio de Cúcuta para el fortalecimiento del tejido "
        "empresarial y su promoción comercial.",
        CCC_GROUP_TEXT,
        owner=CAMARA_CUCUTA,
        cooperators=(GOBERNACION,),
        stages=(2, 3),
        services=("comercializacion",),
        chains=("confecciones",),
        results=CCC_GROUP_RESULTS,
    ),
    _program(
        "huella-de-autor",
        "Huella de autor",
        "Estrategia de la Cámara de Comercio de Cúcuta para el fortalecimiento del tejido "
        "empresarial y su promoción comercial.",
        CCC_GROUP_TEXT,
        owner=CAMARA_CUCUTA,
        cooperators=(GOBERNACION,),
        stages=(2, 3),
        services=("comercializacion",),
        results=CCC_GROUP_RESULTS,
    ),
    _program(
        "cucuta-emprende",
        "Cúcuta Emprende",
        "Estrategia de la Cámara de Comercio de Cúcuta para el fortalecimiento del tejido "
        "empresarial y su promoción comercial.",
        CCC_GROUP_TEXT,
        owner=CAMARA_CUCUTA,
        cooperators=(GOBERNACION,),
        stages=(1, 2),
        services=("asesoria_mentoria", "comercializacion"),
        municipalities=("Cúcuta",),
        results=CCC_GROUP_RESULTS,
    ),
    _program(
        "festival-catatumbo",
        "Festival Catatumbo",
        "Estrategia con la Cámara de Comercio de Ocaña para micronegocios, tenderos, "
        "emprendimientos y asociaciones de productores.",
        "Durante los años 2024 y 2025 se han desarrollado acciones transversales con la "
        "Cámara de Comercio de Ocaña favoreciendo a micronegocios, tenderos, emprendimientos "
        "y asociaciones de productores a partir de estrategias tales como Festival Catatumbo, "
        "ferias y festivales de comercio local.",
        owner=CAMARA_OCANA,
        cooperators=(GOBERNACION,),
        stages=(1, 2, 3),
        services=("comercializacion",),
        populations=("economia_popular",),
        results="Más de 160 beneficiarios (Festival Catatumbo, ferias y festivales de comercio "
        "local).",
    ),
    _program(
        "tienda-a-tienda",
        "Tienda a Tienda",
        "Programa con la Cámara de Comercio de Pamplona.",
        PAMPLONA_TEXT,
        owner=CAMARA_PAMPLONA,
        cooperators=(GOBERNACION,),
        stages=(2, 3),
        services=("asesoria_mentoria", "comercializacion"),
        chains=("comercio",),
    ),
    _program(
        "emprendimiento-turistico-sostenible-conecta2",
        "Emprendimiento turístico sostenible Conecta2",
        "Programa con la Cámara de Comercio de Pamplona.",
        PAMPLONA_TEXT,
        owner=CAMARA_PAMPLONA,
        cooperators=(GOBERNACION,),
        stages=(1, 2, 3),
        services=("formacion", "asesoria_mentoria"),
        chains=("turismo",),
    ),
    _program(
        "internacionalizacion-y-promocion-empresarial-pamplona",
        "Internacionalización y promoción empresarial",
        "Programa con la Cámara de Comercio de Pamplona.",
        PAMPLONA_TEXT,
        owner=CAMARA_PAMPLONA,
        cooperators=(GOBERNACION,),
        stages=(4, 5),
        services=("internacionalizacion", "comercializacion"),
    ),
    _program(
        "elevate-fashion-week",
        "Elévate Fashion Week",
        "Escenario comercial y de fortalecimiento de capacidades gerenciales para el sector moda.",
        SECTOR_GUILDS_TEXT,
        cooperators=SECTOR_GUILDS,
        stages=(2, 3),
        services=("comercializacion",),
        chains=("confecciones",),
        results=SECTOR_GUILDS_RESULTS,
    ),
    _program(
        "mentes-influyentes",
        "Mentes Influyentes",
        "Estrategia de fortalecimiento de capacidades gerenciales articulada con gremios.",
        SECTOR_GUILDS_TEXT,
        cooperators=SECTOR_GUILDS,
        stages=(2, 3),
        services=("formacion", "comercializacion"),
        results=SECTOR_GUILDS_RESULTS,
    ),
    _program(
        "del-fogon-a-la-nube",
        "Del fogón a la nube",
        "Estrategia de fortalecimiento de capacidades gerenciales para el sector gastronómico.",
        SECTOR_GUILDS_TEXT,
        cooperators=SECTOR_GUILDS,
        stages=(2, 3),
        services=("formacion", "comercializacion"),
        chains=("gastronomia",),
        results=SECTOR_GUILDS_RESULTS,
    ),
    _program(
        "aria-bazar",
        "Aria Bazar",
        "Escenario comercial articulado con gremios.",
        SECTOR_GUILDS_TEXT,
        cooperators=SECTOR_GUILDS,
        stages=(2, 3),
        services=("comercializacion",),
        results=SECTOR_GUILDS_RESULTS,
    ),
    _program(
        "inclusion-productiva-egresados-tecnicos",
        "Inclusión productiva para egresados técnicos y técnicos laborales",
        "Formación en modelos de negocio y activos productivos para quienes culminan estudios "
        "técnicos, técnicos laborales o certificados por competencia.",
        "Proyecto «Apoyo a la inclusión productiva en la población que culminan estudios "
        "técnicos, técnicos laborales y/o certificados por competencia de San José de Cúcuta, "
        "Villa Del Rosario, Los Patios, Ocaña, Pamplona, Norte de Santander». Brindó acceso a "
        "formación en modelos de negocio y desarrolló una estrategia de acceso a "
        "financiamiento con activos productivos para la implementación de plan de negocios en "
        "las líneas confecciones, Cosmetología y Estética, Cuidado de Manos y Pies, Cuidado y "
        "Estética Animal, Mantenimiento y Reparación de Computadores, Mantenimiento y "
        "Reparación de Motocicletas, Panadería y Pastelería, Peluquería y Barbería. El "
        "proyecto culminó su ejecución al término del segundo semestre del año 2025; la Red "
        "Regional de Emprendimiento hará seguimiento a la sostenibilidad de la inversión.",
        stages=(1, 2),
        services=("formacion", "financiacion"),
        municipalities=("Cúcuta", "Villa del Rosario", "Los Patios", "Ocaña", "Pamplona"),
        status="cerrado",
        results="250 unidades productivas recibieron activos productivos para la "
        "implementación de su plan de negocios.",
        requirements="Personas que culminan estudios técnicos, técnicos laborales y/o "
        "certificados por competencia.",
    ),
    _program(
        "feria-de-la-moda-de-norte-de-santander",
        "Feria de la Moda de Norte de Santander",
        "Iniciativa sectorial proyectada para impulsar a empresas del Sistema Moda.",
        "Se proyecta el diseño e implementación de la Feria de la Moda de Norte de Santander, "
        "iniciativa sectorial que proyecta continuar impulsando a empresas del Sistema Moda a "
        "partir de los postulados de la Ordenanza N° 029 de 2024.",
        stages=(2, 3, 4),
        services=("comercializacion",),
        chains=("confecciones", "calzado"),
        whole_department=True,
        status="borrador",
        period="2026–2027",
    ),
    # --- Apuesta 3: gestión de los sectores Trabajo, Comercio, Industria y Turismo ---
    _program(
        "indice-municipal-de-competitividad",
        "Índice Municipal de Competitividad",
        "Analítica de variables e indicadores de competitividad para los municipios del "
        "Departamento.",
        "Componente del plan de trabajo 2024–2025 de la Comisión Regional de Competitividad e "
        "Innovación, con la Cámara de Comercio de Cúcuta como Secretaría Técnica, con el "
        "objetivo de desarrollar analítica a variables e indicadores de competitividad para "
        "los municipios del Departamento posibilitando la identificación de estrategias que "
        "contribuyan al desarrollo competitivo de los municipios. Se ha consolidado "
        "metodológicamente a partir del rastreo documental de fuentes primarias y el concurso "
        "interinstitucional en mesas de trabajo donde participan principalmente las "
        "administraciones municipales.",
        owner=CAMARA_CUCUTA,
        cooperators=(GOBERNACION, "comision-regional-de-competitividad"),
        services=("conexion_redes",),
        whole_department=True,
        results="Diseño e implementación del Índice Municipal de Competitividad para las "
        "vigencias 2024 y 2025.",
    ),
    _program(
        "compras-publicas-mipymes",
        "Compras públicas locales para MIPYMES",
        "Estrategia de fortalecimiento a instrumentos territoriales para el fomento del "
        "mercado de Compras Públicas en MIPYMES.",
        "Ordenanza para el encadenamiento público-privado para las compras públicas locales en "
        "bienes y servicios multisector.",
        stages=(3,),
        services=("comercializacion",),
        whole_department=True,
        results="1 documento de lineamientos técnicos realizado (meta: 1).",
    ),
    _program(
        "pequenos-emprendedores",
        "Pequeños Emprendedores",
        "Cultura del emprendimiento para niños y niñas entre 7 y 14 años.",
        "A través del programa se desarrollan habilidades en cultura del emprendimiento "
        "impulsando habilidades blandas en Fortalecimiento personal: autoestima, liderazgo, "
        "inteligencia emocional y autoconfianza; Descubriendo mi vocación: orientación "
        "vocacional y propósito personal; Negocios: diseño y puesta en marcha de ideas "
        "empresariales; Educación financiera: ahorro, inversión y gestión del dinero; y "
        "Conciencia social: ética, valores y responsabilidad con la comunidad. El desarrollo "
        "de iniciativas productivas se ha complementado a partir de la dotación en activos "
        "productivos para elaboración de alimentos, repostería, productos artesanales, "
        "manualidades, bisutería, entre otras.",
        stages=(0, 1),
        services=("formacion", "financiacion"),
        populations=("ninos",),
        municipalities=(
            "Pamplona",
            "Ocaña",
            "Gramalote",
            "El Zulia",
            "Chinácota",
            "Los Patios",
            "Villa del Rosario",
        ),
        results="185 niños y niñas con edad entre 7 y 14 años de los municipios de Pamplona, "
        "Ocaña, Gramalote, El Zulia, Chinácota, Los Patios y Villa del Rosario.",
        requirements="Niños y niñas con edad entre 7 y 14 años.",
    ),
    _program(
        "ruta-de-emprendimiento-rural",
        "Ruta de Emprendimiento Rural",
        "Acercamiento de la oferta institucional en formalización, instrumentos tributarios, "
        "crédito y educación financiera a municipios rurales.",
        "Estrategia que posibilita el acercamiento de oferta institucional de las entidades "
        "públicas y privadas en formalización empresarial, instrumentos tributarios, acceso a "
        "crédito y acciones de educación financiera a ciudadanos de los municipios de Durania, "
        "El Zulia, Chitagá, Arboledas y Ábrego; la estrategia se encuentra en ejecución "
        "durante el último trimestre de la vigencia 2025.",
        stages=(1, 2, 3),
        services=("formalizacion", "financiacion", "formacion", "conexion_redes"),
        populations=("rural",),
        municipalities=("Durania", "El Zulia", "Chitagá", "Arboledas", "Ábrego"),
        period="2025 (último trimestre)",
    ),
    _program(
        "emprendefest",
        "EmprendeFEST",
        "Feria de emprendimiento itinerante que recorre los municipios del Departamento.",
        "La estrategia EmprendeFEST se define como una feria de emprendimiento itinerante que "
        "recorre los municipios del Departamento como escenario de promoción del consumo, "
        "comercio local e impulso a emprendimientos en etapa temprana.",
        stages=(1, 2),
        services=("comercializacion",),
        municipalities=("Ocaña", "Tibú", "Los Patios", "Santiago", "Pamplona"),
        results="Más de 200 emprendimientos multisectoriales en Ocaña, Tibú, Los Patios, "
        "Santiago y Pamplona (2024 y 2025).",
    ),
    _program(
        "pop-up-market",
        "Pop-Up Market",
        "Impulsar 100 emprendedores regionales en Centros Comerciales de gran superficie.",
        "Estrategia iniciada en el último trimestre del año 2025 que tiene como propósito "
        "impulsar 100 emprendedores regionales en Centros Comerciales de gran superficie como "
        "escenarios de alto tráfico comercial a saber: Ventura Plaza, Unicentro y Jardín "
        "Plaza.",
        cooperators=(
            "centro-comercial-ventura-plaza",
            "centro-comercial-unicentro",
            "centro-comercial-jardin-plaza",
        ),
        stages=(2, 3),
        services=("comercializacion",),
        whole_department=True,
        period="2025 (último trimestre)",
        capacity=100,
        results="Ventas por más de $50 millones.",
    ),
    _program(
        "cucuta-en-descuento",
        "Feria Cúcuta en Descuento",
        "Feria a cielo abierto para unidades productivas del sistema moda en la "
        "pre-temporada navideña.",
        "Con el fin de apoyar unidades productivas del sistema moda en la implementación de "
        "estrategias para incrementar su productividad y competitividad, se lideró el diseño "
        "e implementación de la Feria Cúcuta en Descuento realizada en el año 2024 en el "
        "marco de la pre-temporada navideña y con una nueva edición proyectada para diciembre "
        "de 2025.",
        stages=(2, 3),
        services=("comercializacion",),
        chains=("calzado", "confecciones"),
        municipalities=("Cúcuta",),
        results="2024: 50 expositores entre empresarios y emprendedores (18 del subsector "
        "calzado y 25 del subsector confecciones); ventas superiores a $200 millones en 12 "
        "horas continuas.",
    ),
    _program(
        "vitrina-comercial-ventura-plaza",
        "Vitrina Comercial en Ventura Plaza",
        "Promoción del consumo y economía local para emprendimientos y micronegocios.",
        "La promoción del consumo y economía local se ha complementado durante las vigencias "
        "2024 y 2025 con el apoyo a emprendimientos, micronegocios y unidades productivas en "
        "eventos de relacionamiento comercial, así como a través de la estrategia Vitrina "
        "Comercial en Ventura Plaza.",
        cooperators=("centro-comercial-ventura-plaza",),
        stages=(2, 3),
        services=("comercializacion",),
        # Ventura Plaza is in Cúcuta (not stated in the report; obvious).
        municipalities=("Cúcuta",),
    ),
    _program(
        "empleo-para-la-paz-y-la-inclusion",
        "Empleo para la paz y la inclusión",
        "Identificar y posibilitar el cierre temprano de brechas de mercado laboral.",
        "Estrategia que procura identificar y posibilitar el cierre temprano de brechas de "
        "mercado laboral. Se fortalecieron capacidades en empleadores para impulsar la "
        "formalidad laboral a través de la transferencia de herramientas y saberes por el "
        "Ministerio de Trabajo, la DIAN a través de la Defensoría del Contribuyente, y la "
        "Cooperación Alemana GIZ a través del Programa SI Frontera. Las Ferias Laborales han "
        "facilitado el acercamiento al registro en agencias de empleo públicas (SENA y "
        "Alcaldía de Cúcuta) y privadas (COMFANORTE, COMFAORIENTE, Corporación Minuto de "
        "Dios), así como la exploración de oportunidades laborales a través de MAGNETO "
        "EMPLEOS.",
        cooperators=(
            "ministerio-de-trabajo",
            "dian",
            "giz",
            "sena",
            "alcaldia-de-cucuta",
            "comfanorte",
            "comfaoriente",
            "corporacion-minuto-de-dios",
            "magneto-empleos",
        ),
        services=("formacion", "formalizacion", "conexion_redes"),
        municipalities=("Cúcuta", "Chinácota", "Pamplona"),
        results="Más de 60 empleadores fortalecidos; 15 sesiones de capacitación a más de 570 "
        "cesantes de Cúcuta, Chinácota y Pamplona; tres Ferias Laborales con más de 1600 "
        "ciudadanos cesantes, más de 3500 vacantes y más de 100 empresas empleadoras.",
    ),
    _program(
        "asociatividad-solidaria",
        "Proyectos de impacto territorial para organizaciones solidarias",
        "Apoyo a la implementación de proyectos de impacto territorial para organizaciones "
        "solidarias.",
        "Fomento de iniciativas de la asociatividad solidaria.",
        stages=(1, 2, 3),
        services=("asesoria_mentoria", "formacion"),
        populations=("economia_popular",),
        whole_department=True,
        results="25 iniciativas de la asociatividad solidaria fomentadas (meta: 250).",
        for_subsistence=True,
    ),
    # --- Apuesta 4: capital para la productividad ---
    _program(
        "capital-semilla-activos-productivos",
        "Capital semilla y activos productivos para emprendimientos",
        "Capital semilla representado en activos productivos para fortalecer y/o financiar "
        "ideas de negocio.",
        "El acceso a capital semilla a través de activos productivos se ha diseñado como una "
        "herramienta para fortalecer y/o financiar ideas de negocio respaldando la "
        "operatividad continua de actividades económicas emergentes, buscando dinamizar la "
        "economía regional, fortalecer la cultura emprendedora y generar oportunidades de "
        "ingreso y desarrollo en los distintos municipios del departamento.",
        stages=(1, 2),
        services=("financiacion",),
        whole_department=True,
        results="155 unidades productivas creadas (meta: 200). Apuesta 4: más de 1.150 "
        "ciudadanos beneficiados con una inversión por más de $2.600 millones.",
    ),
    _program(
        "credito-ifinorte-coopfuturo",
        "Línea de crédito IFINORTE – COOPFUTURO",
        "Acceso al crédito formal para emprendedores, productores y microempresarios "
        "(Contrato de Empréstito No. 2024-460).",
        "La administración departamental a través del Contrato de Empréstito No. 2024-460 "
        "entre IFINORTE y COOPFUTURO facilita el acceso al crédito formal de las unidades "
        "económicas de la economía popular, comunitaria y solidaria, así como de "
        "micronegocios y MIPYMES, de distintos municipios del Departamento en los sectores "
        "Comercial, Producción, Agricultura y Servicio.",
        owner="ifinorte",
        cooperators=("coopfuturo", GOBERNACION),
        stages=(2, 3),
        services=("financiacion",),
        populations=("economia_popular",),
        whole_department=True,
        is_free=False,
        for_subsistence=True,
        results="Más de $3.370 millones colocados a través de 662 créditos. El 76% de los "
        "créditos desembolsados tiene como destinación el fortalecimiento productivo de "
        "unidades económicas con planes de negocio viables y el 24% restante a "
        "emprendimientos que soportan viabilidad técnica, comercial y financiera.",
    ),
    _program(
        "lineas-credito-fng-bancoldex",
        "Líneas de crédito flexibles y diferenciales (FNG y BANCOLDEX)",
        "Financiación empresarial con tasas preferenciales y plazos adecuados.",
        "Líneas de crédito flexibles y diferenciales desarrolladas para su lanzamiento en el "
        "último trimestre de la vigencia 2025 en cooperación con Fondo Nacional de Garantías "
        "y BANCOLDEX; se ajustan a las realidades de los sectores productivos del "
        "Departamento y procuran el acceso a instrumentos de financiación empresarial con "
        "tasas preferenciales y plazos adecuados, fortaleciendo la liquidez y capacidad de "
        "inversión de las empresas locales.",
        cooperators=("fondo-nacional-de-garantias", "bancoldex"),
        stages=(3, 4),
        services=("financiacion",),
        whole_department=True,
        is_free=False,
        period="2025 (último trimestre)",
    ),
    _program(
        "inclusion-productiva-jovenes",
        "Fortalecimiento de los procesos de inclusión productiva a jóvenes del Departamento "
        "de Norte de Santander",
        "Fortalecimiento de capacidades para la inclusión productiva de jóvenes entre 18 y 28 "
        "años.",
        "Proyecto financiado por el Sistema General de Regalías bajo una cobertura "
        "departamental, con diversidad de actividades económicas en el territorio.",
        stages=(1, 2),
        services=("formacion", "financiacion"),
        populations=("jovenes",),
        whole_department=True,
        results="105 jóvenes entre 18 y 28 años.",
        requirements="Jóvenes entre 18 y 28 años.",
    ),
    _program(
        "fortalecimiento-micro-y-pequenas-empresas",
        "Fortalecimiento de las Micro y Pequeñas Empresas del Departamento Norte de Santander",
        "Generación de capacidades a micro y pequeñas empresas.",
        "Proyecto financiado por el Sistema General de Regalías bajo una cobertura "
        "departamental, con diversidad de actividades económicas en el territorio.",
        stages=(2, 3),
        services=("formacion", "asesoria_mentoria", "financiacion"),
        whole_department=True,
        results="200 micro y pequeñas empresas con capacidades generadas.",
    ),
    _program(
        "economia-popular-universidad-libre",
        "Inclusión productiva de unidades de economía popular con la Universidad Libre",
        "Activos productivos y fortalecimiento del modelo de negocio para unidades de "
        "economía popular.",
        "Enfoque de inclusión productiva que ha beneficiado a unidades de economía popular de "
        "los municipios de Cúcuta, Los Patios y Villa del Rosario dotadas con activos "
        "productivos en la vigencia 2024 y fortalecidas en su modelo de negocio en "
        "articulación con la Universidad Libre Seccional Cúcuta.",
        cooperators=("universidad-libre-seccional-cucuta",),
        stages=(1, 2),
        services=("financiacion", "asesoria_mentoria"),
        populations=("economia_popular",),
        municipalities=("Cúcuta", "Los Patios", "Villa del Rosario"),
        status="cerrado",
        period="2024",
        for_subsistence=True,
        results="20 unidades de economía popular dotadas con activos productivos.",
    ),
    _program(
        "convenios-municipales-emprendimiento",
        "Convenios municipales de emprendimiento (Pamplonita, Lourdes, Durania y Los Patios)",
        "Habilidades para el emprendimiento y dotación de activos productivos con las "
        "administraciones municipales.",
        "Se han aunado esfuerzos con las administraciones municipales de Pamplonita, Lourdes, "
        "Durania y Los Patios fortaleciendo habilidades para el emprendimiento y con dotación "
        "de activos productivos a emprendimientos asociativos y unidades económicas rurales; "
        "intervención realizada a través de convenios interadministrativos iniciados en el "
        "último bimestre de la vigencia 2024 logrando hitos de ejecución en el primer "
        "semestre de la vigencia 2025.",
        cooperators=(
            "alcaldia-de-pamplonita",
            "alcaldia-de-lourdes",
            "alcaldia-de-durania",
            "alcaldia-de-los-patios",
        ),
        stages=(1, 2),
        services=("formacion", "financiacion"),
        populations=("rural",),
        municipalities=("Pamplonita", "Lourdes", "Durania", "Los Patios"),
        results="Más de 80 emprendimientos asociativos y unidades económicas rurales dotados "
        "con activos productivos (Pamplonita, Lourdes y Durania).",
    ),
    _program(
        "fondo-territorial-del-emprendimiento",
        "Fondo Territorial del Emprendimiento",
        "Mecanismo para facilitar la inclusión financiera, el capital productivo y el anclaje "
        "de activos productivos.",
        "En atención a las ordenanzas 017 y 018 de 2021, la prospectiva para las vigencias "
        "2026 y 2027 corresponde al impulso en la configuración del Fondo Territorial del "
        "Emprendimiento; mecanismo que procura facilitar la inclusión financiera, el capital "
        "productivo y el anclaje de activos productivos en unidades económicas, "
        "micronegocios, emprendimientos y MIPYME. Continuarán generándose programas flexibles "
        "y diferenciables de la banca tradicional a partir del concurso articulado de "
        "IFINORTE y la banca de segundo piso.",
        cooperators=("ifinorte",),
        stages=(1, 2, 3),
        services=("financiacion",),
        whole_department=True,
        status="borrador",
        period="2026–2027",
    ),
]

# --- Events ---------------------------------------------------------------------------------


def _event(
    slug: str,
    name: str,
    kind: str,
    *,
    organizers: tuple[str, ...] = (),
    program: str | None = None,
    municipality: str | None = None,
    city: str | None = None,
    country: str = "Colombia",
    period: str | None = None,
    venue: str | None = None,
    exhibitors: int | None = None,
    buyers: int | None = None,
    participants: int | None = None,
    sales: int | None = None,
    notes: str | None = None,
    description: str | None = None,
) -> dict:
    return {
        "slug": slug,
        "name": name,
        "kind": kind,
        "organizers": list(organizers),
        "program": program,
        "municipality": municipality,
        "city": city,
        "country": country,
        "period_label": period,
        "venue": venue,
        "reported_exhibitors": exhibitors,
        "reported_buyers": buyers,
        "reported_participants": participants,
        "reported_sales_cop": sales,
        "reported_notes": notes,
        "description": description,
    }


VITRINA = "norte-de-santander-vitrina-comercial-internacional"
NORTE_MUNDO = "el-norte-por-el-mundo"
MISIONES = (
    "13 misiones comerciales internacionales para actividades de exploración comercial y "
    "participación en eventos sectoriales de más de 60 empresarios de sectores y subsectores "
    "asociados a cadenas productivas del sistema moda, agroalimentos, construcción y "
    "metalmecánica (cifras conjuntas 2024 y 2025)."
)
FERIAS_LABORALES = (
    "Cifras conjuntas de las tres Ferias Laborales (Cúcuta, Pamplona y Chinácota, 2024 y "
    "2025): más de 1600 ciudadanos cesantes, más de 3500 vacantes en los niveles elemental, "
    "calificado, técnico, tecnológico y profesional; más de 100 empresas empleadoras."
)
EMPRENDEFEST = (
    "Cifra conjunta de EmprendeFEST 2024 y 2025 (Ocaña, Tibú, Los Patios, Santiago, "
    "Pamplona): más de 200 emprendimientos multisectoriales."
)
SUPPORTED = (
    "Evento de relacionamiento comercial en el que la Gobernación apoyó a emprendimientos, "
    "micronegocios y unidades productivas durante las vigencias 2024 y 2025."
)

EVENTS: list[dict] = [
    _event(
        "expocuc",
        "EXPOCUC",
        "feria",
        organizers=("corpoincal",),
        program=VITRINA,
        period="2024 y 2025",
        exhibitors=170,
        buyers=150,
        sales=28_000_000_000,
        notes=(
            "Se han beneficiado más de 170 expositores entre empresarios y emprendedores del "
            "sector moda del departamento Norte de Santander, logrando la participación de "
            "más de 150 compradores nacionales con un impacto estimado en ventas de más de "
            "725.000 pares de zapatos que representan un valor aproximado de $28.000 millones."
        ),
        description=(
            "Escenario de relacionamiento comercial organizado por CORPOINCAL; plataforma "
            "comercial para el sector del calzado, el cuero y la marroquinería."
        ),
    ),
    _event(
        "cumo",
        "Cúcuta Moda – CÚMO",
        "feria",
        organizers=("corpomoda",),
        program=VITRINA,
        municipality="Cúcuta",
        period="2024 y 2025",
        exhibitors=150,
        buyers=160,
        sales=8_900_000_000,
        notes=(
            "En las versiones 2024 y 2025 más de 150 expositores entre empresarios y "
            "emprendedores del sistema moda y más de 160 compradores nacionales, generando "
            "más de $8.900 millones en ventas."
        ),
        description="Feria del sector confecciones organizada por CORPOMODA.",
    ),
    _event(
        "feria-cucuta-textil",
        "Feria Cúcuta Textil",
        "feria",
        organizers=("corpomoda",),
        program=VITRINA,
        municipality="Cúcuta",
        exhibitors=42,
        sales=4_000_000_000,
        notes=(
            "Participación de más de 40 expositores nacionales y 2 internacionales "
            "procedentes de Perú y Brasil; ventas superiores a los $4.000 millones."
        ),
        description=(
            "Evento para relacionamiento comercial en proveeduría para el sector "
            "confecciones; convención de confeccionistas de Norte de Santander."
        ),
    ),
    _event(
        "cutex",
        "CÚTEX",
        "feria",
        program=VITRINA,
        period="2024 y 2025",
        notes="Escenario comercial apoyado en sus versiones 2024 y 2025; el informe no da "
        "cifras propias.",
    ),
    _event(
        "macrorrueda-nacional-colombia-2025",
        "Macrorueda Nacional de Colombia 2025",
        "macrorrueda",
        organizers=("procolombia",),
        program=NORTE_MUNDO,
        city="Cali",
        period="2025",
        participants=20,
        notes=(
            "En el año 2025 se logró la participación multisectorial de 20 empresarios en la "
            "Macrorueda Nacional de Colombia organizada por PROCOLOMBIA y cuyo epicentro fue "
            "la ciudad de Cali (sistema moda, agroalimentos, tecnología y construcción)."
        ),
    ),
    _event(
        "ifls-eici-2025",
        "IFLS+EICI 2025",
        "feria",
        program=NORTE_MUNDO,
        period="2025",
        participants=105,
        notes="105 empresarios del sector calzado y marroquinería participaron en la "
        "principal vitrina de negocios de su industria.",
    ),
    _event(
        "misiones-comerciales-2024",
        "Misiones comerciales internacionales 2024",
        "mision_comercial",
        program=NORTE_MUNDO,
        country="Perú, México, España, Portugal y Chile",
        period="2024",
        notes=MISIONES + " Destinos 2024: Perú, México, España, Portugal y Chile.",
    ),
    _event(
        "misiones-comerciales-2025",
        "Misiones comerciales internacionales 2025",
        "mision_comercial",
        program=NORTE_MUNDO,
        country="China, España, Alemania, Brasil, Aruba y Estados Unidos",
        period="2025",
        notes=MISIONES + " Países objetivo 2025: China, España, Alemania, Brasil, Aruba y "
        "Estados Unidos.",
    ),
    _event(
        "colombia-moda",
        "Colombia Moda",
        "feria",
        program=NORTE_MUNDO,
        notes="Participación de empresarios del sistema moda del Departamento en rondas de "
        "negociación comercial; el informe no da cifras propias.",
        description="Una de las ferias más representativas de la industria de la moda en "
        "América Latina.",
    ),
    _event(
        "chocoshow",
        "Chocoshow",
        "feria",
        organizers=("fedecacao",),
        program=NORTE_MUNDO,
        period="2024 y 2025",
        notes="Empresarios cacaoteros de Norte de Santander participantes en las versiones "
        "2024 y 2025; el informe no da cifras propias.",
        description="Feria organizada por FEDECACAO, que celebra el talento, la cultura y la "
        "calidad del cacao colombiano.",
    ),
    _event(
        "cafes-de-colombia-expo",
        "Cafés de Colombia Expo",
        "feria",
        organizers=("federacion-nacional-de-cafeteros",),
        program=NORTE_MUNDO,
        notes="Caficultores nortesantandereanos exhibieron sus productos y participaron en "
        "ruedas de negocios; el informe no da cifras propias.",
        description="Principal feria especializada en la cadena de valor del café en América "
        "Latina, organizada por la Federación Nacional de Cafeteros.",
    ),
    _event(
        "expoconstruccion-expodiseno-2025",
        "Expoconstrucción y Expodiseño 2025",
        "feria",
        program=NORTE_MUNDO,
        period="2025",
        notes="Empresas del sector de la construcción establecieron contactos con potenciales "
        "compradores; el informe no da cifras propias.",
    ),
    _event(
        "expoartesanias",
        "Expoartesanías",
        "feria",
        program=NORTE_MUNDO,
        period="2024 y 2025",
        notes="Artesanos regionales participaron en las versiones 2024 y 2025; el informe no "
        "da cifras propias.",
    ),
    _event(
        "congreso-iniciativas-cluster-2024",
        "Congreso de Iniciativas Clúster 2024",
        "foro",
        organizers=(CAMARA_CUCUTA,),
        program="apoyo-iniciativas-cluster",
        period="2024",
        notes=(
            "Norte de Santander fue epicentro nacional. Durante 3 días y con alrededor de 160 "
            "iniciativas clúster de todo el país se desarrolló agenda de trabajo."
        ),
        description=(
            "Reunió a líderes empresariales, académicos y gubernamentales para discutir el "
            "impacto de las iniciativas clúster en la reindustrialización y el desarrollo "
            "territorial en Colombia."
        ),
    ),
    _event(
        "simposio-reconversion-tecnologica-ladrillero-2024",
        "3ª Edición del Simposio Internacional de Reconversión Tecnológica para el Sector "
        "Ladrillero",
        "foro",
        organizers=("induarcillas",),
        program="apoyo-iniciativas-cluster",
        period="2024",
        participants=25,
        notes="25 empresas del clúster construcción en articulación con INDUARCILLAS fortalecidas.",
    ),
    _event(
        "cucuta-digital-2024",
        "Cúcuta Digital 2024",
        "foro",
        organizers=("cluster-nortic",),
        program="apoyo-iniciativas-cluster",
        municipality="Cúcuta",
        period="2024",
        notes="Evento de fortalecimiento sectorial del clúster NORTIC; el informe no da "
        "cifras propias.",
    ),
    *[
        _event(
            f"feria-laboral-{slug}",
            f"Feria Laboral {name}",
            "feria_laboral",
            organizers=(GOBERNACION,),
            program="empleo-para-la-paz-y-la-inclusion",
            municipality=name,
            period="2024–2025",
            notes=FERIAS_LABORALES,
        )
        for slug, name in [
            ("cucuta", "Cúcuta"),
            ("pamplona", "Pamplona"),
            ("chinacota", "Chinácota"),
        ]
    ],
    _event(
        "feria-cucuta-en-descuento-2024",
        "Feria Cúcuta en Descuento 2024",
        "feria",
        organizers=(GOBERNACION,),
        program="cucuta-en-descuento",
        municipality="Cúcuta",
        period="2024 (pre-temporada navideña)",
        venue="Escenario comercial a cielo abierto",
        exhibitors=50,
        sales=200_000_000,
        notes=(
            "Participaron 50 expositores de empresarios y emprendedores de los cuales 18 "
            "fueron del subsector calzado y 25 del subsector confecciones quienes lograron en "
            "un escenario comercial a cielo abierto continuo por 12 horas ventas superiores a "
            "$200 millones."
        ),
    ),
    _event(
        "feria-cucuta-en-descuento-2025",
        "Feria Cúcuta en Descuento 2025",
        "feria",
        organizers=(GOBERNACION,),
        program="cucuta-en-descuento",
        municipality="Cúcuta",
        period="Diciembre de 2025 (edición proyectada)",
        notes="Nueva edición proyectada para diciembre de 2025.",
    ),
    *[
        _event(
            f"emprendefest-{slug}",
            f"EmprendeFEST {name}",
            "feria",
            organizers=(GOBERNACION,),
            program="emprendefest",
            municipality=name,
            period="2024–2025",
            notes=EMPRENDEFEST,
        )
        for slug, name in [
            ("ocana", "Ocaña"),
            ("tibu", "Tibú"),
            ("los-patios", "Los Patios"),
            ("santiago", "Santiago"),
            ("pamplona", "Pamplona"),
        ]
    ],
    _event(
        "pop-up-market-2025",
        "Pop-Up Market 2025",
        "feria",
        organizers=(GOBERNACION,),
        program="pop-up-market",
        # The three shopping centres are in Cúcuta (not stated in the report; obvious).
        municipality="Cúcuta",
        period="2025 (último trimestre)",
        venue="Centros comerciales Ventura Plaza, Unicentro y Jardín Plaza",
        participants=100,
        sales=50_000_000,
        notes="Estrategia para impulsar 100 emprendedores regionales en Centros Comerciales de "
        "gran superficie; ventas por más de $50 millones.",
    ),
    *[
        _event(slug, name, kind, period=period, notes=SUPPORTED)
        for slug, name, kind, period in [
            ("american-fest", "AMERICAN FEST", "feria", None),
            ("feria-cerveza-parrilla-2024", "Feria Cerveza & Parrilla 2024", "feria", "2024"),
            ("panaca-viajero", "Panaca Viajero", "otro", None),
            ("pasarela-cucuta", "Pasarela Cúcuta", "otro", None),
            ("festival-de-verano", "Festival de Verano", "otro", None),
            (
                "exposicion-nacional-ovino-caprina",
                "Exposición Nacional Ovino y Caprina",
                "feria",
                None,
            ),
            ("exposport-2025", "Exposport 2025", "feria", "2025"),
        ]
    ],
]

# --- Indicators (metas) ---------------------------------------------------------------------

FOOTNOTE_1 = "*Última medición disponible, Índice Departamental de Competitividad año 2025"
FOOTNOTE_2 = "**Medición DANE Cúcuta y AM, disponible a septiembre-2025"
FOOTNOTE_3 = "***Última medición disponible, Índice Departamental de Internacionalización año 2024"


def _d(text: str | None) -> Decimal | None:
    """'2.378' -> 2378, '63,5%' -> 63.5, '3***' -> 3, 'En ejecución' -> None."""
    if text is None:
        return None
    cleaned = text.replace("*", "").replace("%", "").replace(".", "").replace(",", ".").strip()
    try:
        return Decimal(cleaned)
    except ArithmeticError:
        return None


# Tabla 1. Metas de Resultado: (name as printed, unit, higher_is_better, baseline 2023,
# progress 2025, target 2027, footnote). Asterisks are kept exactly where the report puts them.
RESULT_GOALS = [
    (
        "Posición Departamental: Formalidad Laboral*",
        "Posición",
        False,
        "23",
        "22",
        "20",
        FOOTNOTE_1,
    ),
    (
        "Posición departamental: Densidad empresarial*",
        "Posición",
        False,
        "15",
        "17",
        "12",
        FOOTNOTE_1,
    ),
    (
        "Tasa de informalidad Departamental",
        "Porcentaje",
        False,
        "63,5%",
        "62,8%**",
        "60%",
        FOOTNOTE_2,
    ),
    (
        "Posición departamental: Tasa de desempleo Departamental*",
        "Posición",
        False,
        "23",
        "27",
        "20",
        FOOTNOTE_1,
    ),
    (
        "Posición departamental: Exportaciones no minero energéticas",
        "Posición",
        False,
        "6",
        "3***",
        "5",
        FOOTNOTE_3,
    ),
    (
        "Créditos para capital de trabajo y modernización de MIPYME, micronegocios y unidades "
        "de economía popular, solidaria y comunitaria",
        "Créditos",
        True,
        "2.378",
        "664",
        "3.500",
        None,
    ),
]

APUESTAS = {
    2: "Internacionalización de la economía",
    3: "Productividad y competitividad en las empresas",
    4: "Fortalecimiento de la gestión y dirección de los sectores Trabajo, Comercio, Industria "
    "y Turismo",
    5: "Capital para la productividad",
}

# Tablas 2–5. Metas de Producto: (table, goal number, initiative, indicator, quantity,
# progress 2025 as printed).
PRODUCT_GOALS = [
    (
        2,
        1,
        "Servicio de apoyo para la suscripción e implementación de acuerdos comerciales y "
        "de inversión",
        "Rondas de negociaciones organizadas y/o asistidas",
        "2",
        "4",
    ),
    (2, 2, "Misiones comerciales al exterior", "Rondas de negociaciones asistidas", "6", "4"),
    (
        2,
        3,
        "Creación de la marca región del Departamento",
        "Planes estratégicos elaborados",
        "1",
        "En ejecución",
    ),
    (
        2,
        4,
        "Norte de Santander como vitrina comercial internacional",
        "Rondas de negociaciones organizadas",
        "2",
        "3",
    ),
    (
        2,
        5,
        "Apoyo a consolidación de iniciativas clúster",
        "Clústeres asistidos en la implementación de los planes de acción",
        "3",
        "3",
    ),
    (
        3,
        6,
        "Asistencia técnica para el fortalecimiento de capacidades gerenciales",
        "Programas de gestión empresarial ejecutados en unidades productivas",
        "200",
        "252",
    ),
    (
        3,
        7,
        "Asistencia técnica para el mejoramiento de productos o procesos (Certificación de "
        "empresarios en temas de tecnologías y producción)",
        "Empresas beneficiadas",
        "100",
        "120",
    ),
    (
        3,
        8,
        "Apoyo para la transferencia y/o implementación de metodologías de aumento de la "
        "productividad",
        "Unidades productivas beneficiadas en la implementación de estrategias "
        "para incrementar su productividad",
        "200",
        "326",
    ),
    (
        3,
        9,
        "Apoyo a la implementación del Centro de Reindustrialización ZASCA sector moda",
        "Programas de gestión empresarial ejecutados en unidades productivas",
        "1",
        "1",
    ),
    (
        4,
        10,
        "Apoyo y consolidación de la Comisión Regional de Competitividad e Innovación de "
        "Norte de Santander",
        "Planes de trabajo concertados con las CRC para su consolidación",
        "1",
        "1",
    ),
    (
        4,
        11,
        "Estrategia de fortalecimiento a instrumentos territoriales para el fomento del "
        "mercado de Compras Públicas en MIPYMES",
        "Documentos de lineamientos técnicos realizados",
        "1",
        "1",
    ),
    (
        4,
        12,
        "Apoyo a la implementación de la Ruta de Emprendimiento, Innovación e "
        "Internacionalización.",
        "Redes regionales de emprendimiento acompañadas en el "
        "mejoramiento en su esquema de atención",
        "1",
        "1",
    ),
    (
        4,
        13,
        "Formulación de Política Pública Departamental para el Trabajo Digno y Decente",
        "Documentos de política elaborados",
        "1",
        "1",
    ),
    (
        4,
        14,
        "Apoyo a la implementación de proyectos de impacto territorial para "
        "organizaciones solidarias.",
        "Iniciativas de la Asociatividad solidaria fomentadas",
        "250",
        "25",
    ),
    (
        4,
        15,
        "Apoyo a la gestión del Sector Trabajo para la promoción y divulgación para la "
        "generación y formalización del empleo",
        "Sesiones de asistencia técnica para el "
        "fortalecimiento del monitoreo del mercado de trabajo realizadas",
        "8",
        "4",
    ),
    (
        4,
        16,
        "Construcción del Centro de Eventos, Exposiciones e Innovación",
        "Sedes adecuadas",
        "1",
        "En ejecución",
    ),
    (
        4,
        17,
        "Estrategia de promoción del parque industrial con régimen franco",
        "Planes estratégicos elaborados",
        "1",
        "En ejecución",
    ),
    (
        5,
        18,
        "Apoyo financiero para el mejoramiento de productos o procesos",
        "Empresas beneficiadas",
        "1.000",
        "337",
    ),
    (
        5,
        19,
        "Apoyo financiero para planes de negocio con viabilidad técnica, comercial y financiera",
        "Planes de negocios financiados",
        "2.500",
        "664",
    ),
    (
        5,
        20,
        "Capital semilla y activos productivos para emprendimientos",
        "Unidades productivas creadas",
        "200",
        "155",
    ),
]


def indicator_rows() -> list[dict]:
    """The 6 metas de resultado (MR-1..6) and 20 metas de producto (MP-1..20) as dicts."""
    rows = []
    for i, (name, unit, higher, base, progress, target, note) in enumerate(RESULT_GOALS, 1):
        rows.append(
            {
                "code": f"MR-{i}",
                "kind": "resultado",
                "table_number": 1,
                "goal_number": None,
                "apuesta": None,
                "initiative": None,
                "name": name,
                "unit": unit,
                "higher_is_better": higher,
                "baseline_value": _d(base),
                "baseline_text": base,
                "baseline_year": 2023,
                "progress_value": _d(progress),
                "progress_text": progress,
                "progress_year": 2025,
                "target_value": _d(target),
                "target_text": target,
                "target_year": 2027,
                "footnote": note,
                "position": i,
            }
        )
    for table, number, initiative, name, quantity, progress in PRODUCT_GOALS:
        rows.append(
            {
                "code": f"MP-{number}",
                "kind": "producto",
                "table_number": table,
                "goal_number": number,
                "apuesta": APUESTAS[table],
                "initiative": initiative,
                "name": name,
                "unit": None,
                "higher_is_better": True,
                "baseline_value": None,
                "baseline_text": None,
                "baseline_year": None,
                "progress_value": _d(progress),
                "progress_text": progress,
                "progress_year": 2025,
                "target_value": _d(quantity),
                "target_text": quantity,
                # The plan's horizon (report: «metas al año 2027»).
                "target_year": 2027,
                "footnote": None,
                "position": 100 + number,
            }
        )
    return rows


# --- Governance bodies ----------------------------------------------------------------------

NUCLEO = {
    "slug": "nucleo",
    "kind": "nucleo",
    "name": "Núcleo de la Red Regional de Emprendimiento",
    "coordinator": GOBERNACION,
    "description": (
        "Con la presidencia de la Gobernación de Norte de Santander, tiene como función "
        "principal velar por el adecuado funcionamiento de la dinámica de trabajo y la "
        "participación de actores, cumplimiento de los objetivos planeados, correcto "
        "desempeño en los mecanismos de trabajo y, cumplimiento de las reglas y conductas que "
        "rigen el actuar de los miembros de la Red."
    ),
    # None = every member actor (is_member).
    "members": None,
}

_DEMO_MESA = (
    " Estructura de demostración: el informe menciona las mesas de trabajo pero no las "
    "nombra; esta mesa, su coordinador y sus miembros no provienen del informe."
)

MESAS = [
    {
        "slug": "mesa-internacionalizacion",
        "kind": "mesa",
        "name": "Mesa de Internacionalización",
        "coordinator": CAMARA_CUCUTA,
        "description": "Mesa de trabajo sobre la internacionalización de la economía "
        "(Apuesta 1)." + _DEMO_MESA,
        "members": [
            GOBERNACION,
            *CAMARAS,
            "corpoincal",
            "corpomoda",
            "cluster-nortic",
            "andi",
            "acopi",
        ],
    },
    {
        "slug": "mesa-productividad-competitividad",
        "kind": "mesa",
        "name": "Mesa de Productividad y Competitividad",
        "coordinator": "andi",
        "description": "Mesa de trabajo sobre productividad y competitividad en las empresas "
        "(Apuesta 2)." + _DEMO_MESA,
        "members": [
            GOBERNACION,
            *CAMARAS,
            "andi",
            "acopi",
            "camacol",
            "induarcillas",
            "acodres",
            "fenalco",
            "sena",
        ],
    },
    {
        "slug": "mesa-emprendimiento-inclusion-financiera",
        "kind": "mesa",
        "name": "Mesa de Emprendimiento e Inclusión Financiera",
        "coordinator": "sena",
        "description": "Mesa de trabajo sobre emprendimiento y capital para la productividad "
        "(Apuestas 3 y 4)." + _DEMO_MESA,
        "members": [
            GOBERNACION,
            CAMARA_CUCUTA,
            "sena",
            "ifinorte",
            "universidad-libre-seccional-cucuta",
            "comfanorte",
            "comfaoriente",
            "corporacion-minuto-de-dios",
            "alcaldia-de-cucuta",
            "camara-junior",
        ],
    },
]

# --- Demo accounts and the fictional entrepreneur -------------------------------------------

DEMO_PASSWORD = "demo-red-2026"
DEMO_USERS = [
    # (email, full name, role, actor slug or None)
    ("admin@red.demo", "Administrador Demo", "admin", None),
    ("nucleo@red.demo", "Núcleo Demo", "nucleo", None),
    ("gestor.ccc@red.demo", "Gestor Demo CCC", "actor_staff", CAMARA_CUCUTA),
    ("admin.ccc@red.demo", "Administrador Demo CCC", "actor_admin", CAMARA_CUCUTA),
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
