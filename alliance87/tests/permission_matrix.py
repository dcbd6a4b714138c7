"""The permission matrix: every write of the platform (pages, API, sockets, the admin), who may make it,
and what everyone else is answered. One table, read by ``test_permission_matrix.py`` (which makes each
request as each role and compares) and turned into ``docs/permission-matrix.md``.

A row says what *should* happen (``docs/roles.md`` and issue 12), not what the code happens to do: a row
that the code does not meet yet is marked ``pending`` with the issue's item, and its test is a strict
xfail until the fix lands.

Answers, as the test classifies a response:

- ``ok``: the right was granted: a 2xx or 3xx (not to a sign-in page), or a validation answer (400, 409,
  422, 429) that only someone past the permission check gets; when the row names an ``effect``, that
  value must also have changed;
- ``no effect``: let in, but the write did not happen (a form that does not offer the choice);
- ``login``: sent to sign in (the site's, or the admin's own door); ``2fa``: sent to give the
  second-factor code; ``401``, ``403``, ``404``: refused; on a socket, ``403`` is a ``permission`` error
  (or close 4403) and ``404`` a ``not_found`` one (close 4404).

Every refusal must also leave the data as it was (the test compares the main objects before and after).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Columns, in the order of the table. Objects "A" are the ones the rows act on; "other" holds the same role
# for something else (another country, organisation, group, event or banner).
ROLES: dict[str, str] = {
    "anonymous": "Anonymous",
    "outsider": "Signed in, no role",
    "secretariat": "Secretariat (code confirmed)",
    "secretariat_nocode": "Secretariat, code not given",
    "focal_point": "Focal point of Kenya",
    "focal_point_other": "Focal point of Mexico",
    "reviewer": "Monitoring reviewer",
    "partner_editor": "Partner editor of Free the Slaves",
    "partner_editor_other": "Partner editor of Nestlé",
    "group_lead": "Lead of the Agriculture Action Group",
    "group_lead_other": "Lead of the Supply chains Action Group",
    "organiser": "Organiser of event A",
    "organiser_other": "Organiser of event B",
    "moderator": "Moderator of event A (banner A)",
    "moderator_other": "Moderator of event B (banner B)",
    "safeguarding": "Safeguarding focal point",
}
SHORT: dict[str, str] = {  # the doc's column heads
    "anonymous": "anon",
    "outsider": "no role",
    "secretariat": "sec",
    "secretariat_nocode": "sec, no code",
    "focal_point": "FP KE",
    "focal_point_other": "FP MX",
    "reviewer": "reviewer",
    "partner_editor": "editor FTS",
    "partner_editor_other": "editor other",
    "group_lead": "lead agri",
    "group_lead_other": "lead other",
    "organiser": "org A",
    "organiser_other": "org B",
    "moderator": "mod A",
    "moderator_other": "mod B",
    "safeguarding": "safeguarding",
}
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
EVERYONE = frozenset(ROLES)
REFUSALS = {"login", "2fa", "401", "403", "404", "no effect"}
# A draft report is a 404 to whoever may not read it (as an unknown number); a 403 only to a reader.
CANNOT_READ_KENYAS_DRAFT = dict.fromkeys(
    SIGNED_IN - {"focal_point", "reviewer", "secretariat", "secretariat_nocode"}, "404"
)


@dataclass(frozen=True)
class Request:
    """One HTTP request: form data for pages (``files`` uploaded with it), JSON for the API."""

    method: str
    path: str
    data: Any = None
    files: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Frame:
    """A socket: the address, and the frame sent once connected (None: connecting is the act)."""

    path: str
    message: dict | None


@dataclass(frozen=True)
class Write:
    id: str  # unique, stable: the test's id
    group: str  # the doc's section
    what: str  # what the request does, in words
    kind: str  # "page", "api", "socket"
    route: str  # what the completeness check finds: a URL name, "METHOD /api/path", or a socket route
    allowed: frozenset[str]
    request: Callable  # (world, role) → Request or Frame
    answers: dict[str, str]  # the answer each role gets
    effect: Callable | None = None  # (world) → a value the write changes
    pending: str = ""  # the issue item whose fix this row waits for (a strict xfail until then)

    def expected(self, role: str) -> str:
        return self.answers[role]


def _answers(kind: str, allowed: frozenset[str], refused: dict[str, str], default: str | None) -> dict[str, str]:
    base = {
        "page": {"anonymous": "login", "secretariat_nocode": "2fa"},
        "api": {"anonymous": "401", "secretariat_nocode": "401"},  # the API takes bearer tokens, never a session
        "socket": {},
    }[kind]
    refusal = default or {"page": "403", "api": "403", "socket": "403"}[kind]
    answers = {}
    for role in ROLES:
        if role in allowed:
            answers[role] = "ok"
        elif role in refused:
            answers[role] = refused[role]
        else:
            answers[role] = base.get(role, refusal)
    unknown = set(refused) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return answers


def write(
    kind: str,
    group: str,
    route: str,
    what: str,
    allowed,
    request,
    *,
    refused: dict[str, str] | None = None,
    otherwise: str | None = None,
    effect=None,
    pending: str = "",
    id: str = "",  # noqa: A002 -- the row's name, as pytest calls it
) -> Write:
    allowed = frozenset(allowed)
    assert allowed <= set(ROLES), allowed - set(ROLES)
    return Write(
        id=id or route,
        group=group,
        what=what,
        kind=kind,
        route=route,
        allowed=allowed,
        request=request,
        answers=_answers(kind, allowed, refused or {}, otherwise),
        effect=effect,
        pending=pending,
    )


def _field(model_path: str, pk_of: Callable, name: str) -> Callable:
    """An effect: one field of one object (``None`` once it is deleted)."""

    def read(w):
        from django.apps import apps  # noqa: PLC0415 -- the table is read before the apps are needed

        model = apps.get_model(model_path)
        return model.objects.filter(pk=pk_of(w)).values_list(name, flat=True).first()

    return read


def _count(model_path: str, **filters) -> Callable:
    def read(w):
        from django.apps import apps  # noqa: PLC0415

        resolved = {k: (v(w) if callable(v) else v) for k, v in filters.items()}
        return apps.get_model(model_path).objects.filter(**resolved).count()

    return read


SEC = {"secretariat"}
ORG_A = {"secretariat", "organiser"}
RUN_A = {"secretariat", "organiser", "moderator"}
MOD_A = {"secretariat", "moderator"}
SAFEGUARD = {"secretariat", "safeguarding"}
KENYA = {"secretariat", "focal_point"}
REVIEW = {"secretariat", "reviewer"}
FTS = {"secretariat", "partner_editor"}
AGRI = {"secretariat", "group_lead"}
# Roles that cannot see a draft event B (or a draft report of Kenya) at all: it does not exist for them.
# Every signed-in role, for what each person does with their own account (not before the second factor).
OWN = SIGNED_IN - {"secretariat_nocode"}
NOT_B = SIGNED_IN - {"secretariat", "secretariat_nocode", "organiser_other", "moderator_other"}


def _p(path: str, data=None, files=None, **headers) -> Callable:
    """A page POST whose address and data may use the world ``w`` and the acting role ``r``."""
    return lambda w, r: Request(
        "POST",
        path.format(w=w, r=r),
        (data(w, r) if callable(data) else data) or {},
        files(w, r) if callable(files) else (files or {}),
        headers,
    )


def _a(method: str, path: str, body=None, **headers) -> Callable:
    """An API request; the acting role's bearer token is added by the test."""
    return lambda w, r: Request(
        method, "/api" + path.format(w=w, r=r), body(w, r) if callable(body) else body, {}, headers
    )


EVENT_DETAILS = {
    "title": "Taken over",
    "time_zone": "Africa/Casablanca",
    "starts_at": "2026-02-11T16:30",
    "ends_at": "2026-02-11T18:00",
    "format": "hybrid",
}

