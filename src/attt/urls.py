from django.conf import settings
from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path

from attt.api.api import api
from attt.core import views as core_views


def favicon(request):
    """Browsers ask for /favicon.ico on their own; it is a static file (exempt from the MFA redirect)."""
    return HttpResponsePermanentRedirect(static("attt/favicon.ico"))


urlpatterns = [
    path("favicon.ico", favicon),
    path("", core_views.home, name="home"),
    path("search/", core_views.search, name="search"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("orgs/", include("attt.orgs.urls")),
    path("systems/", include("attt.systems.urls")),
    path("directives/", include("attt.directives.urls")),
    path("duties/", include("attt.obligations.urls")),
    path("incidents/", include("attt.incidents.urls")),
    path("preparedness/", include("attt.preparedness.urls")),
    path("reports/", include("attt.reporting.urls")),
    path("vulns/", include("attt.vulns.urls")),
    path("jobs/", include("attt.core.jobs_urls")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]

handler400 = "attt.core.views.error_400"
handler403 = "attt.core.views.error_403"
handler404 = "attt.core.views.error_404"
handler500 = "attt.core.views.error_500"

if settings.DEBUG:  # pragma: no cover
    pass
