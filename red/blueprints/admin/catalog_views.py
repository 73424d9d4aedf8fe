"""The five admin-editable catalogs: list, create, edit, deactivate (never delete)."""

from __future__ import annotations

from datetime import UTC

from flask import abort, flash, redirect, render_template, request, url_for

from red.blueprints.admin import bp
from red.blueprints.admin.forms import catalog_form_class
from red.blueprints.stale import STALE_STATUS, stale_edit
from red.extensions import db
from red.permissions import access
from red.services import catalogs as catalog_service
from red.services.catalogs import CatalogError, CatalogKind


def _kind_or_404(kind: str) -> CatalogKind:
    found = catalog_service.catalog_kind(kind)
    if found is None:
        abort(404)
    return found


def _entry_or_404(kind: CatalogKind, entry_id: int):
    return db.get_or_404(kind.model, entry_id)


def _version(entry) -> str:
    """Token of the entry's last change, kept in the form to detect concurrent edits."""
    value = entry.updated_at
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat()


def _form_data(kind: CatalogKind, form) -> dict:
    return {name: form[name].data for name in kind.fields}


@bp.route("/catalogos")
@access("admin")
def catalogs():
    return render_template(
        "admin/catalogs.html",
        kinds=catalog_service.CATALOGS.values(),
        counts=catalog_service.catalog_counts(db.session),
    )


@bp.route("/catalogos/<kind>")
@access("admin")
def catalog_entries(kind: str):
    catalog = _kind_or_404(kind)
    entries = db.session.scalars(catalog_service.entries_query(catalog)).all()
    return render_template("admin/catalog_entries.html", catalog=catalog, entries=entries)


@bp.route("/catalogos/<kind>/nuevo", methods=["GET", "POST"])
@access("admin")
def catalog_new(kind: str):
    catalog = _kind_or_404(kind)
    form = catalog_form_class(catalog.slug)()
    if form.validate_on_submit():
        try:
            entry = catalog_service.create_entry(db.session, catalog, _form_data(catalog, form))
        except CatalogError as error:
            form[error.field or "code"].errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Se creó «{entry.name}» en {catalog.title.lower()}.", "success")
            return redirect(url_for("admin.catalog_entries", kind=catalog.slug))
    return render_template("admin/catalog_form.html", catalog=catalog, form=form, entry=None)


@bp.route("/catalogos/<kind>/<int:entry_id>/editar", methods=["GET", "POST"])
@access("admin")
def catalog_edit(kind: str, entry_id: int):
    catalog = _kind_or_404(kind)
    entry = _entry_or_404(catalog, entry_id)
    form = catalog_form_class(catalog.slug)(obj=entry)
    status = 200
    if form.validate_on_submit():
        if stale_edit(form.version, _version(entry)):
            status = STALE_STATUS
        else:
            try:
                catalog_service.update_entry(db.session, catalog, entry, _form_data(catalog, form))
            except CatalogError as error:
                form[error.field or "code"].errors.append(str(error))
            else:
                db.session.commit()
                flash(f"Se guardaron los cambios de «{entry.name}».", "success")
                return redirect(url_for("admin.catalog_entries", kind=catalog.slug))
    elif not form.is_submitted():
        form.version.data = _version(entry)
    page = render_template("admin/catalog_form.html", catalog=catalog, form=form, entry=entry)
    return page, status


@bp.route("/catalogos/<kind>/<int:entry_id>/desactivar", methods=["GET", "POST"])
@access("admin")
def catalog_deactivate(kind: str, entry_id: int):
    """GET asks for confirmation; only the POST changes anything."""
    catalog = _kind_or_404(kind)
    entry = _entry_or_404(catalog, entry_id)
    if request.method == "POST":
        catalog_service.set_entry_active(db.session, entry, False)
        db.session.commit()
        flash(
            f"«{entry.name}» quedó inactiva: ya no se ofrece en formularios nuevos, "
            "pero los registros que la usan la conservan.",
            "success",
        )
        return redirect(url_for("admin.catalog_entries", kind=catalog.slug))
    return render_template("admin/catalog_deactivate.html", catalog=catalog, entry=entry)


@bp.route("/catalogos/<kind>/<int:entry_id>/activar", methods=["POST"])
@access("admin")
def catalog_activate(kind: str, entry_id: int):
    catalog = _kind_or_404(kind)
    entry = _entry_or_404(catalog, entry_id)
    catalog_service.set_entry_active(db.session, entry, True)
    db.session.commit()
    flash(f"«{entry.name}» está activa de nuevo.", "success")
    return redirect(url_for("admin.catalog_entries", kind=catalog.slug))
