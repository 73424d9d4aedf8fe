"""Routes of the events area (/eventos)."""

from tests import factories as f
from tests.matrix import SKIP, Route, everyone, only

ORG = ("admin", "staff_ccc", "actor_admin_ccc")
STAFF = (*ORG, "staff_sena")
PARTY = (*ORG, "entrepreneur")


def _event(suffix: str = ""):
    return lambda: f"/eventos/{f.matrix_round()['event'].slug}{suffix}"


def _participation(suffix: str):
    def path():
        data = f.matrix_round()
        return f"/eventos/{data['event'].slug}/participantes/{data['buyer'].id}{suffix}"

    return path


def _round(kind: str):
    def path():
        data = f.matrix_round()
        slug = data["event"].slug
        if kind == "result":
            return f"/eventos/{slug}/rueda/citas/{data['meeting'].id}/resultado"
        return f"/eventos/{slug}/rueda/{data['buyer'].id}/{kind}"

    return path


def _checkin_mark():
    data = f.matrix_round()
    return f"/eventos/{data['event'].slug}/ingreso/{data['buyer'].id}"


ROUTES = {
    "events.index": Route("/eventos", get=everyone()),
    "events.new": Route("/eventos/nuevo", get=only(*STAFF), post=only(*STAFF)),
    "events.show": Route(_event(), get=everyone()),
    # A POST without the form's version is refused as a stale edit (409), overwriting nothing.
    "events.edit": Route(_event("/editar"), get=only(*ORG), post=only(*ORG, status=409)),
    # The POST without the form's version is a stale delete (409): the event stays.
    "events.delete": Route(_event("/eliminar"), get=only(*ORG), post=only(*ORG, status=409)),
    "events.signup": Route(_event("/inscribirme"), post=everyone(422)),
    "events.participants": Route(_event("/participantes"), get=only(*ORG)),
    "events.register_existing": Route(_event("/participantes"), post=only(*ORG, status=400)),
    "events.register_new": Route(_event("/participantes/nuevo"), get=only(*ORG), post=only(*ORG)),
    # The matrix's buyer registered through its organiser: no declared identity to confirm.
    "events.confirm_identity": Route(
        _participation("/identidad"), get=only(*ORG, status=404), post=only(*ORG, status=404)
    ),
    "events.claim_changes": Route(
        _participation("/identidad/cambios"), post=only(*ORG, status=404)
    ),
    "events.cancel": Route(_participation("/cancelar"), post=only(*ORG, status=SKIP)),
    "events.checkin": Route(_event("/ingreso"), get=only(*ORG)),
    "events.checkin_mark": Route(_checkin_mark, post=only(*ORG, status=SKIP)),
    "events.outcome": Route(
        _participation("/resultados"), get=only(*ORG), post=only(*ORG, status=SKIP)
    ),
    "events.export": Route(_event("/exportar.xlsx"), get=only(*ORG)),
    "events.summary": Route(_event("/resumen"), get=only(*STAFF, "nucleo")),
    "events.round_home": Route(_event("/rueda"), get=only(*ORG)),
    "events.round_configure": Route(_event("/rueda/configurar"), post=only(*ORG, status=422)),
    "events.round_build": Route(_event("/rueda/agenda"), post=only(*ORG, status=SKIP)),
    "events.round_requests": Route(
        _round("solicitudes"), get=only(*PARTY), post=only(*PARTY, status=SKIP)
    ),
    "events.round_agenda": Route(_round("agenda"), get=only(*PARTY)),
    "events.round_result": Route(
        _round("result"), get=only(*PARTY), post=only(*PARTY, status=SKIP)
    ),
}

ROUTES.update({"events.calendar_file": Route(_event("/calendario.ics"), get=everyone())})


def _with_code(prefix: str):
    def path():
        from red.services.checkin import checkin_code

        data = f.matrix_round()
        return f"/eventos/{data['event'].slug}/{prefix}/{checkin_code(data['buyer'].id)}"

    return path


ROUTES.update(
    {
        "events.registration_pass": Route(_with_code("pase"), get=everyone()),
        "events.checkin_code": Route(_with_code("ingreso/codigo"), get=only(*ORG)),
    }
)
