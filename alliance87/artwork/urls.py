from . import views_live
from .views import blocklist, moderation, phone, poster

app_name = "artwork"

# The blocklist first: its fixed address ("artwork/blocklist/") must win over a banner's slug.
urlpatterns = [*blocklist.urls, *moderation.urls, *poster.urls, *phone.urls, *views_live.urls]
