"""Answer -> Block Kit plus fallback text. All escaping for Slack mrkdwn lives here.

Every piece of user or catalog text goes through `escape` (or `mrkdwn`, which
also shows placeholders such as `{reason}`, `%s` and `<x:x:x>` in code style),
so `<!channel>`, `<@U…>` or `<https://evil|label>` in a query or a page is
shown as written and can never ping anyone or forge a link.

Slack's limits are kept by construction: a message is built from chunks
(one per code, page or listing), added while it stays within MAX_BLOCKS and
MAX_CHARS; what does not fit is named in "and N more: /hwerr …".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.answer import Answer, Explanation, Page
from catalog.lookup import Suggestion
from catalog.model import Catalog, Entry

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_CHARS = 12000
MAX_HEADER = 150
MAX_BUTTON_TEXT = 75
MAX_VALUE = 2000
MAX_FALLBACK = 3000
COMPACT_VARIANTS = 3
SUGGESTION_BUTTONS = 5

ACTION_SHARE = "hwerr_share"
ACTION_HELPFUL = "hwerr_helpful"
ACTION_NOT_HELPFUL = "hwerr_not_helpful"
ACTION_SHOW = "hwerr_show"  # one button per suggestion: hwerr_show:0, hwerr_show:1, …

PLACEHOLDER = re.compile(r"\{[^{}\s]{1,40}\}|%\(\w{1,40}\)[sdf]|%[sdf]|<[^<>\s]{1,40}>")
LINK = re.compile(r"<([^<>|]+)\|([^<>]*)>")

Block = dict


@dataclass(frozen=True)
class Message:
    """What chat.postMessage / respond take: a fallback text and the blocks."""

    text: str
    blocks: list[Block]

    def payload(self) -> dict:
        return {"text": self.text, "blocks": self.blocks}


@dataclass(frozen=True)
class Share:
    """What "Share in channel" answers again, and the thread it posts in, if any."""

    query: str
    thread_ts: str | None = None
    pasted: bool = False  # a message's text (explain its codes), not a query

    def value(self) -> str:
        data = {"q": self.query, "t": self.thread_ts, "p": self.pasted}
        value = json.dumps(data, ensure_ascii=False)
        return value if len(value) <= MAX_VALUE else ""

    @classmethod
    def from_value(cls, value: str) -> Share:
        data = json.loads(value)
        return cls(str(data.get("q") or ""), data.get("t") or None, bool(data.get("p")))


# -- escaping ------------------------------------------------------------------


def escape(text: str) -> str:
    """Text shown as written: Slack's three control characters become entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def code(text: str) -> str:
    """Text in `code` style, escaped; a backtick inside cannot close the span."""
    return "`" + escape(text.replace("`", "ˋ")) + "`"


def mrkdwn(text: str) -> str:
    """Catalog text: escaped, its placeholders (`{x}`, `%s`, `<x:x:x>`) in code style."""
    out: list[str] = []
    last = 0
    for match in PLACEHOLDER.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(code(match.group()))
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out).strip()


def link(url: str, label: str) -> str:
    """A link to an http(s) URL, else the label alone: a URL can never carry markup."""
    if not re.fullmatch(r"https?://[^\s<>|]+", url):
        return escape(label)
    return f"<{url.replace('&', '&amp;')}|{escape(label)}>"


# -- answers -------------------------------------------------------------------


def explain(answer: Answer, *, compact: bool = False, share: Share | None = None) -> Message:
    """The reply to an Answer: full (ephemeral, mention, DM) or compact (thread auto-reply)."""
    if answer.kind == "help":
        return help_message()
    tail = _tail(answer, share=share)
    if answer.kind == "service":
        head = [_header(f"{answer.service} · {len(answer.listing)} codes")]
        lines = [f"{code(e.code)} · {_status(e)}{mrkdwn(e.message)}" for e in answer.listing]
        blocks = _fit_lines(head, lines, _all_command(answer.query), tail)
    elif answer.kind == "search":
        head = _sections([escape(f"Best matches for {_searched(answer)}:")])
        lines = [_hit_line(hit.entry) for hit in answer.hits]
        more = _all_command(answer.query)
        blocks = _fit_lines(head, lines, more, tail, total=max(answer.total_hits, len(lines)))
    elif answer.kind == "codes" and answer.explanations:
        render = _compact_chunk if compact else _full_chunk
        chunks = [render(e) for e in answer.explanations]
        blocks = _fit(chunks, [e.code for e in answer.explanations], tail)
    else:
        blocks = _nothing_blocks(answer) + tail
    return Message(text=_fallback(answer), blocks=blocks)


