from django.urls import path

from . import views

app_name = "pengingat"

urlpatterns = [
    path("", views.ringkasan, name="ringkasan"),
    path("preferensi/", views.preferensi, name="preferensi"),
]
