"""Programs and completions: the CIP 2020 to SOC 2018 crosswalk and IPEDS institutions
and completions."""

from __future__ import annotations

import re

from occupations.models import (
    CipSocCrosswalk,
    DataRelease,
    Source,
)
from occupations.selectors.releases import (
    current_release,
)


def soc_for_cip(cip_code: str) -> list[tuple[str, str]]:
    """SOC 2018 occupations a CIP 2020 program prepares for, (code, title); no-match
    rows (99-9999) are left out."""
    release = current_release(Source.CIP_SOC)
    if release is None:
        return []
    return list(
        CipSocCrosswalk.objects.filter(release=release, cip_code=cip_code)
        .exclude(soc_code="99-9999")
        .order_by("soc_code")
        .values_list("soc_code", "soc_title")
    )


def cip_for_soc(soc_code: str) -> list[tuple[str, str]]:
    """CIP 2020 programs that prepare for a SOC code, (code, title)."""
    release = current_release(Source.CIP_SOC)
    if release is None:
        return []
    return list(
        CipSocCrosswalk.objects.filter(release=release, soc_code=soc_code)
        .exclude(cip_code="99.9999")
        .order_by("cip_code")
        .values_list("cip_code", "cip_title")
    )


def ipeds_institutions(state: str = "", unitids=None) -> list:
    """Institutions of the current IPEDS directory (HD) release, in a state or by UNITID,
    by name."""
    from occupations.models import IpedsInstitution

    release = current_release(Source.IPEDS_INSTITUTIONS)
    if release is None:
        return []
    rows = IpedsInstitution.objects.filter(release=release)
    if state:
        rows = rows.filter(state=state)
    if unitids is not None:
        rows = rows.filter(unitid__in=list(unitids))
    return list(rows.order_by("name", "unitid"))


def ipeds_completion_releases() -> dict[int, DataRelease]:
    """The release each academic year of completions is read from (ending year -> release):
    the most recently imported file of that year. (The importer names a release by its
    academic year, "2022-23".)"""
    by_year: dict[int, DataRelease] = {}
    releases = DataRelease.objects.filter(source=Source.IPEDS_COMPLETIONS)
    for release in releases.order_by("-imported_at", "-id"):
        found = re.match(r"(\d{4})-\d{2}", release.version)
        if found:
            by_year.setdefault(int(found.group(1)) + 1, release)
    return dict(sorted(by_year.items()))


def ipeds_completions(unitids, cip_codes) -> list:
    """First-major completions of these institutions and CIP codes, every year imported
    (each from its year's release): (year, unitid, cip code, award level, completers)."""
    from occupations.models import IpedsCompletion

    releases = [r.pk for r in ipeds_completion_releases().values()]
    if not releases or not unitids or not cip_codes:
        return []
    return list(
        IpedsCompletion.objects.filter(
            release_id__in=releases, unitid__in=list(unitids), cip_code__in=list(cip_codes)
        ).values_list("year", "unitid", "cip_code", "award_level", "completers")
    )


def ipeds_reporting(unitids) -> set[tuple[int, int]]:
    """(year, unitid) pairs that have any completions row: the institution reported that year."""
    from occupations.models import IpedsCompletion

    releases = [r.pk for r in ipeds_completion_releases().values()]
    if not releases or not unitids:
        return set()
    return set(
        IpedsCompletion.objects.filter(release_id__in=releases, unitid__in=list(unitids))
        .values_list("year", "unitid")
        .distinct()
    )