def _full_chunk(explanation: Explanation) -> list[Block]:
    if not explanation.known:
        return _unknown_blocks(explanation)
    pages = explanation.pages
    services = {page.service for page in pages}
    title = explanation.code + (f" · {pages[0].service}" if len(services) == 1 else "")
    blocks: list[Block] = [_header(title)]
    note = _status_note(explanation)
    if note:  # before the variants: it says how to read them
        blocks.append(_context(note))
    for page in pages:
        heading = f"*{escape(page.service)}*\n" if len(pages) > 1 else ""
        if len(page.variants) == 1:
            blocks += _sections([heading + _variant_detail(page.variants[0])])
        else:
            blocks += _sections([heading.rstrip()] + [_variant_line(v) for v in page.variants])
        blocks.append(
            _context(_source_line(page, explanation.request_id if page is pages[0] else None))
        )
    return blocks


def _compact_chunk(explanation: Explanation) -> list[Block]:
    """One short section per code: code, status, message, what to do."""
    variants = [v for page in explanation.pages for v in page.variants]
    first = variants[0]
    if len(variants) == 1:
        lines = [f"*{code(explanation.code)}* · {_status(first)}{mrkdwn(first.message)}"]
        if first.solution.strip():
            lines.append(f"*What to do* {mrkdwn(first.solution)}")
    else:
        lines = [f"*{code(explanation.code)}* · {len(variants)} variants"]
        lines += [_variant_line(v) for v in variants[:COMPACT_VARIANTS]]
        if len(variants) > COMPACT_VARIANTS:
            left = len(variants) - COMPACT_VARIANTS
            lines.append(f"… and {left} more: {code('/hwerr ' + explanation.code)}")
    notes = [n for n in (_request_note(explanation), _status_note(explanation)) if n]
    blocks = _sections(lines)
    if notes:
        blocks.append(_context(" · ".join(notes)))
    return blocks


def _unknown_blocks(explanation: Explanation) -> list[Block]:
    text = f"No code {code(explanation.code)} in the catalog."
    if explanation.suggestions:
        named = _offered(explanation.suggestions, messages=1)
        text = f"No code {code(explanation.code)}. Did you mean: {named}?"
    if explanation.service_hint:
        text += f"\nIts prefix suggests *{escape(explanation.service_hint)}*."
    return _offering(text, explanation.suggestions)


def _searched(answer: Answer) -> str:
    """What a search looked for, as a reply names it (unescaped): the words asked, or the
    message of the error pasted."""
    if answer.message:
        return f"the error message “{answer.message}”"
    return f"“{answer.query}”"


def _nothing_blocks(answer: Answer) -> list[Block]:
    text = escape(f"Nothing in the catalog matches {_searched(answer)}.")
    if answer.closest:
        text += f" Closest codes: {_offered(answer.closest, messages=SUGGESTION_BUTTONS)}."
    return _offering(text, answer.closest)


def _offering(text: str, suggestions: Sequence[Suggestion]) -> list[Block]:
    """A reply's text, then a button for each code it offers instead, if any."""
    blocks = _sections([text])
    if suggestions:
        blocks.append(_suggestion_buttons(suggestions))
    return blocks


def _hit_line(entry: Entry) -> str:
    service = f"_({escape(entry.service)})_"
    return f"*{code(entry.code)}* · {_status(entry)}{mrkdwn(entry.message)} {service}"


