from .views import making, pledges, progress, registry, review, stage

app_name = "commitments"

# Fixed addresses ("commitments/new/", "commitments/manage/", …) before a commitment's number; each part of the
# app lists its own in its view module.
urlpatterns = [*making.urls, *review.urls, *progress.urls, *stage.urls, *pledges.urls, *registry.urls]