# fmt: off
WRITES: list[Write] = [
    # ---- My account (/me/) ----
    write("page", "My account", "accounts:tokens", "Make an API token", OWN,
          _p("/me/tokens/", {"name": "matrix"}),
          effect=_count("accounts.ApiToken", name="matrix")),
    write("page", "My account", "accounts:token_revoke", "Revoke one's own API token", OWN,
          lambda w, r: Request("POST", f"/me/tokens/{w.own_token(r)}/revoke/"),
          effect=_count("accounts.ApiToken", revoked_at__isnull=False)),
    write("page", "My account", "accounts:token_revoke", "Revoke someone else's API token", set(),
          _p("/me/tokens/{w.someone_elses_token}/revoke/"), otherwise="404", id="accounts:token_revoke-other"),
    write("page", "My account", "accounts:account_delete", "Delete one's account (wrong password: 400)",
          OWN, _p("/me/delete/", {"password": "not the password"})),

    # ---- Events: pages (event A published, event B a draft) ----
    write("page", "Events", "events:manage_new", "Start a new event", SEC,
          _p("/events/manage/new/", EVENT_DETAILS), effect=_count("events.Event")),
    write("page", "Events", "events:manage_import", "Import a concept note", SEC,
          _p("/events/manage/import/", {"time_zone": "Africa/Casablanca", "year": "2026", "confirm": "1"},
             lambda w, r: {"file": w.concept_note_file()}),
          effect=_count("events.Event")),
    write("page", "Events", "events:manage_event", "Edit event A's details", ORG_A,
          _p("/events/manage/{w.event_a.slug}/", EVENT_DETAILS),
          effect=_field("events.Event", lambda w: w.event_a.pk, "title")),
    write("page", "Events", "events:manage_event", "Edit draft event B's details", SEC | {"organiser_other"},
          _p("/events/manage/{w.event_b.slug}/", EVENT_DETAILS), refused=dict.fromkeys(NOT_B, "404"),
          effect=_field("events.Event", lambda w: w.event_b.pk, "title"), id="events:manage_event-draft"),
    write("page", "Events", "events:manage_end_with_agenda", "End event A when its agenda ends", ORG_A,
          _p("/events/manage/{w.event_a.slug}/end-with-agenda/"),
          effect=_field("events.Event", lambda w: w.event_a.pk, "updated_at")),
    write("page", "Events", "events:manage_publish", "Withdraw event A (back to draft)", ORG_A,
          _p("/events/manage/{w.event_a.slug}/publish/", {"published": "0"}),
          effect=_field("events.Event", lambda w: w.event_a.pk, "status")),
    write("page", "Events", "events:manage_agenda_add", "Add an agenda item to event A", ORG_A,
          _p("/events/manage/{w.event_a.slug}/agenda/add/",
             {"add-kind": "other", "add-title": "Matrix", "add-duration_minutes": "5"}),
          effect=_count("events.AgendaItem", title="Matrix")),
    write("page", "Events", "events:manage_agenda_reorder", "Reorder event A's agenda", ORG_A,
          _p("/events/manage/{w.event_a.slug}/agenda/reorder/", lambda w, r: {"item": w.items_reversed()}),
          effect=_field("events.AgendaItem", lambda w: w.item_a.pk, "position")),
    write("page", "Events", "events:manage_item", "Edit an agenda item of event A", ORG_A,
          _p("/events/manage/{w.event_a.slug}/agenda/{w.item_a.pk}/",
             {"kind": "other", "title": "Taken over", "duration_minutes": "5"}),
          effect=_field("events.AgendaItem", lambda w: w.item_a.pk, "title")),
    write("page", "Events", "events:manage_item_delete", "Delete an agenda item of event A", ORG_A,
          _p("/events/manage/{w.event_a.slug}/agenda/{w.item_a.pk}/delete/"),
          effect=_count("events.AgendaItem")),
    write("page", "Events", "events:manage_item_move", "Move an agenda item of event A", ORG_A,
          _p("/events/manage/{w.event_a.slug}/agenda/{w.item_a.pk}/move/", {"direction": "down"}),
          effect=_field("events.AgendaItem", lambda w: w.item_a.pk, "position")),
    write("page", "Events", "events:manage_people_add", "Give a person a role in event A", ORG_A,
          _p("/events/manage/{w.event_a.slug}/people/add/",
             {"add-name": "Matrix Person", "add-role": "speaker", "add-confirmation": "invited"}),
          effect=_count("events.Participation")),
    write("page", "Events", "events:manage_participation", "Edit a person's role in event A", ORG_A,
          _p("/events/manage/{w.event_a.slug}/people/{w.participation_a.pk}/", lambda w, r: w.participation_form()),
          effect=_field("events.Participation", lambda w: w.participation_a.pk, "printed_organisation")),
    write("page", "Events", "events:manage_participation_remove", "Remove a person's role in event A", ORG_A,
          _p("/events/manage/{w.event_a.slug}/people/{w.participation_a.pk}/remove/"),
          effect=_count("events.Participation")),
    write("page", "Events", "events:run_control", "Run event A's run-of-show (start)", RUN_A,
          _p("/events/{w.event_a.slug}/run/control/", {"action": "start"}),
          effect=_count("events.RunOfShow", state="running")),

    # ---- Events: API (bearer token) ----
    write("api", "Events API", "PATCH /events/{slug}", "Change event A's details", ORG_A,
          _a("PATCH", "/events/{w.event_a.slug}", {"title": "Taken over"}),
          effect=_field("events.Event", lambda w: w.event_a.pk, "title")),
    write("api", "Events API", "PATCH /events/{slug}", "Change draft event B's details", SEC | {"organiser_other"},
          # The API hides a draft from all who may not edit it, its moderators too (the pages let them see it).
          _a("PATCH", "/events/{w.event_b.slug}", {"title": "Taken over"}),
          refused=dict.fromkeys(NOT_B | {"moderator_other"}, "404"),
          effect=_field("events.Event", lambda w: w.event_b.pk, "title"), id="PATCH /events/{slug}-draft"),
    write("api", "Events API", "PATCH /events/{slug}", "Attach event A to draft event B (its parent)", SEC,
          _a("PATCH", "/events/{w.event_a.slug}", lambda w, r: {"parent": w.event_b.slug}),
          refused={"organiser": "no effect"},
          effect=_field("events.Event", lambda w: w.event_a.pk, "parent"), id="PATCH /events/{slug}-parent"),
    write("api", "Events API", "POST /events/{slug}/items", "Add an agenda item to event A", ORG_A,
          _a("POST", "/events/{w.event_a.slug}/items", {"title": "Matrix", "duration_minutes": 5}),
          effect=_count("events.AgendaItem", title="Matrix")),
    write("api", "Events API", "PATCH /events/{slug}/items/{item_id}", "Change an agenda item of event A", ORG_A,
          _a("PATCH", "/events/{w.event_a.slug}/items/{w.item_a.pk}", {"title": "Taken over"}),
          effect=_field("events.AgendaItem", lambda w: w.item_a.pk, "title")),
    write("api", "Events API", "DELETE /events/{slug}/items/{item_id}", "Delete an agenda item of event A", ORG_A,
          _a("DELETE", "/events/{w.event_a.slug}/items/{w.item_a.pk}"), effect=_count("events.AgendaItem")),
    write("api", "Events API", "PUT /events/{slug}/items/order", "Reorder event A's agenda", ORG_A,
          _a("PUT", "/events/{w.event_a.slug}/items/order", lambda w, r: w.items_reversed()),
          effect=_field("events.AgendaItem", lambda w: w.item_a.pk, "position")),
    write("api", "Events API", "POST /events/{slug}/participants", "Give a person a role in event A", ORG_A,
          _a("POST", "/events/{w.event_a.slug}/participants",
             lambda w, r: {"person": w.person_of_a.pk, "role": "speaker"}),
          effect=_count("events.Participation")),
    # Someone of the network outside the organiser's events, by id alone: the organiser may not browse the
    # network (issue 12: exact search or one's own events' people only); the secretariat may.
    write("api", "Events API", "POST /events/{slug}/participants",
          "Give a role in event A to someone outside one's events, by id alone", SEC,
          _a("POST", "/events/{w.event_a.slug}/participants",
             lambda w, r: {"person": w.outside_person.pk, "role": "speaker"}),
          refused={"organiser": "no effect"}, effect=_count("events.Participation"),
          id="POST /events/{slug}/participants-outside"),
    write("api", "Events API", "PATCH /events/{slug}/participants/{participant_id}",
          "Change a person's role in event A", ORG_A,
          _a("PATCH", "/events/{w.event_a.slug}/participants/{w.participation_a.pk}", {"printed_organisation": "X"}),
          effect=_field("events.Participation", lambda w: w.participation_a.pk, "printed_organisation")),
    write("api", "Events API", "DELETE /events/{slug}/participants/{participant_id}",
          "Remove a person's role in event A", ORG_A,
          _a("DELETE", "/events/{w.event_a.slug}/participants/{w.participation_a.pk}"),
          effect=_count("events.Participation")),

    # ---- Artwork: pages (banner A belongs to event A, banner B to event B) ----
    write("page", "Artwork", "artwork:contribute", "Add a mark to banner A (no account needed)",
          EVERYONE - {"secretariat_nocode"},
          _p("/artwork/{w.banner_a.slug}/", {"colour": "#A21942"}),
          effect=_count("artwork.Contribution")),
    write("page", "Artwork", "artwork:withdraw", "Withdraw a mark another phone made", set(),
          _p("/artwork/{w.banner_a.slug}/withdraw/{w.pending.pk}/"), otherwise="404", refused={"anonymous": "404"},
          effect=_field("artwork.Contribution", lambda w: w.pending.pk, "status")),
    write("page", "Artwork", "artwork:moderate_step", "Approve a pending mark on banner A", MOD_A,
          _p("/artwork/{w.banner_a.slug}/moderate/step/",
             lambda w, r: {"action": "approve", "contribution": w.pending.pk}),
          effect=_field("artwork.Contribution", lambda w: w.pending.pk, "status")),
    write("page", "Artwork", "artwork:moderate_step", "Decide on a mark held for safeguarding on banner A",
          {"secretariat", "safeguarding"},
          _p("/artwork/{w.banner_a.slug}/moderate/step/",
             lambda w, r: {"action": "reject", "contribution": w.held.pk, "next": "safeguarding"}),
          effect=_field("artwork.Contribution", lambda w: w.held.pk, "status"), id="artwork:moderate_step-held"),
    write("page", "Artwork", "artwork:moderate_freeze", "Freeze banner A's wall", MOD_A,
          _p("/artwork/{w.banner_a.slug}/moderate/freeze/", {"frozen": "1"}),
          effect=_field("artwork.Banner", lambda w: w.banner_a.pk, "frozen")),
    write("page", "Artwork", "artwork:moderate_erase", "Erase a region of banner A", MOD_A,
          _p("/artwork/{w.banner_a.slug}/moderate/erase/",
             {"from_column": "1", "from_row": "1", "to_column": "12", "to_row": "4"}),
          effect=_count("artwork.Contribution", status="erased")),
    write("page", "Artwork", "artwork:blocklist", "Add a term to banner A's blocklist", MOD_A,
          _p("/artwork/blocklist/", lambda w, r: {"banner": w.banner_a.slug, "language": "en", "term": "matrix"}),
          effect=_count("artwork.BlockedTerm", term="matrix")),
    write("page", "Artwork", "artwork:blocklist", "Remove a term of banner A's list (naming one's own banner)", MOD_A,
          _p("/artwork/blocklist/", lambda w, r: {"banner": w.own_banner(r).slug, "remove": w.term_a.pk}),
          effect=_count("artwork.BlockedTerm"), id="artwork:blocklist-remove"),
    write("page", "Artwork", "artwork:blocklist", "Add a term to the shared starter list", SEC,
          _p("/artwork/blocklist/", {"language": "en", "term": "matrix"}),
          effect=_count("artwork.BlockedTerm", term="matrix"), id="artwork:blocklist-shared"),

    write("page", "Artwork", "artwork:cues", "Add a disclosure cue", SAFEGUARD,
          _p("/artwork/safeguarding/cues/", {"language": "en", "phrase": "matrix cue", "kind": "other"}),
          effect=_count("artwork.DisclosureCue", phrase="matrix cue")),
    write("page", "Artwork", "artwork:cue_edit", "Change a disclosure cue", SAFEGUARD,
          _p("/artwork/safeguarding/cues/{w.cue.pk}/", {"language": "en", "phrase": "matrix changed", "kind": "other"}),
          effect=_field("artwork.DisclosureCue", lambda w: w.cue.pk, "phrase")),
    write("page", "Artwork", "artwork:help_lines", "Add a help line", SAFEGUARD,
          _p("/artwork/safeguarding/help-lines/", {"name": "Matrix line", "phone": "+1 555 0100", "country": ""}),
          effect=_count("artwork.HelpLine", name="Matrix line")),
    write("page", "Artwork", "artwork:help_line_edit", "Change a help line", SAFEGUARD,
          _p("/artwork/safeguarding/help-lines/{w.help_line.pk}/",
             {"name": "Matrix changed", "phone": "+1 555 0100", "country": ""}),
          effect=_field("artwork.HelpLine", lambda w: w.help_line.pk, "name")),

    # ---- Artwork: API (a phone's device token, no account) ----
    write("api", "Artwork API", "POST /artwork/{slug}/contributions", "Add a mark to banner A", EVERYONE,
          _a("POST", "/artwork/{w.banner_a.slug}/contributions", {"colour": "#A21942"}, X_Device_Token="new-phone"),
          effect=_count("artwork.Contribution")),
    write("api", "Artwork API", "DELETE /artwork/{slug}/contributions/{contribution_id}",
          "Withdraw a mark another phone made", set(),
          _a("DELETE", "/artwork/{w.banner_a.slug}/contributions/{w.pending.pk}", X_Device_Token="another-phone"),
          otherwise="404",
          refused={"anonymous": "404", "secretariat_nocode": "404"},
          effect=_field("artwork.Contribution", lambda w: w.pending.pk, "status")),

    # ---- Pathfinders: pages ----
    write("page", "Pathfinders", "pathfinders:pathway_edit", "Record a step of Kenya's pathway", KENYA,
          _p("/countries/ke/pathway/", {"stage": "coordination", "date": "2020-01-15"}),
          effect=_count("pathfinders.Milestone", country__code="KE")),
    write("page", "Pathfinders", "pathfinders:pathway_edit", "Record a GCG decision for Kenya (inactive)", SEC,
          _p("/countries/ke/pathway/", {"stage": "inactive", "date": "2021-01-15"}),
          refused={"focal_point": "no effect"},
          effect=_count("pathfinders.Milestone", country__code="KE"), id="pathfinders:pathway_edit-gcg"),
    write("page", "Pathfinders", "pathfinders:roadmap_version_create", "Add a version of Kenya's roadmap", KENYA,
          _p("/countries/ke/roadmap/versions/",
             {"version-title": "Matrix roadmap", "version-period_start": "2026", "version-period_end": "2030"}),
          effect=_count("pathfinders.Roadmap", country__code="KE")),
    write("page", "Pathfinders", "pathfinders:priority_add", "Add a priority to Kenya's roadmap", KENYA,
          _p("/countries/ke/roadmap/priorities/", {"priority-title": "Matrix priority"}),
          effect=_count("pathfinders.Priority")),
    write("page", "Pathfinders", "pathfinders:key_action_add", "Add a key action to Kenya's roadmap", KENYA,
          _p("/countries/ke/roadmap/priorities/{w.priority_ke.pk}/actions/",
             lambda w, r: {f"action-{w.priority_ke.pk}-title": "Matrix",
                           f"action-{w.priority_ke.pk}-funding": "unknown"}),
          effect=_count("pathfinders.KeyAction")),
    write("page", "Pathfinders", "pathfinders:indicator_add", "Add an indicator to Kenya's roadmap", KENYA,
          _p("/countries/ke/roadmap/priorities/{w.priority_ke.pk}/indicators/",
             lambda w, r: {f"indicator-{w.priority_ke.pk}-name": "Matrix"}),
          effect=_count("pathfinders.Indicator")),
    write("page", "Pathfinders", "pathfinders:report_start", "Start Kenya's annual report", KENYA,
          _p("/reports/start/ke/{w.unstarted_year}/"), effect=_count("pathfinders.Report")),
    write("page", "Pathfinders", "pathfinders:report_edit", "Save Kenya's draft report", KENYA,
          _p("/reports/{w.draft.pk}/edit/", lambda w, r: w.report_form()),
          refused=CANNOT_READ_KENYAS_DRAFT, effect=_count("pathfinders.ReportAnswer")),
    write("page", "Pathfinders", "pathfinders:report_autosave", "Autosave Kenya's draft report", KENYA,
          _p("/reports/{w.draft.pk}/autosave/", lambda w, r: w.report_form()),
          refused=CANNOT_READ_KENYAS_DRAFT, effect=_count("pathfinders.ReportAnswer")),
    write("page", "Pathfinders", "pathfinders:report_cycle_open", "Open a real reporting cycle", SEC,
          _p("/reports/cycles/open/", {"year": "2031", "deadline": "2032-03-31"}),
          effect=_count("pathfinders.ReportCycle")),
    write("page", "Pathfinders", "pathfinders:report_submit", "Submit Kenya's draft report", KENYA,
          _p("/reports/{w.draft.pk}/submit/", lambda w, r: {**w.report_form(), "confirm": "yes"}),
          refused=CANNOT_READ_KENYAS_DRAFT, effect=_field("pathfinders.Report", lambda w: w.draft.pk, "status")),
    write("page", "Pathfinders", "pathfinders:report_evidence_add", "Attach evidence to Kenya's draft report", KENYA,
          _p("/reports/{w.draft.pk}/evidence/", files=lambda w, r: {"file": w.pdf()}),
          refused=CANNOT_READ_KENYAS_DRAFT, effect=_count("pathfinders.EvidenceFile")),
    write("page", "Pathfinders", "pathfinders:report_review", "Start the review of Kenya's submitted report", REVIEW,
          _p("/reports/{w.submitted.pk}/review/", {"action": "start_review"}),
          refused=CANNOT_READ_KENYAS_DRAFT, effect=_field("pathfinders.Report", lambda w: w.submitted.pk, "status")),
    write("page", "Pathfinders", "pathfinders:report_review", "Publish Kenya's accepted report", SEC,
          _p("/reports/{w.accepted.pk}/review/", {"action": "publish", "confirm": "yes"}),
          refused=CANNOT_READ_KENYAS_DRAFT, effect=_field("pathfinders.Report", lambda w: w.accepted.pk, "status"),
          id="pathfinders:report_review-publish"),
    write("page", "Pathfinders", "pathfinders:assessment", "Judge a criterion of Kenya's assessment", REVIEW,
          _p("/framework/ke/{w.draft.cycle.year}/", lambda w, r: w.judgement_form()),
          effect=_count("pathfinders.Assessment")),
    # Published: a change waits for the secretariat (issue 12, leak 4), the public sees the published judgement.
    write("page", "Pathfinders", "pathfinders:assessment",
          "Change a judgement of Kenya's published assessment (it waits)", REVIEW,
          _p("/framework/ke/{w.published_year}/", lambda w, r: w.judgement_form("partly")),
          effect=_count("pathfinders.PendingJudgement"), id="pathfinders:assessment-published"),
    write("page", "Pathfinders", "pathfinders:assessment", "Publish Kenya's assessment (every criterion judged)", SEC,
          _p("/framework/ke/{w.complete.cycle.year}/", {"action": "publish"}),
          effect=_count("pathfinders.Assessment", status="published"), id="pathfinders:assessment-publish"),
    # Not opened yet, so incomplete: the secretariat is told what is missing (400); a refusal opens nothing.
    write("page", "Pathfinders", "pathfinders:assessment", "Publish Kenya's assessment before anyone judged it", SEC,
          _p("/framework/ke/{w.draft.cycle.year}/", {"action": "publish"}),
          id="pathfinders:assessment-publish-unopened"),

    # ---- Pathfinders: API ----
    write("api", "Pathfinders API", "POST /reports", "Start Kenya's annual report", KENYA,
          _a("POST", "/reports", lambda w, r: {"country": "KE", "cycle": w.unstarted_year}),
          effect=_count("pathfinders.Report")),
    write("api", "Pathfinders API", "PATCH /reports/{report_id}", "Save Kenya's draft report", KENYA,
          _a("PATCH", "/reports/{w.draft.pk}", lambda w, r: w.report_patch()),
          refused=CANNOT_READ_KENYAS_DRAFT, effect=_count("pathfinders.ReportAnswer")),
    write("api", "Pathfinders API", "POST /reports/{report_id}/submit", "Submit Kenya's draft report", KENYA,
          _a("POST", "/reports/{w.complete.pk}/submit"),
          refused=CANNOT_READ_KENYAS_DRAFT, effect=_field("pathfinders.Report", lambda w: w.complete.pk, "status")),

    # ---- Network: pages and API ----
    write("page", "Network", "network:organisation_edit", "Edit Free the Slaves' profile", FTS,
          _p("/partners/free-the-slaves/edit/", lambda w, r: w.organisation_form()),
          effect=_field("network.Organisation", lambda w: w.fts.pk, "description")),
    write("page", "Network", "network:action_group_edit", "Edit the Agriculture group's page", AGRI,
          _p("/action-groups/agriculture/edit/", lambda w, r: w.group_form()),
          effect=_field("network.ActionGroup", lambda w: w.agri.pk, "mandate")),
    write("page", "Network", "network:membership_add", "Add a member to the Agriculture group", AGRI,
          _p("/action-groups/agriculture/members/", lambda w, r: {"organisation": w.not_a_member.pk, "role": "member"}),
          effect=_count("network.Membership")),
    write("page", "Network", "network:membership_remove", "Remove a member of the Agriculture group", AGRI,
          _p("/action-groups/agriculture/members/{w.membership.pk}/remove/"), effect=_count("network.Membership")),
    write("api", "Network API", "PATCH /organisations/{slug}", "Change Free the Slaves' profile", FTS,
          _a("PATCH", "/organisations/free-the-slaves", {"description": "Taken over"}),
          effect=_field("network.Organisation", lambda w: w.fts.pk, "description")),

    # ---- Sockets ----
    write("socket", "Sockets", "ws/events/<slug:slug>/run/", "Run event A's run-of-show (start)", RUN_A,
          lambda w, r: Frame(f"/ws/events/{w.event_a.slug}/run/", {"type": "action", "action": "start"})),
    write("socket", "Sockets", "ws/events/<slug:slug>/run/", "Run draft event B's run-of-show (start)",
          {"secretariat", "organiser_other", "moderator_other"},
          lambda w, r: Frame(f"/ws/events/{w.event_b.slug}/run/", {"type": "action", "action": "start"}),
          refused=dict.fromkeys(NOT_B | {"anonymous", "secretariat_nocode"}, "404"),
          id="ws/events/<slug:slug>/run/-draft"),
    write("socket", "Sockets", "ws/artwork/<slug:slug>/console/", "Follow banner A's console (every entry)", MOD_A,
          lambda w, r: Frame(f"/ws/artwork/{w.banner_a.slug}/console/", {"type": "ping"})),
]
# fmt: on

