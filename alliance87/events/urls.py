from .views import exports, organiser, programme, run

app_name = "events"

# Organiser pages first: their fixed prefixes ("manage/") must win over an event's slug.
urlpatterns = [*organiser.urls, *run.urls, *exports.urls, *programme.urls]
