import pytest
from django.urls import reverse
from django.utils.html import escape

from hubs.models import Hub

from .factories import HubFactory

pytestmark = pytest.mark.django_db


def test_it_lists_every_published_hub_by_name(client):
    response = client.get(reverse("hubs:home"))
    assert response.status_code == 200
    for name in Hub.objects.published().values_list("name_en", flat=True):
        assert escape(name) in response.content.decode()


def test_it_links_to_the_admin(client):
    response = client.get(reverse("hubs:home"))
    assert reverse("admin:index") in response.content.decode()


def test_it_hides_an_unpublished_hub(client):
    HubFactory(name_en="Secret Draft Hub", published=False)
    response = client.get(reverse("hubs:home"))
    assert "Secret Draft Hub" not in response.content.decode()


def test_it_escapes_a_hub_name(client):
    HubFactory(name_en="<script>alert(1)</script>")
    body = client.get(reverse("hubs:home")).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_its_query_count_does_not_grow_with_the_hubs(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get(reverse("hubs:home"))
    HubFactory.create_batch(20)
    with django_assert_num_queries(1):
        client.get(reverse("hubs:home"))
