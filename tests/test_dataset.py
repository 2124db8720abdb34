import json
import shutil

import pytest
from django.core.management import call_command

from dataset.loader import DEFAULT_DATASET_PATH, dataset_import
from hubs.models import Hub, HubCitation, Membership, Organization, ReportFigure, Site
from incubators.models import Incubator

pytestmark = pytest.mark.django_db

# The hubs the seed article names, by the dataset's English name and the article's Chinese name
# (None where the article gives none).
ARTICLE_HUBS = {
    "Chicago Quantum Exchange": "芝加哥量子交易所",
    "Potomac Quantum Innovation Center": "波托马克量子创新中心",
    "Mid-Atlantic Quantum Alliance": "中大西洋量子联盟",
    "DOE National Quantum Information Science Research Centers": "国家量子信息科学研究中心",
    "Quantum Economic Development Consortium": "量子经济发展联盟",
    "Elevate Quantum": "量子提升",
    "Canadian Quantum Research Center": "加拿大量子研究中心",
    "DistriQ Quantum Innovation Zone": "DistriQ量子创新区",
    "Quebec Digital and Quantum Innovation Platform": "魁北克数字与量子创新平台",
    "DLR Quantum Computing Initiative": "DLR量子计算计划",
    "QuantumBW – Baden-Württemberg innovation alliance for quantum technologies and "
    "applications": "巴登-符腾堡州量子技术与应用联盟",
    "UKQuantum": "英国量子联盟",
    "National Quantum Science and Technology Institute": None,
    "Quantum Delta NL": "量子三角洲",
    "HPCQS – High-Performance Computer and Quantum Simulator hybrid": "HPC-QS项目",
    "Quantum Internet Alliance": "量子互联网联盟",
    "Hefei High-tech Industrial Development Zone – China Speech Valley & Quantum Center": (
        "合肥高新区-中国声谷&量子中心"
    ),
    "Quantum Science and Technology Industry-University-Research Innovation Alliance": (
        "量子科技产学研创新联盟"
    ),
    "Quantum Information Network Industry Alliance": "量子信息网络产业联盟",
    "National Taiwan University – IBM Quantum Hub": "台湾大学-IBM量子计算中心",
    "Quantum Technology Innovation Hubs": "量子技术创新中心",
    "Quantum STrategic industry Alliance for Revolution": "量子战略产业革命联盟",
    "Quantum Software Research Hub (Osaka University)": "量子软件研究中心",
}


def read_fixture(name):
    with open(DEFAULT_DATASET_PATH / name, encoding="utf-8") as handle:
        return json.load(handle)


def test_it_loads_every_hub_and_incubator_of_the_data():
    hub_names = {entry["name_en"] for entry in read_fixture("hubs.json")}
    incubator_names = {entry["name_en"] for entry in read_fixture("incubators.json")}
    assert len(hub_names) == 98 and len(incubator_names) == 9
    assert set(Hub.objects.values_list("name_en", flat=True)) == hub_names
    assert set(Incubator.objects.values_list("name_en", flat=True)) == incubator_names


@pytest.mark.parametrize(("name_en", "name_zh"), ARTICLE_HUBS.items())
def test_it_holds_every_hub_the_article_names(name_en, name_zh):
    hub = Hub.objects.get(name_en=name_en)
    assert hub.in_article
    if name_zh:
        assert Hub.objects.get(name_zh=name_zh) == hub


def test_it_marks_the_hubs_found_beyond_the_article():
    # The article's 23, then France's and Finland's hubs and the 73 of the coverage wave.
    assert Hub.objects.filter(in_article=True).count() == 23
    assert Hub.objects.filter(in_article=False).count() == 75


def test_it_loads_one_record_per_organisation_across_hubs():
    ibm = Organization.objects.get(name="IBM")
    assert ibm.memberships.count() == 8
    assert Organization.objects.count() == 231
    assert Membership.objects.count() == 277


def test_it_keeps_unknown_values_unknown():
    pqic = Hub.objects.get(acronym="PQIC")
    assert pqic.member_count is None and pqic.member_count_as_of == ""
    qiia = Hub.objects.get(name_en="Quantum Information Network Industry Alliance")
    assert qiia.acronym == ""
    assert qiia.founded is None and not qiia.sites.exists()
    assert not qiia.technology_areas.exists()
    ntu = Hub.objects.get(acronym="NTU-IBM Q Hub")
    assert ntu.funding_amount is None and ntu.funding_note


def test_it_places_network_hubs_at_all_their_sites():
    doe = Hub.objects.get(acronym="NQISRCs")
    assert doe.sites.count() == 5 and not doe.sites.filter(is_primary=True).exists()
    qdnl = Hub.objects.get(acronym="QDNL")
    assert set(qdnl.sites.values_list("city", flat=True)) >= {"Delft", "Amsterdam", "Leiden"}
    assert qdnl.sites.get(is_primary=True).city == "Delft"


