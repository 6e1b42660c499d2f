"""qa4: the collaboration network's page in the reader's language. Tie kinds and classes were
shown as their codes ("agreement", "inside-outside"), the country pickers as ISO codes, and the
map's script wrote its status lines in English whatever the page's language."""

from __future__ import annotations

import json
import re

from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from crosscluster.core.tasks import run_queued_tasks
from crosscluster.monitoring.tests.test_network import sign


def test_tie_kinds_classes_and_countries_are_named_not_coded(cast, client: Client) -> None:  # type: ignore[no-untyped-def]
    sign(cast, [cast.sme, cast.other_cluster])
    url = reverse("monitoring:network", args=[cast.partnership.slug])
    client.get(url)
    run_queued_tasks()
    html = client.get(url).content.decode()
    kinds = re.findall(r'name="kind" value="(\w+)" checked> ([^<]+)</label>', html)
    assert ("agreement", "Agreement signed") in kinds
    assert ("project", "Joint EU project") in kinds
    table = html.split('data-testid="ties"', 1)[1].split("</table>")[0]
    assert "<td>Agreement signed</td>" in table
    assert "<td>agreement</td>" not in table
    german = client.get("/de" + url).content.decode()
    picker = german.split('id="map-country"')[1].split("</select>")[0]
    assert '<option value="DE">Deutschland</option>' in picker
    assert '<option value="FR">Frankreich</option>' in picker
    assert ">DE<" not in picker
    # the script's words come with the page, in its language, not from the script
    texts = german.split('id="network-texts" type="application/json">')[1]
    words = json.loads(texts.split("</script>")[0])
    assert words["kinds"]["agreement"] not in ("", "agreement")
    assert words["classes"]["outside"]
    assert "%(organisations)s" in words["summary"]
    script = finders.find("crosscluster/network.js")
    assert script is not None
    with open(script, encoding="utf-8") as file:
        source = file.read()
    assert "being computed" not in source
    assert " ties. Click" not in source
