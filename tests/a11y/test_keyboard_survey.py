"""The public survey with the keyboard only, on a phone: Tab order follows the page, focus is
always visible, an empty submit announces its errors and ties them to the fields, and the form
can be completed and sent without a pointer."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from survei.models import Respons
from tests.a11y.axe import assert_no_axe_violations
from tests.survei.factories import UnitLayananFactory

FOKUS = """() => {
  const el = document.activeElement;
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  return {tag: el.tagName.toLowerCase(), type: el.type || "", name: el.name || "",
          id: el.id || "", text: (el.textContent || "").trim().slice(0, 40),
          top: r.top + window.scrollY,
          outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0,
          shadow: s.boxShadow !== "none",
          inForm: !!el.closest("form.survei")};
}"""

URUTAN_DOM = """() => {
  const names = [];
  for (const el of document.querySelectorAll("form.survei input, form.survei select,
      form.survei textarea, form.survei button")) {
    if (el.type === "hidden" || el.tabIndex < 0 || el.closest("[aria-hidden=true]")) continue;
    const key = el.name || el.type;
    if (names[names.length - 1] !== key) names.push(key);
  }
  return names;
}""".replace("\n      ", " ")


def _tab(page: Page) -> dict[str, Any]:
    page.keyboard.press("Tab")
    return page.evaluate(FOKUS)


def _urutan_tab_formulir(page: Page) -> list[dict[str, Any]]:
    """Tab from the top until focus leaves the form; one entry per control (a date input's
    segments and a radio group count once, as the keyboard sees them)."""
    urutan: list[dict[str, Any]] = []
    for _ in range(120):
        fokus = _tab(page)
        if not fokus["inForm"]:
            if urutan:
                break
            continue
        key = fokus["name"] or fokus["type"]
        if not urutan or (urutan[-1]["name"] or urutan[-1]["type"]) != key:
            urutan.append(fokus)
    return urutan


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_citizen_completes_the_survey_with_the_keyboard_only(
    page: Page, live_server, unit_a
) -> None:
    layanan = UnitLayananFactory(kode="dukcapil-a", nama="Layanan Dukcapil A", unit=unit_a)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/survei/{layanan.kode}/")

    # Tab order = the order on the page: each question's radio group, then the next.
    urutan = _urutan_tab_formulir(page)
    names = [f["name"] or f["type"] for f in urutan]
    assert names == page.evaluate(URUTAN_DOM)
    # the nine unsur come first, in the questionnaire's order (which is the page's order)
    assert sorted(names[:9]) == [f"u{i}" for i in range(1, 10)]
    assert names[-1] == "submit"
    tops = [f["top"] for f in urutan]
    assert tops == sorted(tops), "fokus melompat ke atas: urutan Tab tidak mengikuti tampilan"
    tanpa_fokus = [f["name"] for f in urutan if not (f["outline"] or f["shadow"])]
    assert not tanpa_fokus, f"fokus tidak terlihat pada {tanpa_fokus}"

    # Submit empty (Shift+Tab back to the button): errors are announced and tied to the fields.
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("button", name="Kirim jawaban")).to_be_focused()
    page.keyboard.press("Enter")
    ringkasan = page.locator("#ringkasan-galat")
    expect(ringkasan).to_have_attribute("role", "alert")
    expect(ringkasan).to_be_focused()
    for name in ("u1", "umur", "pendidikan"):
        field = page.locator(f"[name={name}]").first
        expect(field).to_have_attribute("aria-invalid", "true")
        described = field.get_attribute("aria-describedby")
        assert described, name
        expect(page.locator(f"#{described}")).not_to_be_empty()
    expect(page.locator("#galat-u1")).to_contain_text("Pilih salah satu jawaban")
    assert_no_axe_violations(page, "survei-formulir-galat-ponsel")
    assert Respons.objects.count() == 0

    # Complete it with the keyboard only: Space picks a radio, arrows move within a group
    # or a list, typing fills a field, Enter on the button sends.
    for _ in range(200):
        fokus = _tab(page)
        if not fokus["inForm"]:
            continue
        if fokus["type"] == "radio":
            page.keyboard.press("Space")
            page.keyboard.press("ArrowDown")
        elif fokus["tag"] == "select":
            page.keyboard.press("ArrowDown")
        elif fokus["name"] == "umur":
            page.keyboard.type("34")
        elif fokus["name"] == "saran":
            page.keyboard.type("Petugas ramah.")
        elif fokus["type"] == "submit":
            page.keyboard.press("Enter")
            break
    expect(page.get_by_role("heading", level=1)).to_have_text("Terima kasih!")
    respons = Respons.objects.get()
    assert respons.umur == 34 and respons.saran == "Petugas ramah."
    assert respons.u1 is not None and respons.u9 is not None and respons.pendidikan
    assert_no_axe_violations(page, "survei-terima-kasih-keyboard-ponsel")

    # The same device opens the form again: whatever it is told, the page stays accessible.
    page.goto(f"{live_server.url}/survei/{layanan.kode}/")
    assert_no_axe_violations(page, "survei-sudah-menjawab-ponsel")