def test_it_gives_a_single_site_hub_its_primary_site():
    pqic = Hub.objects.get(acronym="PQIC")
    site = pqic.sites.get()
    assert site.is_primary
    assert (site.city, site.latitude, site.longitude) == ("Washington, D.C.", 38.91, -77.04)
    assert site.sources.filter(title__startswith="well-known coordinates of Washington").exists()


def test_it_keeps_each_fields_source():
    cqe = Hub.objects.get(acronym="CQE")
    citation = HubCitation.objects.get(hub=cqe, field="member_count")
    assert citation.source.url == (
        "https://press-news.org/170339-chicago-quantum-exchange-annual-report-highlights-2022-growth.html"
    )
    dlr = Hub.objects.get(acronym="DLR QCI")
    assert dlr.citations.filter(field="funding").count() == 2
    assert (dlr.funding_amount, dlr.funding_currency) == (740_000_000, "EUR")


def test_it_stores_taiwan_as_the_fact_and_the_reports_grouping_beside_it():
    ntu = Hub.objects.get(acronym="NTU-IBM Q Hub")
    assert ntu.country.code == "TW" and ntu.region.slug == "tw"
    assert ntu.report_region.slug == "cn"
    assert ntu.citations.filter(field="report_region").exists()


def test_it_puts_eu_wide_hubs_in_the_eu_without_a_country():
    qia = Hub.objects.get(acronym="QIA")
    assert not qia.country and qia.region.slug == "eu"


def test_it_loads_the_reports_figures_with_their_source():
    figure = ReportFigure.objects.get(metric="share_of_hubs", scope="world", label="EU")
    assert figure.value == 37 and figure.region.slug == "eu"
    assert "Photon Box" in figure.source.publisher
    assert ReportFigure.objects.count() == 13


def test_loading_twice_changes_nothing():
    history_before = Hub.history.count() + Site.history.count() + Incubator.history.count()
    report = dataset_import()
    assert not report.changed_anything
    assert report.kept_edits == []
    history_after = Hub.history.count() + Site.history.count() + Incubator.history.count()
    assert history_after == history_before


def test_the_command_says_when_nothing_changed(capsys):
    call_command("load_dataset")
    assert "already holds this dataset" in capsys.readouterr().out


def test_it_keeps_a_curators_edit_and_says_so():
    hub = Hub.objects.get(acronym="CQE")
    hub.member_count = 55
    hub.save()
    report = dataset_import()
    hub.refresh_from_db()
    assert hub.member_count == 55
    assert any("member_count" in line and "55" in line for line in report.kept_edits)


def test_it_overwrites_a_curators_edit_only_when_asked():
    hub = Hub.objects.get(acronym="CQE")
    hub.member_count = 55
    hub.save()
    dataset_import(overwrite=True)
    hub.refresh_from_db()
    assert hub.member_count == 40


def test_it_keeps_a_curators_removal_of_a_member():
    hub = Hub.objects.get(acronym="CQE")
    hub.memberships.filter(organization__name="IBM").delete()
    report = dataset_import()
    assert not hub.memberships.filter(organization__name="IBM").exists()
    assert any("members" in line for line in report.kept_edits)


def test_it_keeps_a_curators_new_site():
    hub = Hub.objects.get(acronym="CQE")
    Site.objects.create(hub=hub, city="Evanston", latitude=42.05, longitude=-87.69)
    report = dataset_import()
    assert hub.sites.filter(city="Evanston").exists()
    assert any("sites" in line for line in report.kept_edits)


def test_it_recreates_a_deleted_record():
    Hub.objects.get(acronym="CQE").delete()
    report = dataset_import()
    assert report.created["hubs"] == 1
    assert Hub.objects.get(acronym="CQE").memberships.count() == 31


def test_it_follows_a_change_in_the_dataset_where_no_curator_edited(tmp_path):
    folder = tmp_path / "fixtures"
    shutil.copytree(DEFAULT_DATASET_PATH, folder)
    hubs = read_fixture("hubs.json")
    for entry in hubs:
        if entry["acronym"] == "CQE":
            entry["member_count"] = 44
    (folder / "hubs.json").write_text(json.dumps(hubs), encoding="utf-8")
    report = dataset_import(path=folder)
    assert Hub.objects.get(acronym="CQE").member_count == 44
    assert report.updated["hubs"] == 1 and report.kept_edits == []


def test_a_load_bumps_the_data_version_once_after_its_transaction(monkeypatch):
    """The loader writes with QuerySet.update(), which sends no signal."""
    bumps = []
    monkeypatch.setattr("dataset.loader.data_version_bump", lambda: bumps.append(1))

    dataset_import()

    assert bumps == [1]
