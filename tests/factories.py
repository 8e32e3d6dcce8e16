from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from partnerships.models import (
    Convening,
    Membership,
    Organization,
    Partnership,
    PartnershipIndustry,
    RegionArea,
    Role,
    SupportPartner,
    System,
    TalentCommitteeMember,
)

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Test Manufacturing Partnership {n}")
    slug = factory.Sequence(lambda n: f"test-partnership-{n}")
    state = "CO"
    description = "Employers working together on the talent they need."


class IndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipIndustry

    partnership = factory.SubFactory(PartnershipFactory)
    naics_code = "332"
    title = "Fabricated Metal Product Manufacturing"


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionArea

    partnership = factory.SubFactory(PartnershipFactory)
    kind = RegionArea.Kind.METRO
    name = "Denver-Aurora-Centennial, CO"
    oews_area_codes = factory.LazyFunction(lambda: ["19740"])


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Organization {n}")
    kind = Organization.Kind.EMPLOYER


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    partnership = factory.SubFactory(PartnershipFactory)
    role = Role.CONVENER


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TalentCommitteeMember

    partnership = factory.SubFactory(PartnershipFactory)
    organization = factory.SubFactory(
        OrganizationFactory, partnership=factory.SelfAttribute("..partnership")
    )
    name = factory.Faker("name")
    job_title = "Plant Manager"


class ConveningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Convening

    partnership = factory.SubFactory(PartnershipFactory)
    title = "Kickoff"
    held_on = factory.Faker("date_this_year")
    step = 1


class SupportPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportPartner

    partnership = factory.SubFactory(PartnershipFactory)
    organization = factory.SubFactory(
        OrganizationFactory,
        partnership=factory.SelfAttribute("..partnership"),
        kind=Organization.Kind.WORKFORCE_BOARD,
    )
    system = System.WORKFORCE