def _variant_detail(entry: Entry) -> str:
    """Status and message, then what to do, then why (only when it adds something)."""
    lines = [f"{_status(entry)}{mrkdwn(entry.message)}"]
    if entry.solution.strip():
        lines.append(f"*What to do* {mrkdwn(entry.solution)}")
    if _adds(entry.description, entry.message, entry.solution):
        lines.append(f"*Why* {mrkdwn(entry.description)}")
    return "\n".join(lines)


def _variant_line(entry: Entry) -> str:
    """One row of a compact list: status · message · what to do."""
    status = f"*{entry.http_status}*" if entry.http_status is not None else "*—*"
    line = f"• {status} · {mrkdwn(entry.message)}"
    if entry.solution.strip():
        line += f" · _What to do_ {mrkdwn(entry.solution)}"
    return line


def _status(entry: Entry) -> str:
    return f"HTTP {entry.http_status} · " if entry.http_status is not None else ""


def _adds(description: str, *others: str) -> bool:
    """Whether a description says something the message and solution do not."""

    def plain(text: str) -> str:
        return re.sub(r"[\W_]+", "", text).casefold()

    said = plain(description)
    return bool(said) and all(said != plain(other) for other in others)


def _status_note(explanation: Explanation) -> str:
    if explanation.status is None or not explanation.known:
        return ""
    if explanation.status_matched:
        return f"Status {explanation.status} was in the text: its variant is shown first."
    first = explanation.pages[0].variants[0]
    if explanation.status_asked and first.http_status != explanation.status:
        return f"No variant has status {explanation.status}; every variant is shown."
    return ""


def _request_note(explanation: Explanation) -> str:
    return f"request id {code(explanation.request_id)}" if explanation.request_id else ""


def _source_line(page: Page, request_id: str | None) -> str:
    parts = [f"Source: {link(page.url, page.service + ' error codes')}"]
    if request_id:
        parts.append(f"request id {code(request_id)}")
    return " · ".join(parts)


def _offered(suggestions: Sequence[Suggestion], *, messages: int) -> str:
    """The suggestions that get a button, named (the first `messages` with their message),
    then how many more are as close: the text never names a code it offers no button for."""
    shown = suggestions[:SUGGESTION_BUTTONS]
    named = ", ".join(_suggestion_name(s, with_message=i < messages) for i, s in enumerate(shown))
    as_close = [s for s in suggestions[len(shown) :] if s.distance == shown[-1].distance]
    return named + (f", … ({len(as_close)} more as close)" if as_close else "")


def _suggestion_name(suggestion: Suggestion, *, with_message: bool) -> str:
    name = f"*{code(suggestion.code)}*"
    if with_message and suggestion.message:
        name += f" ({mrkdwn(_shorten(suggestion.message, 80))})"
    return name


def _suggestion_buttons(suggestions: Sequence[Suggestion]) -> Block:
    return {
        "type": "actions",
        "elements": [
            _button(s.code, f"{ACTION_SHOW}:{i}", s.code)
            for i, s in enumerate(suggestions[:SUGGESTION_BUTTONS])
        ],
    }


def _tail(answer: Answer, *, share: Share | None) -> list[Block]:
    """The buttons under a reply: share (ephemeral replies), then feedback."""
    buttons = []
    if share is not None and share.value():
        buttons.append(_button("Share in channel", ACTION_SHARE, share.value(), style="primary"))
    shown = _feedback_value(answer)
    if shown:
        buttons.append(_button("👍 Helpful", ACTION_HELPFUL, shown))
        buttons.append(_button("👎 Not helpful", ACTION_NOT_HELPFUL, shown))
    return [{"type": "actions", "block_id": "hwerr_reply", "elements": buttons}] if buttons else []


def _feedback_value(answer: Answer) -> str:
    """The codes a feedback click is about: those explained, or the best hits."""
    codes = [e.code for e in answer.known] or [hit.entry.code for hit in answer.hits]
    value = " ".join(codes)
    while len(value) > MAX_VALUE:
        value = value.rsplit(" ", 1)[0]
    return value


