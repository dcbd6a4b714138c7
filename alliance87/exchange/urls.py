from .views import experiences, review, sharing

app_name = "exchange"

# The fixed addresses (new, mine, review, from-update) before the experience's own (<slug>).
urlpatterns = [*sharing.urls, *review.urls, *experiences.urls]
