"""A province's own document templates: uploaded, checked by a trial render, versioned, used when
that province's documents are rendered, reverted; other provinces keep the base template."""
from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from attt.core.audit import AuditEvent
from attt.core.documents import overrides, template_path
from attt.core.errors import DomainError
from attt.core.models import DocumentTemplate

from ..systems.conftest import draft, on_a_workday, portal  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
WORD = "CHỮ-RIÊNG-CỦA-TỈNH"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _edited(kind: str, text: str) -> bytes:
    """The base template of `kind` with `text` as a new first paragraph (python-docx, as Word would)."""
    import docx

    doc = docx.Document(str(template_path(kind)))
    doc.paragraphs[0].insert_paragraph_before(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _text(data: bytes) -> str:
    import docx

    doc = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in doc.paragraphs)


def _docx(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_province_template_is_used_for_that_province_only(world, draft):  # noqa: F811
    from attt.core.documents import render_docx
    from attt.systems import docx_render

    admin = world.users["admin"]
    before = _text(docx_render.decision(draft))
    assert WORD not in before
    row = overrides.upload(actor=admin, province=world.org("province"), kind="decision",
                           upload_file=_docx("qd.docx", _edited("decision", WORD)))
    assert row.version == 1 and row.active and len(row.sha256) == 64
    assert WORD in _text(docx_render.decision(draft))
    # the other province renders the same data with the base template
    context = docx_render.decision_context(draft)
    other = render_docx("decision", context, regime=draft.regime_code, province=world.org("province_q"))
    assert WORD not in _text(other)
    assert AuditEvent.objects.filter(action="document_template.upload").count() == 1


def test_broken_template_is_refused_with_its_line_and_nothing_saved(world):
    with pytest.raises(DomainError, match=r"đoạn 1 ") as caught:
        overrides.upload(actor=world.users["admin"], province=world.org("province"), kind="decision",
                         upload_file=_docx("qd.docx", _edited("decision", "{% if so_quyet_dinh %} chưa đóng")))
    # the paragraph as Word shows it, and what is wrong, not a line of Word XML
    assert "Mẫu văn bản bị lỗi ở đoạn 1 («{% if so_quyet_dinh %} chưa đóng»)" in str(caught.value)
    assert "{% endif %}" in str(caught.value)
    assert not DocumentTemplate.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="document_template").exists()


def test_missing_variable_renders_empty_and_is_accepted(world, draft):  # noqa: F811
    from attt.systems import docx_render

    row = overrides.upload(actor=world.users["admin"], province=world.org("province"), kind="decision",
                           upload_file=_docx("qd.docx", _edited("decision", "TRƯỚC{{ bien_khong_co.ten }}SAU")))
    assert row.version == 1
    assert "TRƯỚCSAU" in _text(docx_render.decision(draft))  # and the real document renders it empty


def test_non_docx_and_executable_in_zip_are_refused(world):
    admin, province = world.users["admin"], world.org("province")
    with pytest.raises(DomainError, match="không được chấp nhận"):
        overrides.upload(actor=admin, province=province, kind="decision",
                         upload_file=_docx("qd.pdf", b"%PDF-1.4\n%%EOF\n"))
    with pytest.raises(DomainError, match="không đúng định dạng"):
        overrides.upload(actor=admin, province=province, kind="decision", upload_file=_docx("qd.docx", b"PK\x03\x04 no"))
    buffer = io.BytesIO(_edited("decision", WORD))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("word/media/setup.exe", b"MZ\x90\x00")
    with pytest.raises(DomainError, match="thực thi"):
        overrides.upload(actor=admin, province=province, kind="decision", upload_file=_docx("qd.docx", buffer.getvalue()))
    assert not DocumentTemplate.objects.exists()


def test_versions_increase_and_revert_to_earlier_or_base(world):
    admin, province = world.users["admin"], world.org("province")
    for word in ("MỘT", "HAI", "BA"):
        overrides.upload(actor=admin, province=province, kind="incident_initial",
                         upload_file=_docx("bc.docx", _edited("incident_initial", f"PHIÊN-BẢN-{word}")))
    rows = list(DocumentTemplate.objects.filter(province=province, kind="incident_initial").order_by("version"))
    assert [r.version for r in rows] == [1, 2, 3] and [r.active for r in rows] == [False, False, True]
    current = lambda: _text(overrides.current_bytes(province=province, kind="incident_initial"))  # noqa: E731
    assert "PHIÊN-BẢN-BA" in current()
    overrides.revert(actor=admin, province=province, kind="incident_initial", version=1)
    assert "PHIÊN-BẢN-MỘT" in current() and "PHIÊN-BẢN-BA" not in current()
    overrides.revert(actor=admin, province=province, kind="incident_initial", version=None)
    assert "PHIÊN-BẢN" not in current()
    assert overrides.active_template(province=province, kind="incident_initial") is None
    assert AuditEvent.objects.filter(action="document_template.revert").count() == 2
    overrides.upload(actor=admin, province=province, kind="incident_initial",
                     upload_file=_docx("bc.docx", _edited("incident_initial", "PHIÊN-BẢN-BỐN")))
    assert DocumentTemplate.objects.get(active=True, kind="incident_initial").version == 4


def test_commune_admin_cannot_upload_for_the_province(world, client_for):
    from attt.orgs import services

    user, _ = services.user_create(actor=None, username="xa_admin", email="xa_admin@test.local",
                                   password="Mật-khẩu-thử-123")
    services.membership_grant(actor=None, user=user, organisation=world.org("commune_a"), role="admin")
    with pytest.raises(PermissionDenied):
        overrides.upload(actor=user, province=world.org("province"), kind="decision",
                         upload_file=_docx("qd.docx", _edited("decision", WORD)))
    assert not DocumentTemplate.objects.exists()


def test_page_upload_download_and_refusal(world, client_for):
    client = client_for("admin")
    province = world.org("province")
    page = client.get(f"/orgs/{province.pk}/templates/")
    assert page.status_code == 200 and "Mẫu gốc" in page.content.decode()
    response = client.post(f"/orgs/{province.pk}/templates/decision/upload/",
                           {"file": _docx("qd.docx", _edited("decision", "{% for x in y %}"))})
    assert response.status_code == 400 and "đoạn 1" in response.content.decode()
    assert not DocumentTemplate.objects.exists()
    response = client.post(f"/orgs/{province.pk}/templates/decision/upload/",
                           {"file": _docx("qd.docx", _edited("decision", WORD))})
    assert response.status_code == 302
    assert "phiên bản 1" in client.get(f"/orgs/{province.pk}/templates/").content.decode()
    download = client.get(f"/orgs/{province.pk}/templates/decision/download/")
    assert download.status_code == 200 and WORD in _text(download.content)
    assert client.get(f"/orgs/{world.org('commune_a').pk}/templates/").status_code == 404
