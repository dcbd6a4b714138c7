from . import views_live
from .views import blocklist, moderation, phone, poster, safeguarding

app_name = "artwork"

# The fixed addresses first ("artwork/blocklist/", "artwork/safeguarding/..."): they must win over a banner's slug.
urlpatterns = [*blocklist.urls, *safeguarding.urls, *moderation.urls, *poster.urls, *phone.urls, *views_live.urls]
