from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse

PASSWORD = "a long curator password"


def sign_in(page, site_url, password):
    page.goto(site_url + reverse("admin:login"))
    page.fill("#id_username", "curator")
    page.fill("#id_password", password)
    page.click("input[type=submit]")


def test_a_curator_signs_in_to_the_admin(page, site_url):
    User.objects.create_user("curator", password=PASSWORD, is_staff=True)
    sign_in(page, site_url, PASSWORD)
    assert page.url == site_url + reverse("admin:index")


def test_repeated_wrong_passwords_lead_to_the_lockout_page(page, site_url, page_watch):
    page_watch.allow_console_error("status of 429")
    User.objects.create_user("curator", password=PASSWORD, is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(page, site_url, "not the password")
    assert page.locator("h1").inner_text() == "Too many failed sign-ins"

    sign_in(page, site_url, PASSWORD)
    assert page.locator("h1").inner_text() == "Too many failed sign-ins"
