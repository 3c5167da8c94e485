from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator


def paginate(request, queryset, per_page: int = 50):
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except (PageNotAnInteger, EmptyPage):
        return paginator.page(1 if not str(request.GET.get("page", "")).isdigit() else paginator.num_pages)


def querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
