"""Block Kit for the sprint ceremonies in Slack: the retro with its buttons, and the action-item modal (what, owner, due sprint)."""

from __future__ import annotations

from bot.reports.model import RetroReport, SprintReview
from bot.slack.views import limits
from bot.slack.views.blocks import actions, button, context
from bot.slack.views.reports_builder import build_report

ACTION_MODAL = "retro_action"
ADD_ACTION = "retro_add_open"
DONE_ACTION = "retro_item_done"
CONSOLE_HINT = "In the console (no forms there): `/compel sprint retro add WHAT owner=NAME due=N`, `/compel sprint retro done N`."
_MAX_DONE_BUTTONS = 4  # one row stays readable; the rest are marked done with the command


def _with_buttons(messages: list[limits.Message], elements: list[dict], block_id: str) -> list[limits.Message]:
    hint = {**context(CONSOLE_HINT), "block_id": f"controls:{block_id}-hint"}  # controls: left out when the result is shared
    controls = [actions(*elements, block_id=f"controls:{block_id}"), hint]
    last = dict(messages[-1])
    if len(last.get("blocks", [])) + len(controls) > limits.MESSAGE_BLOCKS:  # a long report: the buttons go in a message of their own
        return [*messages, {"text": "Retro action items", "blocks": controls}]
    last["blocks"] = [*last.get("blocks", []), *controls]
    return [*messages[:-1], last]


def build_retro(report: RetroReport, text: str, channel: str) -> list[limits.Message]:
    """The retro's text, a button to add an action item, and one to mark each of the first open items done."""
    base = f"{channel}|{report.program}"
    elements = [button("Add an action item", ADD_ACTION, f"{base}|{report.sprint}", style="primary")]
    open_items = [i for i in report.items if i.status == "open"][:_MAX_DONE_BUTTONS]
    # Action ids are unique within a block, so each carries its item's number (the listener matches the prefix).
    elements += [button(f"Item {i.number} done", f"{DONE_ACTION}_{i.number}", f"{base}|{i.number}") for i in open_items]
    return _with_buttons(build_report(text), elements, "retro_actions")


def build_review(review: SprintReview, text: str, channel: str) -> list[limits.Message]:
    """The sprint review's text with a button to record what the retro that follows it agrees."""
    button_ = button("Record a retro action item", ADD_ACTION, f"{channel}|{review.program}|{review.sprint}")
    return _with_buttons(build_report(text), [button_], "review_actions")


def build_action_modal(channel: str, program: str, sprint: int) -> dict:
    """The modal for one retro action item: what is to be done, who owns it, and the sprint it is due in."""
    return {
        "type": "modal",
        "callback_id": ACTION_MODAL,
        "private_metadata": f"{channel}|{program}|{sprint}"[:3000],
        "title": {"type": "plain_text", "text": f"Sprint {sprint} retro"[:24]},
        "submit": {"type": "plain_text", "text": "Record"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "input", "block_id": "what",
                "label": {"type": "plain_text", "text": "What the team will change"},
                "element": {"type": "plain_text_input", "action_id": "text", "max_length": 1000,
                            "placeholder": {"type": "plain_text", "text": "e.g. Split stories over three days before planning"}},
            },
            {
                "type": "input", "block_id": "owner",
                "label": {"type": "plain_text", "text": "Owner"},
                "hint": {"type": "plain_text", "text": "A name or a role: the person who sees it through."},
                "element": {"type": "plain_text_input", "action_id": "text", "max_length": 200},
            },
            {
                "type": "input", "block_id": "due",
                "label": {"type": "plain_text", "text": "Due by the end of sprint"},
                "element": {"type": "number_input", "action_id": "number", "is_decimal_allowed": False,
                            "min_value": str(sprint), "initial_value": str(sprint + 1)},
            },
        ],
    }


def modal_values(view: dict) -> tuple[str, str, str]:
    """(what, owner, due) as typed into the action-item modal."""
    values = (view.get("state") or {}).get("values") or {}

    def field(block: str, action: str) -> str:
        return ((values.get(block) or {}).get(action) or {}).get("value") or ""

    return field("what", "text").strip(), field("owner", "text").strip(), field("due", "number").strip()
