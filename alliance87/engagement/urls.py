from .views import answer, console

app_name = "engagement"

# The console first: its fixed addresses ("consultations/manage/", "consultations/safeguarding/") must win
# over a consultation's slug.
urlpatterns = [*console.urls, *answer.urls]
