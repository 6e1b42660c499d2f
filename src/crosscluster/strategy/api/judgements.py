"""A partner's pairwise judgements of the market criteria (AHP) over the API, as on the
judgements page: its own staff or a coordinator enter them; the answer carries the weights and
Saaty's consistency ratio.

No ``from __future__ import annotations`` here: ninja reads the operations' types at run time.
"""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema

from crosscluster.accounts.auth import token_auth, token_user
from crosscluster.core.api import validation_errors
from crosscluster.engines.ranking.ahp import analyse_pairwise
from crosscluster.strategy import adapters, permissions, services, wording
from crosscluster.strategy.api.common import WRITE_ERRORS, router

PAIRS_HELP = (
    "One value a pair of criteria, keyed first:second in this order of the criteria: "
    + ", ".join(adapters.CRITERION_CODES)
    + ". How much more important the first is than the second on Saaty's scale, 1/9 to 9 "
    "(e.g. 3, or 0.2 for 1/5)."
)


class JudgementIn(Schema):
    pairs: dict[str, float] = Field(description=PAIRS_HELP)


class JudgementOut(Schema):
    organisation_id: int
    criteria: list[str]
    matrix: list[list[float]] = Field(description="matrix[i][j]: criteria[i] against criteria[j]")
    weights: list[float] = Field(description="The criteria's weights (principal eigenvector)")
    consistency_ratio: float | None = Field(description="0.1 or less is consistent")
    warning: str = Field(
        description="Set when the judgements contradict each other, in the request's language"
    )


def _pair_keys() -> dict[str, tuple[int, int]]:
    codes = adapters.CRITERION_CODES
    return {
        f"{codes[row]}:{codes[column]}": (row, column)
        for row in range(len(codes))
        for column in range(row + 1, len(codes))
    }


@router.put(
    "/{slug}/markets/judgements/{organisation_id}",
    response={200: JudgementOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Enter a partner's pairwise judgements of the market criteria (its staff, coordinators)",
)
def put_market_judgement(
    request: HttpRequest, slug: str, organisation_id: int, payload: JudgementIn
) -> JudgementOut:
    """Every pair is needed; a consistency ratio above 0.1 is a warning, not an error."""
    user = token_user(request)
    partnership, organisation = permissions.access_partner_for_judgement(
        user=user, slug=slug, organisation_id=organisation_id
    )
    keys = _pair_keys()
    unknown = sorted(set(payload.pairs) - set(keys))
    if unknown:
        raise ValidationError(
            {
                "pairs": [
                    _("Unknown pair(s) %(unknown)s: use %(keys)s.")
                    % {"unknown": ", ".join(unknown), "keys": ", ".join(keys)}
                ]
            }
        )
    names = {f"pair_{row}_{column}": f"pairs.{key}" for key, (row, column) in keys.items()}
    try:
        judgement = services.save_market_judgement(
            user=user,
            partnership=partnership,
            organisation=organisation,
            pairs={keys[key]: value for key, value in payload.pairs.items()},
            now=timezone.now(),
        )
    except ValidationError as error:  # the form's field names become the body's
        raise ValidationError(
            {
                names.get(field, field): messages
                for field, messages in validation_errors(error).items()
            }
        ) from error
    analysis = analyse_pairwise(judgement.criteria, judgement.matrix)
    return JudgementOut(
        organisation_id=organisation.pk,
        criteria=list(judgement.criteria),
        matrix=[[float(value) for value in row] for row in judgement.matrix],
        weights=[float(weight) for weight in analysis.weights],
        consistency_ratio=analysis.consistency_ratio,
        warning=wording.analysis_warning(analysis),
    )
