from django.urls import path

from .views import aktivitas, forum, pertemuan, program

app_name = "forum"

urlpatterns = [
    path("", forum.forum_list, name="forum-list"),
    path("<int:pk>/", forum.forum_detail, name="forum-detail"),
    path("<int:pk>/riwayat/", forum.forum_riwayat, name="forum-riwayat"),
    path("<int:pk>/anggota/", forum.member_add, name="member-add"),
    path("<int:pk>/anggota/<int:member_pk>/keluar/", forum.member_end, name="member-end"),
    path("<int:pk>/pertemuan/baru/", pertemuan.pertemuan_create, name="pertemuan-create"),
    path("<int:pk>/laporan/", forum.forum_laporan, name="laporan"),
    path("<int:pk>/laporan/banding/", forum.forum_banding, name="laporan-banding"),
    path("<int:pk>/laporan/peta/", forum.forum_peta, name="laporan-peta"),
    path("<int:pk>/laporan/unduh/<str:fmt>/", forum.forum_unduh, name="laporan-unduh"),
    path("pertemuan/", pertemuan.pertemuan_list, name="pertemuan-list"),
    path("pertemuan/<int:pk>/", pertemuan.pertemuan_detail, name="pertemuan-detail"),
    path("pertemuan/<int:pk>/ubah/", pertemuan.pertemuan_edit, name="pertemuan-edit"),
    path("pertemuan/<int:pk>/riwayat/", pertemuan.pertemuan_riwayat, name="pertemuan-riwayat"),
    path("pertemuan/<int:pk>/hapus/", pertemuan.pertemuan_hapus, name="pertemuan-hapus"),
    path("pertemuan/<int:pk>/daftar-hadir/", pertemuan.daftar_hadir, name="daftar-hadir"),
    path("pertemuan/<int:pk>/notulen/", pertemuan.notulen, name="notulen"),
    path("tindak-lanjut/<int:pk>/status/", forum.tindak_lanjut_status, name="tindak-lanjut-status"),
    path("program/", program.program_list, name="program-list"),
    path("program/baru/", program.program_create, name="program-create"),
    path("program/<int:pk>/", program.program_detail, name="program-detail"),
    path("program/<int:pk>/status/", program.program_status, name="program-status"),
    path("program/<int:pk>/kontribusi/baru/", program.kontribusi_create, name="kontribusi-create"),
    path("program/kontribusi/<int:pk>/ubah/", program.kontribusi_edit, name="kontribusi-edit"),
    path("program/kontribusi/<int:pk>/hapus/", program.kontribusi_hapus, name="kontribusi-hapus"),
    path("aktivitas/<str:kode>/", aktivitas.aktivitas, name="aktivitas"),
]
