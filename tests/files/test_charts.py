"""Charts draw user text as typed, count people in whole numbers, and say when there is no data."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from asn_portal import charts
from tests.conftest import client_for
from tests.files.conftest import MATHTEXT


def _texts(svg: str) -> list[str]:
    """The text matplotlib wrote (svg.fonttype none keeps it as <text> elements)."""
    return [t.strip() for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


RENDERERS = {
    "bar": lambda label: charts.bar_chart([label, "B"], {"Jumlah": [3, 5]}, title=label),
    "stacked": lambda label: charts.bar_chart(
        [label, "B"], {"x": [1, 2], "y": [2, 1]}, title="t", stacked=True
    ),
    "hbar": lambda label: charts.hbar_chart([label], [7], title="t", xlabel=label),
    "line": lambda label: charts.line_chart(
        [label, "Feb"], {label: [80.5, 82.0], "b": [1, 2]}, title="t"
    ),
    "pyramid": lambda label: charts.pyramid_chart(
        [label, "30-39"], [3, 4], [2, 5], left_label=label, right_label="P", title="t"
    ),
    "donut": lambda label: charts.donut_chart([label, "B"], [2, 3], title="t"),
}


@pytest.mark.parametrize("kind", RENDERERS)
def test_user_text_with_dollar_signs_is_drawn_as_typed(kind: str) -> None:
    svg = RENDERERS[kind](MATHTEXT)
    assert any(MATHTEXT in text for text in _texts(svg)), _texts(svg)


def test_people_counts_get_whole_number_ticks() -> None:
    svg = charts.bar_chart(["A", "B"], {"orang": [1, 2]}, title="t", ylabel="orang")
    ticks = [t for t in _texts(svg) if re.fullmatch(r"[\d.,−-]+", t)]
    assert ticks and all(re.fullmatch(r"\d+", t) for t in ticks), ticks


def test_fractions_keep_fractional_ticks_with_a_decimal_comma() -> None:
    svg = charts.hbar_chart(["A", "B"], [0.2, 0.7], title="t")
    ticks = [t for t in _texts(svg) if re.fullmatch(r"[\d.,]+", t)]
    assert "0,2" in ticks and not any("." in t for t in ticks), ticks


def test_axis_numbers_are_indonesian() -> None:
    svg = charts.bar_chart(["A", "B"], {"orang": [1200, 2500]}, title="t")
    ticks = [t for t in _texts(svg) if re.fullmatch(r"[\d.,]+", t)]
    assert any(re.fullmatch(r"\d\.\d{3}", t) for t in ticks), ticks  # 1.500, not 1,500
    assert not any("," in t for t in ticks), ticks


@pytest.mark.parametrize(
    "render",
    [
        lambda: charts.bar_chart(["A", "B"], {"orang": [0, 0]}, title="Kosong"),
        lambda: charts.bar_chart([], {}, title="Kosong"),
        lambda: charts.hbar_chart(["A"], [0], title="Kosong"),
        lambda: charts.line_chart(["Jan"], {"IKM": [0]}, title="Kosong"),
        lambda: charts.pyramid_chart(
            ["20-29"], [0], [0], left_label="L", right_label="P", title="Kosong"
        ),
        lambda: charts.donut_chart(["A"], [0], title="Kosong"),
    ],
)
def test_an_empty_chart_says_so_instead_of_drawing_an_axis(render: Any) -> None:
    svg = render()
    texts = _texts(svg)
    assert "Belum ada data" in texts and "Kosong" in texts
    assert not any(re.fullmatch(r"[−-]?0[.,]0\d", t) for t in texts), texts
    assert 'aria-label="Kosong: Belum ada data"' in svg


# --- every surface that draws charts, with a unit renamed to mathtext -----------------------


@pytest.fixture
def mathtext_register(register: Any) -> Any:
    from jabatan.models import Jabatan, Pegawai, UnitOrganisasi
    from survei.models import UnitLayanan

    UnitOrganisasi.objects.update(nama=MATHTEXT)
    Jabatan.objects.update(nama=MATHTEXT)
    Pegawai.objects.update(nama=MATHTEXT)
    UnitLayanan.objects.update(nama=MATHTEXT)
    return register


def _page(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_unit_dashboard_renders_with_a_mathtext_unit_name(
    mathtext_register: Any, admin_bkd: Any
) -> None:
    page = _page(client_for(admin_bkd), reverse("jabatan:dasbor", args=[mathtext_register.a1.pk]))
    assert "<svg" in page and MATHTEXT in page


def test_province_jp_report_renders_with_a_mathtext_unit_name(
    mathtext_register: Any, admin_bkd: Any
) -> None:
    page = _page(client_for(admin_bkd), reverse("pelatihan:laporan_jp") + "?tahun=2026")
    assert "<svg" in page and MATHTEXT in page


def test_admin_home_and_survey_results_render(mathtext_register: Any, admin_bkd: Any) -> None:
    client = client_for(admin_bkd)
    assert "<svg" in _page(client, "/admin/")
    page = _page(client, reverse("survei:staf_unit", args=["layanan-a1"]) + "?periode=2026-B01")
    assert "<svg" in page and MATHTEXT in page


def test_report_generation_succeeds_with_a_mathtext_unit_name(
    mathtext_register: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from asn_portal.laporan import services
    from asn_portal.laporan.models import StatusLaporan

    with django_capture_on_commit_callbacks(execute=True):
        laporan = services.laporan_request(jenis="bulanan", tahun=2026, nomor=1)
    laporan.refresh_from_db()
    assert laporan.status == StatusLaporan.SIAP, laporan.pesan if hasattr(laporan, "pesan") else ""
    assert laporan.pdf.read().startswith(b"%PDF")
