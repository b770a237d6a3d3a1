"""The article readers: the seed's exact structure, scraped-text variants, and bad files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import newsreader.articles as articles_module
from newsreader.articles import Article, load_article
from newsreader.articles.model import Block

from conftest import SEED


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# -- the seed ------------------------------------------------------------------------
def test_seed_headline_and_section_label():
    article = load_article(SEED)
    assert article.ok
    assert article.title == "North Korea boosts Russian invasion efforts with 3,000 troops"
    assert article.category == "News"
    assert "NewsNorth" not in article.text and "NewsNorth" not in article.title


def test_seed_image_caption_and_credit_once():
    article = load_article(SEED)
    assert [(image.caption, image.credit) for image in article.images] == [
        ("Soldiers from North Korea near Kursk", "Images source: © X, @polymarketintel")
    ]
    assert article.text.count("Soldiers from North Korea near Kursk") == 1


def test_seed_key_points_and_body_structure():
    article = load_article(SEED)
    assert len(article.key_points) == 3
    assert article.key_points[0].startswith("North Korea sent at least 3,000 additional soldiers")
    assert article.key_points[2].endswith("uphold the mutual defense treaty.")
    assert [block.kind for block in article.blocks] == [
        "paragraph", "heading", "paragraph", "paragraph", "heading", "paragraph", "paragraph",
    ]
    headings = [block.text for block in article.blocks if block.kind == "heading"]
    assert headings == [
        "The impact of North Korea sending soldiers",
        "Is North Korea increasing its involvement in the conflict?",
    ]
    assert article.blocks[0].text.startswith("North Korea has dispatched at least 3,000")
    assert article.blocks[-1].text.endswith("the mutual defense treaty was reaffirmed.")
    # The key-points box keeps its own heading (never a substituted "Key points"); the title is
    # not repeated, the furniture is gone.
    assert article.key_points_heading == "What do you need to know?"
    assert article.text.count("What do you need to know?") == 1
    assert "Key points" not in article.text
    assert "Related content" not in article.text
    assert article.text.count("North Korea boosts Russian invasion efforts") == 0
    assert "\u00a0" not in article.text


def test_seed_text_and_segments_agree():
    article = load_article(SEED)
    text = article.text
    roles = [segment.role for segment in article.segments]
    # As published: lead paragraph, image caption and credit, the key-points box under its own
    # heading, then the body.
    assert roles[:8] == ["paragraph", "caption", "credit", "heading", "key_point", "key_point", "key_point", "heading"]
    assert text.startswith("North Korea has dispatched at least 3,000")
    assert text.index("What do you need to know?") < text.index("North Korea sent at least 3,000 additional")
    for segment in article.segments:
        piece = text[segment.start : segment.end]
        assert piece and "\n" not in piece
    heading = next(s for s in article.segments if s.role == "heading" and s.block >= 0)
    assert text[heading.start : heading.end] == "The impact of North Korea sending soldiers"


def test_id_is_stable_and_content_based(tmp_path: Path):
    copy = write(tmp_path, "copy.txt", SEED.read_text(encoding="utf-8"))
    assert load_article(copy).id == load_article(SEED).id
    other = write(tmp_path, "other.txt", "Another headline\n\nBody text that says something.\n")
    assert load_article(other).id != load_article(SEED).id


# -- variants of scraped text --------------------------------------------------------
def test_glued_section_label_without_repeat(tmp_path: Path):
    path = write(tmp_path, "a.txt", "WorldFrance votes in a snap election\n\nVoters went to the polls on Sunday.\n")
    article = load_article(path)
    assert (article.category, article.title) == ("World", "France votes in a snap election")


def test_title_repeat_and_ordinary_first_line(tmp_path: Path):
    path = write(
        tmp_path, "a.txt", "Markets rally on rate cut\nMarkets rally on rate cut\n\nShares rose 3% on Monday.\n"
    )
    article = load_article(path)
    assert article.title == "Markets rally on rate cut" and article.category == ""
    assert article.text == "Shares rose 3% on Monday."
    # A name that merely starts with capitals is not split ("McDonald").
    path = write(tmp_path, "b.txt", "McDonald's opens 50 stores\n\nThe chain said so.\n")
    assert load_article(path).title == "McDonald's opens 50 stores"


def test_doubled_caption_with_photo_credit_and_single_caption(tmp_path: Path):
    text = (
        "Storm hits coast\n\n"
        "Waves break over the sea wall\nWaves break over the sea wall\nPhoto: Jane Roe / Reuters\n\n"
        "The storm arrived at dawn, officials said.\n\n"
        "Rescue boats in the harbour\n\nCredit: AP\n\n"
        "More than 200 homes lost power.\n"
    )
    article = load_article(write(tmp_path, "a.txt", text))
    assert [(i.caption, i.credit) for i in article.images] == [
        ("Waves break over the sea wall", "Photo: Jane Roe / Reuters"),
        ("Rescue boats in the harbour", "Credit: AP"),
    ]
    assert [b.text for b in article.blocks] == [
        "The storm arrived at dawn, officials said.",
        "More than 200 homes lost power.",
    ]


def test_bullets_of_every_kind_and_key_points(tmp_path: Path):
    text = (
        "Budget passes\n\nKey points:\n\n- Spending rises 4%\n- Taxes unchanged\n\n"
        "The budget passed on Tuesday.\n\n"
        "* first\n* second\n\n1. one\n2) two\n\n"
        "· dot item\n▪ square item\n"
    )
    article = load_article(write(tmp_path, "a.txt", text))
    assert article.key_points == ["Spending rises 4%", "Taxes unchanged"]
    lists = [b for b in article.blocks if b.kind == "list"]
    assert [list(b.items) for b in lists] == [["first", "second"], ["one", "two"], ["dot item", "square item"]]
    assert [b.ordered for b in lists] == [False, True, False]


def test_headings_are_short_unpunctuated_lines_or_questions(tmp_path: Path):
    text = (
        "Title here\n\nThe first paragraph ends with a full stop.\n\nWhat happens next?\n\n"
        "Officials declined to comment.\n\nBackground\n\nThe dispute began in 2019.\n\n"
        "This long line is a sentence with no final punctuation but it runs on for many many many words in a row\n\n"
        "End of story.\n"
    )
    article = load_article(write(tmp_path, "a.txt", text))
    assert [(b.kind, b.text[:20]) for b in article.blocks] == [
        ("paragraph", "The first paragraph "),
        ("heading", "What happens next?"),
        ("paragraph", "Officials declined t"),
        ("heading", "Background"),
        ("paragraph", "The dispute began in"),
        ("paragraph", "This long line is a "),
        ("paragraph", "End of story."),
    ]


def test_hard_wrapped_paragraphs_are_joined_and_nbsp_normalised(tmp_path: Path):
    text = (
        "Wrapped\n\nThis paragraph was wrapped at a fixed column by the tool that saved\n"
        "it, so its lines\u00a0must be joined back into one paragraph before\nreading.\n\nSecond one.\n"
    )
    article = load_article(write(tmp_path, "a.txt", text))
    assert article.blocks[0] == Block(
        "paragraph",
        "This paragraph was wrapped at a fixed column by the tool that saved it, so its lines must be "
        "joined back into one paragraph before reading.",
    )


def test_trailing_furniture_is_cut_but_mid_text_words_stay(tmp_path: Path):
    text = (
        "Headline\n\nAdvertisement\n\nA paragraph about the news.\n\nShare this article\n\n"
        "Another paragraph about related content in the story.\n\nRead more\n\nOther story one\n\nOther story two\n"
    )
    article = load_article(write(tmp_path, "a.txt", text))
    assert [b.text for b in article.blocks] == [
        "A paragraph about the news.",
        "Another paragraph about related content in the story.",
    ]


def test_byline_and_date_under_headline(tmp_path: Path):
    text = "Headline of the day\nBy Jane Smith\n12 March 2025\n\nThe body starts here.\n"
    article = load_article(write(tmp_path, "a.txt", text))
    assert (article.author, article.published) == ("Jane Smith", "2025-03-12")
    assert article.text == "The body starts here."


def test_markdown_front_matter_and_structure(tmp_path: Path):
    text = (
        "---\ntitle: Front matter title\nauthor: A. Writer\ndate: 2024-05-01\nsource: The Daily\n"
        "url: https://example.com/story\n---\n\n# Ignored? no: body heading\n\nA paragraph with *emphasis*.\n\n"
        "- item one\n- item two\n\n> A quoted line.\n\n![Flooded street](x.jpg)\n"
    )
    article = load_article(write(tmp_path, "a.md", text))
    assert article.title == "Front matter title"
    assert (article.author, article.published, article.publication, article.url) == (
        "A. Writer", "2024-05-01", "The Daily", "https://example.com/story",
    )
    assert [b.kind for b in article.blocks] == ["heading", "paragraph", "list", "quote"]
    assert article.blocks[1].text == "A paragraph with emphasis."
    assert [i.caption for i in article.images] == ["Flooded street"]
    assert article.source == "The Daily"


def test_markdown_title_from_heading_and_bad_front_matter(tmp_path: Path):
    article = load_article(write(tmp_path, "a.md", "---\ntitle: [unclosed\n---\n# Real title\n\nBody.\n"))
    assert article.title == "Real title"
    assert article.warnings and "front matter" in article.warnings[0]
    assert article.blocks == [Block("paragraph", "Body.")]


# -- untrusted text --------------------------------------------------------------------
def test_markup_stays_literal_and_control_characters_are_removed(tmp_path: Path):
    text = (
        "Title [bold]x[/bold]\x1b[31m\n\n"
        "Body [@click=app.quit]click[/] and [/x] \x1b]52;c;ZXZpbA==\x07osc \x9b31m c1 \x07bell\u202edone.\n"
    )
    article = load_article(write(tmp_path, "a.txt", text))
    assert article.title == "Title [bold]x[/bold]"
    assert article.blocks[0].text == "Body [@click=app.quit]click[/] and [/x] osc c1 belldone."
    for value in (article.title, article.text):
        assert not any(ord(ch) < 32 and ch != "\n" for ch in value)
        assert not any(0x7F <= ord(ch) <= 0x9F for ch in value)


# -- bad files -------------------------------------------------------------------------
def test_empty_file(tmp_path: Path):
    article = load_article(write(tmp_path, "empty.txt", ""))
    assert article.error == "empty file" and article.title == "empty.txt"
    assert load_article(write(tmp_path, "blank.md", "  \n\n\t\n")).error == "empty file"


def test_binary_file(tmp_path: Path):
    article = load_article(write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10))
    assert article.error == "binary file, not text"


def test_invalid_utf8_is_read_with_a_warning(tmp_path: Path):
    article = load_article(write(tmp_path, "latin.txt", "Café news\n\nThe café opened in 2020.\n".encode("cp1252")))
    assert article.ok and article.title == "Café news"
    assert article.warnings == ["not valid UTF-8: read as cp1252 (a guess)"]


@pytest.mark.parametrize("text, encoding, guess", [
    (
        "Президент объявил о сделке в пятницу.\n\nМинистерство обороны сообщило о трёх тысячах солдат.\n",
        "cp1251",
        "cp1251",
    ),
    ("大統領は金曜日に貿易協定を発表した。\n\n国防省は三千人の兵士を派遣したと述べた。\n", "shift_jis", "cp932"),
    ("总统周五宣布了贸易协议。\n\n国防部表示已派遣三千名士兵。\n", "gb18030", "gb18030"),
])
def test_legacy_encodings_are_guessed_and_named(tmp_path: Path, text: str, encoding: str, guess: str):
    article = load_article(write(tmp_path, "legacy.txt", text.encode(encoding)))
    assert article.ok and article.title == text.split("\n")[0]
    assert article.warnings == [f"not valid UTF-8: read as {guess} (a guess)"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_byte_order_marks_are_read_first(tmp_path: Path, encoding: str):
    data = "Troops sent\n\nThe ministry said 3,000 soldiers were sent.\n".encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    article = load_article(write(tmp_path, "bom.txt", data))
    assert article.ok and article.title == "Troops sent" and article.warnings == []


def test_files_that_are_not_files_are_refused_without_opening_them(tmp_path: Path):
    import socket

    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "sock.txt"))
    try:
        assert load_article(tmp_path / "pipe.txt").error == "a named pipe (FIFO), not a file"
        assert load_article(tmp_path / "zero.txt").error == "a device, not a file"
        assert load_article(tmp_path / "sock.txt").error == "a socket, not a file"
        assert load_article(tmp_path / "loop.txt").error.startswith("cannot read: Too many levels of symbolic links")
    finally:
        server.close()


def test_huge_file_is_refused_without_reading_it(tmp_path: Path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as file:
        file.truncate(50 * 1024 * 1024)
    article = load_article(path)
    assert article.error.startswith("file too large: 52.4 MB")


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = write(tmp_path, "secret.txt", "Title\n\nBody.\n")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    # Root can read any file, so refuse the open itself.
    monkeypatch.setattr(articles_module.os, "open", denied)
    article = load_article(path)
    assert article.error == "permission denied"


def test_missing_file_and_directory(tmp_path: Path):
    assert load_article(tmp_path / "nope.txt").error == "no such file or folder"
    folder = tmp_path / "dir.txt"
    folder.mkdir()
    assert load_article(folder).error == "is a directory"


def test_html_that_is_no_article(tmp_path: Path):
    page = (
        "<html><head><title></title><script>var x = 1;</script></head>"
        "<body><nav><a href='/'>Home</a></nav></body></html>"
    )
    article = load_article(write(tmp_path, "nav.html", page))
    assert article.error == "no article text found"
    assert "var x" not in article.text


def test_article_to_dict_has_every_field():
    data = load_article(SEED).to_dict()
    for key in ("id", "title", "category", "author", "published", "publication", "url", "images",
                "key_points", "key_points_heading", "key_points_at", "blocks", "path", "text", "markdown"):
        assert key in data
    assert isinstance(Article(path="x", error="bad").to_dict()["error"], str)


@pytest.mark.parametrize("front, warning", [
    ("a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\ntitle: *c\n", "YAML aliases are not allowed"),
    ("title: " + "[" * 100 + "]" * 100 + "\n", "nested more than 8 levels deep"),
    ("tags:\n" + "- [[], [], []]\n" * 5000, "too much data"),
])
def test_hostile_front_matter_is_refused_before_anything_is_built(tmp_path: Path, front: str, warning: str):
    article = load_article(write(tmp_path, "bomb.md", f"---\n{front}---\n\nThe body stays readable.\n"))
    assert article.ok and article.title == "bomb"
    assert any(warning in found and "front matter refused" in found for found in article.warnings), article.warnings


def test_only_plain_values_become_text_fields(tmp_path: Path):
    front = "title: [[nested], {a: b}]\nauthor: [Jane Doe, [x], {name: John Roe}, 3]\npublication: {name: {deep: x}}\n"
    article = load_article(write(tmp_path, "odd.md", f"---\n{front}---\n\nBody text here.\n"))
    assert article.title == "odd"  # no printed structure as a title
    assert article.author == "Jane Doe, John Roe, 3"
    assert article.publication == ""


# -- the article's words and order, as published (issue 15) -----------------------------
def test_seed_survives_a_round_trip_through_its_dict():
    from newsreader.articles.model import article_from_dict

    article = load_article(SEED)
    again = article_from_dict(article.to_dict())
    assert again.text == article.text
    assert [s.role for s in again.segments] == [s.role for s in article.segments]


def test_key_points_keep_their_heading_and_place_in_markdown(tmp_path: Path):
    text = (
        "# Budget passes\n\nThe budget passed on Tuesday.\n\n![A chart](chart.png)\n\n"
        "## At a glance\n\n- Spending rises 4%\n- Taxes unchanged\n\nThe vote was close.\n"
    )
    article = load_article(write(tmp_path, "a.md", text))
    assert article.key_points == ["Spending rises 4%", "Taxes unchanged"]
    assert article.key_points_heading == "At a glance"
    assert article.text.split("\n\n") == [
        "The budget passed on Tuesday.", "A chart", "At a glance", "Spending rises 4%\nTaxes unchanged",
        "The vote was close.",
    ]


def test_a_closing_source_line_is_no_image_credit(tmp_path: Path):
    text = (
        "Talks resume\n\nThe two sides met in Doha on Monday.\n\n"
        "They will meet again next week, officials said.\n\nSource: Al Jazeera and news agencies\n"
    )
    article = load_article(write(tmp_path, "a.txt", text))
    assert article.images == []
    assert [b.text for b in article.blocks][-2:] == [
        "They will meet again next week, officials said.", "Source: Al Jazeera and news agencies",
    ]


def test_promoted_links_and_caption_labels_in_text(tmp_path: Path):
    text = (
        "Talks resume\n\nThe two sides met in Doha on Monday.\n\nMORE: Why the talks matter\n\n"
        "Media caption: The delegates arrive in Doha\n\nPhoto: Reuters\n\n"
        "They will meet again next week, officials said.\n"
    )
    article = load_article(write(tmp_path, "a.txt", text))
    assert "Why the talks matter" not in article.text
    assert [(i.caption, i.credit) for i in article.images] == [("The delegates arrive in Doha", "Photo: Reuters")]


def test_analysis_by_is_not_part_of_the_name(tmp_path: Path):
    text = "Talks resume\n\nAnalysis by Chris Cillizza\n\nThe two sides met in Doha on Monday.\n"
    assert load_article(write(tmp_path, "a.txt", text)).author == "Chris Cillizza"


def test_a_box_of_links_inside_the_story_does_not_end_it(tmp_path: Path):
    story = [f"Paragraph {n}: the council voted on Tuesday to extend the night bus network to three new districts."
             for n in range(3)]
    text = (
        f"# Night buses\n\n{story[0]}\n\nRead more\n\n- Tram strike called off\n- Depot tour\n\n"
        f"{story[1]}\n\n{story[2]}\n\nRelated content\n\n- Celebrity chef opens restaurant\n"
    )
    article = load_article(write(tmp_path, "a.md", text))
    assert [block.kind for block in article.blocks] == ["paragraph", "paragraph", "paragraph"]
    assert "Tram strike" not in article.text and "Celebrity chef" not in article.text