# The sign-in pages (allauth): each acts on the signed-in person's own account, so every role gets the same
# answer. The secretariat that has not given its code may open only the pages where it signs in, gives
# the code or resets a forgotten password; those that change the account (its addresses, password and
# authenticators) ask for the code first ("2fa"): with the password alone, one could otherwise turn the
# owner's authenticator off and set up one's own. An empty form: the answer shows who gets past the door
# (a page that redirects elsewhere still counts).
CODE_FIRST = {"anonymous": "login", "secretariat_nocode": "2fa"}
_OWN_ACCOUNT = [
    # (URL name, address, what, who is refused and how)
    ("account_login", "/accounts/login/", "Sign in", {}),
    ("account_logout", "/accounts/logout/", "Sign out", {}),
    ("account_signup", "/accounts/signup/", "Sign up", {}),
    ("account_reauthenticate", "/accounts/reauthenticate/", "Confirm one's password again", CODE_FIRST),
    ("account_email", "/accounts/email/", "Manage one's e-mail addresses", CODE_FIRST),
    ("account_change_password", "/accounts/password/change/", "Change one's password", CODE_FIRST),
    ("account_set_password", "/accounts/password/set/", "Set a password", CODE_FIRST),
    ("account_reset_password", "/accounts/password/reset/", "Ask for a password reset", {}),
    ("account_confirm_login_code", "/accounts/login/code/confirm/", "Give a sign-in code", {"anonymous": "login"}),
    (
        "account_confirm_email",
        "/accounts/confirm-email/not-a-key/",
        "Confirm an e-mail address (unknown key)",
        dict.fromkeys(EVERYONE, "404"),
    ),
    ("account_reset_password_from_key", "/accounts/password/reset/key/1-not-a-key/", "Reset a password (bad key)", {}),
    ("mfa_authenticate", "/accounts/2fa/authenticate/", "Give the two-factor code at sign-in", {"anonymous": "login"}),
    ("mfa_reauthenticate", "/accounts/2fa/reauthenticate/", "Give the two-factor code again", {"anonymous": "login"}),
    ("mfa_activate_totp", "/accounts/2fa/totp/activate/", "Set up an authenticator app", CODE_FIRST),
    (
        "mfa_deactivate_totp",
        "/accounts/2fa/totp/deactivate/",
        "Turn one's authenticator app off",
        {**CODE_FIRST, **dict.fromkeys(SIGNED_IN - {"secretariat", "secretariat_nocode"}, "404")},
    ),  # none to turn off
    (
        "mfa_generate_recovery_codes",
        "/accounts/2fa/recovery-codes/generate/",
        "Make recovery codes",
        CODE_FIRST,
    ),
]
WRITES += [
    write(
        "page",
        "Sign-in and one's own account (allauth)",
        name,
        what,
        EVERYONE - set(refused),
        lambda w, r, path=path: Request("POST", path, {}),
        refused=refused,
    )
    for name, path, what, refused in _OWN_ACCOUNT
]

