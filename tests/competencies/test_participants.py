"""A participant's answers are tied to their phone: one phone answers as one person per round,
another browser cannot answer as them, and a facilitator can remove someone's answers."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from occupations.competencies import selectors
from occupations.competencies.models import Answer, Participant, Priority
from occupations.competencies.views import DEVICE_COOKIE


def _join(phone: Client, url: str, name: str):
    return phone.post(url, {"join": "1", "name": name, "company": "Summit"})


def test_one_phone_answers_as_one_person(strawman, round_one):
    url = reverse("competencies:answer", args=[round_one.token])
    phone = Client()
    first = phone.get(url)
    assert DEVICE_COOKIE in first.cookies and first.cookies[DEVICE_COOKIE]["httponly"]
    assert _join(phone, url, "Dana Ortiz").status_code == 302
    page = phone.get(url).content.decode()
    assert "Answering as <strong>Dana Ortiz</strong>" in page
    # The same phone cannot join again under another name ...
    response = _join(phone, url, "Sam Lee")
    assert response.status_code == 422
    assert "already answers as Dana Ortiz" in response.content.decode()
    assert list(Participant.objects.values_list("name", flat=True)) == ["Dana Ortiz"]
    # ... and a browser that does not keep the cookie cannot join at all.
    bare = Client()
    response = _join(bare, url, "Sam Lee")
    assert response.status_code == 422 and "Allow cookies" in response.content.decode()
    # A forged cookie is a new device, not someone else's: it answers as nobody.
    task = strawman.tasks.first()
    forged = Client()
    forged.cookies[DEVICE_COOKIE] = "x" * 32
    assert forged.post(url, {f"t{task.pk}-importance": "1"}).status_code == 422
    assert not Answer.objects.exists()
    # Another phone joins as another person and answers as itself only.
    other = Client()
    other.get(url)
    _join(other, url, "Sam Lee")
    other.post(url, {f"t{task.pk}-importance": "2"})
    phone.post(url, {f"t{task.pk}-importance": "5"})
    got = dict(Answer.objects.values_list("participant__name", "importance"))
    assert got == {"Dana Ortiz": 5, "Sam Lee": 2}


def test_facilitator_removes_a_participants_answers(client, convener, strawman, round_one):
    url = reverse("competencies:answer", args=[round_one.token])
    tasks = list(strawman.tasks.all()[:3])
    phones = {}
    for name in ("Dana Ortiz", "Sam Lee"):
        phone = phones[name] = Client()
        phone.get(url)
        _join(phone, url, name)
        phone.post(url, {f"t{t.pk}-importance": "4" for t in tasks})
        phone.post(url, {"priorities": "1", "pick": [tasks[0].pk]})
    client.force_login(convener)
    tally_url = reverse("competencies:tally", args=[strawman.partnership.slug, round_one.pk])
    page = client.get(tally_url).content.decode()
    assert "Dana Ortiz" in page and "3 of 6 tasks answered" in page
    sam = Participant.objects.get(name="Sam Lee")
    response = client.post(reverse("competencies:participant_remove",
                                   args=[strawman.partnership.slug, round_one.pk, sam.pk]),
                           follow=True)  # fmt: skip
    body = response.content.decode()
    assert "Sam Lee&#x27;s answers are removed (3 tasks)" in body
    assert not Answer.objects.filter(participant=sam).exists()
    assert not Priority.objects.filter(participant=sam).exists()
    tally = selectors.tally(round_one)
    assert tally.participants == 1
    assert tally.rows[0].priority_votes == 1  # Dana's vote stays
    # Sam's phone is told, and can neither answer nor join again under another name.
    sam_phone = phones["Sam Lee"]
    assert "removed this phone's answers" in sam_phone.get(url).content.decode()
    assert sam_phone.post(url, {f"t{tasks[0].pk}-importance": "1"}).status_code == 422
    response = _join(sam_phone, url, "Not Sam")
    assert response.status_code == 422 and "removed" in response.content.decode()
    assert not Answer.objects.filter(participant=sam).exists()
    assert Participant.objects.filter(removed_at__isnull=True).count() == 1
