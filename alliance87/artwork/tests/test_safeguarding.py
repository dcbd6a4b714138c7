"""Safeguarding that reaches a person (issue 13, part 2): disclosure cues as data in four languages, covering
the ILO's indicators of forced labour; the safeguarding focal points e-mailed at once; the cues and the help
lines kept by the focal point and the secretariat; the help lines on the phone page."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from alliance87.accounts.models import Role
from alliance87.artwork import screening, services
from alliance87.artwork.models import DisclosureCue, HelpLine
from alliance87.artwork.vocab import CueKind, Status
from alliance87.testing import make_user

pytestmark = pytest.mark.urls("alliance87.artwork.tests.urls")

BURGUNDY = "#A21942"


def send(banner, token, **fields):
    fields.setdefault("colour", BURGUNDY)
    return services.contribute(banner=banner, device_token=token, **fields).contribution


# --- The cues: what is held -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "My employer keeps my passport and I cannot leave",  # the issue's: went to the ordinary queue
        "Aidez-moi, ils ont pris mon passeport",  # the issue's: waited unseen
        "they took my passport",
        "I cannot leave",
        "I owe a debt I cannot repay",
        "they threaten my family",
        "THEY THREATENED MY FAMILY",  # a * ending, capitals
        "Mon patron garde mon passeport",
        "No puedo salir de la casa",
        "Me quitaron el pasaporte",  # accents and capitals
        "me quitaron el pasaporté",
        "Je ne peux pas partir, aidez moi",
        "They won't let me leave the farm",
        "I work for no pay",
        "أخذوا جواز سفري",
    ],
)
def test_disclosures_and_forced_labour_indicators_are_held_for_safeguarding(banner, message):
    contribution = send(banner, "p1", message=message)
    assert contribution.status == Status.SAFEGUARDING and contribution.possible_disclosure


@pytest.mark.parametrize(
    "message",
    ["Ten years of partnership!", "Helpful people everywhere", "Passport to the future", "I leave my mark here"],
)
def test_ordinary_messages_go_to_the_ordinary_queue(banner, message):
    contribution = send(banner, "p1", message=message)
    assert contribution.status == Status.PENDING and not contribution.possible_disclosure


def test_the_starter_list_covers_every_kind_in_every_language(db):
    seeded = set(DisclosureCue.objects.values_list("language", "kind"))
    assert seeded == {(language, kind) for language in ("en", "fr", "es", "ar") for kind in CueKind.values}


def test_cues_match_whole_words_only(banner):
    assert not screening.may_be_disclosure("helpmeet")  # "help me" inside a word
    assert screening.disclosure_hits("they threatens me") == ["they threaten*", "threaten* me"]
    assert not screening.may_be_disclosure("threat me")  # * stands for an ending, not for nothing before it


# --- Keeping the cues: who may, and the screening follows at once ----------------------------------------


def test_the_safeguarding_focal_point_adds_a_cue_and_the_next_contribution_is_screened_by_it(banner, cast):
    assert send(banner, "p1", message="They make me sleep in the barn").status == Status.PENDING
    cue = services.cue_save(by=cast.safeguarding, language="en", phrase="  Sleep in the  BARN ", kind="other")
    assert cue.phrase == "sleep in the barn" and cue.changed_by == cast.safeguarding
    assert send(banner, "p2", message="They make me sleep in the barn").status == Status.SAFEGUARDING


def test_the_secretariat_edits_a_cue_and_the_cache_follows(banner, cast):
    cue = DisclosureCue.objects.get(language="en", phrase="cannot leave")
    assert send(banner, "p1", message="I cannot leave").status == Status.SAFEGUARDING
    services.cue_save(by=cast.secretariat, cue=cue, language="en", phrase="can never leave", kind=cue.kind)
    assert send(banner, "p2", message="I cannot leave").status == Status.PENDING
    assert send(banner, "p3", message="I can never leave").status == Status.SAFEGUARDING


def test_a_deactivated_cue_no_longer_holds_and_can_be_used_again(banner, cast):
    cue = DisclosureCue.objects.get(language="en", phrase="hit me")
    services.cue_set_active(by=cast.safeguarding, cue=cue, active=False)
    assert send(banner, "p1", message="hit me with your best shot").status == Status.PENDING
    services.cue_set_active(by=cast.safeguarding, cue=cue, active=True)
    assert send(banner, "p2", message="hit me with your best shot").status == Status.SAFEGUARDING


@pytest.mark.parametrize("who", ["moderator", "outsider", "partner_editor", "reviewer", "anonymous"])
def test_only_the_safeguarding_focal_point_and_the_secretariat_keep_the_cues(banner, cast, moderator, who):
    from django.contrib.auth.models import AnonymousUser

    user = {"moderator": moderator, "anonymous": AnonymousUser()}.get(who) or getattr(cast, who)
    cue = DisclosureCue.objects.get(language="en", phrase="hit me")
    with pytest.raises(PermissionDenied):
        services.cue_save(by=user, language="en", phrase="new phrase", kind="other")
    with pytest.raises(PermissionDenied):
        services.cue_save(by=user, cue=cue, language="en", phrase="hit me hard", kind="other")
    with pytest.raises(PermissionDenied):
        services.cue_set_active(by=user, cue=cue, active=False)
    cue.refresh_from_db()
    assert cue.active and cue.phrase == "hit me"
    assert not DisclosureCue.objects.filter(phrase="new phrase").exists()


def test_a_secretariat_session_that_owes_its_code_may_not_keep_the_cues(cast):
    from alliance87.accounts import twofactor

    user = cast.secretariat
    assert user.has_perm("artwork.edit_cues")
    setattr(user, twofactor.PENDING, True)  # as the middleware marks a session that owes its code
    with pytest.raises(PermissionDenied):
        services.cue_save(by=user, language="en", phrase="new phrase", kind="other")


def test_a_cue_is_refused_when_too_short_twice_in_a_language_or_with_a_leading_star(cast):
    for phrase, words in [
        ("a", "at least three letters"),
        ("*ab", "at least three letters"),
        ("*threat", "may only end a word"),
        ("cannot leave", "already on the English list"),
    ]:
        with pytest.raises(ValidationError) as error:
            services.cue_save(by=cast.safeguarding, language="en", phrase=phrase, kind="other")
        assert words in " ".join(error.value.message_dict["phrase"])
    services.cue_save(by=cast.safeguarding, language="fr", phrase="cannot leave", kind="other")  # another language


def test_a_cue_needs_a_known_kind_and_language(cast):
    with pytest.raises(ValidationError) as error:
        services.cue_save(by=cast.safeguarding, language="xx", phrase="new phrase", kind="nonsense")
    assert {"language", "kind"} <= set(error.value.message_dict)


# --- Routing at once: the e-mail ----------------------------------------------------------------------------


def test_a_flagged_disclosure_emails_every_safeguarding_focal_point_without_the_message_or_the_sender(
    banner, cast, django_capture_on_commit_callbacks
):
    first = cast.safeguarding
    second = make_user("second.safeguarding@example.org", Role.SAFEGUARDING_FOCAL_POINT)
    second.language = "fr"
    second.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        send(banner, "p1", message="Aidez-moi, ils ont pris mon passeport", first_name="Amina", country="MA")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, second.email])
    english = next(m for m in mail.outbox if m.to == [first.email])
    french = next(m for m in mail.outbox if m.to == [second.email])
    assert "10 Years of Alliance 8.7" in english.subject
    assert "/artwork/ten-years/safeguarding/" in english.body
    assert "/fr/artwork/ten-years/safeguarding/" in french.body
    for message in mail.outbox:
        text = message.subject + message.body
        assert "passeport" not in text and "Amina" not in text and "Morocco" not in text and "Maroc" not in text


def test_a_flood_of_flags_sends_one_email_per_banner_a_while(banner, cast, django_capture_on_commit_callbacks):
    cast.safeguarding  # noqa: B018 -- the focal point exists
    with django_capture_on_commit_callbacks(execute=True):
        send(banner, "p1", message="help me")
        send(banner, "p2", message="help me")
    assert len(mail.outbox) == 1


def test_a_moderator_routing_to_safeguarding_emails_the_focal_point(
    banner, cast, moderator, django_capture_on_commit_callbacks
):
    cast.safeguarding  # noqa: B018
    contribution = send(banner, "p1", message="A strange message")
    assert contribution.status == Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(contribution=contribution, by=moderator, status=Status.SAFEGUARDING)
    assert [m.to for m in mail.outbox] == [[cast.safeguarding.email]]
    assert "A moderator sent it to you." in mail.outbox[0].body and "strange" not in mail.outbox[0].body


def test_without_a_safeguarding_focal_point_the_secretariat_is_told(banner, cast, django_capture_on_commit_callbacks):
    cast.secretariat  # noqa: B018
    with django_capture_on_commit_callbacks(execute=True):
        send(banner, "p1", message="help me")
    assert [m.to for m in mail.outbox] == [[cast.secretariat.email]]


def test_an_ordinary_contribution_emails_no_one(banner, cast, django_capture_on_commit_callbacks):
    cast.safeguarding  # noqa: B018
    with django_capture_on_commit_callbacks(execute=True):
        send(banner, "p1", message="Hello from Rabat")
    assert mail.outbox == []


# --- Help lines ----------------------------------------------------------------------------------------------


def test_help_lines_are_kept_by_the_focal_point_and_the_secretariat(cast, moderator):
    line = services.help_line_save(by=cast.safeguarding, name="Example line", phone="+000 0000", country="KE")
    services.help_line_save(by=cast.secretariat, line=line, hours="Every day")
    line.refresh_from_db()
    assert (line.hours, str(line.country)) == ("Every day", "KE")
    for user in (moderator, cast.outsider):
        with pytest.raises(PermissionDenied):
            services.help_line_save(by=user, name="Another", phone="+000 1111")
        with pytest.raises(PermissionDenied):
            services.help_line_save(by=user, line=line, name="Changed")
        with pytest.raises(PermissionDenied):
            services.help_line_set_active(by=user, line=line, active=False)
    line.refresh_from_db()
    assert line.name == "Example line" and line.active and HelpLine.objects.count() == 1


def test_a_help_line_needs_a_phone_or_a_web_address_and_a_real_country(cast):
    with pytest.raises(ValidationError) as error:
        services.help_line_save(by=cast.safeguarding, name="Nothing to call")
    assert "phone" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.help_line_save(by=cast.safeguarding, name="Line", phone="1", country="ZZ")
    assert "country" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.help_line_save(by=cast.safeguarding, name="Line", web_address="not an address")
    assert "web_address" in error.value.message_dict
