from django.contrib import admin

from partnerships import models


class IndustryInline(admin.TabularInline):
    model = models.PartnershipIndustry
    extra = 0


class AreaInline(admin.TabularInline):
    model = models.RegionArea
    extra = 0


class MembershipInline(admin.TabularInline):
    model = models.Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(models.Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "state", "status", "created_at"]
    list_filter = ["status", "state"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [IndustryInline, AreaInline, MembershipInline]


@admin.register(models.Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "partnership", "city"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(models.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "partnership", "role", "organization"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "partnership__name"]


@admin.register(models.Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "partnership", "role", "created_at", "expires_at", "accepted_at"]
    search_fields = ["email"]
    readonly_fields = ["token"]


class GuestInline(admin.TabularInline):
    model = models.ConveningGuest
    extra = 0


@admin.register(models.Convening)
class ConveningAdmin(admin.ModelAdmin):
    list_display = ["title", "partnership", "held_on", "step"]
    list_filter = ["step"]
    inlines = [GuestInline]


@admin.register(models.SupportPartner)
class SupportPartnerAdmin(admin.ModelAdmin):
    list_display = ["organization", "partnership", "system", "mou_status"]
    list_filter = ["system", "mou_status"]


@admin.register(models.TalentCommitteeMember)
class TalentCommitteeMemberAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "partnership", "position"]


@admin.register(models.StepRecord)
class StepRecordAdmin(admin.ModelAdmin):
    list_display = ["partnership", "number", "completed_at", "completed_by", "override_reason"]