# The admin: one door for all of it, the confirmed secretariat's (``test_admin_…`` tries every model's add
# form). Everyone else is sent to the admin's sign-in, which turns away anyone signed in.
WRITES += [
    write(
        "page",
        "Admin",
        "admin",
        "Grant the secretariat role (Role assignments → Add)",
        SEC,
        _p(
            "/admin/accounts/roleassignment/add/",
            lambda w, r: {"user": w.users["outsider"].pk, "role": "secretariat", "scope_choice": ""},
        ),
        otherwise="login",
        effect=_count("accounts.RoleAssignment", role="secretariat"),
        id="admin-role-grant",
    ),
    write(
        "page",
        "Admin",
        "admin",
        "Revoke someone's API token (API tokens → change)",
        SEC,
        _p(
            "/admin/accounts/apitoken/{w.someone_elses_token}/change/",
            lambda w, r: {
                "user": w.stranger.pk,
                "name": "theirs",
                "revoked_at_0": "2026-01-01",
                "revoked_at_1": "10:00",
            },
        ),
        otherwise="login",
        effect=_count("accounts.ApiToken", revoked_at__isnull=False),
        id="admin-token-revoke",
    ),
]

# The consultations (issue 15): the secretariat's console; answering, whose right is the link's token; the
# safeguarding focal point's list. A draft consultation is a 404 to whoever may not read it.
CX = "/consultations/manage/{w.consultation.slug}"
CANNOT_SEE_DRAFT = dict.fromkeys(SIGNED_IN - {"secretariat", "secretariat_nocode"}, "404")
# fmt: off
WRITES += [
    write("page", "Consultations", "engagement:new", "Start a consultation", SEC,
          _p("/consultations/manage/new/", {"title": "Matrix", "kind": "survey", "languages": ["en"]}),
          effect=_count("engagement.Consultation")),
    write("page", "Consultations", "engagement:manage", "Edit an open consultation's details", SEC,
          _p(CX + "/", {"title": "Taken over", "kind": "survey", "languages": ["en"]}),
          effect=_field("engagement.Consultation", lambda w: w.consultation.pk, "title")),
    write("page", "Consultations", "engagement:question_add", "Add a question", SEC,
          _p(CX + "/questions/add/", {"add-kind": "text", "add-label": "Matrix?"}),
          effect=_count("engagement.Question", label="Matrix?")),
    write("page", "Consultations", "engagement:question", "Edit a question", SEC,
          _p(CX + "/questions/{w.question.pk}/", {"kind": "single", "label": "Taken over?"}),
          effect=_field("engagement.Question", lambda w: w.question.pk, "label")),
    write("page", "Consultations", "engagement:question_delete", "Delete a question", SEC,
          _p(CX + "/questions/{w.question.pk}/delete/"), effect=_count("engagement.Question")),
    write("page", "Consultations", "engagement:choice_add", "Add a choice", SEC,
          _p(CX + "/questions/{w.question.pk}/choices/add/", {"new-label": "Matrix"}),
          effect=_count("engagement.Choice")),
    write("page", "Consultations", "engagement:choice", "Edit a choice", SEC,
          _p(CX + "/questions/{w.question.pk}/choices/{w.choice.pk}/", lambda w, r: {f"c{w.choice.pk}-label": "Taken"}),
          effect=_field("engagement.Choice", lambda w: w.choice.pk, "label")),
    write("page", "Consultations", "engagement:choice_delete", "Delete a choice", SEC,
          _p(CX + "/questions/{w.question.pk}/choices/{w.choice.pk}/delete/"), effect=_count("engagement.Choice")),
    write("page", "Consultations", "engagement:invite", "Invite people by e-mail", SEC,
          _p(CX + "/invite/", {"addresses": "matrix@example.org, fr"}), effect=_count("engagement.Invitation")),
    write("page", "Consultations", "engagement:team", "Name someone who reads the raw answers", SEC,
          _p(CX + "/team/", {"email": "someone@example.org"}),
          effect=_count("engagement.Consultation", team__email="someone@example.org")),
    write("page", "Consultations", "engagement:open", "Open a draft consultation", SEC,
          _p("/consultations/manage/{w.draft_consultation.slug}/open/"), refused=CANNOT_SEE_DRAFT,
          effect=_field("engagement.Consultation", lambda w: w.draft_consultation.pk, "status")),
    write("page", "Consultations", "engagement:close", "Close an open consultation", SEC,
          _p(CX + "/close/"), effect=_field("engagement.Consultation", lambda w: w.consultation.pk, "status")),
    write("page", "Consultations", "engagement:safeguarding_done", "Mark a flagged answer as dealt with", SAFEGUARD,
          _p("/consultations/safeguarding/{w.flagged.pk}/done/"),
          effect=_field("engagement.Answer", lambda w: w.flagged.pk, "safeguarding_done_at")),
    write("page", "Consultations", "engagement:start", "Start answering an anonymous consultation (no account)",
          EVERYONE - {"secretariat_nocode"}, _p("/consultations/{w.anonymous_consultation.slug}/start/"),
          effect=_count("engagement.Response")),
    write("page", "Consultations", "engagement:answer", "Save answers through an invitation's link (no account)",
          EVERYONE - {"secretariat_nocode"},
          _p("/consultations/{w.consultation.slug}/answer/{w.answer_token}/", {"q_first": "Matrix", "action": "save"}),
          effect=_count("engagement.Answer")),
    write("page", "Consultations", "engagement:answer", "Save answers through a link that is no one's", set(),
          _p("/consultations/{w.consultation.slug}/answer/not-a-token/", {"q_first": "Matrix", "action": "save"}),
          refused=dict.fromkeys(EVERYONE - {"secretariat_nocode"}, "404"), id="engagement:answer-wrong-token"),
    write("page", "Consultations", "engagement:import_xlsform", "Import an XLSForm as a draft consultation", SEC,
          _p("/consultations/manage/new/xlsform/", {"kind": "survey"}, files=lambda w, r: {"file": _xlsform()}),
          effect=_count("engagement.Consultation", title="Matrix form")),
    write("page", "Consultations", "engagement:import_answers", "Import answers exported from KoboToolbox", SEC,
          _p(CX + "/import-answers/", files=lambda w, r: {"file": _kobo_csv()}),
          effect=_count("engagement.Response", source="kobo")),
]
# fmt: on


