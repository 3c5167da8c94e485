"""The owner uploads the signed scan of the approval decision back; the record keeps both."""
import pytest

from attt.core.errors import DomainError
from attt.systems import services
from attt.systems.models import DossierDocument

from .conftest import pdf

pytestmark = pytest.mark.django_db


def test_signed_scan_only_after_approval_then_kept_with_the_decision(world, appraised, client_for):
    officer = world.users["unit_officer"]
    with pytest.raises(DomainError, match="đã được phê duyệt"):
        services.decision_signed_upload(actor=officer, dossier=appraised, upload=pdf("qd-ky.pdf"))
    assert not DossierDocument.objects.filter(part="signed_decision").exists()
    services.document_upload(actor=officer, dossier=appraised, part="security_regulation", upload=pdf())
    services.dossier_approve(actor=world.users["unit_head"], dossier=appraised, decision_number="12/QĐ-STC")
    client = client_for("unit_officer")
    page = client.get(f"/systems/dossiers/{appraised.pk}/").content.decode()
    assert 'id="signed-form"' in page
    response = client.post(f"/systems/dossiers/{appraised.pk}/signed/", {"file": pdf("qd-12-da-ky.pdf")})
    assert response.status_code == 302
    signed = DossierDocument.objects.get(dossier=appraised, part="signed_decision")
    assert signed.original_name == "qd-12-da-ky.pdf" and signed.uploaded_by == officer and len(signed.sha256) == 64
    appraised.refresh_from_db()
    assert appraised.decision_number == "12/QĐ-STC"  # the decision's data stays next to the scan
    assert "qd-12-da-ky.pdf" in client.get(f"/systems/dossiers/{appraised.pk}/").content.decode()


def test_signed_scan_from_another_province_is_a_404(world, appraised, client_for):
    response = client_for("officer_q").post(f"/systems/dossiers/{appraised.pk}/signed/", {"file": pdf()})
    assert response.status_code == 404
    assert not DossierDocument.objects.filter(part="signed_decision").exists()
