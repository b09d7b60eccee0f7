from django.urls import path

from . import views

app_name = "forum"

urlpatterns = [
    path("", views.forum_list, name="forum-list"),
    path("<int:pk>/", views.forum_detail, name="forum-detail"),
    path("<int:pk>/laporan/", views.forum_laporan, name="laporan"),
    path("<int:pk>/laporan/banding/", views.forum_banding, name="laporan-banding"),
    path("<int:pk>/laporan/unduh/<str:fmt>/", views.forum_unduh, name="laporan-unduh"),
]
