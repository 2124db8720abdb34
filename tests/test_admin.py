import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hubs.models import Hub, Membership, Organization, ReportFigure, Site, Source, TechnologyArea
from incubators.models import Incubator
from regions.models import Region

from .factories import HubFactory, MembershipFactory, SiteFactory, TechnologyAreaFactory

pytestmark = pytest.mark.django_db

MODELS = [
    Hub,
    Site,
    Organization,
    Membership,
    Source,
    TechnologyArea,
    ReportFigure,
    Incubator,
    Region,
]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def change_url(obj):
    return admin_url(type(obj), "change", obj.pk)


def unchanged_form_data(response):
    """What the change page would post back untouched: its form and every inline formset."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if value is True:
                data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(item) for item in value]
            else:
                data[field.html_name] = str(value)
    return data


def a_hub_with_sites_and_members(members=1, **fields):
    hub = HubFactory(**{"name_en": "Admin Test Hub", **fields})
    SiteFactory(hub=hub)
    MembershipFactory.create_batch(members, hub=hub)
    return hub


def count_queries(client, url):
    client.get(url)  # the first request of a test fills caches (content types, session)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_it_lists_every_model_for_a_superuser(admin_client, model):
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_it_opens_a_change_page_of_every_model(admin_client, model):
    obj = model.objects.first()
    assert admin_client.get(change_url(obj)).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_it_opens_the_add_page_of_every_model(admin_client, model):
    assert admin_client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_it_sends_anonymous_visitors_to_the_login(client, model):
    for url in [admin_url(model, "changelist"), change_url(model.objects.first())]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_it_refuses_staff_without_permissions(client):
    user = get_user_model().objects.create_user("intern", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(admin_url(Hub, "changelist")).status_code == 403


def test_it_shows_unpublished_hubs_to_staff(admin_client):
    HubFactory(name_en="Draft Hub Under Review", published=False)
    response = admin_client.get(admin_url(Hub, "changelist"))
    assert "Draft Hub Under Review" in response.content.decode()


def test_it_finds_a_hub_by_the_city_of_a_site(admin_client):
    hub = HubFactory(name_en="Hub Found By City")
    SiteFactory(hub=hub, city="Timbuktu")
    response = admin_client.get(admin_url(Hub, "changelist"), {"q": "timbuktu"})
    assert list(response.context["cl"].result_list) == [hub]


def test_it_filters_hubs_by_an_economy_and_the_economies_inside_it(admin_client):
    response = admin_client.get(admin_url(Hub, "changelist"), {"region": "eu"})
    listed = set(response.context["cl"].result_list)
    assert listed == set(Hub.objects.in_region(Region.objects.get(slug="eu")))
    assert any(hub.region.slug == "de" for hub in listed)


def test_it_finds_an_organisation_by_another_name(admin_client):
    organization = Organization.objects.get(aliases__name="ColdQuanta (Infleqtion)")
    response = admin_client.get(
        admin_url(Organization, "changelist"), {"q": "ColdQuanta (Infleqtion)"}
    )
    assert organization in response.context["cl"].result_list


def test_it_shows_the_history_of_a_hub(admin_client):
    hub = Hub.objects.first()
    response = admin_client.get(admin_url(Hub, "history", hub.pk))
    assert response.status_code == 200
    assert list(response.context["page_obj"].object_list) == list(hub.history.all()[:100])
    assert "simple_history/object_history.html" in [t.name for t in response.templates]


def test_it_records_who_changed_a_hub(admin_client, admin_user):
    hub = a_hub_with_sites_and_members()
    data = unchanged_form_data(admin_client.get(change_url(hub)))
    data["name_en"] = "Admin Test Hub (renamed)"
    response = admin_client.post(change_url(hub), data)
    assert response.status_code == 302, response.context["errors"]
    record = hub.history.latest()
    assert record.name_en == "Admin Test Hub (renamed)"
    assert record.history_user == admin_user
    assert record.history_type == "~"


def test_it_rejects_a_site_latitude_of_91_and_saves_nothing(admin_client):
    hub = a_hub_with_sites_and_members()
    data = unchanged_form_data(admin_client.get(change_url(hub)))
    data["name_en"] = "Never Saved"
    data["sites-0-latitude"] = "91"
    history_before = hub.history.count()

    response = admin_client.post(change_url(hub), data)

    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 90." in response.content.decode()
    hub.refresh_from_db()
    assert hub.name_en == "Admin Test Hub"
    assert hub.sites.get().latitude == 41.88
    assert hub.history.count() == history_before


def test_it_rejects_two_primary_sites(admin_client):
    hub = a_hub_with_sites_and_members()
    data = unchanged_form_data(admin_client.get(change_url(hub)))
    data.update(
        {
            "sites-TOTAL_FORMS": "2",
            "sites-1-city": "Evanston",
            "sites-1-latitude": "42.05",
            "sites-1-longitude": "-87.68",
            "sites-1-is_primary": "on",
        }
    )
    response = admin_client.post(change_url(hub), data)
    assert response.status_code == 200
    assert "Mark at most one site as the primary site." in response.content.decode()
    assert hub.sites.count() == 1


def test_it_derives_the_economy_of_a_new_hub_from_its_country(admin_client):
    data = unchanged_form_data(admin_client.get(admin_url(Hub, "add")))
    data.update(
        {"name_en": "Munich Test Hub", "slug": "munich-test-hub", "kind": "research-center"}
    )
    data["country"] = "DE"
    response = admin_client.post(admin_url(Hub, "add"), data)
    assert response.status_code == 302, response.context["errors"]
    assert Hub.objects.get(slug="munich-test-hub").region.slug == "de"


def test_it_asks_for_the_economy_of_a_hub_without_a_country(admin_client):
    data = unchanged_form_data(admin_client.get(admin_url(Hub, "add")))
    data.update({"name_en": "Nowhere Hub", "slug": "nowhere-hub", "kind": "research-center"})
    response = admin_client.post(admin_url(Hub, "add"), data)
    assert response.status_code == 200
    assert "region" in response.context["adminform"].form.errors
    assert not Hub.objects.filter(slug="nowhere-hub").exists()


def test_it_puts_the_map_picker_on_the_hub_change_page(admin_client):
    hub = a_hub_with_sites_and_members()
    body = admin_client.get(change_url(hub)).content.decode()
    assert 'class="coordinate-picker"' in body
    assert 'data-tile-url="https://' in body
    assert "admin/atlas/coordinate_picker.js" in body
    assert "leaflet/leaflet.js" in body


def test_it_puts_the_map_picker_on_the_incubator_change_page(admin_client):
    body = admin_client.get(change_url(Incubator.objects.first())).content.decode()
    assert 'class="coordinate-picker"' in body


def test_it_needs_no_inline_script_or_style_on_the_hub_change_page(admin_client):
    hub = a_hub_with_sites_and_members()
    body = admin_client.get(change_url(hub)).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body)
    assert " style=" not in body


def test_it_keeps_the_hub_changelist_queries_the_same_with_3_and_30_hubs(admin_client):
    Hub.objects.all().delete()
    areas = [TechnologyAreaFactory(), TechnologyAreaFactory()]

    def add_hubs(count):
        for _ in range(count):
            hub = a_hub_with_sites_and_members(members=2, name_en=f"Hub {Hub.objects.count()}")
            hub.technology_areas.set(areas)

    add_hubs(3)
    with_3 = count_queries(admin_client, admin_url(Hub, "changelist"))
    add_hubs(27)
    assert Hub.objects.count() == 30
    assert count_queries(admin_client, admin_url(Hub, "changelist")) == with_3


def test_it_keeps_the_hub_change_page_queries_the_same_with_1_and_20_members(admin_client):
    small = a_hub_with_sites_and_members(members=1, name_en="Small Hub")
    large = a_hub_with_sites_and_members(members=20, name_en="Large Hub")
    SiteFactory.create_batch(5, hub=large, is_primary=False)
    for hub in (small, large):
        hub.citations.create(source=Source.objects.first())
    assert count_queries(admin_client, change_url(small)) == count_queries(
        admin_client, change_url(large)
    )


def test_it_creates_the_first_superuser_from_environment_variables(monkeypatch, client):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "first-curator")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-curator-passphrase")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "curator@example.org")
    call_command("createsuperuser", interactive=False, verbosity=0)
    response = client.post(
        reverse("admin:login"),
        {"username": "first-curator", "password": "a-long-curator-passphrase"},
    )
    assert response.status_code == 302
    assert client.get(admin_url(Hub, "changelist")).status_code == 200


def test_a_change_without_a_reason_shows_a_dash_not_none(admin_client):
    hub = HubFactory()
    assert hub.history.latest().history_change_reason is None

    response = admin_client.get(admin_url(Hub, "history", hub.pk))

    body = response.content.decode()
    table = body.split('id="change-history"', 1)[1].split("</table>", 1)[0]
    headings = re.findall(r"<th[^>]*>(.*?)</th>", table.split("</thead>")[0], re.S)
    row = table.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    cells = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
        for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
    ]
    assert cells[headings.index("Change reason")] == "—"


def test_the_memberships_can_be_filtered_by_hub(admin_client):
    hub, other = HubFactory(), HubFactory()
    mine = MembershipFactory(hub=hub)
    MembershipFactory(hub=other)

    response = admin_client.get(admin_url(Membership, "changelist"), {"hub__id__exact": hub.pk})

    assert list(response.context["cl"].result_list) == [mine]
    assert f"?hub__id__exact={other.pk}" in response.content.decode()
