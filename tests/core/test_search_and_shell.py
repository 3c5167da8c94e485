"""Search ignores diacritics and case; dates are dd/mm/yyyy; the navigation lists what exists."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from attt.core.text import fold


def test_fold_examples():
    assert fold("Công an tỉnh") == "cong an tinh"
    assert fold("ĐỘI ỨNG CỨU") == "doi ung cuu"
    assert fold("  Xã   Thượng  Lâm ") == "xa thuong lam"


@given(st.text(max_size=40))
def test_fold_is_idempotent_and_ascii_for_vietnamese(text):
    once = fold(text)
    assert fold(once) == once
    assert once == once.lower()


def test_global_search_without_diacritics(world, client_for):
    body = client_for("province_leader").get("/search/?q=CONG AN").content.decode()
    assert "Công an tỉnh Thử Nghiệm" in body
    body = client_for("unit_officer").get("/search/?q=cong an").content.decode()
    assert "Công an tỉnh Thử Nghiệm" not in body  # outside the officer's scope


def test_org_list_filters_and_dates(world, client_for):
    from attt.orgs import services
    import datetime as dt

    services.org_update(actor=None, org=world.org("commune_b"), valid_from=dt.date(2025, 7, 1))
    body = client_for("province_leader").get("/orgs/?q=phuong+binh").content.decode()
    assert "Phường Bình Minh" in body and "Xã An Bình" not in body
    detail = client_for("province_leader").get(f"/orgs/{world.org('commune_b').pk}/").content.decode()
    assert "01/07/2025" in detail


def test_navigation_shows_only_allowed_modules(world, client_for):
    officer = client_for("unit_officer").get("/").content.decode()
    auditor = client_for("auditor").get("/").content.decode()
    assert 'data-nav="audit"' not in officer and 'data-nav="audit"' in auditor
    assert 'data-nav="orgs"' in officer


def test_list_pages_keep_their_query_counts(world, client_for, django_assert_max_num_queries):
    from attt.orgs import services

    for i in range(30):
        services.org_create(actor=None, parent=world.org("commune_a"), code=f"N{i}", name=f"Thôn {i}", kind="other")
    client = client_for("province_leader")
    client.get("/orgs/")  # warm the session
    with django_assert_max_num_queries(12):
        assert client.get("/orgs/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/orgs/tree/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(f"/orgs/{world.org('commune_a').pk}/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/organisations").status_code == 200


def test_error_pages_are_in_vietnamese(world, client_for):
    response = client_for("unit_officer").get("/orgs/999999/")
    assert response.status_code == 404 and "Không tìm thấy trang" in response.content.decode()
    response = client_for("unit_officer").get("/orgs/import/")
    assert response.status_code == 403 and "không có quyền" in response.content.decode().lower()
