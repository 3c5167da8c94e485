"""Pages of the organisation module: list, tree, detail, edit, move, merge, import and export,
users and memberships, personal API tokens, the audit trail."""
from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from attt.core import rules
from attt.core.errors import DomainError
from attt.core.models import AuditEvent
from attt.core.keyset import keyset_paginate, querystring_without_cursor
from attt.core.pagination import paginate, querystring_without_page
from attt.core.tabular import csv_response, xlsx_response

from . import rules as org_rules
from . import selectors, services, tabular
from .forms import (MembershipForm, MergeForm, OrganisationForm, ParentCodeForm, TokenForm,
                    UserCreateForm)
from .models import ApiToken, Membership, Organisation, User


def _form_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@login_required
def org_list(request):
    rules.require(request.user, "org.view")
    query = (request.GET.get("q") or "").strip()[:200]
    kind = request.GET.get("kind") or ""
    kind = kind if kind in Organisation.Kind.values else ""
    inactive = request.GET.get("inactive") == "1"
    rows = selectors.org_list(user=request.user, query=query, kind=kind, include_inactive=inactive)
    if request.GET.get("export") in {"xlsx", "csv"}:
        header = tabular.HEADER_VI
        data = tabular.export_rows(rows)
        if request.GET["export"] == "csv":
            return csv_response("to-chuc.csv", header, data)
        return xlsx_response("to-chuc.xlsx", header, data, sheet_title="To chuc")
    return render(request, "orgs/list.html", {
        "page": paginate(request, rows), "query": query, "kind": kind, "inactive": inactive,
        "kinds": Organisation.Kind.choices, "qs": querystring_without_page(request),
        "can_manage": rules.can(request.user, "org.manage"),
    })


@login_required
def org_tree(request):
    rules.require(request.user, "org.view")
    parent = None
    if request.GET.get("parent"):
        try:
            parent = selectors.org_get(user=request.user, pk=int(request.GET["parent"]))
        except ValueError:
            raise Http404 from None
    nodes = selectors.org_children(user=request.user, parent=parent)
    template = "orgs/_tree_nodes.html" if request.htmx or parent is not None else "orgs/tree.html"
    return render(request, template, {"nodes": nodes, "parent": parent})


@login_required
def org_detail(request, pk: int):
    org = selectors.org_get(user=request.user, pk=pk)
    children = selectors.org_children(user=request.user, parent=org)
    return render(request, "orgs/detail.html", {
        "org": org, "children": paginate(request, children, 100),
        "ancestors": selectors.org_ancestors(org),
        "members": selectors.memberships_of(user=request.user, org=org),
        "former_names": org.former_names.all(), "predecessors": org.predecessors.all(),
        "can_manage": rules.can(request.user, "org.manage", org),
        "can_manage_users": rules.can(request.user, "user.manage", org),
        "can_templates": org.parent_id is None and rules.can(request.user, "document_template.manage", org),
    })