def _xlsform():
    from alliance87.engagement.tests.xlsx_files import xlsx_upload  # noqa: PLC0415 -- test data, read when a row runs

    survey = [["type", "name", "label"], ["text", "q", "Q?"]]
    return xlsx_upload({"survey": survey, "settings": [["form_title"], ["Matrix form"]]})


def _kobo_csv():
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415

    return SimpleUploadedFile("answers.csv", b"first;_uuid\r\nMatrix;matrix-1\r\n", content_type="text/csv")


# Themes found in a consultation's answers (issue 15, item 4): the secretariat starts a run and finishes the
# review; the review's steps are the consultation's team's, and no role of the table is on that team.
TH = CX + "/themes/{w.theme_run.pk}"
# fmt: off
WRITES += [
    write("page", "Themes", "engagement:themes", "Find themes in a consultation's answers", SEC,
          _p(CX + "/themes/", {"question": "", "themes_asked": "2"}), effect=_count("engagement.ThemeRun")),
    write("page", "Themes", "engagement:theme_run_again", "Run an interrupted synthesis again", SEC,
          _p(CX + "/themes/{w.stale_run.pk}/again/"), effect=_count("engagement.ThemeRun")),
    write("page", "Themes", "engagement:theme_review_finish", "Finish the review of a run's themes", SEC,
          _p(TH + "/finish/"), effect=_field("engagement.ThemeRun", lambda w: w.theme_run.pk, "reviewed_at")),
    write("page", "Themes", "engagement:theme_rename", "Rename a theme", SEC,
          _p(TH + "/{w.theme.pk}/rename/", {"label": "Taken over"}),
          effect=_field("engagement.Theme", lambda w: w.theme.pk, "label")),
    write("page", "Themes", "engagement:theme_merge", "Merge a theme into another", SEC,
          _p(TH + "/{w.theme.pk}/merge/", lambda w, r: {"others": [w.other_theme.pk]}),
          effect=_field("engagement.Theme", lambda w: w.other_theme.pk, "status")),
    write("page", "Themes", "engagement:theme_answers_step", "Move an answer to another theme", SEC,
          _p(TH + "/{w.theme.pk}/answers/",
             lambda w, r: {"answers": [w.theme_answer.pk], "target": w.other_theme.pk, "step": "move"}),
          effect=_count("engagement.ThemeAssignment", source="human")),
    write("page", "Themes", "engagement:theme_discard", "Discard a theme", SEC,
          _p(TH + "/{w.theme.pk}/discard/"), effect=_field("engagement.Theme", lambda w: w.theme.pk, "status")),
    write("page", "Themes", "engagement:theme_restore", "Restore a discarded theme", SEC,
          _p(TH + "/{w.discarded_theme.pk}/restore/"),
          effect=_field("engagement.Theme", lambda w: w.discarded_theme.pk, "status")),
]
# fmt: on


# Thematic priorities (issue 15, item 5) and the conference outcomes they rest on: the secretariat's alone.
PR = "/priorities/manage"
# fmt: off
WRITES += [
    write("page", "Thematic priorities", "engagement:priority_new", "Start a thematic priority", SEC,
          _p(PR + "/new/", {"title": "Matrix priority"}), effect=_count("engagement.Priority")),
    write("page", "Thematic priorities", "engagement:priority_manage", "Edit a priority's title and summary", SEC,
          _p(PR + "/{w.draft_priority.slug}/", {"title": "Taken over"}),
          effect=_field("engagement.Priority", lambda w: w.draft_priority.pk, "title")),
    write("page", "Thematic priorities", "engagement:priority_evidence", "Attach a priority's evidence", SEC,
          _p(PR + "/{w.draft_priority.slug}/evidence/", lambda w, r: {"outcome_areas": [w.outcome_area.pk]}),
          effect=lambda w: list(w.draft_priority.outcome_areas.values_list("pk", flat=True))),
    write("page", "Thematic priorities", "engagement:priority_publish", "Publish a priority", SEC,
          _p(PR + "/{w.draft_priority.slug}/publish/"),
          effect=_field("engagement.Priority", lambda w: w.draft_priority.pk, "status")),
    write("page", "Thematic priorities", "engagement:priority_withdraw", "Withdraw a published priority", SEC,
          _p(PR + "/{w.published_priority.slug}/withdraw/"),
          effect=_field("engagement.Priority", lambda w: w.published_priority.pk, "status")),
    write("page", "Thematic priorities", "engagement:outcomes", "Add a conference outcome", SEC,
          _p(PR + "/outcomes/", {"title": "Matrix outcome"}), effect=_count("engagement.OutcomeDocument")),
    write("page", "Thematic priorities", "engagement:outcome", "Edit a conference outcome's details", SEC,
          _p(PR + "/outcomes/{w.outcome.slug}/", {"title": "Taken over"}),
          effect=_field("engagement.OutcomeDocument", lambda w: w.outcome.pk, "title")),
    write("page", "Thematic priorities", "engagement:outcome_area_add", "Add an area to a conference outcome", SEC,
          _p(PR + "/outcomes/{w.outcome.slug}/areas/add/", {"new-title": "Matrix area 2"}),
          effect=_count("engagement.OutcomeArea")),
    write("page", "Thematic priorities", "engagement:outcome_area", "Edit a conference outcome's area", SEC,
          _p(PR + "/outcomes/{w.outcome.slug}/areas/{w.outcome_area.pk}/",
             lambda w, r: {f"a{w.outcome_area.pk}-title": "Taken"}),
          effect=_field("engagement.OutcomeArea", lambda w: w.outcome_area.pk, "title")),
]
# fmt: on


# The second round (issue 15, item 6): the secretariat's console; voting and proposing need no account, the
# right being the random key in the participant's browser cookie (kept only as a hash).
RD = "/rounds/manage/{w.round.slug}"


def _with_round_key(path: str, data: Callable) -> Callable:
    """A page POST from a participant's browser: the round's key in its cookie, beside the role's session."""
    return lambda w, r: Request("POST", path.format(w=w, r=r), data(w), {}, {"Cookie": w.round_cookie(r)})


def _round_vote_times(w):
    from alliance87.engagement.models import Vote  # noqa: PLC0415

    return list(Vote.objects.filter(participant=w.round_participant).values_list("updated_at", flat=True))


PARTICIPANTS = EVERYONE - {"secretariat_nocode"}
# fmt: off
WRITES += [
    write("page", "Second rounds", "engagement:round_new", "Start a second round", SEC,
          _p("/rounds/manage/new/", {"title": "Matrix round", "statements": "Matrix"}),
          effect=_count("engagement.Round")),
    write("page", "Second rounds", "engagement:round_statement_add", "Add a statement to a round", SEC,
          _p(RD + "/statements/", {"text": "Matrix statement"}),
          effect=_count("engagement.Statement", text="Matrix statement")),
    write("page", "Second rounds", "engagement:round_moderate", "Show a participant's statement", SEC,
          _p(RD + "/statements/{w.waiting_statement.pk}/", {"status": "shown"}),
          effect=_field("engagement.Statement", lambda w: w.waiting_statement.pk, "status")),
    write("page", "Second rounds", "engagement:round_open", "Open a draft round", SEC,
          _p("/rounds/manage/{w.draft_round.slug}/open/"),
          effect=_field("engagement.Round", lambda w: w.draft_round.pk, "status")),
    write("page", "Second rounds", "engagement:round_close", "Close an open round", SEC,
          _p(RD + "/close/"), effect=_field("engagement.Round", lambda w: w.round.pk, "status")),
    write("page", "Second rounds", "engagement:round_join", "Join a round (no account)", PARTICIPANTS,
          _p("/rounds/{w.round.slug}/join/", {"stakeholder_group": "workers"}),
          effect=_count("engagement.Participant")),
    write("page", "Second rounds", "engagement:round_vote", "Vote on a statement (the browser's key)", PARTICIPANTS,
          _with_round_key("/rounds/{w.round.slug}/vote/", lambda w: {"statement": w.round_statement.pk, "value": "1"}),
          effect=_round_vote_times),
    write("page", "Second rounds", "engagement:round_propose", "Propose a statement (the browser's key)",
          PARTICIPANTS, _with_round_key("/rounds/{w.round.slug}/statements/", lambda w: {"text": "Matrix proposal"}),
          effect=_count("engagement.Statement", text="Matrix proposal")),
]
# fmt: on


