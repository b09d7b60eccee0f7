from django.urls import path

from . import views

app_name = "pranata"

urlpatterns = [
    path("", views.home, name="home"),
    path("lembaga/", views.lembaga_list, name="lembaga-list"),
    path("lembaga/baru/", views.lembaga_create, name="lembaga-create"),
    path("lembaga/<int:pk>/", views.lembaga_detail, name="lembaga-detail"),
    path("lembaga/<int:pk>/ubah/", views.lembaga_edit, name="lembaga-edit"),
    path("lembaga/<int:pk>/arsipkan/", views.lembaga_set_status, {"action": "arsip"}, name="lembaga-archive"),
    path("lembaga/<int:pk>/pulihkan/", views.lembaga_set_status, {"action": "pulih"}, name="lembaga-restore"),
    path("lembaga/<int:pk>/sumber-daya/", views.item_add, {"kind": "sumber"}, name="sumber-add"),
    path("lembaga/<int:pk>/kebutuhan/", views.item_add, {"kind": "kebutuhan"}, name="kebutuhan-add"),
    path(
        "lembaga/<int:pk>/sumber-daya/<int:item_pk>/hapus/",
        views.item_remove,
        {"kind": "sumber"},
        name="sumber-remove",
    ),
    path(
        "lembaga/<int:pk>/kebutuhan/<int:item_pk>/hapus/",
        views.item_remove,
        {"kind": "kebutuhan"},
        name="kebutuhan-remove",
    ),
    path("lembaga/<int:pk>/kebutuhan/<int:item_pk>/terpenuhi/", views.kebutuhan_toggle, name="kebutuhan-toggle"),
]
