from django.urls import path

from . import views
from .v1 import api

app_name = "api"

urlpatterns = [
    path("v1/", api.urls),
    path("token/", views.token_list, name="token-list"),
    path("token/<int:pk>/cabut/", views.token_cabut, name="token-cabut"),
]