# Commitments (issue 16): a maker speaks for the lead (the partner editor for an organisation, the focal point
# for a country, the Action Group lead for a group) and acts for it only; the secretariat for every lead. A
# draft is the makers' and the secretariat's: anyone else is refused (403). Someone who speaks for another
# party is offered only their own in the form, so naming Free the Slaves changes nothing for them.
SPEAKERS = {
    "partner_editor",
    "partner_editor_other",
    "focal_point",
    "focal_point_other",
    "group_lead",
    "group_lead_other",
}
REPORTS = {"secretariat", "partner_editor", "group_lead"}  # the running commitment's lead and confirmed co-implementer
CM = "/commitments/{w.c_fts.pk}"
# A commitment that is not public yet (a draft, a submitted one) is, like a draft report, event or experience,
# a 404 to whoever may not see it (as an unknown number), a 403 only to its makers.


def _cannot_see(*makers: str) -> dict:
    return dict.fromkeys(SIGNED_IN - {"secretariat", "secretariat_nocode", *makers}, "404")


HIDDEN_FTS = _cannot_see("partner_editor")
RUNNING = "/commitments/{w.c_running.pk}"
FU = "/events/{w.event_a.slug}/follow-up"


def _new_commitment(lead: Callable) -> Callable:
    return lambda w, r: {"lead": lead(w), "title": "Matrix commitment", "description": "Matrix.", "language": "en"}


def _rules_green_days(w):
    from alliance87.commitments.models import CommitmentRules  # noqa: PLC0415

    return CommitmentRules.objects.values_list("green_days", flat=True).first()


def _others_refused(allowed: set, answer: str = "no effect") -> dict:
    return dict.fromkeys(SPEAKERS - allowed, answer)


