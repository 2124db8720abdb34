"""The Chinese texts of fixtures/zh/ reach the records, and the files cover the data."""

import json
import shutil

import pytest

from dataset.loader import DEFAULT_DATASET_PATH, dataset_import
from hubs.models import Hub, Membership, Site
from incubators.models import Incubator

pytestmark = pytest.mark.django_db

ZH = DEFAULT_DATASET_PATH / "zh"


def read(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def hub_entries():
    return {entry["name_en"]: entry for entry in read(DEFAULT_DATASET_PATH / "hubs.json")}


def incubator_entries():
    return {entry["name_en"]: entry for entry in read(DEFAULT_DATASET_PATH / "incubators.json")}


def test_the_files_name_only_records_of_the_data():
    hubs, incubators = hub_entries(), incubator_entries()
    sites = read(DEFAULT_DATASET_PATH / "sites.json")
    site_names = {(site["hub"], site["site_name"]) for site in sites}
    cities = {entry["city"] for entry in [*hubs.values(), *incubators.values()]}
    cities |= {site["city"] for site in sites}
    assert set(read(ZH / "hubs.json")) <= set(hubs)
    assert set(read(ZH / "incubators.json")) <= set(incubators)
    for hub_name, by_site in read(ZH / "sites.json").items():
        assert {(hub_name, name) for name in by_site} <= site_names, hub_name
    assert set(read(ZH / "cities.json")) <= cities


def test_it_loads_every_hubs_chinese_texts_the_files_give():
    for name_en, texts in read(ZH / "hubs.json").items():
        hub = Hub.objects.get(name_en=name_en)
        assert hub.description_zh == texts.get("description", "")
        assert texts.get("notes", "") in hub.notes_zh
        assert hub.funding_note_zh == texts.get("funding_note", "")
        assert hub.zh_is_translation
        for stated, stated_zh in (texts.get("member_roles") or {}).items():
            memberships = Membership.objects.filter(hub=hub, role_as_stated=stated)
            assert memberships.exists(), stated
            assert {m.role_as_stated_zh for m in memberships} == {stated_zh}


def test_it_loads_every_incubators_chinese_texts_the_files_give():
    fields = ["description", "notes", "funds_raised_note", "host_institution"]
    for name_en, texts in read(ZH / "incubators.json").items():
        incubator = Incubator.objects.get(name_en=name_en)
        for field in fields:
            assert getattr(incubator, f"{field}_zh") == texts.get(field, ""), field


def test_it_loads_the_chinese_names_roles_and_cities_of_sites():
    cities = read(ZH / "cities.json")
    for hub_name, by_site in read(ZH / "sites.json").items():
        for site_name, texts in by_site.items():
            site = Site.objects.get(hub__name_en=hub_name, name=site_name)
            assert (site.name_zh, site.role_zh) == (texts.get("name", ""), texts.get("role", ""))
    for site in Site.objects.filter(city__in=cities):
        assert site.city_zh == cities[site.city]
    for incubator in Incubator.objects.filter(city__in=cities):
        assert incubator.city_zh == cities[incubator.city]


def test_the_report_groupings_chinese_note_leads_the_chinese_notes():
    hub = Hub.objects.get(name_en="National Taiwan University – IBM Quantum Hub")
    if hub.notes_zh:
        assert hub.notes_zh.startswith("2024年报告将这一位于台北的中心计入中国。")
    else:  # its own notes are untranslated: the English ones stand, whole
        assert hub.notes.startswith("The 2024 report counts this centre")


def test_a_reload_keeps_a_curators_chinese_text():
    hub = Hub.objects.get(acronym="CQE")
    hub.description_zh = "馆员改写的描述。"
    hub.notes_zh = "馆员的注释。"
    hub.save()
    report = dataset_import()
    hub.refresh_from_db()
    assert (hub.description_zh, hub.notes_zh) == ("馆员改写的描述。", "馆员的注释。")
    assert any("description_zh" in line for line in report.kept_edits)


def test_a_chinese_description_written_before_the_files_existed_is_kept():
    """A database loaded before fixtures/zh/: its curators' Chinese descriptions stay."""
    hub = Hub.objects.get(acronym="CQE")
    memory = {key: value for key, value in hub.dataset_values.items() if key != "description_zh"}
    Hub.objects.filter(pk=hub.pk).update(description_zh="馆员早先写的描述。", dataset_values=memory)
    dataset_import()
    hub.refresh_from_db()
    assert hub.description_zh == "馆员早先写的描述。"


def test_a_new_translation_reaches_a_record_no_curator_edited(tmp_path):
    folder = tmp_path / "fixtures"
    shutil.copytree(DEFAULT_DATASET_PATH, folder)
    texts = read(folder / "zh" / "hubs.json")
    texts.setdefault("Quantum Delta NL", {})["description"] = "荷兰的国家量子生态系统。"
    (folder / "zh" / "hubs.json").write_text(json.dumps(texts), encoding="utf-8")
    report = dataset_import(path=folder)
    assert Hub.objects.get(name_en="Quantum Delta NL").description_zh == "荷兰的国家量子生态系统。"
    assert report.kept_edits == []


def test_a_dataset_without_chinese_files_is_a_dataset_in_english(tmp_path):
    folder = tmp_path / "fixtures"
    shutil.copytree(DEFAULT_DATASET_PATH, folder, ignore=shutil.ignore_patterns("zh"))
    dataset_import(path=folder)
    hub = Hub.objects.get(acronym="CQE")
    assert (hub.description_zh, hub.notes_zh) == ("", "")
    assert hub.description == hub.description_en


# Needs the complete translations of fixtures/zh/ (written by hand, hub by hub): until they
# land, this lists the records still without a Chinese description.
def test_every_hub_and_incubator_has_a_chinese_description():
    missing = list(
        Hub.objects.filter(description_zh="")
        .exclude(description_en="")
        .values_list("name_en", flat=True)
    ) + list(
        Incubator.objects.filter(description_zh="")
        .exclude(description_en="")
        .values_list("name_en", flat=True)
    )
    assert missing == []