def _fallback(answer: Answer) -> str:
    """The notification and screen-reader text: one plain line per item."""
    if answer.kind == "codes" and answer.explanations:
        lines = []
        for e in answer.explanations:
            first = e.pages[0].variants[0] if e.known else None
            lines.append(f"{e.code}: {first.message}" if first else f"No code {e.code}")
        text = "\n".join(lines)
    elif answer.kind == "service":
        text = f"{answer.service}: {len(answer.listing)} codes"
    elif answer.kind == "search":
        codes = ", ".join(hit.entry.code for hit in answer.hits)
        text = f"Best matches for {_searched(answer)}: {codes}"
    else:
        text = f"Nothing in the catalog matches {_searched(answer)}"
    return escape(_shorten(text, MAX_FALLBACK))


# -- other messages ------------------------------------------------------------

HELP = [
    "*hwerr* explains Huawei Cloud API error codes from Huawei Cloud's documentation.",
    "• `/hwerr SCM.0014` — one code (or several: `/hwerr SCM.0014 APIG.0201`)\n"
    "• `/hwerr APIG.0201 504` — only the variant with that HTTP status\n"
    "• `/hwerr SCM` — every code of a service\n"
    "• `/hwerr certificate does not match` — search the messages\n"
    "• `/hwerr stats` — the last 7 days' top codes · `/hwerr digest` — a preview of the digest",
    "Paste an error in a channel I am in and I answer in its thread. "
    "Mention me or send me a DM to ask, or use the message shortcut *Explain error codes*.",
]


def help_message() -> Message:
    return Message(text="How to use hwerr", blocks=_sections(HELP))


Top = Sequence[tuple[str, int]] | None  # None: the query log cannot be read


def stats(top: Top, catalog: Catalog, days: int = 7) -> Message:
    """The last `days` days' most asked codes, with each code's message."""
    title = f"Top codes, last {days} days"
    return Message(text=title, blocks=[_header(title), *_sections([_top_lines(top, catalog)])])


def home_view(top: Top, catalog: Catalog, days: int = 7) -> dict:
    """The App Home tab: what the bot does, how to use it, the week's top codes."""
    blocks = [
        _header("hwerr · Huawei Cloud error codes, explained"),
        *_sections(HELP),
        {"type": "divider"},
        _header(f"Top codes, last {days} days"),
        *_sections([_top_lines(top, catalog)]),
    ]
    return {"type": "home", "blocks": blocks}


def _top_lines(top: Top, catalog: Catalog) -> str:
    if top is None:
        return "Top codes are unavailable: the query log cannot be read right now."
    if not top:
        return "No codes asked about yet."
    lines = []
    for rank, (asked, count) in enumerate(top, 1):
        variants = catalog.variants(asked)
        message = (
            f" {mrkdwn(_shorten(variants[0].message, 80))}" if variants else " _not in the catalog_"
        )
        lines.append(f"{rank}. {code(asked)} ×{count}{message}")
    return "\n".join(lines)


def notice(text: str) -> Message:
    """A one-line answer (thanks for feedback, an error the user can act on), escaped."""
    return Message(text=escape(text), blocks=_sections([escape(text)]))


def shared_by(message: Message, user_id: str) -> Message:
    """The explanation as posted in the channel, saying who shared it, without share buttons."""
    who = f"<@{user_id}>" if re.fullmatch(r"[UW][A-Z0-9]{2,20}", user_id) else "someone"
    blocks = [b for b in message.blocks if b.get("block_id") != "hwerr_reply"]
    return Message(text=message.text, blocks=[_context(f"Shared by {who}"), *blocks][:MAX_BLOCKS])


# -- Block Kit and its limits -------------------------------------------------


def _header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": _shorten(text, MAX_HEADER)}}


def _context(text: str) -> Block:
    return {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": _shorten(text, MAX_SECTION)}],
    }


def _button(text: str, action_id: str, value: str, style: str | None = None) -> Block:
    button = {
        "type": "button",
        "text": {"type": "plain_text", "text": _shorten(text, MAX_BUTTON_TEXT)},
        "action_id": action_id,
        "value": value[:MAX_VALUE],
    }
    return {**button, "style": style} if style else button


