"""Curating the facts' trustworthiness (issue 13): conflicting figures loaded from the
dataset with sources it cites, kept across reloads; "Mark verified today" in the admin,
recorded in the history."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from dataset.loader import DEFAULT_DATASET_PATH, dataset_import
from hubs.models import Hub, HubConflictingFigure, Organization, Source
from incubators.models import Incubator, IncubatorConflictingFigure

pytestmark = pytest.mark.django_db

MQA = "mid-atlantic-quantum-alliance"
RECORD_FILES = ["hubs.json", "incubators.json", "sites.json", "organizations.json"]


def conflicting_figures():
    text = (DEFAULT_DATASET_PATH / "conflicting-figures.json").read_text(encoding="utf-8")
    return json.loads(text)["figures"]


def test_every_conflicting_figure_cites_a_url_the_datasets_records_cite():
    cited = "".join(
        (DEFAULT_DATASET_PATH / name).read_text(encoding="utf-8") for name in RECORD_FILES
    )
    for figure in conflicting_figures():
        assert re.match(r"https?://", figure["source"]), figure
        assert json.dumps(figure["source"], ensure_ascii=False) in cited, figure["source"]


def test_the_load_gives_each_conflicting_figure_its_record_and_source():
    figures = conflicting_figures()
    loaded = HubConflictingFigure.objects.count() + IncubatorConflictingFigure.objects.count()

    assert loaded == len(figures) == 18
    elevate = HubConflictingFigure.objects.get(hub__slug="elevate-quantum")
    assert (elevate.field, elevate.value) == ("member_count", "about 70 stakeholders")
    assert elevate.source.url.startswith("https://bizwest.com/")
    qtec = IncubatorConflictingFigure.objects.get()
    assert qtec.incubator.slug == "quantum-technology-enterprise-centre"


def test_a_reload_keeps_a_curators_edit_of_a_conflicting_figure_and_last_verified():
    figure = HubConflictingFigure.objects.get(hub__slug=MQA)
    figure.note = "Checked with the alliance."
    figure.save()
    Hub.objects.filter(slug=MQA).update(last_verified=datetime.date(2025, 1, 2))

    dataset_import()

    figure.refresh_from_db()
    assert figure.note == "Checked with the alliance."
    assert Hub.objects.get(slug=MQA).last_verified == datetime.date(2025, 1, 2)
    assert HubConflictingFigure.objects.filter(hub__slug=MQA).count() == 1


def test_a_conflicting_figure_keeps_its_history():
    figure = HubConflictingFigure.objects.get(hub__slug=MQA)
    figure.value = "21 organisations and more than 200 experts"
    figure.save()

    assert figure.history.first().value == "21 organisations and more than 200 experts"


@pytest.mark.parametrize(
    ("model", "slug"),
    [
        (Hub, MQA),
        (Incubator, "quantum-technology-enterprise-centre"),
        (Organization, None),
    ],
    ids=["hub", "incubator", "organization"],
)
def test_mark_verified_today_stamps_the_records_and_their_history(admin_client, model, slug):
    record = model.objects.get(slug=slug) if slug else model.objects.order_by("pk").first()
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    response = admin_client.post(
        url, {"action": "mark_verified_today", "_selected_action": [record.pk]}, follow=True
    )

    assert response.status_code == 200
    assert "1 record marked verified today." in response.content.decode()
    record.refresh_from_db()
    assert record.last_verified == timezone.localdate()
    latest = record.history.first()
    assert latest.last_verified == timezone.localdate()
    assert latest.history_change_reason == "Marked verified"


def test_the_admin_lists_stale_records_and_shows_conflicting_figures_inline(admin_client):
    Hub.objects.filter(slug=MQA).update(last_verified=datetime.date(2019, 6, 1))
    changelist = reverse("admin:hubs_hub_changelist")

    stale = admin_client.get(changelist, {"verified": "stale"}).content.decode()
    assert "Mid-Atlantic Quantum Alliance" in stale
    assert "Chicago Quantum Exchange" not in stale

    hub = Hub.objects.get(slug=MQA)
    change = admin_client.get(reverse("admin:hubs_hub_change", args=[hub.pk])).content.decode()
    assert "conflicting_figures-0-value" in change
    assert "11 universities" in change


def test_a_source_has_an_optional_accessed_date():
    source = Source.objects.filter(accessed=None).first()
    source.accessed = datetime.date(2025, 12, 1)
    source.full_clean()
    source.save()
    assert source.history.first().accessed == datetime.date(2025, 12, 1)


def test_a_reload_keeps_a_curators_removal_of_a_conflicting_figure_and_says_so():
    HubConflictingFigure.objects.filter(hub__slug=MQA).delete()

    report = dataset_import()

    assert not HubConflictingFigure.objects.filter(hub__slug=MQA).exists()
    assert any("removed the conflicting figure" in line for line in report.kept_edits)
