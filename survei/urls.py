from django.urls import path

from .views import gelombang, hasil, kuesioner

app_name = "survei"

urlpatterns = [
    path("", gelombang.gelombang_list, name="gelombang-list"),
    path("baru/", gelombang.gelombang_create, name="gelombang-create"),
    path("<int:pk>/", gelombang.gelombang_detail, name="gelombang-detail"),
    path("<int:pk>/ubah/", gelombang.gelombang_edit, name="gelombang-edit"),
    path("<int:pk>/undangan/", gelombang.undangan, name="undangan"),
    path("<int:pk>/kertas/", gelombang.kertas, name="kertas"),
    path("<int:pk>/responden/<int:rid>/", kuesioner.responden_detail, name="responden-detail"),
    path("<int:pk>/responden/<int:rid>/isi/", kuesioner.responden_isi, name="responden-isi"),
    path("<int:pk>/responden/<int:rid>/cabut/", gelombang.responden_cabut, name="responden-cabut"),
    path("<int:pk>/pasangan/", hasil.pasangan, name="pasangan"),
    path("<int:pk>/pasangan/agenda/", hasil.agenda, name="agenda"),
    path("<int:pk>/pasangan/adopsi/", hasil.adopsi, name="adopsi"),
    path("<int:pk>/skor/", hasil.skor, name="skor"),
    path("<int:pk>/jaringan/", hasil.jaringan_page, name="jaringan"),
    path("<int:pk>/banding/", hasil.banding, name="banding"),
    path("<int:pk>/unduh/<str:fmt>/", hasil.unduh, name="unduh"),
    # A lembaga's personal link: no account, the token is its whole scope.
    path("isi/<str:token>/", kuesioner.isi, name="isi"),
]
