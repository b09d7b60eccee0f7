from django.urls import path

from .views import impor, kerjasama, laporan, lembaga, sehat

app_name = "pranata"

urlpatterns = [
    path("", lembaga.home, name="home"),
    path("sehat/", sehat.sehat, name="sehat"),
    path("lembaga/", lembaga.lembaga_list, name="lembaga-list"),
    path("lembaga/baru/", lembaga.lembaga_create, name="lembaga-create"),
    path("lembaga/mungkin-ganda/", lembaga.lembaga_ganda, name="lembaga-ganda"),
    path("lembaga/gabung/", lembaga.lembaga_gabung, name="lembaga-gabung"),
    path("lembaga/<int:pk>/", lembaga.lembaga_detail, name="lembaga-detail"),
    path("lembaga/<int:pk>/ubah/", lembaga.lembaga_edit, name="lembaga-edit"),
    path("lembaga/<int:pk>/riwayat/", lembaga.lembaga_riwayat, name="lembaga-riwayat"),
    path("lembaga/<int:pk>/status/", lembaga.lembaga_set_status, name="lembaga-status"),
    path("lembaga/<int:pk>/arsipkan/", lembaga.lembaga_set_status, {"action": "arsip"}, name="lembaga-archive"),
    path("lembaga/<int:pk>/pulihkan/", lembaga.lembaga_set_status, {"action": "pulih"}, name="lembaga-restore"),
    path("lembaga/<int:pk>/sumber-daya/", lembaga.item_add, {"kind": "sumber"}, name="sumber-add"),
    path("lembaga/<int:pk>/kebutuhan/", lembaga.item_add, {"kind": "kebutuhan"}, name="kebutuhan-add"),
    path(
        "lembaga/<int:pk>/sumber-daya/<int:item_pk>/hapus/",
        lembaga.item_remove,
        {"kind": "sumber"},
        name="sumber-remove",
    ),
    path(
        "lembaga/<int:pk>/kebutuhan/<int:item_pk>/hapus/",
        lembaga.item_remove,
        {"kind": "kebutuhan"},
        name="kebutuhan-remove",
    ),
    path("lembaga/<int:pk>/kebutuhan/<int:item_pk>/terpenuhi/", lembaga.kebutuhan_toggle, name="kebutuhan-toggle"),
    path("lembaga/<int:pk>/kerjasama/baru/", kerjasama.kerjasama_create, name="kerjasama-create"),
    path("kerjasama/terima/", kerjasama.kerjasama_terima, name="kerjasama-terima"),
    path("kerjasama/<int:pk>/", kerjasama.kerjasama_detail, name="kerjasama-detail"),
    path("kerjasama/<int:pk>/ubah/", kerjasama.kerjasama_edit, name="kerjasama-edit"),
    path("kerjasama/<int:pk>/riwayat/", kerjasama.kerjasama_riwayat, name="kerjasama-riwayat"),
    path("kerjasama/<int:pk>/tahap/", kerjasama.kerjasama_tahap, name="kerjasama-tahap"),
    path("kerjasama/<int:pk>/dokumen/", kerjasama.kerjasama_dokumen, name="kerjasama-dokumen"),
    path("kerjasama/<int:pk>/akhiri/", kerjasama.kerjasama_akhiri, name="kerjasama-akhiri"),
    path("impor/", impor.impor, name="impor"),
    path("impor/konfirmasi/", impor.impor_konfirmasi, name="impor-konfirmasi"),
    path("impor/batal/", impor.impor_batal, name="impor-batal"),
    path("impor/templat/<str:kind>.<str:fmt>", impor.templat, name="impor-templat"),
    path("laporan/", laporan.laporan_index, name="laporan-index"),
    path("laporan/istilah/", laporan.laporan_istilah, name="laporan-istilah"),
    path("laporan/<str:kode>/", laporan.laporan_wilayah, name="laporan"),
    path("laporan/<str:kode>/banding/", laporan.laporan_banding, name="laporan-banding"),
    path("laporan/<str:kode>/peta/", laporan.laporan_peta, name="laporan-peta"),
    path("laporan/<str:kode>/unduh/<str:fmt>/", laporan.laporan_unduh, name="laporan-unduh"),
]
