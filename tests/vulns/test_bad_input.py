"""Bad scan files: a clear Vietnamese message and nothing saved."""
from __future__ import annotations

import io

import pytest
from django.test import override_settings

from attt.core.errors import DomainError
from attt.vulns.models import Finding, HostAssignment, Scan

from .conftest import sample

pytestmark = pytest.mark.django_db

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE NessusClientData_v2 [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<NessusClientData_v2><Report name="x"><ReportHost name="10.10.1.10"><ReportItem port="0" severity="4" pluginID="1"
 pluginName="&xxe;"/></ReportHost></Report></NessusClientData_v2>"""
BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<NessusClientData_v2><Report name="&lol3;"></Report></NessusClientData_v2>"""


def attempt(world, data: bytes, name="scan"):
    from attt.vulns.services import scan_import

    with pytest.raises(DomainError) as err:
        scan_import(actor=world.users["unit_officer"], organisation=world.org("commune_a"), stream=io.BytesIO(data),
                    filename=name)
    assert Scan.objects.count() == 0 and Finding.objects.count() == 0 and HostAssignment.objects.count() == 0
    return err.value


def test_truncated_nessus_after_findings_leaves_nothing(world, estate):
    data = sample("portal.nessus").read()
    err = attempt(world, data[: int(len(data) * 0.8)])
    assert err.code == "truncated" and "cắt cụt" in str(err.message)


def test_malformed_xml(world, estate):
    data = sample("portal.nessus").read().replace(b"</ReportItem>", b"</ReportItm>", 1)
    err = attempt(world, data)
    assert err.code == "malformed" and "lỗi cấu trúc" in str(err.message)


@pytest.mark.parametrize("data", [XXE, BOMB])
def test_entities_are_refused(world, estate, data):
    err = attempt(world, data)
    assert err.code == "entities" and "thực thể" in str(err.message)


@pytest.mark.parametrize("data", [b"%PDF-1.4\n%...", b"<html><body>hello</body></html>",
                                  b'{"vulnerabilities": []}', b"name,value\n1,2\n"])
def test_file_of_another_kind(world, estate, data):
    err = attempt(world, data)
    assert err.code == "unknown_format" and "Không nhận ra định dạng" in str(err.message)


@pytest.mark.parametrize("data", [
    b'<?xml version="1.0" ?><NessusClientData_v2><Report name="x"></Report></NessusClientData_v2>',
    b'<nmaprun scanner="nmap"><runstats/></nmaprun>', b""])
def test_empty_scan(world, estate, data):
    err = attempt(world, data)
    assert err.code == "empty" and "không có máy hay kết quả" in str(err.message)


def test_json_line_that_is_not_a_result(world, estate):
    data = sample("nuclei.jsonl").read() + b'{"template-id": "x"}\n{"hello": "world"}\n'
    err = attempt(world, data)
    assert err.code == "bad_line" and "Dòng 8" in str(err.message)


def test_csv_missing_columns(world, estate):
    err = attempt(world, b"host;severity;port\n10.10.1.10;high;443\n")
    assert err.code == "unknown_format" or err.code == "bad_csv"


@override_settings(ATTT_SCAN_MAX_BYTES=1024)
def test_too_large(world, estate):
    err = attempt(world, sample("portal.nessus").read())
    assert err.code == "too_large" and "quá lớn" in str(err.message)
