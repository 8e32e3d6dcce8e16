"""Helpers shared by the step-3 services (card sort and the agreed list)."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def _validated(instance):
    instance.full_clean()
    instance.save()
    return instance


def _soc_match(soc_code: str, onet_code: str) -> tuple[str, str, str]:
    """Check a SOC / O*NET-SOC match against the reference data; returns (soc, onet, title)."""
    from occupations.selectors import onet_codes_for_soc, soc_occupation

    soc_code = (soc_code or "").strip()
    onet_code = (onet_code or "").strip()
    if onet_code and not soc_code:
        soc_code = onet_code[:7]
    if not soc_code:
        return "", "", ""
    codes = onet_codes_for_soc(soc_code)
    titles = dict(codes)
    if onet_code and codes and onet_code not in titles:
        raise ValidationError(
            {"onet_code": f"{onet_code} is not an O*NET-SOC code under {soc_code}."}
        )
    soc = soc_occupation(soc_code)
    title = soc.title if soc else titles.get(onet_code, "")
    if soc is None and not codes:
        raise ValidationError({"soc_code": f"{soc_code} is not in the loaded SOC or O*NET data."})
    if not onet_code and codes:
        onet_code = codes[0][0]
    return soc_code, onet_code, title
