"""``parallax eval corroboration-path`` on a fixture corpus written here: feeds, a child
``parallax ingest``, the loopback site under the outlets' own names, Briefs and corroborations as
the side panel asks for them. Checks that the harness measures what it says (the partner read
through the site and counted on the Brief's bullets, an unrelated text not counted, the baseline
and times filled in), not the dev data's figures (those are in docs/benchmarks.md)."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from parallax.evaluation.corroboration_path import (
    format_corroboration_path_table,
    others_of,
    run_corroboration_path_eval,
)

pytestmark = pytest.mark.timeout(300)

_FLOOD_A = (
    "Floods cut off the town of Marlow after two days of rain\n"
    "Floods cut off the town of Marlow on Tuesday after two days of heavy rain, the county "
    "council said. The river Thame rose 2.4 metres above its normal level and 340 homes were "
    "evacuated overnight. Emergency crews used boats to reach 56 residents trapped on upper "
    "floors in the Riverside district. The council opened a shelter in the Marlow sports hall "
    "for families who left their homes. Forecasters expect more rain on Thursday and warned "
    "that the water could rise again before the weekend."
)
_FLOOD_B = (
    "Hundreds evacuated as the Thame bursts its banks in Marlow\n"
    "Some 340 homes in Marlow were evacuated overnight after the river Thame rose 2.4 metres "
    "above its normal level. Crews in boats reached 56 residents trapped on upper floors in the "
    "Riverside district, according to the fire service. Families who left their homes were "
    "given beds in the Marlow sports hall, where the council opened a shelter. The county "
    "council said the town was cut off after two days of heavy rain. More rain is expected on "
    "Thursday, and forecasters warned the river could rise again."
)
_STRIKE_A = (
    "Port workers in Dunmore begin a three-day strike over pay\n"
    "Dock workers at the port of Dunmore walked out on Monday at the start of a three-day "
    "strike over pay, the Transport Union said. About 1,200 workers joined the action, which "
    "halted the loading of container ships at all four terminals. The union is asking for a "
    "pay rise of 9 percent, while the port authority has offered 4 percent. Talks between the "
    "two sides broke down last Friday after eleven hours. Shipping companies said that twenty "
    "vessels were waiting off the coast for a berth."
)
_STRIKE_B = (
    "Dunmore port at a standstill as 1,200 dockers strike\n"
    "About 1,200 dock workers stopped work at the port of Dunmore on Monday, starting a "
    "three-day strike over pay called by the Transport Union. Container loading stopped at all "
    "four terminals of the port. The union wants a 9 percent pay rise; the port authority "
    "offered 4 percent before talks broke down on Friday after eleven hours. Twenty vessels "
    "were waiting off the coast for a berth, shipping companies said, and more are due."
)
_CAKE = (
    "A village bakery wins the national prize for its plum cake\n"
    "The Rosewood bakery in the village of Elmsford has won this year's national prize for its "
    "plum cake, the judges announced at the baking fair. The bakery has been run by the same "
    "family since 1952 and bakes about eighty cakes every weekend. The owner said the recipe "
    "came from her grandmother and uses plums from the orchard behind the shop. Visitors "
    "queued outside the bakery on Saturday morning, and the cakes were sold out before noon."
)
_CHESS = (
    "A teenager wins the regional chess championship in Carrow\n"
    "A fifteen-year-old pupil from Carrow won the regional chess championship on Sunday, "
    "beating the defending champion in the final round. She lost only one game in the "
    "nine-round tournament, which drew 140 players to the town library. Her coach said she "
    "had trained with the school club for six years. The winner qualifies for the national "
    "final in the spring, where the best players from every region meet for a week of games."
)


def _pair(pair_id: str, text1: str, text2: str, overall: float) -> dict[str, Any]:
    return {"pair_id": pair_id, "lang1": "en", "lang2": "en", "text1": text1, "text2": text2,
            "augmented": False, "overall": overall}  # fmt: skip


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    data = tmp_path_factory.mktemp("data")
    (data / "related").mkdir()
    rows = [
        _pair("p1", _FLOOD_A, _FLOOD_B, 1.0),
        _pair("p2", _STRIKE_A, _STRIKE_B, 1.25),
        _pair("p3", _CAKE, _CHESS, 4.0),
    ]
    (data / "related" / "semeval-dev.jsonl").write_text(
        "".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8"
    )
    return run_corroboration_path_eval(data, workdir=tmp_path_factory.mktemp("work"))


def test_every_query_is_asked_through_the_site(report: dict[str, Any]) -> None:
    assert report["queries"] == {"same_language": 4, "unrelated": 2}
    assert report["index"]["items"] == 6
    assert report["site"]["pages"] >= 4, report["site"]  # each same-story partner read there
    assert report["site"]["not_found"] == 0
    assert report["sources"] == 5
    assert report["budget_s"] == 4.0


def test_same_story_partners_are_read_and_counted(report: dict[str, Any]) -> None:
    same = report["kinds"]["same_language"]
    assert same["brief_failed"] == same["corroboration_failed"] == 0
    assert same["partner_sent"] == 1.0
    assert same["partner_read"] == 1.0
    assert same["partner_statuses"] == {"ok": 4}
    # Rewordings of one report: judged the same story as a whole, each time
    assert same["partner_relations"] == {"same_story": 4}
    # Rewordings of one report: most bullets find the partner, in every query.
    assert same["ours"]["query_share"] == 1.0
    assert same["ours"]["bullet_share"] >= 0.5
    assert 0.0 < same["baseline"]["bullet_share"] <= 1.0
    assert same["bullets"] >= 4
    assert math.isclose(sum(same["chips"].values()), 1.0)
    assert same["missing_here"]["from_others"] == 0  # the partner was the only other


def test_an_unrelated_partner_is_not_counted(report: dict[str, Any]) -> None:
    unrelated = report["kinds"]["unrelated"]
    assert unrelated["queries"] == 2
    # Neither shown nor read: nothing of it can reach a chip.
    assert unrelated["partner_read"] == 0.0
    assert unrelated["missing_here"]["from_partner"] == 0
    assert math.isnan(unrelated["ours"]["bullet_share"])


def test_times_and_the_table(report: dict[str, Any]) -> None:
    assert report["brief_ms"]["p50"] > 0
    assert report["corroboration_ms"]["p50"] > 0
    assert report["corroboration_ms"]["p95"] >= report["corroboration_ms"]["p50"]
    # Every query's partner scores 1 of its bullets or more, every unrelated one 0.
    assert report["auc"]["all"]["ours_every_query"] == 1.0
    table = format_corroboration_path_table(report)
    assert "partner counted: share of bullets, ours" in table
    assert "partner read, judged as a whole, same-language: {'same_story': 4}" in table
    assert "site served" in table


def test_others_are_what_the_side_panel_sends() -> None:
    brief = {
        "related": {
            "items": [
                {"url": "https://a.example/1"},
                {"url": "https://a.example/1"},
                {"url": "javascript:alert(1)"},
                *({"url": f"https://b{i}.example/x"} for i in range(12)),
            ]
        }
    }
    others = others_of(brief)
    assert others[0] == "https://a.example/1"
    assert len(others) == 10
    assert "javascript:alert(1)" not in others
    assert others_of({}) == []


def test_the_site_resolves_its_outlets_only() -> None:
    from parallax.evaluation.corroboration_path import _Site

    site = _Site()
    try:
        site.serve({("outlet7.example", "/a"): b"<html></html>"})
        assert site.resolve("outlet7.example", site.port, 1.0) == ["127.0.0.1"]
        assert site.resolve("OUTLET7.example", site.port, 1.0) == ["127.0.0.1"]
        for host, port in (("example.com", site.port), ("outlet7.example", 80)):
            with pytest.raises(OSError, match="not a host of the evaluation site"):
                site.resolve(host, port, 1.0)
    finally:
        site.close()
