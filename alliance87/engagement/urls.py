from .views import answer, answers, console, imports, index, themes

app_name = "engagement"

# The console first: its fixed addresses ("consultations/manage/", "consultations/safeguarding/") must win
# over a consultation's slug.
urlpatterns = [*console.urls, *imports.urls, *answers.urls, *themes.urls, *index.urls, *answer.urls]
