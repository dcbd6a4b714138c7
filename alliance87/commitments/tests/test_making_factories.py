from alliance87.commitments.models import CommitmentStatus

from .making import commitment, deliverable, maker_for


def test_factories_make_valid_commitments(cast, priority, exampleland):
    for lead in (cast.alliance.free_the_slaves, exampleland, cast.alliance.agriculture):
        made = commitment(lead=lead, priorities=[priority], co_implementers=[(cast.alliance.nestle, False)])
        made.full_clean()
        assert made.lead == lead
        assert made.deliverables.get().is_measurable
        assert made.resources.count() == 1
        assert maker_for(lead).has_perm("commitments.view_commitment", made)
    draft = commitment(lead=cast.alliance.kenya, status="draft")
    assert draft.status == CommitmentStatus.DRAFT and draft.published_at is None
    assert deliverable(draft, title="Two").position == 1
