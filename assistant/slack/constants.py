"""Action, view and block ids. Button values and modal metadata carry a ticket id and nothing else."""

APPROVE = "ticket_approve"
EDIT = "ticket_edit"
ESCALATE = "ticket_escalate"
DISMISS = "ticket_dismiss"
RETURN = "ticket_return"
CLOSE = "ticket_close"
OVERRIDE = "ticket_override"
CLAIM = "ticket_claim"
RELEASE = "ticket_release"

EDIT_VIEW = "ticket_edit_view"
ESCALATE_VIEW = "ticket_escalate_view"
RETURN_VIEW = "ticket_return_view"
OVERRIDE_VIEW = "ticket_override_view"

REPLY_BLOCK = "reply_block"
REPLY_INPUT = "reply_input"
REASON_BLOCK = "reason_block"
REASON_INPUT = "reason_input"
OVERRIDE_BLOCK = "override_block"
OVERRIDE_INPUT = "override_input"

COMMAND = "/social"
SECTION_LIMIT = 3000  # characters of text in one section block
SHOW_POST = "ticket_show_post"
DM_BLOCK = "dm_block"
DM_INPUT = "dm_input"
