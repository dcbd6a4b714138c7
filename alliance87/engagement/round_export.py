"""A second round in Pol.is's open-data layout, so the tools written for Pol.is exports read it as they
read any Pol.is conversation: a zip of ``comments.csv``, ``votes.csv``, ``participants-votes.csv`` and
``summary.csv``.

Source of the layout: the files of the ``compdemocracy/openData`` repository and the export routes of
``compdemocracy/polis`` (``server/src/routes/export.ts``), read for the format only (AGPL; nothing copied):

- ``comments.csv``: ``timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body``.
  ``timestamp`` in seconds since 1970 (UTC); ``datetime`` as JavaScript's ``Date.toString()`` writes it
  (``Mon Dec 07 2026 08:39:23 GMT+0000 (Coordinated Universal Time)``); ``moderated`` 1 accepted, 0 not
  yet moderated, -1 rejected (our shown, waiting, hidden).
- ``votes.csv``: ``timestamp,datetime,comment-id,voter-id,vote``, ordered by comment, then voter; ``vote``
  1 agree, -1 disagree, 0 pass (the open data's signs, which are ours).
- ``participants-votes.csv``: ``participant,group-id,n-comments,n-votes,n-agree,n-disagree`` then one
  column per comment id, the participant's vote or empty; one row per participant who voted;
  ``group-id`` empty for someone not grouped (fewer than three votes).
- ``summary.csv``: no header, one ``key,value`` line each for ``topic``, ``url``, ``voters``,
  ``voters-in-conv`` (those grouped), ``commenters``, ``comments`` (the statements voted on), ``groups``,
  ``conversation-description``.

Ids are Pol.is's small integers: comments numbered from 0 in the order they were written; participants
from 1 in the order they joined, 0 being the round's owner (the secretariat, whose statements have
``author-id`` 0, as Pol.is gives the conversation's owner the first participant id). No key, no hash,
nothing else about anyone leaves. Text cells are neutralised for spreadsheets (``safe_cell``); the
files have no byte-order mark, as Pol.is's have none.
"""

import csv
import io
import zipfile

from alliance87.spreadsheets import safe_cell

from .models import Round, StatementStatus, Vote
from .round_analysis import round_results

MODERATED = {StatementStatus.SHOWN: 1, StatementStatus.WAITING: 0, StatementStatus.HIDDEN: -1}
OWNER_ID = 0


def js_datetime(moment) -> str:
    """``moment`` as JavaScript's ``Date.toString()`` writes it in UTC, as in Pol.is's exports."""
    return moment.strftime("%a %b %d %Y %H:%M:%S GMT+0000 (Coordinated Universal Time)")


def _csv(header: list | None, rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if header:
        writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else safe_cell(value) for value in row])
    return out.getvalue().encode("utf-8")


def polis_files(round_: Round, *, url: str) -> dict[str, bytes]:
    """The four files, by name. ``url`` is the round's public address (summary.csv's ``url``)."""
    results = round_results(round_)
    analysis = results.analysis
    statements = list(round_.statements.order_by("pk"))
    comment_id = {s.pk: n for n, s in enumerate(statements)}
    participants = list(round_.participants.order_by("pk"))
    voter_id = {p.pk: n for n, p in enumerate(participants, start=1)}
    group_of = {results.participants[member].pk: group.id for group in analysis.groups for member in group.members}
    votes = list(
        Vote.objects.filter(statement__round=round_).values_list(
            "participant_id", "statement_id", "value", "updated_at"
        )
    )
    counts: dict[int, dict[int, int]] = {s.pk: {1: 0, -1: 0, 0: 0} for s in statements}
    by_participant: dict[int, dict[int, int]] = {}
    for participant, statement, value, _at in votes:
        counts[statement][value] += 1
        by_participant.setdefault(participant, {})[comment_id[statement]] = value
    authored: dict[int, int] = {}
    for statement in statements:
        author = voter_id.get(statement.author_id, OWNER_ID)
        authored[author] = authored.get(author, 0) + 1

    comments = [
        [
            int(s.created_at.timestamp()),
            js_datetime(s.created_at),
            comment_id[s.pk],
            voter_id.get(s.author_id, OWNER_ID),
            counts[s.pk][1],
            counts[s.pk][-1],
            MODERATED[s.status],
            s.text,
        ]
        for s in statements
    ]
    vote_rows = sorted(
        (
            [int(at.timestamp()), js_datetime(at), comment_id[statement], voter_id[participant], value]
            for participant, statement, value, at in votes
        ),
        key=lambda row: (row[2], row[3]),
    )
    columns = list(range(len(statements)))
    participant_rows = []
    for participant in participants:
        mine = by_participant.get(participant.pk)
        if not mine:
            continue  # as Pol.is: a row for each participant who voted
        values = list(mine.values())
        participant_rows.append(
            [
                voter_id[participant.pk],
                group_of.get(participant.pk),
                authored.get(voter_id[participant.pk], 0),
                len(mine),
                values.count(1),
                values.count(-1),
                *[mine.get(column) for column in columns],
            ]
        )
    summary = [
        ["topic", round_.title],
        ["url", url],
        ["voters", len(by_participant)],
        ["voters-in-conv", analysis.grouped],
        ["commenters", len(authored)],
        ["comments", len(results.statements)],
        ["groups", len(analysis.groups)],
        ["conversation-description", round_.description],
    ]
    return {
        "comments.csv": _csv(
            ["timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees", "moderated", "comment-body"],
            comments,
        ),
        "votes.csv": _csv(["timestamp", "datetime", "comment-id", "voter-id", "vote"], vote_rows),
        "participants-votes.csv": _csv(
            ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree", *columns], participant_rows
        ),
        "summary.csv": _csv(None, summary),
    }


def polis_zip(round_: Round, *, url: str) -> bytes:
    """The four files in one zip (``<slug>/comments.csv``...), deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in polis_files(round_, url=url).items():
            archive.writestr(f"{round_.slug}/{name}", content)
    return buffer.getvalue()
