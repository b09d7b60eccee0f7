from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from pranata.forms import MasukForm

urlpatterns = [
    path("", include("pranata.urls")),
    path("forum/", include("forum.urls")),
    path("pendamping/", include("pendampingan.urls")),
    path("survei/", include("survei.urls")),
    path("pengingat/", include("pengingat.urls")),
    path("api/", include("api.urls")),
    path(
        "masuk/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=MasukForm),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/kata-sandi/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("akun/kata-sandi/selesai/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
admin.site.site_header = "Simpul — administrasi"
admin.site.site_title = "Simpul"
