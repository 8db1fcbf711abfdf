"""Who may see and change whose training: the permission rules of the web app and its API.

- A runner reads and writes their own training only.
- A coach reads (never writes) the training of athletes who accepted the coach's invitation.
- An admin manages accounts (reset links) but does not read anyone's training: health data is
  seen only by the person and the coaches they chose.

Anything else is answered as if the runner did not exist (``NotFoundError``), so a stranger
cannot learn which runner ids exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from glutecoach.errors import AccessError, InvalidFieldsError, NotFoundError
from glutecoach.services.accounts import Role, normal_email

if TYPE_CHECKING:
    from glutecoach.storage.accounts import StoredCoachLink, StoredUser
    from glutecoach.storage.unit_of_work import Database, UnitOfWork


@dataclass(frozen=True)
class Athlete:
    user_id: str
    email: str
    runner_id: str | None


def _hidden(runner_id: str) -> NotFoundError:
    return NotFoundError(f"no runner {runner_id!r} that you can see")


def may_read(uow: UnitOfWork, actor: StoredUser, runner_id: str) -> bool:
    """Whether ``actor`` may read the training of ``runner_id``."""
    if actor.runner_id == runner_id:
        return True
    if actor.role != Role.COACH:
        return False
    owner = uow.accounts.user_of_runner(runner_id)
    return owner is not None and uow.accounts.is_coach_of(actor.id, owner.id)


def require_read(database: Database, actor: StoredUser, runner_id: str) -> None:
    with database.unit_of_work() as uow:
        if not may_read(uow, actor, runner_id):
            raise _hidden(runner_id)


def require_write(actor: StoredUser, runner_id: str) -> None:
    """Only the owner changes a runner's training."""
    if actor.runner_id != runner_id:
        raise _hidden(runner_id)


def own_runner(actor: StoredUser) -> str:
    """The actor's own runner id; ``NotFoundError`` until they have onboarded."""
    if actor.runner_id is None:
        raise NotFoundError("no training yet: fill in your profile first (onboarding)")
    return actor.runner_id


def require_runner(actor: StoredUser) -> None:
    """Only runner accounts have (and onboard) their own training."""
    if actor.role != Role.RUNNER:
        raise AccessError("only a runner account has its own training plan")


def require_admin(actor: StoredUser) -> None:
    if actor.role != Role.ADMIN:
        raise AccessError("only an admin can do this")


def invite_athlete(database: Database, coach: StoredUser, athlete_email: str) -> None:
    """A coach invites a runner by email; the runner sees it and may accept."""
    if coach.role != Role.COACH:
        raise AccessError("only a coach account can invite athletes")
    with database.unit_of_work() as uow:
        athlete = uow.accounts.find_user(normal_email(athlete_email))
        if athlete is None or athlete.role != Role.RUNNER:
            raise InvalidFieldsError.one(
                "email", f"no runner account with the email {athlete_email!r}"
            )
        uow.accounts.add_coach_link(coach.id, athlete.id)


def accept_invitation(database: Database, athlete: StoredUser, coach_id: str) -> None:
    with database.unit_of_work() as uow:
        uow.accounts.accept_coach_link(coach_id, athlete.id)


def end_coaching(database: Database, actor: StoredUser, other_id: str) -> None:
    """Either side ends a link (a runner declines or leaves a coach; a coach lets go)."""
    with database.unit_of_work() as uow:
        uow.accounts.remove_coach_link(other_id, actor.id)
        uow.accounts.remove_coach_link(actor.id, other_id)


def coach_links(database: Database, user: StoredUser) -> tuple[StoredCoachLink, ...]:
    with database.unit_of_work() as uow:
        return uow.accounts.coach_links(user.id)


def athletes(database: Database, coach: StoredUser) -> tuple[Athlete, ...]:
    """The athletes who accepted the coach's invitation."""
    if coach.role != Role.COACH:
        raise AccessError("only a coach account has athletes")
    with database.unit_of_work() as uow:
        out = []
        for link in uow.accounts.coach_links(coach.id):
            if link.coach_id == coach.id and link.accepted:
                user = uow.accounts.get_user(link.athlete_id)
                out.append(Athlete(user.id, user.email, user.runner_id))
        return tuple(out)
