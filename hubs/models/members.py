"""What "members" means: the role an organisation has in a hub, and what a hub's reported
member count counts. Both vocabularies are exactly the values the data uses (its README,
"member_role" and "member_count_unit")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberRole(models.TextChoices):
    MEMBER = "member", _("member")
    FOUNDING_MEMBER = "founding-member", _("founding member")
    FOUNDER = "founder", _("founder")
    LEAD_MEMBER = "lead-member", _("lead member")
    MEMBER_INSTITUTION = "member-institution", _("member institution")
    CONSORTIUM_MEMBER = "consortium-member", _("consortium member")
    PARTICIPATING_INSTITUTION = "participating-institution", _("participating institution")
    ANCHOR_INSTITUTION = "anchor-institution", _("anchor institution")
    HOST_INSTITUTION = "host-institution", _("host institution")
    PARTNER = "partner", _("partner")
    LEAD_PARTNER = "lead-partner", _("lead partner")
    ACADEMIC_PARTNER = "academic-partner", _("academic partner")
    CORPORATE_PARTNER = "corporate-partner", _("corporate partner")
    TECHNOLOGY_PARTNER = "technology-partner", _("technology partner")
    COORDINATOR = "coordinator", _("coordinator")
    PROPOSER_AND_COORDINATOR = "proposer-and-coordinator", _("proposer and coordinator")
    PROGRAMME_OPERATOR = "programme-operator", _("programme operator")
    MANAGER = "manager", _("manager")
    STEERING_COMMITTEE = "steering-committee", _("steering committee")
    LEAD_LABORATORY = "lead-laboratory", _("lead laboratory")
    REGIONAL_HUB = "regional-hub", _("regional hub")
    MEMBER_HUB = "member-hub", _("member hub")
    CORE_HUB = "core-hub", _("core hub")
    CONTRACTOR = "contractor", _("contractor")
    SUPPLIER = "supplier", _("supplier")
    TENANT = "tenant", _("tenant")
    RESIDENT_COMPANY = "resident-company", _("resident company")


class MemberCountUnit(models.TextChoices):
    ORGANISATIONS = "organisations", _("organisations")
    MEMBER_ORGANISATIONS = "member-organisations", _("member organisations")
    INSTITUTIONS = "institutions", _("institutions")
    COMPANIES = "companies", _("companies")
    CORPORATE_PARTNERS = "corporate-partners", _("corporate partners")
    HUBS = "hubs", _("hubs")
