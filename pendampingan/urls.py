from django.urls import path

from .views import kegiatan, laporan, pelatihan, pendamping

app_name = "pendampingan"

urlpatterns = [
    path("", pendamping.pendamping_list, name="pendamping-list"),
    path("baru/", pendamping.pendamping_create, name="pendamping-create"),
    path("<int:pk>/", pendamping.pendamping_detail, name="pendamping-detail"),
    path("<int:pk>/ubah/", pendamping.pendamping_edit, name="pendamping-edit"),
    path("<int:pk>/riwayat/", pendamping.pendamping_riwayat, name="pendamping-riwayat"),
    path("<int:pk>/tugaskan/", pendamping.penugasan_create, name="penugasan-create"),
    path("penugasan/<int:pk>/akhiri/", pendamping.penugasan_end, name="penugasan-end"),
    path("<int:pk>/kegiatan/baru/", kegiatan.kegiatan_create, name="kegiatan-create"),
    path("kegiatan/", kegiatan.kegiatan_list, name="kegiatan-list"),
    path("kegiatan/baru/", kegiatan.kegiatan_mulai, name="kegiatan-mulai"),
    path("kegiatan/<int:pk>/", kegiatan.kegiatan_detail, name="kegiatan-detail"),
    path("kegiatan/<int:pk>/ubah/", kegiatan.kegiatan_edit, name="kegiatan-edit"),
    path("pelatihan/", pelatihan.pelatihan_list, name="pelatihan-list"),
    path("pelatihan/baru/", pelatihan.pelatihan_create, name="pelatihan-create"),
    path("pelatihan/<int:pk>/", pelatihan.pelatihan_detail, name="pelatihan-detail"),
    path("pelatihan/<int:pk>/hasil/", pelatihan.pelatihan_hasil, name="pelatihan-hasil"),
    path("laporan/<str:kode>/", laporan.laporan_wilayah, name="laporan"),
    path("laporan/forum/<int:pk>/", laporan.laporan_forum, name="laporan-forum"),
]
