"""The same-story similarity function, and the batch scorer and correlations built on it."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parallax.domain.similarity import (
    MAX_CHARS,
    SAME_STORY_THRESHOLD,
    TOPIC_THRESHOLD,
    Story,
    features,
    same_story_probability,
    similarity_of_features,
    story_similarity,
)
from parallax.evaluation.related import pearson, similarity_lines, spearman
from tests.support.cpu_budget import thread_cpu

EN_OLYMPICS = Story(
    title="IOC and Japan agree to postpone Tokyo Olympics to 2021",
    text=(
        "The International Olympic Committee and Japan agreed on Tuesday to postpone the Tokyo "
        "Olympic Games by one year because of the coronavirus pandemic. IOC president Thomas Bach "
        "and Japanese Prime Minister Shinzo Abe made the decision in a telephone call. The Games "
        "will now be held no later than the summer of 2021. About 11,000 athletes had been due "
        "to compete from July 24."
    ),
    language="en",
)
DE_OLYMPICS = Story(
    title="IOC und Japan einigen sich auf Verschiebung der Olympischen Spiele in Tokio auf 2021",
    text=(
        "Das Internationale Olympische Komitee und Japan haben sich am Dienstag auf eine "
        "Verschiebung der Sommerspiele von Tokio um ein Jahr geeinigt. In einem Telefonat zwischen "
        "IOC-Präsident Thomas Bach und Japans Ministerpräsident Shinzo Abe fiel die historische "
        "Entscheidung. Die Spiele sollen spätestens im Sommer 2021 stattfinden. Rund 11.000 "
        "Athleten hätten ab dem 24. Juli antreten sollen."
    ),
    language="de",
)
EN_QUAKE_TURKEY = Story(
    title="Earthquake kills 22 in eastern Turkey",
    text=(
        "A magnitude 6.8 earthquake struck the province of Elazig in eastern Turkey on Friday "
        "evening, killing at least 22 people and injuring more than 1,000, the disaster agency "
        "AFAD said. Rescue teams searched collapsed buildings in the town of Sivrice through the "
        "night as temperatures fell below freezing. President Recep Tayyip Erdogan said the state "
        "would rebuild every damaged home."
    ),
    language="en",
)
EN_QUAKE_TURKEY_FOLLOW_UP = Story(
    title="Turkey quake: rescuers pull survivors from rubble in Elazig",
    text=(
        "Rescuers in eastern Turkey pulled dozens of survivors from the rubble after Friday's "
        "magnitude 6.8 earthquake in Elazig province, as the death toll rose to 22. More than "
        "1,000 people were injured, according to the disaster agency AFAD. In Sivrice, near the "
        "epicentre, families slept in tents. Erdogan visited the region on Saturday."
    ),
    language="en",
)
EN_QUAKE_PUERTO_RICO = Story(
    title="Strong earthquake hits Puerto Rico, knocking out power",
    text=(
        "A magnitude 6.4 earthquake struck southern Puerto Rico before dawn on Tuesday, killing "
        "one person in Ponce and knocking out power across the island. Governor Wanda Vazquez "
        "declared a state of emergency and activated the National Guard. Hundreds of residents "
        "spent the night outdoors, fearing aftershocks, while engineers inspected the Costa Sur "
        "power plant in Guayanilla."
    ),
    language="en",
)
DE_FOOTBALL = Story(
    title="Bayern gewinnt Spitzenspiel gegen Dortmund",
    text=(
        "Der FC Bayern München hat das Spitzenspiel der Bundesliga gegen Borussia Dortmund mit 4:0 "
        "gewonnen. Robert Lewandowski traf zweimal, Serge Gnabry und Thomas Müller erzielten die "
        "weiteren Tore. Trainer Hansi Flick lobte die Abwehr."
    ),
    language="de",
)


# --- the scale ------------------------------------------------------------------------------------


def test_identical_stories_score_one() -> None:
    # Given one story, twice (a wire copy run unchanged by two outlets)
    # When they are compared
    score = story_similarity(EN_OLYMPICS, EN_OLYMPICS)
    # Then the score is (almost exactly) 1
    assert score == pytest.approx(1.0, abs=1e-9)


def test_unrelated_stories_score_low() -> None:
    # Given an earthquake report and a football report
    # When they are compared
    score = story_similarity(EN_QUAKE_TURKEY, DE_FOOTBALL)
    # Then the score is close to 0, far below the threshold
    assert score < 0.1


def test_same_story_in_two_languages_is_above_the_threshold() -> None:
    # Given the same event told in English and in German, sharing names (Thomas Bach, Shinzo Abe,
    # Tokio/Tokyo) and numbers (2021, 11,000 / 11.000, 24)
    # When they are compared
    score = story_similarity(EN_OLYMPICS, DE_OLYMPICS)
    # Then they are judged the same story
    assert same_story_probability(score, same_language=False) >= SAME_STORY_THRESHOLD


def test_same_story_follow_up_is_above_the_threshold() -> None:
    # Given two reports of the same earthquake by different outlets
    score = story_similarity(EN_QUAKE_TURKEY, EN_QUAKE_TURKEY_FOLLOW_UP)
    # Then they are the same story
    assert same_story_probability(score, same_language=True) >= SAME_STORY_THRESHOLD


def test_same_topic_different_event_is_below_the_threshold() -> None:
    # Given two earthquakes in different countries: the same topic, not the same story
    same_topic = story_similarity(EN_QUAKE_TURKEY, EN_QUAKE_PUERTO_RICO)
    same_story = story_similarity(EN_QUAKE_TURKEY, EN_QUAKE_TURKEY_FOLLOW_UP)
    # Then they fall below the threshold, and below the two reports of one earthquake
    assert same_story_probability(same_topic, same_language=True) < SAME_STORY_THRESHOLD
    assert same_topic < same_story
    # ... while still scoring above stories that share nothing
    assert same_topic > story_similarity(EN_QUAKE_TURKEY, DE_FOOTBALL)


# --- names, numbers, scripts --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("ru", "Вчера президент Зеленский принял канцлера"), ("en", "Yesterday President Zelensky met the chancellor")),
        (("de", "Gestern traf Präsident Selenskyj die Kanzlerin"), ("en", "Yesterday President Zelensky met the chancellor")),
        (("ru", "Вчера канцлер Меркель прибыла в Киев"), ("de", "Gestern ist Kanzlerin Merkel in Kiew eingetroffen")),
    ],
)  # fmt: skip
def test_a_name_matches_across_spellings_and_scripts(
    a: tuple[str, str], b: tuple[str, str]
) -> None:
    # Given one person's name in two scripts or spellings, in otherwise different words
    left = Story(a[1], language=a[0])
    right = Story(b[1], language=b[0])
    other = Story("Yesterday President Macron met the prime minister", language="en")
    # When compared
    # Then the name is shared: the pair scores well above the same sentence about someone else
    assert story_similarity(left, right) > 0.2
    assert story_similarity(left, right) > 2 * story_similarity(left, other)


def test_accents_fold() -> None:
    # Given a name with and without its accents
    a = Story("Der Trainer Thomas Müller sprach über Erdoğan", language="de")
    b = Story("Der Trainer Thomas Muller sprach über Erdogan", language="de")
    # Then the texts are one text
    assert story_similarity(a, b) == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,000 people", "1000"),
        ("1.000 Menschen", "1000"),
        ("1000 personas", "1000"),
        ("1,250,000 votes", "1250000"),
        ("3,5 Prozent", "3.5"),
        ("3.50 percent", "3.5"),
    ],
)
def test_number_formats_are_one_number(text: str, expected: str) -> None:
    # Given a number written with a thousands separator or a decimal comma
    # When the story's features are built
    numbers = features(Story(text)).numbers
    # Then the number is in its normal form
    assert numbers == {expected}


def test_single_digits_are_not_evidence() -> None:
    # Given a text whose only numbers are single digits ("2 people", "page 1")
    # Then it has no numbers to match on: they are in every story
    assert features(Story("2 people and 1 dog were seen at 3 places")).numbers == frozenset()


def test_shared_numbers_raise_the_score() -> None:
    # Given the same German sentence, with the same number or a different one, against English
    english = Story("Rund 11,000 athletes were registered by the committee", language="en")
    same = Story("Insgesamt 11.000 Athleten waren beim Komitee gemeldet", language="de")
    different = Story("Insgesamt 9.500 Athleten waren beim Komitee gemeldet", language="de")
    # Then the shared number (written in each language's own way) counts
    assert story_similarity(english, same) > story_similarity(english, different)


# --- robustness -----------------------------------------------------------------------------------


def test_empty_texts_score_zero() -> None:
    # Given two empty stories: nothing says they are the same story
    assert story_similarity(Story(""), Story("")) == 0.0
    assert story_similarity(Story("   \n\t"), Story("")) == 0.0


def test_one_empty_side_scores_zero() -> None:
    # Given one real story and an empty one (a candidate with no text and no title)
    # Then the score is 0, in either order
    assert story_similarity(EN_OLYMPICS, Story("")) == 0.0
    assert story_similarity(Story(""), EN_OLYMPICS) == 0.0


def test_only_stop_words_or_punctuation_score_zero() -> None:
    # Given texts with no content word at all
    assert story_similarity(Story("the and of to", language="en"), EN_OLYMPICS) == 0.0
    assert story_similarity(Story("... !!! ???"), Story("--- ***")) == 0.0


def test_mojibake_is_repaired() -> None:
    # Given German text whose UTF-8 was read as Windows-1252 ("fÃ¼r" for "für")
    clean = Story("Demonstration in München: Polizei prüft Vorwürfe gegen Beamte", language="de")
    broken = Story(
        "Demonstration in MÃ¼nchen: Polizei prÃ¼ft VorwÃ¼rfe gegen Beamte", language="de"
    )
    # Then it reads as the clean text
    assert story_similarity(clean, broken) == pytest.approx(1.0, abs=1e-9)


def test_mojibake_that_cannot_be_repaired_is_left_alone() -> None:
    # Given text that looks like mojibake but is not valid UTF-8 once re-encoded
    story = Story("Ã\u0152 nonsense Ã\u2122 about Elazig earthquake")
    # Then the text is still scored, without an error
    assert 0.0 <= story_similarity(story, EN_QUAKE_TURKEY) <= 1.0


def test_a_megabyte_of_text_takes_bounded_time() -> None:
    # Given a 1 MB text (a page or client sending far more than an article)
    huge = Story(("Elazig earthquake rescue teams AFAD Erdogan " * 30_000)[:1_000_000])
    # When compared with a normal story
    with thread_cpu() as cpu:
        score = story_similarity(huge, EN_QUAKE_TURKEY)
    # Then only the first MAX_CHARS are read: fast, and still a score in range
    assert 0.0 <= score <= 1.0
    assert cpu.seconds < 0.5
    assert len(huge.text) > 50 * MAX_CHARS


def test_language_is_guessed_when_not_given() -> None:
    # Given stories without a language
    # Then stop words of the guessed language are dropped, as when the language is given
    assert features(Story("Der Präsident hat am Dienstag die Regierung gebildet")).language == "de"
    assert features(Story("قال الرئيس إن الحكومة ستجتمع غدا في القاهرة")).language == "ar"
    assert features(Story("Президент заявил, что правительство соберется завтра")).language == "ru"
    assert features(Story("国际奥委会和日本同意将东京奥运会推迟到2021年")).language == "zh"
    guessed = story_similarity(Story(EN_OLYMPICS.text), Story(EN_QUAKE_TURKEY.text))
    given = story_similarity(
        Story(EN_OLYMPICS.text, language="en"), Story(EN_QUAKE_TURKEY.text, language="en")
    )
    assert guessed == pytest.approx(given, abs=1e-9)


def test_an_undetermined_language_is_not_treated_as_another_language() -> None:
    # Given a feed headline too short to tell its language (no function word at all)
    headline = "Tokyo Olympics postponed: Bach, Abe agree"
    assert features(Story(headline)).language == "und"
    # When it is compared with an English article
    # Then it scores as an English headline would: no cross-language scaling inflates it
    assert story_similarity(EN_OLYMPICS, Story(headline)) == pytest.approx(
        story_similarity(EN_OLYMPICS, Story(headline, language="en")), abs=1e-12
    )


def test_chinese_is_compared_by_character_bigrams() -> None:
    # Given two Chinese headlines of one story and one of another
    a = Story("国际奥委会和日本同意将东京奥运会推迟到2021年举行", language="zh")
    b = Story("东京奥运会推迟到2021年 国际奥委会与日本达成一致", language="zh")
    c = Story("土耳其东部发生6.8级地震 至少22人死亡", language="zh")
    # Then the same story scores above the other
    same, other = story_similarity(a, b), story_similarity(a, c)
    assert same_story_probability(same, True) > SAME_STORY_THRESHOLD
    assert same_story_probability(other, True) < SAME_STORY_THRESHOLD


def test_time_apart_lowers_the_score() -> None:
    # Given the same text published on the same day, a week later, and a year later
    def dated(when: str | None) -> Story:
        return Story(EN_QUAKE_TURKEY.text, title=EN_QUAKE_TURKEY.title, published=when)

    day = dated("2020-01-24T18:00:00Z")
    same_day = story_similarity(day, dated("2020-01-25T09:30:00+01:00"))
    week = story_similarity(day, dated("2020-01-31T18:00:00Z"))
    year = story_similarity(day, dated("2021-01-24T18:00:00Z"))
    # Then the score falls with the gap, but never below half of what the text says
    assert same_day == pytest.approx(1.0, abs=1e-9)
    assert same_day > week > year
    assert year == pytest.approx(0.5, abs=1e-9)
    # And an undated or unreadable date is no evidence either way
    assert story_similarity(day, dated(None)) == pytest.approx(1.0, abs=1e-9)
    assert story_similarity(day, dated("last Tuesday")) == pytest.approx(1.0, abs=1e-9)
    assert story_similarity(dated("2020-01-24"), dated("2020-01-24T12:00:00")) == pytest.approx(1.0)


def test_a_title_repeated_at_the_start_of_the_text_is_read_once() -> None:
    # Given a candidate whose text begins with its title (a feed item's description often does)
    with_title = Story(
        EN_QUAKE_TURKEY.title + ". " + EN_QUAKE_TURKEY.text, title=EN_QUAKE_TURKEY.title
    )
    # Then it scores as the title and the text given apart
    assert story_similarity(with_title, EN_QUAKE_TURKEY) > 0.99


def test_cached_features_give_the_same_score() -> None:
    # Given a source whose features are built once (as the ranking does for many candidates)
    source = features(EN_OLYMPICS)
    # Then comparing features is exactly story_similarity
    for other in (DE_OLYMPICS, EN_QUAKE_TURKEY, DE_FOOTBALL):
        assert similarity_of_features(source, features(other)) == story_similarity(
            EN_OLYMPICS, other
        )


_STORIES = [EN_OLYMPICS, DE_OLYMPICS, EN_QUAKE_TURKEY, EN_QUAKE_TURKEY_FOLLOW_UP, DE_FOOTBALL]


@pytest.mark.parametrize("a", _STORIES)
@pytest.mark.parametrize("b", _STORIES)
def test_symmetric_and_in_range(a: Story, b: Story) -> None:
    # Given any two stories
    # Then the score is in [0, 1] and does not depend on the order
    forward, backward = story_similarity(a, b), story_similarity(b, a)
    assert 0.0 <= forward <= 1.0
    assert forward == pytest.approx(backward, abs=1e-12)


_texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400)


@settings(max_examples=200, deadline=None)
@given(
    a=_texts,
    b=_texts,
    title=st.one_of(st.none(), _texts),
    language=st.sampled_from([None, "en", "de", "ar", "zh", "tr", "xx", ""]),
)
def test_any_input_scores_in_range_symmetrically(
    a: str, b: str, title: str | None, language: str | None
) -> None:
    # Given arbitrary Unicode (emoji, controls, mixed scripts), titles and language tags
    left, right = Story(a, title=title, language=language), Story(b)
    # Then the function never fails, stays in [0, 1] and is symmetric
    score = story_similarity(left, right)
    assert 0.0 <= score <= 1.0
    assert not math.isnan(score)
    assert score == pytest.approx(story_similarity(right, left), abs=1e-12)


# --- parallax similarity --input FILE.jsonl ------------------------------------------------------


def _lines(*items: object) -> list[str]:
    return [item if isinstance(item, str) else json.dumps(item) for item in items]


def test_similarity_lines_scores_pairs_with_the_ranking_function() -> None:
    # Given one pair line in the documented shape
    line = {
        "id": "p1",
        "a": {"title": EN_OLYMPICS.title, "text": EN_OLYMPICS.text, "language": "en"},
        "b": {"title": DE_OLYMPICS.title, "text": DE_OLYMPICS.text, "language": "de"},
    }
    # When scored
    (result,) = similarity_lines(_lines(line))
    # Then the id is echoed with the score story_similarity gives
    assert result == {"id": "p1", "score": round(story_similarity(EN_OLYMPICS, DE_OLYMPICS), 6)}


def test_similarity_lines_accepts_semeval_rows() -> None:
    # Given a row of semeval-dev.jsonl as it is (labels and all)
    row = {
        "pair_id": "1484084337_1484110209",
        "lang1": "en",
        "lang2": "en",
        "text1": EN_QUAKE_TURKEY.text,
        "text2": EN_QUAKE_TURKEY_FOLLOW_UP.text,
        "augmented": False,
        "overall": 1.0,
        "geography": 1.0,
    }
    # When scored
    (result,) = similarity_lines(_lines(row))
    # Then pair_id is echoed as id
    assert result["id"] == "1484084337_1484110209"
    assert result["score"] == round(
        story_similarity(
            Story(EN_QUAKE_TURKEY.text, language="en"),
            Story(EN_QUAKE_TURKEY_FOLLOW_UP.text, language="en"),
        ),
        6,
    )


def test_similarity_lines_reports_a_bad_line_and_goes_on() -> None:
    # Given a batch with good and bad lines
    good = {"id": 7, "a": {"text": "Earthquake in Elazig"}, "b": {"text": "Elazig earthquake"}}
    lines = _lines(
        "not json",
        "[1, 2]",
        {"id": "no-b", "a": {"text": "x"}},
        {"id": "typo", "a": {"text": "x", "langauge": "en"}, "b": {"text": "y"}},
        {"id": "bad-type", "a": {"text": 5}, "b": {"text": "y"}},
        {"id": "bad-lang", "a": {"text": "x", "language": "en; DROP"}, "b": {"text": "y"}},
        {"something": "else"},
        "",
        "[" * 100_000,
        good,
    )
    # When scored
    results = list(similarity_lines(lines))
    # Then every bad line is an invalid_request (with its id, or its line number) and the good
    # line at the end is still scored; the blank line is skipped
    assert [r.get("error") for r in results] == ["invalid_request"] * 8 + [None]
    assert results[0]["line"] == 1
    assert results[1]["line"] == 2
    assert [r.get("id") for r in results[2:6]] == ["no-b", "typo", "bad-type", "bad-lang"]
    assert results[6]["line"] == 7
    assert results[7]["line"] == 9  # nested deeper than the parser goes: still a bad line
    assert results[8]["id"] == 7
    assert 0.0 < results[8]["score"] <= 1.0
    assert all("detail" in r for r in results[:8])


def test_similarity_lines_numbers_lines_without_an_id() -> None:
    # Given a good line without an id, after a blank line
    lines = ["", json.dumps({"a": {"text": "Elazig quake"}, "b": {"text": "Quake in Elazig"}})]
    # Then its result carries the line number to match it by
    (result,) = similarity_lines(lines)
    assert result["line"] == 2
    assert "id" not in result
    assert 0.0 < result["score"] <= 1.0


def test_similarity_lines_survives_an_internal_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a scorer that fails on one pair (a bug, not bad input)
    import parallax.evaluation.related as module

    real = module.story_similarity

    def flaky(a: Story, b: Story) -> float:
        if a.text == "boom":
            raise RuntimeError("bug")
        return real(a, b)

    monkeypatch.setattr(module, "story_similarity", flaky)
    lines = _lines(
        {"id": 1, "a": {"text": "boom"}, "b": {"text": "x"}},
        {"id": 2, "a": {"text": "Elazig quake"}, "b": {"text": "Quake in Elazig"}},
    )
    # Then that line is an internal error and the next one is still scored
    first, second = similarity_lines(lines)
    assert first == {"id": 1, "error": "internal", "detail": "RuntimeError"}
    assert second["id"] == 2
    assert "score" in second


# --- correlations ---------------------------------------------------------------------------------


def test_pearson_and_spearman_match_known_values() -> None:
    xs = [1.0, 2.0, 3.0, 4.0, 5.0]
    assert pearson(xs, [2.0, 4.0, 6.0, 8.0, 10.0]) == pytest.approx(1.0)
    assert pearson(xs, [5.0, 4.0, 3.0, 2.0, 1.0]) == pytest.approx(-1.0)
    # scipy.stats.pearsonr([1,2,3,4,5], [1,3,2,5,4]) = 0.8
    assert pearson(xs, [1.0, 3.0, 2.0, 5.0, 4.0]) == pytest.approx(0.8)
    # A monotone but not linear relation: Spearman is 1, Pearson is not
    cubes = [x**3 for x in xs]
    assert spearman(xs, cubes) == pytest.approx(1.0)
    assert pearson(xs, cubes) < 1.0
    # Ties share the mean rank: scipy.stats.spearmanr([1,2,2,3], [1,2,3,4]) = 0.9486832980505138
    assert spearman([1.0, 2.0, 2.0, 3.0], [1.0, 2.0, 3.0, 4.0]) == pytest.approx(0.9486832980505138)


def test_correlation_of_a_constant_is_nan() -> None:
    assert math.isnan(pearson([1.0, 1.0, 1.0], [1.0, 2.0, 3.0]))
    assert math.isnan(pearson([1.0], [2.0]))
    with pytest.raises(ValueError, match="same length"):
        pearson([1.0, 2.0], [1.0])


def test_the_same_story_probability_is_calibrated_per_language_situation() -> None:
    # Given raw scores across the range
    raws = [i / 20 for i in range(21)]
    for same_language in (True, False):
        probabilities = [same_story_probability(r, same_language) for r in raws]
        # Then the probability rises with the score and stays within (0, 1)
        assert probabilities == sorted(probabilities)
        assert all(0.0 < p < 1.0 for p in probabilities)
    # And across languages the same raw score means more (fewer words can be shared)
    assert same_story_probability(0.3, False) > same_story_probability(0.3, True)
    # And the topic tier starts below the same-story tier
    assert 0.0 < TOPIC_THRESHOLD < SAME_STORY_THRESHOLD < 1.0


def test_numbers_in_arabic_indic_digits_are_the_same_number() -> None:
    # Given two outlets, one writing Arabic-Indic digits, the other ASCII digits
    # When their numbers are read
    # Then both spell one number, and the single-digit rule still drops "٣" like "3"
    from parallax.domain.numbers import number_key
    from parallax.domain.similarity import _normalise_number

    assert number_key("١٢") == number_key("12") == "12"
    assert _normalise_number("٣") is None
    assert _normalise_number("0.5") is None
    assert _normalise_number("0.25") == "0.25"
    assert _normalise_number("1,000") == _normalise_number("1.000") == "1000"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # one number in two house styles is one key (before session 14 a number with both
        # separators was read as its digits: "1,149.1" was 11491, "1149.1" 1149.1)
        ("1,149.1", "1149.1"),
        ("7.563,62", "7563.62"),
        ("1,000", "1.000"),
        ("3,5", "3.50"),
        ("١٢", "12"),
    ],
)
def test_one_number_in_two_house_styles_is_one_key(one: str, other: str) -> None:
    from parallax.domain.numbers import number_key

    assert number_key(one) == number_key(other)


def test_a_date_is_read_as_its_digits() -> None:
    from parallax.domain.numbers import number_key

    assert number_key("24.04.2020") == "24042020"
    assert number_key("1.2.3") == "123"
