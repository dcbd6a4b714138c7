from .views import answer, answers, console, imports, index, priorities, priorities_console, rounds, themes

app_name = "engagement"

# The console first: its fixed addresses ("consultations/manage/", "consultations/safeguarding/") must win
# over a consultation's slug.
urlpatterns = [*console.urls, *imports.urls, *answers.urls, *themes.urls, *index.urls, *answer.urls]

# Thematic priorities: the console's fixed addresses ("priorities/manage/") before a priority's slug.
urlpatterns += [*priorities_console.urls, *priorities.urls]

# The second round: its console's fixed addresses ("rounds/manage/") come before a round's slug in rounds.urls.
urlpatterns += rounds.urls
