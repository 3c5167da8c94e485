from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from .registry import registry
from .text import whole_words_rank


@login_required
def home(request):
    cards = [card for fn in registry.home_cards if (card := fn(request))]
    cards.sort(key=lambda c: c.get("order", 100))
    return render(request, "core/home.html", {"cards": cards})


@login_required
def search(request):
    query = (request.GET.get("q") or "").strip()[:200]
    groups = []
    if len(query) >= 2:
        for provider in registry.search:
            hits = provider(request.user, query, 20)
            hits = sorted(hits, key=lambda hit: whole_words_rank(query, hit.title))
            if hits:
                groups.append({"kind": hits[0].kind, "hits": hits})
    return render(request, "core/search.html", {"query": query, "groups": groups,
                                                "too_short": 0 < len(query) < 2,
                                                "title": _("Tìm kiếm")})


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_403(request, exception=None):
    message = str(exception) if exception and str(exception) else _("Bạn không có quyền truy cập trang này.")
    return render(request, "403.html", {"message": message}, status=403)


def error_500(request):
    return render(request, "500.html", status=500)


def error_400(request, exception=None):
    return render(request, "400.html", status=400)