@login_required
def org_create(request, parent_pk: int):
    parent = selectors.org_get(user=request.user, pk=parent_pk)
    rules.require(request.user, "org.manage", parent)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.org_create(actor=request.user, parent=parent, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Đã tạo “%(name)s”.") % {"name": org.name})
            return redirect(org)
    return render(request, "orgs/form.html", {"form": form, "parent": parent, "title": _("Thêm tổ chức")})


@login_required
def org_edit(request, pk: int):
    org = selectors.org_get(user=request.user, pk=pk)
    rules.require(request.user, "org.manage", org)
    form = OrganisationForm(request.POST or None, instance=Organisation.objects.get(pk=org.pk))
    if request.method == "POST" and form.is_valid():
        try:
            org = services.org_update(actor=request.user, org=org, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(org)
    return render(request, "orgs/form.html", {"form": form, "org": org, "title": _("Sửa tổ chức")})


def _org_by_code(user, code: str) -> Organisation:
    org = Organisation.objects.visible_to(user).filter(code=code.strip()).first()
    if org is None:
        raise DomainError(_("Không tìm thấy tổ chức mã “%(c)s” trong phạm vi của bạn.") % {"c": code})
    return org


@login_required
def org_move(request, pk: int):
    org = selectors.org_get(user=request.user, pk=pk)
    rules.require(request.user, "org.manage", org)
    form = ParentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            parent = _org_by_code(request.user, form.cleaned_data["parent_code"])
            services.org_move(actor=request.user, org=org, new_parent=parent)
        except DomainError as exc:
            form.add_error("parent_code", exc.message)
        else:
            messages.success(request, _("Đã chuyển “%(name)s”.") % {"name": org.name})
            return redirect(org)
    return render(request, "orgs/simple_form.html", {"form": form, "org": org, "title": _("Chuyển đơn vị cấp trên")})


@login_required
def org_merge(request, pk: int):
    org = selectors.org_get(user=request.user, pk=pk)
    rules.require(request.user, "org.manage", org)
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            successor = _org_by_code(request.user, form.cleaned_data["successor_code"])
            services.org_merge(actor=request.user, merged=[org], successor=successor, on=form.cleaned_data["on"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã sáp nhập “%(a)s” vào “%(b)s”.") % {"a": org.name, "b": successor.name})
            return redirect(org)
    return render(request, "orgs/simple_form.html", {"form": form, "org": org, "title": _("Sáp nhập vào đơn vị khác")})


@login_required
def org_import(request):
    rules.require(request.user, "org.manage")
    from attt.core import table_views

    return table_views.import_page(request, kind="orgs.import", label=_("Nhập cây tổ chức"),
                                   template="orgs/import.html")


@login_required
def user_list(request):
    rules.require(request.user, "user.view")
    query = (request.GET.get("q") or "").strip()[:100]
    rows = selectors.user_list(user=request.user, query=query)
    form = UserCreateForm(request.POST or None, actor=request.user)
    can_manage = rules.can(request.user, "user.manage")
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                org = _org_by_code(request.user, data["organisation_code"])
                user = services.user_create_with_role(
                    actor=request.user, username=data["username"], email=data["email"],
                    full_name=data["full_name"], organisation=org, role=data["role"])
            except DomainError as exc:
                _form_error(form, exc)
            except PermissionDenied as exc:  # refused and recorded by the service
                form.add_error(None, str(exc))
                status = 403
            else:
                messages.success(request, _("Đã tạo tài khoản “%(u)s”. Người dùng đặt mật khẩu qua chức năng "
                                            "“Quên mật khẩu” bằng email %(e)s.") % {"u": user.username, "e": user.email})
                return redirect("orgs:user", pk=user.pk)
    return render(request, "orgs/users.html", {"page": paginate(request, rows), "query": query, "form": form,
                                               "can_manage": can_manage, "qs": querystring_without_page(request)},
                  status=status)


@login_required
def user_detail(request, pk: int):
    rules.require(request.user, "user.view")
    target = get_object_or_404(selectors.user_list(user=request.user), pk=pk)
    memberships = list(target.memberships.select_related("organisation").order_by("-active", "id"))
    form = MembershipForm(request.POST or None, actor=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            org = _org_by_code(request.user, form.cleaned_data["organisation_code"])
            services.membership_grant(actor=request.user, user=target, organisation=org, role=form.cleaned_data["role"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        except PermissionDenied as exc:  # refused and recorded by the service
            form.add_error(None, str(exc))
            status = 403
        else:
            messages.success(request, _("Đã thêm vai trò."))
            return redirect("orgs:user", pk=target.pk)
    can_manage = rules.can(request.user, "membership.manage") and target.pk != request.user.pk
    for m in memberships:
        m.can_revoke = can_manage and m.active and org_rules.grant_refusal(
            request.user, user=target, organisation=m.organisation, role=m.role) is None
    return render(request, "orgs/user_detail.html", {"target": target, "memberships": memberships, "form": form,
                                                     "can_manage": can_manage or status != 200,
                                                     "is_self": target.pk == request.user.pk},
                  status=status)


@login_required
@require_POST
def membership_revoke(request, pk: int):
    membership = get_object_or_404(Membership.objects.visible_to(request.user).select_related("organisation", "user"),
                                   pk=pk)
    services.membership_revoke(actor=request.user, membership=membership)  # a refusal is a 403 with its reason
    messages.success(request, _("Đã thu hồi vai trò."))
    return redirect("orgs:user", pk=membership.user_id)


@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        expires = form.cleaned_data.get("expires_on")
        expires_at = (timezone.make_aware(dt.datetime.combine(expires, dt.time(23, 59)))
                      if expires else None)
        try:
            _token, new_key = services.token_create(actor=request.user, name=form.cleaned_data["name"],
                                                    expires_at=expires_at)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            form = TokenForm()
    return render(request, "orgs/tokens.html", {"form": form, "new_key": new_key,
                                                "tokens": ApiToken.objects.filter(user=request.user)})


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("Đã thu hồi khóa “%(n)s”.") % {"n": token.name})
    return redirect("orgs:tokens")


@login_required
def audit_list(request):
    rules.require(request.user, "audit.view")
    from attt.core.audit_labels import action_choices, action_label, readable_changes
    from attt.core.text import folded_pattern

    events = AuditEvent.objects.visible_to(request.user, roles={"auditor", "admin"})
    action = (request.GET.get("action") or "").strip()[:80]
    actor = (request.GET.get("actor") or "").strip()[:150]
    obj = (request.GET.get("object") or "").strip()[:100]
    errors = []
    if action:
        events = events.filter(action__startswith=action)
    if actor:
        events = events.filter(actor_label__icontains=actor)
    if obj:  # without diacritics: "may chu trang" finds "Máy chủ trang…"
        events = events.filter(object_repr__iregex=folded_pattern(obj))
    for key, lookup in (("since", "at__date__gte"), ("until", "at__date__lte")):
        value = (request.GET.get(key) or "").strip()
        if value:
            try:
                day = dt.datetime.strptime(value, "%d/%m/%Y").date()
            except ValueError:
                errors.append(_("Ngày “%(v)s” không có thật hoặc sai định dạng, hãy nhập dd/mm/yyyy "
                                "(ví dụ 29/11/2026).") % {"v": value[:20]})
                continue
            start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
            events = events.filter(at__gte=start) if key == "since" else events.filter(
                at__lt=start + dt.timedelta(days=1))
    if errors:  # a filter that cannot be read shows nothing rather than everything
        events = events.none()
    page = keyset_paginate(request, events.order_by("-seq"))
    for event in page:
        event.label = action_label(event.action)
        event.rows = readable_changes(event)
    codes = AuditEvent.objects.visible_to(request.user, roles={"auditor", "admin"}).values_list(
        "action", flat=True).distinct().order_by("action")
    return render(request, "orgs/audit.html", {"page": page, "errors": errors, "actions": action_choices(codes),
                                               "filters": request.GET, "qs": querystring_without_cursor(request)})
