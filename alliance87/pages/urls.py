from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("glossary/", views.glossary, name="glossary"),
    path("about/", views.about, name="about"),
    path("contact/", views.contact, name="contact"),
    path("privacy/", views.privacy, name="privacy"),
]
