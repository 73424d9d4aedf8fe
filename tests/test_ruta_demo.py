"""With the demo data: the journeys the issue names, from a phone-sized screen."""

from __future__ import annotations

from sqlalchemy import func, select

from red.models import Referral


def test_emprendefest_is_found_by_filtering_tibu(client):
    page = client.get("/ruta?municipio=54810").get_data(as_text=True)
    assert "EmprendeFEST" in page
    assert "Municipio: Tibú" in page


def test_pequenos_emprendedores_is_found_typing_without_accent(client):
    page = client.get("/ruta?q=pequenos+emprendedores").get_data(as_text=True)
    first = page.index("program-card")
    assert "Pequeños Emprendedores" in page[first : first + 600]


def test_program_page_has_what_a_person_needs(client):
    page = client.get("/ruta/pequenos-emprendedores").get_data(as_text=True)
    for text in (
        "Pequeños Emprendedores",
        "Para quién",
        "Requisitos",
        "Costo",
        "Dónde",
        "Pamplona",
        "Quiero inscribirme",
        "Lo que sigue en la Ruta",
    ):
        assert text in page, text
    assert 'name="viewport" content="width=device-width' in page


def test_ask_to_join_pequenos_emprendedores(client, db):
    form = client.get("/ruta/pequenos-emprendedores/inscribirse").get_data(as_text=True)
    assert "Autorizo el tratamiento de mis datos personales" in form
    assert "/privacidad" in form
    before = db.session.scalar(select(func.count(Referral.id)))
    response = client.post(
        "/ruta/pequenos-emprendedores/inscribirse",
        data={
            "doc_type": "12",
            "doc_number": "1090123456",
            "first_names": "Sofía",
            "last_names": "Rincón Pabón",
            "phone": "3001234567",
            "municipality_code": "54518",
            "birth_date": "2015-03-02",
            "legal_representative": "Marta Pabón (madre)",
            "need": "Quiere aprender a vender sus pulseras.",
            "consent_attention": "y",
        },
    )
    assert response.status_code == 302
    done = client.get(response.headers["Location"]).get_data(as_text=True)
    referral = db.session.scalar(select(Referral).order_by(Referral.id.desc()).limit(1))
    assert referral.code in done
    assert db.session.scalar(select(func.count(Referral.id))) == before + 1
    assert referral.source == "ruta" and referral.from_actor_id is None
    assert referral.entrepreneur_id is None  # waits on who the person said they are
    db.session.refresh(referral, ["claim"])
    assert referral.claim.doc_number == "1090123456"
    assert referral.claim.legal_representative == "Marta Pabón (madre)"