def _sections(lines: Iterable[str]) -> list[Block]:
    """Lines packed into as few sections as fit MAX_SECTION; an over-long line is cut."""
    sections: list[str] = []
    for line in lines:
        line = _shorten(line, MAX_SECTION)
        if sections and len(sections[-1]) + 1 + len(line) <= MAX_SECTION:
            sections[-1] += "\n" + line
        elif line:
            sections.append(line)
    return [{"type": "section", "text": {"type": "mrkdwn", "text": s}} for s in sections]


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def size(blocks: list[Block]) -> int:
    """Characters of blocks as sent: the measure MAX_CHARS bounds."""
    return len(json.dumps(blocks, ensure_ascii=False))


def _fits(blocks: list[Block]) -> bool:
    return len(blocks) <= MAX_BLOCKS and size(blocks) <= MAX_CHARS


def _fit(chunks: list[list[Block]], names: list[str], tail: list[Block]) -> list[Block]:
    """Whole chunks (one per code) while they fit, then "and N more: /hwerr CODE …".

    A first chunk too big on its own (a code with dozens of long variants) is cut
    inside instead: pointing to `/hwerr CODE` would only show the same cut answer.
    """
    blocks: list[Block] = []
    for shown, chunk in enumerate(chunks):
        candidate = blocks + ([{"type": "divider"}] if blocks and len(chunk) > 1 else []) + chunk
        later = names[shown + 1 :]
        if not _fits(candidate + _more(later, "/hwerr {}") + tail):
            if not blocks:
                rest = _more(later, "/hwerr {}") + tail
                return _cut(chunk, names[shown], rest) + rest
            return blocks + _more(names[shown:], "/hwerr {}") + tail
        blocks = candidate
    return blocks + tail


def _cut(chunk: list[Block], name: str, rest: list[Block]) -> list[Block]:
    """The chunk's first blocks that fit before `rest`, then how to see one variant at a time."""
    note = _sections(
        [f"… the rest is too long for one message: {code(f'/hwerr {name} STATUS')} shows a variant"]
    )
    kept = list(chunk)
    while kept and not _fits(kept + note + rest):
        kept.pop()
    return kept + note


def _fit_lines(
    head: list[Block], lines: list[str], more: str, tail: list[Block], total: int | None = None
) -> list[Block]:
    """As many listing lines as fit, packed into sections, then "and N more: …"."""
    total = len(lines) if total is None else total
    budget = MAX_CHARS - size(head + tail) - 400
    shown = 0
    for line in lines:
        budget -= len(json.dumps(line, ensure_ascii=False)) + 1
        if budget < 0:
            break
        shown += 1
    while True:
        left = total - shown
        blocks = head + _sections(lines[:shown]) + _more_count(left, more) + tail
        if _fits(blocks) or shown == 0:
            return blocks
        shown -= 1


def _more(left: list[str], command: str) -> list[Block]:
    """Name the codes left out, so one command shows them."""
    if not left:
        return []
    return _more_count(len(left), command.format(" ".join(left[:5])))


def _more_count(left: int, command: str) -> list[Block]:
    return _sections([f"… and {left} more: {code(command)}"]) if left > 0 else []


def _all_command(query: str) -> str:
    words = [word for word in query.split() if word != "--all"]
    return "/hwerr " + " ".join(words) + " --all"


# -- the console -----------------------------------------------------------------


def as_text(message: Message) -> str:
    """The blocks as a terminal shows them: links as `label (url)`, entities undone."""
    lines: list[str] = []
    for block in message.blocks:
        kind = block.get("type")
        if kind == "header":
            title = block["text"]["text"]
            lines += [title, "=" * min(len(title), 60)]
        elif kind == "section":
            lines.append(_plain(block["text"]["text"]))
        elif kind == "context":
            lines.append("  " + " · ".join(_plain(e.get("text", "")) for e in block["elements"]))
        elif kind == "actions":
            lines.append(" ".join(f"[{e['text']['text']}]" for e in block["elements"]))
        elif kind == "divider":
            lines.append("-" * 40)
    return "\n".join(lines) if lines else _plain(message.text)


def _plain(text: str) -> str:
    text = LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
