"""One exception hierarchy; every message says what is wrong and what to do next."""


class AssistantError(Exception):
    """Base class for errors a user or operator can act on."""


class ConfigError(AssistantError):
    """A required setting is missing or invalid."""


class TicketNotFound(AssistantError):
    def __init__(self, ticket_id: object):
        super().__init__(f"Ticket {ticket_id} does not exist. It may belong to another installation; run `social-reply tickets` to list known tickets.")
        self.ticket_id = ticket_id


class IllegalTransition(AssistantError):
    """A ticket was asked to move to a state its current state does not allow."""

    def __init__(self, ticket_id: int, current: str, wanted: str, hint: str = ""):
        message = f"Ticket {ticket_id} is {current}; it cannot become {wanted}."
        super().__init__(f"{message} {hint}".strip())
        self.ticket_id = ticket_id
        self.current = current
        self.wanted = wanted


class InvalidReply(AssistantError):
    """A reply text an agent wrote cannot be posted as it is (or an action is refused as asked).

    `field` names what to fix: "reply", "dm", "reason", "override", or "ticket" for the ticket itself.
    """

    def __init__(self, message: str, field: str = "ticket"):
        super().__init__(message)
        self.field = field


class PublishError(AssistantError):
    """The platform refused or failed to take a reply."""

    def __init__(self, message: str, maybe_posted: bool = False):
        super().__init__(message)
        self.maybe_posted = maybe_posted


class TicketChanged(AssistantError):
    """An agent acted on a card drawn before the ticket last changed; they must look again first."""

    def __init__(self, ticket_id: int, what: str):
        super().__init__(f"This ticket changed since your card was drawn: {what}. Nothing was done; look at the card again and retry.")
        self.ticket_id = ticket_id


class NotDelivered(AssistantError):
    """The platform answered that it did not take a message: nothing was said, so saying it again
    later cannot repeat it (a timeout or a dropped connection is not this: then nobody knows)."""
