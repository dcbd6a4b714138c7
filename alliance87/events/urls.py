from .views import exports, index, organiser, programme, run

app_name = "events"

# The index and the organiser pages first: their fixed addresses ("events/", "manage/") must win over an
# event's slug.
urlpatterns = [*index.urls, *organiser.urls, *run.urls, *exports.urls, *programme.urls]
