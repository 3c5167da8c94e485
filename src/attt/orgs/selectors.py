from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .models import Membership, Organisation, User


def org_list(*, user: User, query: str = "", kind: str = "", include_inactive: bool = False) -> QuerySet[Organisation]:
    qs = Organisation.objects.visible_to(user).select_related("parent")
    if query:
        qs = qs.search(query)
    if kind:
        qs = qs.filter(kind=kind)
    if not include_inactive:
        qs = qs.filter(valid_to__isnull=True)
    return qs.order_by("path")


def org_children(*, user: User, parent: Organisation | None) -> QuerySet[Organisation]:
    """One level of the tree, with child counts. Without a parent: the user's top nodes."""
    qs = Organisation.objects.visible_to(user)
    if parent is None:
        prefixes = user.scope_paths() if not user.is_superuser else []
        if user.is_superuser:
            qs = qs.filter(parent__isnull=True)
        else:
            qs = qs.filter(path__in=prefixes)
    else:
        qs = qs.filter(parent=parent)
    return (qs.annotate(n_children=Count("children", filter=Q(children__valid_to__isnull=True)))
            .order_by("kind", "name"))


def org_get(*, user: User, pk: int) -> Organisation:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Organisation.objects.visible_to(user).select_related("parent", "successor"), pk=pk)


def org_ancestors(org: Organisation) -> list[Organisation]:
    ids = org.ancestor_ids()
    by_id = {o.pk: o for o in Organisation.objects.filter(pk__in=ids)}
    return [by_id[i] for i in ids if i in by_id]


def memberships_of(*, user: User, org: Organisation) -> QuerySet[Membership]:
    return (Membership.objects.visible_to(user).filter(organisation=org, active=True)
            .select_related("user").order_by("role", "user__username"))


def user_list(*, user: User, query: str = "") -> QuerySet[User]:
    qs = User.objects.visible_to(user).prefetch_related("memberships__organisation")
    for term in query.split()[:5]:
        qs = qs.filter(Q(username__icontains=term) | Q(full_name__icontains=term) | Q(email__icontains=term))
    return qs.order_by("username")


def org_kind_counts(*, user: User) -> dict[str, int]:
    rows = (Organisation.objects.visible_to(user).filter(valid_to__isnull=True)
            .values("kind").annotate(n=Count("id")))
    return {r["kind"]: r["n"] for r in rows}
