"""The hubs app's models, one module per concept; import them from here.

Source, TechnologyArea, Organization and ReportFigure are shared by the whole directory,
incubators included; they live in this app because incubators depend on hubs, never the
other way round."""

from .aliases import Alias, HubAlias, OrganizationAlias
from .conflicts import ConflictingFigure, HubConflictingFigure
from .hubs import (
    LATITUDE_VALIDATORS,
    LONGITUDE_VALIDATORS,
    Hub,
    HubCitation,
    HubQuerySet,
    Membership,
    Site,
)
from .members import MemberCountUnit, MemberRole
from .organizations import Organization, OrganizationCitation
from .records import CuratedRecord, DirectoryEntry, LoadedRecord, Verification, verification_q
from .report import ReportFigure, ReportFigureQuerySet
from .sources import Citation, Source
from .technologies import TechnologyArea, all_technology_areas, load_technology_areas

__all__ = [
    "Alias",
    "HubAlias",
    "MemberCountUnit",
    "MemberRole",
    "OrganizationAlias",
    "LATITUDE_VALIDATORS",
    "LONGITUDE_VALIDATORS",
    "Citation",
    "ConflictingFigure",
    "CuratedRecord",
    "DirectoryEntry",
    "Hub",
    "HubCitation",
    "HubConflictingFigure",
    "HubQuerySet",
    "LoadedRecord",
    "Membership",
    "Organization",
    "OrganizationCitation",
    "ReportFigure",
    "ReportFigureQuerySet",
    "Site",
    "Source",
    "TechnologyArea",
    "Verification",
    "all_technology_areas",
    "load_technology_areas",
    "verification_q",
]