# fmt: off
WRITES += [
    write("page", "Commitments", "commitments:new", "Start a commitment for Free the Slaves", FTS,
          _p("/commitments/new/", _new_commitment(lambda w: f"organisation:{w.fts.pk}")),
          refused=_others_refused(FTS), effect=_count("commitments.Commitment")),
    write("page", "Commitments", "commitments:new", "Start a commitment for Kenya", KENYA,
          _p("/commitments/new/", _new_commitment(lambda w: f"country:{w.kenya.pk}")),
          refused=_others_refused(KENYA), effect=_count("commitments.Commitment"), id="commitments:new-country"),
    write("page", "Commitments", "commitments:new", "Start a commitment for the Agriculture group", AGRI,
          _p("/commitments/new/", _new_commitment(lambda w: f"action_group:{w.agri.pk}")),
          refused=_others_refused(AGRI), effect=_count("commitments.Commitment"), id="commitments:new-group"),
    write("page", "Commitments", "commitments:edit", "Edit Free the Slaves' draft commitment", FTS,
          _p(CM + "/edit/", lambda w, r: w.commitment_about()),
          refused=HIDDEN_FTS,
          effect=_field("commitments.Commitment", lambda w: w.c_fts.pk, "title")),
    write("page", "Commitments", "commitments:edit", "Edit Kenya's draft commitment", KENYA,
          _p("/commitments/{w.c_kenya.pk}/edit/", {"section": "dates", "starts_on": "2026-02-01",
                                                   "ends_on": "2027-12-31", "visibility": "public"}),
          refused=_cannot_see("focal_point"),
          effect=_field("commitments.Commitment", lambda w: w.c_kenya.pk, "starts_on"), id="commitments:edit-country"),
    write("page", "Commitments", "commitments:edit", "Edit the Agriculture group's draft commitment", AGRI,
          _p("/commitments/{w.c_agri.pk}/edit/", {"section": "dates", "starts_on": "2026-02-01",
                                                  "ends_on": "2027-12-31", "visibility": "partners"}),
          refused=_cannot_see("group_lead"),
          effect=_field("commitments.Commitment", lambda w: w.c_agri.pk, "visibility"), id="commitments:edit-group"),
    write("page", "Commitments", "commitments:deliverable_add", "Add a deliverable to Free the Slaves' draft", FTS,
          _p(CM + "/deliverables/", lambda w, r: w.deliverable_form("new_d", "Matrix")),
          refused=HIDDEN_FTS,
          effect=_count("commitments.Deliverable")),
    write("page", "Commitments", "commitments:deliverable_change", "Change a deliverable of Free the Slaves' draft",
          FTS, _p(CM + "/deliverables/{w.c_fts_deliverable.pk}/",
                  lambda w, r: w.deliverable_form(f"d{w.c_fts_deliverable.pk}")),
          refused=HIDDEN_FTS,
          effect=_field("commitments.Deliverable", lambda w: w.c_fts_deliverable.pk, "title")),
    write("page", "Commitments", "commitments:resource_add", "Add a resource to Free the Slaves' draft", FTS,
          _p(CM + "/resources/", lambda w, r: w.resource_form("new_r", "Matrix")),
          refused=HIDDEN_FTS,
          effect=_count("commitments.Resource")),
    write("page", "Commitments", "commitments:resource_change", "Change a resource of Free the Slaves' draft", FTS,
          _p(CM + "/resources/{w.c_fts_resource.pk}/", lambda w, r: w.resource_form(f"r{w.c_fts_resource.pk}")),
          refused=HIDDEN_FTS,
          effect=_field("commitments.Resource", lambda w: w.c_fts_resource.pk, "description")),
    write("page", "Commitments", "commitments:co_implementer_add", "Name a co-implementer of Free the Slaves' draft",
          FTS, _p(CM + "/co-implementers/", lambda w, r: {"party": f"organisation:{w.alliance.ilo.pk}"}),
          refused=HIDDEN_FTS,
          effect=_count("commitments.CoImplementer")),
    write("page", "Commitments", "commitments:co_implementer_remove",
          "Remove a co-implementer of Free the Slaves' draft", FTS,
          _p(CM + "/co-implementers/{w.c_fts_co.pk}/remove/"), refused=HIDDEN_FTS,
          effect=_count("commitments.CoImplementer")),
    write("page", "Commitments", "commitments:submit", "Submit Free the Slaves' draft for review", FTS,
          _p(CM + "/submit/"), refused=HIDDEN_FTS,
          effect=_field("commitments.Commitment", lambda w: w.c_fts.pk, "status")),
    # Confirming is the co-implementer's own word (it is then shown with the commitment): only those who speak
    # for Kenya give it, not the secretariat on its behalf.
    write("page", "Commitments", "commitments:co_implementation",
          "Confirm Kenya's co-implementation of Free the Slaves' commitment", {"focal_point"},
          _p("/commitments/co-implementations/{w.co_kenya.pk}/", {"action": "confirm"}),
          effect=_field("commitments.CoImplementer", lambda w: w.co_kenya.pk, "confirmed_at")),

    # ---- The secretariat's review ----
    write("page", "Commitments: review", "commitments:review", "Give the SMART verdicts on a submitted commitment",
          SEC, _p("/commitments/{w.c_submitted.pk}/review/", lambda w, r: w.verdicts_form("save")),
          refused=HIDDEN_FTS,
          effect=_field("commitments.Commitment", lambda w: w.c_submitted.pk, "smart_review")),
    write("page", "Commitments: review", "commitments:review", "Publish a submitted commitment", SEC,
          _p("/commitments/{w.c_submitted.pk}/review/", lambda w, r: w.verdicts_form("publish")),
          refused=HIDDEN_FTS,
          effect=_field("commitments.Commitment", lambda w: w.c_submitted.pk, "status"),
          id="commitments:review-publish"),
    write("page", "Commitments: review", "commitments:review", "Ask for changes to a submitted commitment", SEC,
          _p("/commitments/{w.c_submitted.pk}/review/", {"action": "changes", "comment": "Matrix."}),
          refused=HIDDEN_FTS,
          effect=_field("commitments.Commitment", lambda w: w.c_submitted.pk, "status"),
          id="commitments:review-changes"),
    write("page", "Commitments: review", "commitments:close", "Close a running commitment", SEC,
          _p(RUNNING + "/close/", {"reason": "Matrix."}),
          effect=_field("commitments.Commitment", lambda w: w.c_running.pk, "status")),
    write("page", "Commitments: review", "commitments:progress_rules", "Change the status light's rules", SEC,
          _p("/commitments/manage/rules/", {"green_days": "300", "red_days": "700", "inactive_days": "1000",
                                            "remind_before_days": "30", "remind_after_days": "14"}),
          effect=_rules_green_days),
    # The first step (the preview) writes nothing to the database; the right is checked at each step.
    write("page", "Commitments: review", "commitments:import_pledges",
          "Upload the 2021 Action Pledges for the import's preview", SEC,
          _p("/commitments/manage/import-pledges/", files=lambda w, r: {"file": w.pledges_file()})),

    # ---- Progress (a running commitment of Free the Slaves, co-implemented by the Agriculture group) ----
    write("page", "Commitments: progress", "commitments:progress_report", "Report progress on a running commitment",
          REPORTS, _p(RUNNING + "/report/", {"deliverable": "", "progress": "on_track", "text": "Matrix.",
                                             "language": "en", "links": ""}),
          effect=_count("commitments.ProgressUpdate")),
    write("page", "Commitments: progress", "commitments:progress_complete", "Send a running commitment's final report",
          REPORTS, _p(RUNNING + "/complete/", {"progress": "achieved", "text": "Matrix.", "language": "en",
                                               "links": "", "confirm": "on"}),
          effect=_field("commitments.Commitment", lambda w: w.c_running.pk, "status")),

    # ---- From the stage (event A published, event B a draft) ----
    write("page", "Commitments from the stage", "commitments:takeaway_add", "Add a takeaway to event A", ORG_A,
          _p(FU + "/takeaways/add/", {"text": "Matrix takeaway 3", "language": "en"}),
          effect=_count("commitments.Takeaway")),
    write("page", "Commitments from the stage", "commitments:takeaway_add", "Add a takeaway to draft event B",
          SEC | {"organiser_other"},
          _p("/events/{w.event_b.slug}/follow-up/takeaways/add/", {"text": "Matrix takeaway 3", "language": "en"}),
          refused=dict.fromkeys(NOT_B, "404"), effect=_count("commitments.Takeaway"),
          id="commitments:takeaway_add-draft"),
    write("page", "Commitments from the stage", "commitments:takeaway_edit", "Edit a takeaway of event A", ORG_A,
          _p(FU + "/takeaways/{w.takeaway.pk}/", {"text": "Taken over", "language": "en"}),
          effect=_field("commitments.Takeaway", lambda w: w.takeaway.pk, "text")),
    write("page", "Commitments from the stage", "commitments:takeaway_move", "Move a takeaway of event A", ORG_A,
          _p(FU + "/takeaways/{w.takeaway.pk}/move/", {"step": "down"}),
          effect=_field("commitments.Takeaway", lambda w: w.takeaway.pk, "position")),
    write("page", "Commitments from the stage", "commitments:takeaway_delete", "Delete a takeaway of event A", ORG_A,
          _p(FU + "/takeaways/{w.takeaway.pk}/delete/"), effect=_count("commitments.Takeaway")),
    write("page", "Commitments from the stage", "commitments:invite", "Invite an organisation to commit after event A",
          ORG_A, _p(FU + "/invite/", lambda w, r: w.invitable()), effect=_count("commitments.Invitation")),
    write("page", "Commitments from the stage", "commitments:invitation_new_link",
          "Make a new link for an invitation of event A", ORG_A,
          _p(FU + "/invitations/{w.invitation.pk}/new-link/"),
          effect=_field("commitments.Invitation", lambda w: w.invitation.pk, "token_hash")),
    # The link is the way in, not the right: signed out, it shows what it is and asks to sign in (nothing
    # written); signed in, only those who speak for the invited organisation (and the secretariat) commit.
    write("page", "Commitments from the stage", "commitments:invitation",
          "Commit through Free the Slaves' invitation link", FTS,
          _p("/commit/{w.invitation_token}/", {"title": "Matrix commitment", "description": "Matrix.",
                                               "language": "en"}),
          refused={"anonymous": "no effect"}, effect=_count("commitments.Commitment")),
    write("page", "Commitments from the stage", "commitments:invitation", "Commit through a link that is no one's",
          set(), _p("/commit/not-a-token/", {"title": "Matrix commitment", "description": "Matrix.",
                                              "language": "en"}),
          refused=dict.fromkeys(EVERYONE - {"secretariat_nocode"}, "404"), id="commitments:invitation-wrong-token"),

    # ---- Commitments: API (bearer token) ----
    write("api", "Commitments API", "POST /commitment-drafts", "Start a commitment for Free the Slaves", FTS,
          _a("POST", "/commitment-drafts", {"maker_kind": "organisation", "lead": "free-the-slaves",
                                            "title": "Matrix commitment", "description": "Matrix."}),
          effect=_count("commitments.Commitment")),
    write("api", "Commitments API", "POST /commitment-drafts", "Start a commitment for Kenya", KENYA,
          _a("POST", "/commitment-drafts", {"maker_kind": "country", "lead": "KE",
                                            "title": "Matrix commitment", "description": "Matrix."}),
          effect=_count("commitments.Commitment"), id="POST /commitment-drafts-country"),
    write("api", "Commitments API", "POST /commitment-drafts", "Start a commitment for the Agriculture group", AGRI,
          _a("POST", "/commitment-drafts", {"maker_kind": "action_group", "lead": "agriculture",
                                            "title": "Matrix commitment", "description": "Matrix."}),
          effect=_count("commitments.Commitment"), id="POST /commitment-drafts-group"),
    write("api", "Commitments API", "PATCH /commitments/{commitment_id}/draft", "Change Free the Slaves' draft", FTS,
          _a("PATCH", "/commitments/{w.c_fts.pk}/draft", {"title": "Taken over"}),
          refused=HIDDEN_FTS,
          effect=_field("commitments.Commitment", lambda w: w.c_fts.pk, "title")),
    write("api", "Commitments API", "POST /commitments/{commitment_id}/deliverables",
          "Add a deliverable to Free the Slaves' draft", FTS,
          _a("POST", "/commitments/{w.c_fts.pk}/deliverables",
             {"title": "Matrix", "indicator": "Matrix", "baseline": 0, "target": 5, "due_on": "2027-06-30"}),
          refused=HIDDEN_FTS,
          effect=_count("commitments.Deliverable")),
    write("api", "Commitments API", "POST /commitments/{commitment_id}/resources",
          "Add a resource to Free the Slaves' draft", FTS,
          _a("POST", "/commitments/{w.c_fts.pk}/resources", {"description": "Matrix", "amount": 10, "currency": "USD"}),
          refused=HIDDEN_FTS,
          effect=_count("commitments.Resource")),
    write("api", "Commitments API", "POST /commitments/{commitment_id}/submit", "Submit Free the Slaves' draft", FTS,
          _a("POST", "/commitments/{w.c_fts.pk}/submit"),
          refused=HIDDEN_FTS,
          effect=_field("commitments.Commitment", lambda w: w.c_fts.pk, "status")),
    write("api", "Commitments API", "POST /commitments/{commitment_id}/review",
          "Give the SMART verdicts on a submitted commitment", SEC,
          _a("POST", "/commitments/{w.c_submitted.pk}/review", {x: {"ok": True, "note": "Matrix"} for x in "SMART"}),
          refused=HIDDEN_FTS,
          effect=_field("commitments.Commitment", lambda w: w.c_submitted.pk, "smart_review")),
    write("api", "Commitments API", "POST /commitments/{commitment_id}/publish", "Publish a submitted commitment", SEC,
          _a("POST", "/commitments/{w.c_submitted.pk}/publish"),
          refused=HIDDEN_FTS,
          effect=_field("commitments.Commitment", lambda w: w.c_submitted.pk, "status")),
    write("api", "Commitments API", "POST /commitments/{commitment_id}/request-changes",
          "Ask for changes to a submitted commitment", SEC,
          _a("POST", "/commitments/{w.c_submitted.pk}/request-changes", {"comment": "Matrix."}),
          refused=HIDDEN_FTS,
          effect=_field("commitments.Commitment", lambda w: w.c_submitted.pk, "status")),
    write("api", "Commitments API", "POST /commitments/{commitment_id}/updates",
          "Report progress on a running commitment", REPORTS,
          _a("POST", "/commitments/{w.c_running.pk}/updates", {"progress": "on_track", "text": "Matrix."}),
          effect=_count("commitments.ProgressUpdate")),
]
# fmt: on


