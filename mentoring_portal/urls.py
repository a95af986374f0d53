from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("apps.portal.urls")),
    path("", include("apps.accounts.urls")),
    path("anketa/", include("apps.surveys.urls")),
    path("soglasiya/", include("apps.consents.urls")),
    path("bank/nastavlyaemye/", include(("apps.banks.urls", "mentees")), {"kind": "mentees"}),
    path("bank/nastavniki/", include(("apps.banks.urls", "mentors")), {"kind": "mentors"}),
    path("", include("apps.documents.urls")),
    path("para/", include("apps.programmes.pair_urls")),
    path("", include("apps.programmes.urls")),
    path("podbor/", include("apps.matching.urls")),
    path("dorozhnaya-karta/", include("apps.roadmap.urls")),
    path("monitoring/", include("apps.monitoring.urls")),
    path("resursnaya-karta/", include("apps.practices.urls")),
    path("nastavnichestvo/", include("apps.public.urls")),
    path("moi-dannye/", include("apps.privacy.urls")),
    path("rayon/meropriyatiya/", include("apps.events.district_urls")),
    path("meropriyatiya/", include("apps.events.urls")),
    path("rayon/", include("apps.district.urls")),
    path("", include("apps.network.urls")),
    path("rayon/", include("apps.municipal.district_urls")),
    path("konkurs/", include("apps.municipal.urls")),
    path("registraciya/", include("apps.municipal.registration_urls")),
    path("pomoshch/", include("apps.municipal.help_urls")),
    path("zadachi/", include("apps.jobs.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
