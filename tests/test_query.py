"""The list filter's query language."""

from newsreader.query import Facts, matches, parse_query

FACTS = Facts(
    text="North Korea boosts Russian invasion efforts News Yonhap Jane Doe",
    sources=["South Korea's Joint Chiefs of Staff", "JCS", "Ju Hong Won"],
    tags=["military", "official"],
    verdicts=["misleading"],
    kinds=["statistic", "quote"],
)


def test_plain_words_all_must_match_anywhere():
    assert matches(parse_query("north russian"), FACTS)
    assert matches(parse_query("NORTH"), FACTS)
    assert not matches(parse_query("north ukraine"), FACTS)


def test_field_terms():
    assert matches(parse_query("source:jcs"), FACTS)
    assert matches(parse_query('source:"joint chiefs"'), FACTS)
    assert not matches(parse_query("source:reuters"), FACTS)
    assert matches(parse_query("tag:official"), FACTS)
    assert matches(parse_query("tag:mil"), FACTS)  # a prefix while typing
    assert not matches(parse_query("tag:unverified"), FACTS)
    assert matches(parse_query("verdict:misleading north"), FACTS)
    assert matches(parse_query("verdict:any"), FACTS)
    assert not matches(parse_query("verdict:false"), FACTS)
    assert matches(parse_query("kind:quote"), FACTS)
    assert not matches(parse_query("kind:prediction"), FACTS)


def test_verdict_any_needs_a_real_verdict_and_partial_input_is_harmless():
    unchecked = Facts(text="x", verdicts=["unchecked"])
    assert not matches(parse_query("verdict:any"), unchecked)
    query = parse_query('source:"unclosed')  # while typing: no crash, plain word
    assert query.words == ['source:"unclosed'] or query.terms
    assert parse_query("tag:").empty
    assert parse_query("source:jcs").needs_analysis and not parse_query("verdict:false").needs_analysis
