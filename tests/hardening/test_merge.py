"""Issue 15, item 7: "Save again to keep yours" keeps the other person's edits to the fields
you never touched, field by field (pathways/concurrency.py)."""

from __future__ import annotations

from django import forms
from django.urls import reverse

from inventory import services as inventory_services
from inventory.models import Program
from partnerships import services as partnership_services
from partnerships.models import Partnership
from tests.inventory.factories import CredentialFactory, ProgramFactory, ProviderFactory


def _post_data(form) -> dict:
    """What a browser submits for a form as drawn (an unbound form's values)."""
    data = {}
    for bound in form:
        widget, value = bound.field.widget, bound.value()
        if isinstance(bound.field, forms.FileField):
            continue
        if isinstance(widget, forms.CheckboxInput):
            if widget.check_test(value):
                data[bound.html_name] = "on"
        elif getattr(widget, "allow_multiple_selected", False):
            data[bound.html_name] = [str(v) for v in value or []]
        else:
            formatted = widget.format_value(value)
            if isinstance(formatted, list):
                formatted = formatted[0] if formatted else ""
            data[bound.html_name] = "" if formatted is None else str(formatted)
    return data


def test_save_again_keeps_their_program_edit_to_a_field_you_did_not_touch(
    client, partnership, convener
):
    provider = ProviderFactory(partnership=partnership)
    program = ProgramFactory(partnership=partnership, provider=provider, tuition=4200)
    cert = CredentialFactory(partnership=partnership, name="Their certificate")
    url = reverse("inventory:program_edit", args=[partnership.slug, program.pk])
    client.force_login(convener)
    mine = _post_data(client.get(url).context["form"])  # loaded before their save

    # Someone else changes the tuition and the credentials meanwhile.
    inventory_services.program_update(
        program=Program.objects.get(pk=program.pk),
        actor=None,
        expected_version=program.version,
        tuition=5100,
        credentials=[cert],
    )
    mine["description"] = "Evenings and weekends."
    conflict = client.post(url, mine)
    assert conflict.status_code == 200
    assert "Someone else saved this program" in conflict.content.decode()
    rebased = conflict.context["form"]
    assert rebased["tuition"].value() in ("5100", 5100)  # the form now shows theirs
    assert rebased["description"].value() == "Evenings and weekends."  # and keeps mine

    again = client.post(url, rebased.data)  # "Save again"
    assert again.status_code == 302
    program.refresh_from_db()
    assert program.description == "Evenings and weekends."
    assert program.tuition == 5100
    assert [c.name for c in program.credentials.all()] == ["Their certificate"]


def test_a_stale_form_resubmitted_as_is_never_undoes_their_profile_edit(
    client, partnership, convener
):
    url = reverse("partnerships:edit", args=[partnership.slug])
    client.force_login(convener)
    mine = _post_data(client.get(url).context["form"])
    partnership_services.partnership_update(
        partnership=Partnership.objects.get(pk=partnership.pk),
        expected_version=partnership.version,
        description="Their description.",
    )
    mine["contact_name"] = "Ana Ruiz"
    first = client.post(url, mine)
    assert first.status_code == 200  # refused: nothing overwritten
    # Even the stale values, submitted again with the new version, only carry my change.
    mine["version"] = first.context["form"].data["version"]
    assert client.post(url, first.context["form"].data).status_code == 302
    partnership.refresh_from_db()
    assert partnership.description == "Their description."
    assert partnership.contact_name == "Ana Ruiz"
