from .views import experiences

app_name = "exchange"

urlpatterns = [*experiences.urls]
