"""The records and users the hostile-input table runs against, made once per module: the
curated dataset, plus records whose text a spreadsheet would run as a formula, a hub with
one site inside the GeoJSON box and one outside it, sources only unpublished records cite,
and a client for each kind of caller."""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, User
from django.test import Client
from rest_framework.authtoken.models import Token

from hubs.models import Hub, HubCitation, OrganizationCitation, TechnologyArea
from incubators.models import IncubatorCitation
from regions.models import Region
from tests.factories import (
    HubFactory,
    IncubatorFactory,
    MembershipFactory,
    OrganizationFactory,
    RegionFactory,
    SiteFactory,
    SourceFactory,
)

# Text a spreadsheet would run (OWASP's starts), and text Python reads as a number where a
# spreadsheet would not; each is the name of records of every kind the CSVs write.
FORMULAS = {
    "equals": '=HYPERLINK("http://evil.example/x","x")',
    "plus": "+1+cmd|' /C calc'!A0",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "cr": "\r=1+1",
    "minus-inf": "-inf",
    "minus-underscored": "-1_000",
    "minus-arabic-digits": "-١٢",
}
# The formula hubs' site: a negative number every CSV with coordinates writes as it is.
FORMULA_SITE = {"city": "Chicago", "latitude": 41.88, "longitude": -87.63}
BOX = (3, 50, 8, 54)  # the Low Countries and the Rhineland
XSS = "<script>alert(1)</script>"

CALLERS = ("anonymous", "curator", "ex-staff", "inactive", "reader", "staff", "superuser")


@dataclass
class World:
    tokens: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)  # what a case's path may name: {hub_pk}
    hidden_sources: list = field(default_factory=list)

    def client(self, who):
        """A client for `who`: token callers send their token, staff and superuser have a
        session; none of them fails on a response the way a 500 would."""
        if who in self.tokens:
            client = Client(HTTP_AUTHORIZATION=f"Token {self.tokens[who]}")
        else:
            client = Client()
            if who != "anonymous":
                client.force_login(self.users[who])
        client.raise_request_exception = False  # a 500 is a status the case reports
        return client


def curator(username, **flags):
    user = User.objects.create_user(username, **flags)  # no password: hashing one is slow
    user.groups.set(Group.objects.filter(name__in=["Hub curators", "Incubator curators"]))
    return user


def add_users(world):
    world.users = {
        "curator": curator("table-curator", is_staff=True),
        # Still in the groups, but no longer staff: the API refuses their writes (403).
        "ex-staff": curator("table-ex-staff"),
        "inactive": curator("table-inactive", is_staff=True, is_active=False),
        "reader": User.objects.create_user("table-reader"),
        "staff": curator("table-staff", is_staff=True),
        "superuser": User.objects.create_superuser("table-admin"),
    }
    world.tokens = {
        who: Token.objects.create(user=world.users[who]).key
        for who in ("curator", "ex-staff", "inactive", "reader")
    }


def add_formula_records(world):
    asia, eu = Region.objects.get(slug="asia"), Region.objects.get(slug="eu")
    for key, text in FORMULAS.items():
        names = {"name_en": text, "name_zh": text}
        economy = RegionFactory(slug=f"formula-{key}", parent=asia, **names)
        member_state = RegionFactory(slug=f"formula-eu-{key}", parent=eu, **names)
        area = TechnologyArea.objects.create(slug=f"formula-{key}", **names)
        hub = HubFactory(slug=f"formula-{key}", acronym=text, region=economy, country="", **names)
        hub.technology_areas.add(area)
        SiteFactory(hub=hub, name=text, **FORMULA_SITE)
        SiteFactory(hub=HubFactory(slug=f"formula-eu-{key}", region=member_state, country=""))
        source = SourceFactory(title=text, publisher=text)
        HubCitation.objects.create(hub=hub, source=source)
        IncubatorFactory(slug=f"formula-{key}", name_en=text, city=text, affiliated_hub=hub)
        OrganizationFactory(slug=f"formula-{key}", name=text)
    HubFactory(slug="xss-name", name_en=XSS, acronym=XSS, description_en=XSS)


def add_network_hub(world):
    """One site in BOX, one far outside it: a box's map shows only the first."""
    hub = HubFactory(slug="network-hub")
    SiteFactory(hub=hub, city="Delft", country="NL", latitude=52.01, longitude=4.36)
    SiteFactory(hub=hub, city="Chicago", latitude=41.88, longitude=-87.63, is_primary=False)


def add_hidden_sources(world):
    """Sources cited only by unpublished records, each through another kind of citation."""
    hidden = [SourceFactory(title=f"Hidden source {number}") for number in range(4)]
    hub = HubFactory(slug="unpublished-hub", published=False)
    HubCitation.objects.create(hub=hub, source=hidden[0])
    OrganizationCitation.objects.create(
        organization=OrganizationFactory(published=False), source=hidden[1]
    )
    IncubatorCitation.objects.create(incubator=IncubatorFactory(published=False), source=hidden[2])
    SiteFactory(hub=hub).sources.add(hidden[3])
    # A published member: anonymous clients asking for the hub's members get none.
    MembershipFactory(hub=hub, organization=OrganizationFactory(slug="unpublished-hubs-member"))
    world.hidden_sources = hidden
    world.values["hidden_source"] = hidden[0].pk


def build_world():
    world = World()
    add_users(world)
    add_formula_records(world)
    add_network_hub(world)
    add_hidden_sources(world)
    world.values["hub_pk"] = Hub.objects.get(slug="quantum-delta-nl").pk
    world.values["history_id"] = Hub.history.values_list("history_id", flat=True).first()
    return world
