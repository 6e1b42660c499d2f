"""A network stored before its reasons kept their parts gets them once, read from its English.

The ties' reasons (``NetworkTie.reason``) and the partner suggestions' reasons (in the page's
``NetworkSnapshot.summary`` and in the map's gzipped ``payload``) were English sentences only;
the page now words each from its parts (``reason_parts``) in the reader's language. The forms
the app and the engine wrote those sentences in are frozen here, with the English names of the
agreement kinds at the time. A part read back is kept only when it gives the very sentence
stored (nothing is guessed); a reason of no known form keeps no parts and is shown as stored.
The English texts are not changed.
"""

import gzip
import json
import re

from django.db import migrations

#: the agreement kinds' English names (``brokerage.models.AgreementKind``) when the reasons
#: were written without their parts
AGREEMENT_KINDS = {
    "Letter of intent": "letter_of_intent",
    "Memorandum of understanding": "memorandum",
    "Commercial agreement": "commercial",
    "Technical cooperation": "technical",
    "R&D cooperation": "research",
    "Joint venture": "joint_venture",
}

#: a tie's reason as ``monitoring.adapters`` wrote it
TIE_FORMS = (
    ("match", re.compile(r"match judged useful for “(?P<opportunity>.*)”\Z", re.S)),
    (
        "conversation",
        re.compile(r"accepted expression of interest in “(?P<opportunity>.*)”\Z", re.S),
    ),
    ("meeting", re.compile(r"B2B meeting held at (?P<event>.*)\Z", re.S)),
    (
        "agreement",
        re.compile(r"signed an agreement \((?P<agreement_kind>[^)]*)\): “(?P<title>.*)”\Z", re.S),
    ),
    (
        "project",
        re.compile(
            r"joint EU project (?P<acronym>.*) \(CORDIS (?P<project_id>[^,]*), "
            r"(?:started (?P<year>\d+)|from an imported CORDIS export)\)\Z",
            re.S,
        ),
    ),
)


def tie_text(parts):
    """The English sentence of a tie's parts, as ``monitoring.adapters`` wrote it."""
    code = parts["code"]
    opportunity = parts.get("opportunity") or "an opportunity"
    if code == "match":
        return f"match judged useful for “{opportunity}”"
    if code == "conversation":
        return f"accepted expression of interest in “{opportunity}”"
    if code == "meeting":
        return f"B2B meeting held at {parts['event']}"
    if code == "agreement":
        names = {kind: name for name, kind in AGREEMENT_KINDS.items()}
        return f"signed an agreement ({names[parts['agreement_kind']]}): “{parts['title']}”"
    started = f"started {parts['year']}" if parts["year"] else "from an imported CORDIS export"
    return f"joint EU project {parts['acronym']} (CORDIS {parts['project_id']}, {started})"


def tie_parts(reason):
    """The parts of a tie's English reason; {} for a text of no known form."""
    for code, pattern in TIE_FORMS:
        found = pattern.match(reason)
        if found is None:
            continue
        parts = {"code": code, **found.groupdict()}
        if parts.get("opportunity") == "an opportunity":  # a title that was missing
            parts["opportunity"] = ""
        if code == "agreement":
            parts["agreement_kind"] = AGREEMENT_KINDS.get(parts["agreement_kind"], "")
            if not parts["agreement_kind"]:
                return {}
        if code == "project":
            parts["year"] = int(parts["year"]) if parts["year"] else None
        return parts if tie_text(parts) == reason else {}
    return {}


#: a suggestion's reasons as ``engines.network.suggest`` wrote them
TWO_STEPS = "works with your partners' partners (two steps away)"
COMMON = re.compile(
    r"has worked with (?P<count>\d+) of your partners: (?P<names>.*?)(?: and (?P<more>\d+) more)?\Z",
    re.S,
)
HOLE = re.compile(
    r"would bring (?P<count>\d+) organisations? within one step that none of your ties reach "
    r"\(a structural hole\)\Z"
)


def suggestion_text(part):
    """The English reason of a suggestion's part, as ``engines.network.suggest`` wrote it."""
    if part["code"] == "two_steps":
        return TWO_STEPS
    if part["code"] == "structural_hole":
        count = part["count"]
        return (
            f"would bring {count} organisation{'s' if count != 1 else ''} within one step that "
            "none of your ties reach (a structural hole)"
        )
    more = f" and {part['more']} more" if part["more"] else ""
    return f"has worked with {part['count']} of your partners: {', '.join(part['shown'])}{more}"


def suggestion_part(reason):
    """The part of one suggestion's English reason; {} for a text of no known form. The names
    of common partners are split at ", " (a name with a comma comes back in two pieces, which
    join to the same text)."""
    part = None
    if reason == TWO_STEPS:
        part = {"code": "two_steps"}
    elif found := HOLE.match(reason):
        part = {"code": "structural_hole", "count": int(found["count"])}
    elif found := COMMON.match(reason):
        part = {
            "code": "common_partners",
            "count": int(found["count"]),
            "shown": found["names"].split(", "),
            "more": int(found["more"] or 0),
        }
    return part if part is not None and suggestion_text(part) == reason else {}


def structure_suggestions(rows):
    """Gives each suggestion in ``rows`` (``adapters.suggestion_rows``) stored without parts
    one part per reason ({} where a reason does not read back); True when one was given."""
    changed = False
    for row in rows or []:
        for item in row.get("suggestions", []):
            if not item.get("reason_parts"):
                item["reason_parts"] = [suggestion_part(text) for text in item["reasons"]]
                changed = True
    return changed


def encode(payload):
    """As ``monitoring.adapters.encode_payload``: compact JSON, gzipped."""
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    return gzip.compress(text.encode(), compresslevel=6, mtime=0)


def structure_stored_reasons(apps, schema_editor):
    NetworkTie = apps.get_model("monitoring", "NetworkTie")
    NetworkSnapshot = apps.get_model("monitoring", "NetworkSnapshot")
    old = NetworkTie.objects.filter(reason_parts={})
    for reason in old.values_list("reason", flat=True).distinct().order_by():
        parts = tie_parts(reason)
        if parts:
            old.filter(reason=reason).update(reason_parts=parts)
    for snapshot in NetworkSnapshot.objects.order_by("pk").iterator(chunk_size=20):
        fields = []
        if structure_suggestions(snapshot.summary.get("suggestions")):
            fields.append("summary")
        if snapshot.payload:
            payload = json.loads(gzip.decompress(bytes(snapshot.payload)))
            if structure_suggestions(payload.get("suggestions")):
                snapshot.payload = encode(payload)
                snapshot.payload_bytes = len(snapshot.payload)
                fields += ["payload", "payload_bytes"]
        if fields:
            snapshot.save(update_fields=fields)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0003_tie_reason_parts"),
    ]

    operations = [
        migrations.RunPython(structure_stored_reasons, migrations.RunPython.noop),
    ]
