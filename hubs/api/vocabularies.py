"""What "members" means, as enum components of the API schema: a member's role and the
unit of a hub's reported member count (hubs/models/members.py)."""

from atlas.api.vocabularies import vocabulary

from ..models import MemberCountUnit, MemberRole

MEMBER_ROLES = vocabulary(
    "MemberRoleEnum",
    lambda: MemberRole.values,
    "The role an organisation has in a hub, as its source names it; null when none does.",
)
MEMBER_COUNT_UNITS = vocabulary(
    "MemberCountUnitEnum",
    lambda: MemberCountUnit.values,
    "What a hub's reported member count counts; null when unknown.",
)
