"""The list filter's query language."""

from newsreader.query import parse_query, words_match


def test_words_and_terms_are_parsed():
    query = parse_query('North korea source:"joint chiefs" tag:official verdict:false')
    assert query.words == ["north", "korea"]
    assert query.terms == {"source": ["joint chiefs"], "tag": ["official"], "verdict": ["false"]}
    assert not query.empty and parse_query("  ").empty


def test_words_all_must_match_anywhere():
    text = "North Korea boosts Russian invasion efforts News"
    assert words_match(["north", "russian"], text)
    assert words_match(["korea"], text.upper())
    assert not words_match(["north", "ukraine"], text)


def test_partial_input_while_typing_is_harmless():
    assert parse_query("tag:").empty  # an empty term is ignored, not a word
    query = parse_query('source:"unclosed')  # an unclosed quote: no crash
    assert query.words or query.terms
    assert parse_query("kind:quote").words == ["kind:quote"]  # unknown fields are words
