"""The library of known documents is searchable without diacritics."""
from django.urls import reverse

from attt.directives.models import KnownDocument


def test_library_search_ignores_diacritics(world, client_for):
    KnownDocument.objects.create(symbol="85/2016/NĐ-CP", kind="Nghị định", title="Bảo đảm an toàn hệ thống thông tin theo cấp độ")
    KnownDocument.objects.create(symbol="33/CĐ-TTg", kind="Công điện", title="Tăng cường bảo đảm an toàn thông tin mạng")
    response = client_for("province_leader").get(reverse("directives:library") + "?q=nghi+dinh+85/2016/ND-CP")
    assert response.status_code == 200
    body = response.content.decode()
    assert "85/2016/NĐ-CP" in body and "33/CĐ-TTg" not in body
