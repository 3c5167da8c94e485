"""Public pages, without an account: the incident contact point (report form), the tracking page
and the list of incident contacts of every organisation."""
from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from attt.core import once
from attt.core.errors import DomainError
from attt.core.middleware import client_ip
from attt.core.pagination import paginate, querystring_without_page

from .. import selectors, services
from ..forms import PublicReportForm, TrackForm
from .incidents import form_error


def _provinces():
    from attt.orgs.models import Organisation

    return Organisation.objects.filter(parent__isnull=True, valid_to__isnull=True).order_by("name")


ATTEMPTS_PER_HOUR = 20  # every POST counts, saved or not (the saved ones are also limited in the database)


def _too_many_attempts(ip: str | None) -> bool:
    from django.core.cache import cache

    key = f"incidents:public-attempts:{services.incidents._ip_hash(ip)}"
    cache.add(key, 0, timeout=3600)
    try:
        return cache.incr(key) > ATTEMPTS_PER_HOUR
    except ValueError:  # expired between add and incr
        return False


@never_cache
def public_report(request):
    provinces = _provinces()
    form = PublicReportForm(request.POST or None, request.FILES or None, provinces=provinces)
    status = 200
    if request.method == "POST":
        if _too_many_attempts(client_ip(request)) or services.public_rate_exceeded(client_ip(request)):
            form.is_valid()
            form.add_error(None, _("Bạn đã gửi quá nhiều báo cáo trong thời gian ngắn. Vui lòng thử lại sau một "
                                   "giờ hoặc gọi điện thoại đầu mối ứng cứu sự cố."))
            status = 429
        elif (dup := once.claim(request, "public_report"))[0] is False:
            # The same report sent twice (a double click, a resent page): one incident, one code.
            if dup[2]:
                return render(request, "incidents/public/thanks.html", {"code": dup[2], "title": _("Đã gửi báo cáo")})
            form.is_valid()
            form.add_error(None, _("Báo cáo này đang được xử lý; vui lòng đợi giây lát."))
            status = 409
        elif form.is_valid():
            key = dup[1]
            data = dict(form.cleaned_data)
            if data.pop("website"):
                # A robot filled the hidden field: say nothing useful, save nothing.
                form.add_error(None, _("Không gửi được báo cáo. Vui lòng thử lại."))
                status = 400
            else:
                province, files = data.pop("province"), data.pop("files")
                try:
                    incident = services.incident_report_public(province=province, fields=data, files=files,
                                                               ip=client_ip(request))
                except DomainError as exc:
                    once.release(key)
                    form_error(form, exc)
                    status = 429 if exc.code == "throttled" else 400
                else:
                    once.remember(key, incident.tracking_code)
                    return render(request, "incidents/public/thanks.html", {
                        "code": incident.tracking_code, "title": _("Đã gửi báo cáo")})
        else:
            once.release(dup[1])
            status = 400
    return render(request, "incidents/public/report.html", {"form": form, "title": _("Báo cáo sự cố an toàn thông tin")},
                  status=status)


@never_cache
def public_track(request):
    form = TrackForm(request.GET or None)
    incident, events, searched = None, [], False
    if request.GET and form.is_valid():
        searched = True
        incident, events = selectors.public_status(form.cleaned_data["code"])
    return render(request, "incidents/public/track.html", {
        "form": form, "incident": incident, "events": events, "searched": searched,
        "title": _("Theo dõi báo cáo sự cố")})


def public_contacts(request):
    from attt.orgs.models import Organisation

    query = (request.GET.get("q") or "").strip()[:200]
    rows = (Organisation.objects.filter(valid_to__isnull=True).exclude(incident_phone="", incident_email="")
            .select_related("parent").order_by("path"))
    if query:
        rows = rows.search(query)
    return render(request, "incidents/public/contacts.html", {
        "page": paginate(request, rows, 100), "query": query, "qs": querystring_without_page(request),
        "title": _("Đầu mối tiếp nhận báo cáo sự cố")})
