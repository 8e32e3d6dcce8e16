from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from inventory import selectors, services
from inventory.models import Program, ProgramChange, ProgramType, ProviderKind
from partnerships.models import Membership, SupportPartner
from pathways.concurrency import EditConflict
from tests.inventory.factories import CredentialFactory, LinkageFactory, ProgramFactory


def test_program_create_records_history_and_credentials(partnership, provider, convener):
    credential = CredentialFactory(partnership=partnership, name="NIMS Machining Level I")
    program = services.program_create(
        partnership=partnership,
        actor=convener,
        provider=provider,
        name="CNC Machining Certificate",
        program_type=ProgramType.CREDIT,
        cip_code="48.0510",
        credentials=[credential],
    )
    assert program.status == Program.Status.OFFERED
    assert list(program.credentials.all()) == [credential]
    change = program.changes.get()
    assert change.action == "created" and change.actor == convener


def test_a_partner_adding_another_providers_program_proposes_it(
    partnership, other_provider, partner_membership, support_partner
):
    program = services.program_create(
        partnership=partnership,
        actor=support_partner,
        membership=partner_membership,
        provider=other_provider,
        name="Welding I",
        program_type=ProgramType.NON_CREDIT,
    )
    assert program.status == Program.Status.PROPOSED


def test_update_records_who_when_and_what_changed(program, convener):
    services.program_update(
        program=program, actor=convener, expected_version=1, tuition=4500, evening=True
    )
    change = program.changes.get(action="updated")
    assert change.actor == convener
    assert sorted(change.changes) == [["evening", "no", "yes"], ["tuition ($)", "4200", "4500"]]
    program.refresh_from_db()
    assert program.version == 2


def test_second_save_from_the_same_version_is_refused_and_told_what_changed(
    program, convener, champion
):
    services.program_update(program=program, actor=convener, expected_version=1, tuition=5000)
    stale = Program.objects.get(pk=program.pk)
    with pytest.raises(EditConflict) as caught:
        services.program_update(program=stale, actor=champion, expected_version=1, tuition=3900)
    assert caught.value.changed == [("tuition ($)", 5000, 3900)]
    program.refresh_from_db()
    assert program.tuition == 5000
    assert program.changes.filter(action="updated").count() == 1


def test_a_save_that_changes_nothing_leaves_no_history(program, convener):
    services.program_update(program=program, actor=convener, expected_version=1, tuition=4200)
    assert not program.changes.filter(action="updated").exists()


def test_validation_errors_are_plain(program, convener):
    with pytest.raises(ValidationError) as caught:
        services.program_update(
            program=program, actor=convener, expected_version=1, cip_code="48-0501"
        )
    assert "A CIP code is two digits" in str(caught.value)


def test_who_may_edit(program, partner_membership, partnership, champion, counselor, convener):
    memberships = {m.role: m for m in Membership.objects.filter(partnership=partnership)}
    assert services.can_edit_program(memberships["convener"], program)
    assert services.can_edit_program(partner_membership, program)
    assert not services.can_edit_program(memberships["champion"], program)
    assert not services.can_edit_program(memberships["counselor"], program)
    other = ProgramFactory(partnership=partnership)
    assert not services.can_edit_program(partner_membership, other)


def test_review_does_not_bump_the_version(program, champion):
    services.program_mark_reviewed(program=program, actor=champion)
    program.refresh_from_db()
    assert program.reviewed_by == champion and program.version == 1
    assert program.changes.filter(action="reviewed").exists()


def test_bulk_skips_programs_the_partner_may_not_change(
    partnership, program, partner_membership, support_partner
):
    other = ProgramFactory(partnership=partnership)
    done, skipped = services.programs_bulk(
        membership=partner_membership,
        actor=support_partner,
        programs=[program, other],
        action="status_paused",
    )
    assert (done, skipped) == (1, [other.name])
    program.refresh_from_db()
    assert program.status == "paused"
    assert program.changes.filter(action="updated", via="bulk").exists()


def test_delete_keeps_the_history(program, convener):
    pk = program.pk
    services.program_delete(program=program, actor=convener)
    assert not Program.objects.filter(pk=pk).exists()
    assert ProgramChange.objects.filter(program_name=program.name, action="deleted").exists()


def test_occupations_added_by_hand_are_confirmed(program, convener):
    occupation = services.program_occupation_add(
        program=program, actor=convener, soc_code="51-4041", title="Machinists"
    )
    assert occupation.confirmed and occupation.confirmed_by == convener
    with pytest.raises(ValidationError):
        services.program_occupation_add(program=program, actor=convener, soc_code="51-4041")


def test_without_a_crosswalk_there_are_no_suggestions(program):
    assert services.program_occupations_suggest(program=program) == 0


def test_crosswalk_suggestions_are_unconfirmed(program, convener, monkeypatch):
    from inventory import crosswalk

    monkeypatch.setattr(
        crosswalk,
        "soc_for_cip",
        lambda cip: [crosswalk.SocSuggestion("51-4041", "Machinists")] if cip == "48.0510" else [],
    )
    services.program_update(program=program, actor=convener, expected_version=1, cip_code="48.0510")
    occupation = program.occupations.get()
    assert occupation.suggested and not occupation.confirmed
    services.program_occupation_confirm(occupation=occupation, actor=convener)
    assert program.occupations.get().confirmed


def test_provider_create_adds_the_organization(partnership):
    provider = services.provider_create(
        partnership=partnership,
        name="Front Range Ironworkers JATC",
        kind=ProviderKind.APPRENTICESHIP_SPONSOR,
    )
    assert provider.organization.partnership == partnership
    with pytest.raises(ValidationError):
        services.provider_create(
            partnership=partnership, name="front range ironworkers jatc", kind=ProviderKind.OTHER
        )


def test_invite_to_the_support_team(partnership, provider):
    services.provider_invite_to_support_team(provider=provider)
    partner = SupportPartner.objects.get(organization=provider.organization)
    assert partner.system == "postsecondary"
    assert selectors.providers_off_the_team(partnership) == []


def test_linkages_join_two_different_programs(partnership, program, convener):
    with pytest.raises(ValidationError):
        services.linkage_create(
            partnership=partnership, actor=convener, from_program=program, to_program=program,
            kind="articulation",
        )  # fmt: skip
    linkage = LinkageFactory(partnership=partnership)
    assert linkage.from_program != linkage.to_program


def test_step4_criteria(partnership, program, convener, champion):
    criteria = selectors.step4_criteria(partnership)
    assert [c.met for c in criteria] == [False, False, False]
    services.program_occupation_add(program=program, actor=convener, soc_code="51-4041")
    LinkageFactory(partnership=partnership, from_program=program)
    for p in Program.objects.filter(partnership=partnership):
        services.program_mark_reviewed(program=p, actor=champion)
    assert all(c.met for c in selectors.step4_criteria(partnership))


def test_a_partnership_with_programs_can_be_deleted(partnership, program):
    partnership.delete()
    assert not Program.objects.exists()


def test_a_provider_with_programs_cannot_be_deleted(provider, program):
    with pytest.raises(ValidationError, match="still has programs"):
        services.provider_delete(provider=provider)
