"""The acta as a PDF, from the same data as the meeting's page (its `_meeting_context`):
header with body, number, date, place and quorum; attendance by member organisation; agenda;
development and decisions; commitments with owner and due date; approval status.

fpdf2 because it installs with pip alone (pure Python, no system libraries; WeasyPrint needs
Pango and friends from the system). The PDF uses the core Helvetica font, whose encoding
(Latin-1) holds every Spanish letter; the few typographic signs outside it (dashes, curly
quotes, bullets) are written as their plain equivalents, so no font file has to ship.
"""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import XPos, YPos

_PLAIN = str.maketrans(
    {
        "—": "-",
        "–": "-",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "•": "-",
        "…": "...",
        "\u00a0": " ",
    }
)
NETWORK = "Red Regional de Emprendimiento de Norte de Santander"


def _text(value: object) -> str:
    """Text the core font can draw: Spanish letters kept, other signs made plain."""
    return str(value or "").translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


def acta_filename(meeting) -> str:
    return f"acta-{meeting.body.slug}-{meeting.number}.pdf"


class _Acta(FPDF):
    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(0, 10, _text(f"{NETWORK} - página {self.page_no()}"), align="C")


def _heading(pdf: FPDF, title: str) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, _text(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", size=10)


def _paragraph(pdf: FPDF, text: str) -> None:
    pdf.multi_cell(0, 5, _text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _table(pdf: FPDF, header: tuple[str, ...], rows: list[tuple[str, ...]], widths) -> None:
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=5) as table:
        table.row([_text(h) for h in header])
        for row in rows:
            table.row([_text(cell) for cell in row])


def quorum_line(attendance: list, members: int) -> str:
    present = sum(1 for a in attendance if a.status == "asistio")
    if not members:
        return f"Quórum: {present} miembros asistieron."
    reached = "hubo quórum" if present * 2 > members else "no hubo quórum"
    return f"Quórum: {present} de {members} miembros asistieron ({reached})."


def render_acta(context: dict, members: int) -> bytes:
    """The PDF bytes of the acta for the page's context and the body's member count."""
    meeting, body = context["meeting"], context["body"]
    kinds, statuses, roles = context["kinds"], context["statuses"], context["roles"]
    pdf = _Acta(format="A4")
    pdf.set_title(_text(f"Acta de la reunión n.º {meeting.number} - {body.name}"))
    pdf.set_author(_text(NETWORK))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    _paragraph(pdf, NETWORK)
    pdf.set_font("Helvetica", "B", 12)
    _paragraph(pdf, f"{body.name} - Acta de la reunión n.º {meeting.number}")
    pdf.set_font("Helvetica", size=10)
    _paragraph(
        pdf,
        f"Sesión {kinds[meeting.kind].lower()} · Fecha: {meeting.held_on:%d/%m/%Y}"
        + (f" · Lugar: {meeting.place}" if meeting.place else ""),
    )
    _paragraph(pdf, quorum_line(context["attendance"], members))
    status = context["acta_statuses"][meeting.acta_status]
    approver = context["approver"]
    if approver is not None:
        status += f", aprobada en la reunión n.º {approver.number} del {approver.held_on:%d/%m/%Y}"
    _paragraph(pdf, f"Estado del acta: {status}")
    _heading(pdf, "Asistencia")
    if context["attendance"]:
        rows = [
            (
                a.actor.name,
                statuses[a.status],
                (a.delegate_name or "")
                + (f" ({roles[a.delegate_role].lower()})" if a.delegate_role else ""),
            )
            for a in context["attendance"]
        ]
        _table(pdf, ("Actor", "Estado", "Delegado"), rows, (90, 30, 70))
    else:
        _paragraph(pdf, "No se registró asistencia.")
    _heading(pdf, "Orden del día")
    _paragraph(pdf, meeting.agenda or "Sin orden del día.")
    _heading(pdf, "Desarrollo y decisiones")
    _paragraph(pdf, meeting.acta or "El acta aún no se ha redactado.")
    _heading(pdf, "Compromisos")
    if context["commitments"]:
        rows = [
            (c.description, ", ".join(a.name for a in c.actors), f"{c.due_on:%d/%m/%Y}")
            for c in context["commitments"]
        ]
        _table(pdf, ("Compromiso", "Responsables", "Fecha límite"), rows, (100, 60, 30))
    else:
        _paragraph(pdf, "Sin compromisos.")
    return bytes(pdf.output())
