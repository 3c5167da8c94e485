from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from attt.core import rules

from . import selectors, services
from .models import Membership, Organisation, User

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    path: str
    depth: int
    admin_code: str
    incident_phone: str
    incident_email: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    successor_id: int | None


class TreeNode(Schema):
    id: int
    code: str
    name: str
    kind: str
    children: list["TreeNode"] = []


class MembershipOut(Schema):
    id: int
    user_id: int
    username: str
    organisation_id: int
    organisation_name: str
    role: str
    active: bool

    @staticmethod
    def resolve_username(obj):
        return obj.user.username

    @staticmethod
    def resolve_organisation_name(obj):
        return obj.organisation.name


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    roles: list[str]
    memberships: list[MembershipOut]


@router.get("/me", response=MeOut, summary="Người dùng hiện tại")
def me(request):
    user = request.auth
    memberships = list(user.memberships.filter(active=True).select_related("organisation", "user"))
    return {"id": user.pk, "username": user.username, "full_name": user.full_name, "email": user.email,
            "roles": sorted(user.role_codes()), "memberships": memberships}


@router.get("/organisations", response=list[OrganisationOut], summary="Danh sách tổ chức")
@paginate
def organisation_list(request, q: str = "", kind: str = "", include_inactive: bool = False):
    rules.require(request.auth, "org.view")
    return selectors.org_list(user=request.auth, query=q[:200], kind=kind, include_inactive=include_inactive)


@router.get("/organisations/{org_id}", response=OrganisationOut, summary="Chi tiết tổ chức")
def organisation_detail(request, org_id: int):
    return selectors.org_get(user=request.auth, pk=org_id)


@router.get("/organisations/{org_id}/tree", response=TreeNode, summary="Cây tổ chức từ một nút")
def organisation_tree(request, org_id: int, depth: int = 2):
    root = selectors.org_get(user=request.auth, pk=org_id)
    depth = max(0, min(depth, 4))
    rows = (Organisation.objects.visible_to(request.auth)
            .filter(path__startswith=root.path, depth__lte=root.depth + depth, valid_to__isnull=True)
            .only("id", "code", "name", "kind", "parent_id", "depth").order_by("depth", "name"))
    nodes = {}
    for org in rows:
        nodes[org.pk] = {"id": org.pk, "code": org.code, "name": org.name, "kind": org.kind, "children": []}
        if org.pk != root.pk and org.parent_id in nodes:
            nodes[org.parent_id]["children"].append(nodes[org.pk])
    return nodes[root.pk]


@router.get("/memberships", response=list[MembershipOut], summary="Vai trò của người dùng trong tổ chức")
@paginate
def membership_list(request, organisation_id: int | None = None, user_id: int | None = None):
    rules.require(request.auth, "user.view")
    qs = Membership.objects.visible_to(request.auth).filter(active=True).select_related("user", "organisation")
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    if user_id is not None:
        qs = qs.filter(user_id=user_id)
    return qs.order_by("organisation__path", "user__username")


@router.get("/memberships/{membership_id}", response=MembershipOut, summary="Chi tiết vai trò")
def membership_detail(request, membership_id: int):
    return get_object_or_404(Membership.objects.visible_to(request.auth).select_related("user", "organisation"),
                             pk=membership_id)


class MembershipIn(Schema):
    user_id: int
    organisation_id: int
    role: str


@router.post("/memberships", response={201: MembershipOut},
             summary="Gán vai trò")
def membership_grant(request, payload: MembershipIn):
    """Only an administrator whose scope covers the role's reach may grant it (the province for province
    roles and for administrator), never to themselves; a refusal is a 403 and is recorded."""
    user = get_object_or_404(User.objects.visible_to(request.auth), pk=payload.user_id)
    organisation = selectors.org_get(user=request.auth, pk=payload.organisation_id)
    membership = services.membership_grant(actor=request.auth, user=user, organisation=organisation,
                                           role=payload.role)
    return Status(201, Membership.objects.select_related("user", "organisation").get(pk=membership.pk))


@router.delete("/memberships/{membership_id}", response={204: None},
               summary="Thu hồi vai trò")
def membership_revoke(request, membership_id: int):
    membership = get_object_or_404(
        Membership.objects.visible_to(request.auth).filter(active=True).select_related("user", "organisation"),
        pk=membership_id)
    services.membership_revoke(actor=request.auth, membership=membership)
    return Status(204, None)