# The exchange of experiences (issue 16, part 6): whoever speaks for an organisation, a country or an Action
# Group shares (for a party they speak for); an experience's sharers (its author, and who speaks for the
# organisation or group it is shared by) and the secretariat change it; the secretariat reviews. A draft is a
# 404 to anyone else (as an unknown address); a published story is read by all, withdrawn by its sharers.
XP = "/experiences/{w.xp_draft.slug}"
HIDDEN_XP = dict.fromkeys(SIGNED_IN - {"secretariat", "secretariat_nocode", "partner_editor"}, "404")
# fmt: off
WRITES += [
    # The form offers only the organisations and groups one speaks for (no such field to a focal point); naming
    # another's is refused by the service, as the API's row shows.
    write("page", "Exchange of experiences", "exchange:new", "Share an experience", SEC | SPEAKERS,
          _p("/experiences/new/", lambda w, r: {k: v for k, v in w.experience_form().items() if k != "organisation"}),
          effect=_count("exchange.Experience")),
    write("page", "Exchange of experiences", "exchange:edit", "Edit Free the Slaves' draft story", FTS,
          _p(XP + "/edit/", lambda w, r: w.experience_form()), refused=HIDDEN_XP,
          effect=_field("exchange.Experience", lambda w: w.xp_draft.pk, "title")),
    write("page", "Exchange of experiences", "exchange:teller", "Name the draft story's teller (consent recorded)",
          FTS, _p(XP + "/teller/", {"teller_named": "on", "teller_name": "Matrix teller",
                                    "consent_note": "Signed form (example)."}),
          refused=HIDDEN_XP, effect=_field("exchange.Experience", lambda w: w.xp_draft.pk, "teller_named")),
    write("page", "Exchange of experiences", "exchange:media_add", "Attach a picture to the draft story", FTS,
          _p(XP + "/files/add/", {"alt_text": "Matrix picture", "caption": ""}, lambda w, r: {"file": w.png()}),
          refused=HIDDEN_XP, effect=_count("exchange.ExperienceMedia")),
    write("page", "Exchange of experiences", "exchange:media_change",
          "Record the consent of the people a picture of the draft shows", FTS,
          _p(XP + "/files/{w.xp_media.pk}/change/", {"people_consent": "Said yes (example)."}),
          refused=HIDDEN_XP,
          effect=_field("exchange.ExperienceMedia", lambda w: w.xp_media.pk, "people_consent_recorded_at")),
    write("page", "Exchange of experiences", "exchange:submit", "Submit the draft story for review", FTS,
          _p(XP + "/submit/"), refused=HIDDEN_XP,
          effect=_field("exchange.Experience", lambda w: w.xp_draft.pk, "status")),
    write("page", "Exchange of experiences", "exchange:review", "Publish a submitted experience", SEC,
          _p("/experiences/{w.xp_submitted.slug}/review/", {"action": "publish"}),
          refused=HIDDEN_XP,
          effect=_field("exchange.Experience", lambda w: w.xp_submitted.pk, "status")),
    write("page", "Exchange of experiences", "exchange:review", "Send a submitted experience back with a comment",
          SEC, _p("/experiences/{w.xp_submitted.slug}/review/", {"action": "changes", "comment": "Matrix."}),
          refused=HIDDEN_XP,
          effect=_field("exchange.Experience", lambda w: w.xp_submitted.pk, "status"), id="exchange:review-changes"),
    write("page", "Exchange of experiences", "exchange:withdraw", "Withdraw the Agriculture group's published story",
          AGRI, _p("/experiences/{w.xp_story.slug}/withdraw/", {"reason": "Matrix."}),
          effect=_field("exchange.Experience", lambda w: w.xp_story.pk, "status")),
    # A person shown may ask at any time: a published experience's sharers (and the secretariat) may remove one.
    write("page", "Exchange of experiences", "exchange:media_change",
          "Remove a document from the Agriculture group's published story", AGRI,
          _p("/experiences/{w.xp_story.slug}/files/{w.story_media.pk}/change/", {"remove": "1"}),
          effect=_count("exchange.ExperienceMedia"), id="exchange:media_change-remove-published"),
    write("page", "Exchange of experiences", "exchange:from_update",
          "Share your journey: a story from a running commitment's update", REPORTS,
          _p("/experiences/from-update/{w.update.pk}/"), effect=_count("exchange.Experience")),
    write("api", "Exchange API", "POST /experiences", "Share an experience for Free the Slaves", FTS,
          _a("POST", "/experiences", {"title": "Matrix experience", "summary": "Matrix.",
                                      "organisation": "free-the-slaves"}),
          refused=_others_refused(FTS), effect=_count("exchange.Experience")),
]
# fmt: on


# Writes that need no row, with the reason: checked by the completeness test, so a new one is a choice.
NOT_WRITES = {
    "ws/artwork/<slug:slug>/wall/": "the public wall: it only reads what is approved",
}


# ==== Issue 17: indicator data, notice-and-comment, the ten-year stocktake ===================================
# The secretariat imports files, shows a country's figures to its focal point (the notice), publishes and
# withdraws; the notified country's focal point comments; the secretariat builds the ten-year report. A draft
# dataset (and an import) is the secretariat's alone; a dataset under notice is also the notified country's
# focal point's: to anyone else either does not exist (404), as a draft report or commitment. The list of
# datasets and the upload form, which name no object, answer 403 to a signed-in person who may not manage.
# The world (``test_permission_matrix.World._indicators``): Kenya's draft dataset, a dataset under notice to
# Kenya (notice open), one whose notice Kenya answered (publishable), a published one, an import waiting for
# its confirmation, a ten-year report still being built.
HIDDEN_DATA = dict.fromkeys(SIGNED_IN - {"secretariat", "secretariat_nocode"}, "404")
NOTICE_KE = {**HIDDEN_DATA, "focal_point": "403"}  # Kenya's focal point sees the dataset, manages nothing
IM = "/indicators/manage"
# fmt: off
WRITES += [
    write("page", "Indicator data", "indicators:manage", "Upload an Open SDG file for its check", SEC,
          _p(IM + "/", lambda w, r: {"country": w.kenya.pk, "series": w.ind_series.pk, "source": "Matrix (example)"},
             lambda w, r: {"file": w.tidy_file()}),
          effect=_count("indicators.IndicatorImport")),
    write("page", "Indicator data", "indicators:import", "Confirm an import's inferred values (it lands)", SEC,
          _p("/indicators/import/{w.ind_run.pk}/", lambda w, r: w.confirm_form()), refused=HIDDEN_DATA,
          effect=_field("indicators.IndicatorImport", lambda w: w.ind_run.pk, "status")),
    write("page", "Indicator data", "indicators:open_notice", "Open the notice of Kenya's draft figures", SEC,
          _p(IM + "/{w.ind_draft.pk}/notice/", lambda w, r: w.notice_form()), refused=HIDDEN_DATA,
          effect=_field("indicators.Dataset", lambda w: w.ind_draft.pk, "status")),
    write("page", "Indicator data", "indicators:publish", "Publish figures Kenya has commented on", SEC,
          _p(IM + "/{w.ind_answered.pk}/publish/"), refused=NOTICE_KE,
          effect=_field("indicators.Dataset", lambda w: w.ind_answered.pk, "status")),
    write("page", "Indicator data", "indicators:publish", "Publish figures while Kenya's comment period is open",
          set(), _p(IM + "/{w.ind_notice.pk}/publish/"),
          refused={**NOTICE_KE, "secretariat": "no effect"},
          effect=_field("indicators.Dataset", lambda w: w.ind_notice.pk, "status"),
          id="indicators:publish-too-early"),
    write("page", "Indicator data", "indicators:withdraw", "Withdraw published figures (with a reason)", SEC,
          _p(IM + "/{w.ind_published.pk}/withdraw/", {"reason": "Matrix."}),
          effect=_field("indicators.Dataset", lambda w: w.ind_published.pk, "status")),
    write("page", "Indicator data", "indicators:notice", "Comment on the figures shown to Kenya", {"focal_point"},
          _p("/indicators/notices/{w.ind_kenya_notice.pk}/",
             {"comment": "Matrix comment.", "comment_language": "en"}),
          refused={**HIDDEN_DATA, "secretariat": "403"},
          effect=_field("indicators.CountryNotice", lambda w: w.ind_kenya_notice.pk, "status")),
    write("page", "Ten-year stocktake", "stocktake:report_build", "Build the ten-year report (Spanish)", SEC,
          _p("/ten-years/report/build/", {"language": "es"}), effect=_count("stocktake.TenYearReport")),
    write("page", "Ten-year stocktake", "stocktake:report_again", "Build an interrupted report again", SEC,
          _p("/ten-years/report/{w.stale_report.pk}/again/"), effect=_count("stocktake.TenYearReport")),
]
# fmt: on


# Reads whose answer depends on who asks (every other page of issue 17 is public). Made as GETs by the same
# test, each role from the same starting point; they are not writes, so the completeness test does not list
# them.
def _g(path: str) -> Callable:
    return lambda w, r: Request("GET", path.format(w=w, r=r))


# fmt: off
READS: list[Write] = [
    write("page", "Indicator data: who may read", "indicators:manage", "Open the list of datasets and imports", SEC,
          _g(IM + "/"), id="read-indicators:manage"),
    write("page", "Indicator data: who may read", "indicators:import", "Open an import's report", SEC,
          _g("/indicators/import/{w.ind_run.pk}/"), refused=HIDDEN_DATA, id="read-indicators:import"),
    write("page", "Indicator data: who may read", "indicators:import_progress", "Follow an import's progress (JSON)",
          SEC, _g("/indicators/import/{w.ind_run.pk}/progress.json"), refused=HIDDEN_DATA,
          id="read-indicators:import_progress"),
    write("page", "Indicator data: who may read", "indicators:dataset", "Open Kenya's draft dataset", SEC,
          _g(IM + "/{w.ind_draft.pk}/"), refused=HIDDEN_DATA, id="read-indicators:dataset-draft"),
    write("page", "Indicator data: who may read", "indicators:dataset", "Open the dataset shown to Kenya (manage)",
          SEC, _g(IM + "/{w.ind_notice.pk}/"), refused=NOTICE_KE, id="read-indicators:dataset-notice"),
    write("page", "Indicator data: who may read", "indicators:notice", "Read the figures shown to Kenya",
          KENYA, _g("/indicators/notices/{w.ind_kenya_notice.pk}/"), refused=HIDDEN_DATA, id="read-indicators:notice"),
    write("page", "Indicator data: who may read", "stocktake:report_file",
          "Download a ten-year report still being built",
          set(), _g("/ten-years/report/{w.building_report.pk}.pdf"),
          refused=dict.fromkeys(EVERYONE - {"secretariat_nocode"}, "404"), id="read-stocktake:report_file-building"),
    write("page", "Indicator data: who may read", "stocktake:report_progress", "Follow a report's build (JSON)", SEC,
          _g("/ten-years/report/{w.building_report.pk}/progress.json"), refused={"anonymous": "403"},
          id="read-stocktake:report_progress"),
    write("api", "Indicator data: who may read", "GET /indicators/series/{code}",
          "A national series with draft figures only (API)", SEC, _a("GET", "/indicators/series/{w.draft_series.code}"),
          refused={**dict.fromkeys(SIGNED_IN, "404"), "anonymous": "404", "secretariat_nocode": "404"},
          id="read-GET /indicators/series/{code}-draft"),
    write("api", "Indicator data: who may read", "GET /indicators/series/{code}/observations",
          "Observations of Kenya's draft figures (API)", SEC,
          _a("GET", "/indicators/series/{w.draft_series.code}/observations"),
          refused={**dict.fromkeys(SIGNED_IN, "404"), "anonymous": "404", "secretariat_nocode": "404"},
          id="read-GET /indicators/series/{code}/observations-draft"),
]
# fmt: on
