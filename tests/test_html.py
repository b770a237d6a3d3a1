"""Importing web pages: the article, not the page, and never a crash on bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from newsreader.articles import load_article
from newsreader.articles.html import read_html, to_markdown

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "html-dev"

PARAGRAPHS = [
    "The city council voted on Tuesday to extend the night bus network to three new districts, "
    "after a year of petitions.",
    "Officials said the first routes would open in March, with buses every twenty minutes between midnight and five.",
    "Critics warned that the plan had no clear budget, and asked where the money for drivers would come from.",
    "The mayor replied that ticket revenue from the busiest lines would cover most of the cost in the first year.",
    "Residents of the outer districts, who often work late shifts, welcomed the decision at a packed public meeting.",
]


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSREADER_HOME", str(tmp_path / "home"))


def page(body: str = "", head: str = "") -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Night buses | Daily Planet</title>{head}</head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>\
<li><a href="/sport">Sport</a></li></ul></nav></header>
<div id="cookie-banner" role="dialog">We use cookies to improve your experience. \
<button>Accept all cookies</button></div>
<main><article>
<h1>Night buses to reach three new districts</h1>
<div class="share"><a href="https://twitter.com/share">Share on Twitter</a> <a href="mailto:?x">Email</a></div>
{paragraphs}
{body}
</article></main>
<aside><h2>Most read</h2><ul><li><a href="/a">Celebrity chef opens restaurant</a></li>\
<li><a href="/b">Storm warning</a></li></ul></aside>
<footer><p>Copyright Daily Planet 2024. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>"""


def write(tmp_path: Path, html: str | bytes, name: str = "page.html") -> Path:
    path = tmp_path / name
    if isinstance(html, str):
        path.write_text(html, encoding="utf-8")
    else:
        path.write_bytes(html)
    return path


# -- the article, not the page ------------------------------------------------------------
def test_main_text_kept_and_furniture_dropped():
    article = read_html("p.html", page())
    assert article.ok
    assert article.title == "Night buses to reach three new districts"
    for text in PARAGRAPHS:
        assert text in article.text
    for furniture in (
        "cookies", "Most read", "Celebrity chef", "Copyright", "Privacy policy", "Sport", "Share on Twitter",
    ):
        assert furniture not in article.text
    assert article.text.count("night bus network") == 1


def test_structure_survives_as_blocks():
    body = """<h2>What happens next</h2><p>The council will publish the timetable in February.</p>
    <ul><li>Route N1 to Northfield</li><li>Route N2 to Eastgate</li><li>Route N3 to Westmoor</li></ul>
    <blockquote><p>"This is a good day for shift workers," said one resident.</p></blockquote>
    <p>The final vote was 31 to 12, with <a href="/council/members">three members</a> absent.</p>"""
    article = read_html("p.html", page(body))
    kinds = [block.kind for block in article.blocks]
    assert "heading" in kinds and "list" in kinds and "quote" in kinds
    listed = next(block for block in article.blocks if block.kind == "list")
    assert listed.items == ("Route N1 to Northfield", "Route N2 to Eastgate", "Route N3 to Westmoor")
    assert "three members absent" in article.text  # link text kept, target not in the plain text
    assert "/council/members" not in article.text
    assert "## What happens next" in article.markdown


def test_metadata_from_json_ld_and_open_graph():
    head = """<link rel="canonical" href="https://planet.example/news/night-buses">
    <meta property="og:title" content="Night buses to reach three new districts | Daily Planet">
    <meta property="og:site_name" content="Daily Planet">
    <meta property="og:image" content="/img/bus.jpg">
    <meta property="og:image:alt" content="A night bus at the depot">
    <script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
      {"@type": "WebSite", "name": "Daily Planet"},
      {"@type": "NewsArticle", "headline": "Night buses to reach three new districts",
       "datePublished": "2024-03-05T07:30:00+01:00", "author": [{"@type": "Person", "name": "Lois Lane"},
       {"@type": "Person", "name": "Jimmy Olsen"}]}]}</script>"""
    article = read_html("p.html", page(head=head))
    assert article.title == "Night buses to reach three new districts"
    assert article.author == "Lois Lane, Jimmy Olsen"
    assert article.published.startswith("2024-03-05")
    assert article.publication == "Daily Planet"
    assert article.url == "https://planet.example/news/night-buses"
    assert article.images[0].url == "https://planet.example/img/bus.jpg"
    assert article.images[0].caption == "A night bus at the depot"


def test_title_falls_back_to_h1_and_strips_only_the_site_name():
    raw = page().replace(
        "<title>Night buses | Daily Planet</title>",
        "<title>Night buses to reach three new districts - Daily Planet</title>",
    )
    raw = raw.replace("</head>", '<meta property="og:site_name" content="Daily Planet"></head>')
    assert read_html("p.html", raw).title == "Night buses to reach three new districts"
    head = (
        '<meta property="og:title" content="Bus plan: what it means - a guide">'
        '<meta property="og:site_name" content="Daily Planet">'
    )
    assert read_html("p.html", page(head=head)).title == "Bus plan: what it means - a guide"


def test_byline_and_date_from_the_visible_page():
    raw = page().replace(
        "<h1>Night buses to reach three new districts</h1>",
        '<h1>Night buses to reach three new districts</h1><p class="byline">By <a href="/staff/lane">Lois Lane</a>'
        ' | <time datetime="2024-03-05T07:30">5 March 2024</time></p>',
    )
    article = read_html("p.html", raw)
    assert article.author == "Lois Lane"
    assert article.published.startswith("2024-03-05")


def test_links_and_images_resolved_and_unsafe_ones_dropped():
    markup = """<p>See <a href="../report.pdf">the report</a>, <a href="javascript:alert(1)">this</a>,
    <a href=" JaVaScRiPt:alert(2)">that</a>, <a href="data:text/html,x">data</a>, <a href="vbscript:x">vb</a>.</p>
    <p><img src="/img/a.jpg" alt="Depot at night"></p><p><img src="javascript:alert(3)" alt="bad"></p>"""
    markdown = to_markdown(markup, "https://planet.example/news/2024/buses.html")
    assert "(https://planet.example/news/report.pdf)" in markdown
    assert "https://planet.example/img/a.jpg" in markdown
    assert not re.search(r"(?i)javascript:|vbscript:|data:", markdown)
    raw = page(
        '<figure><img src="img/depot.jpg" alt="Depot at night"></figure><p><a href="javascript:void(0)">Click</a>'
        " here to read more about the buses in our archive.</p>"
    )
    raw = raw.replace("</head>", '<base href="https://planet.example/news/"></head>')
    article = read_html("p.html", raw)
    urls = [image.url for image in article.images]
    assert "https://planet.example/news/img/depot.jpg" in urls
    assert all(not url.lower().startswith(("javascript:", "data:", "vbscript:")) for url in urls)


# -- bad input ------------------------------------------------------------------------------
def test_scripts_styles_iframes_noscript_never_in_body():
    body = """<script>var secret = "SCRIPTTEXT"; document.write('<p>SCRIPTTEXT</p>');</script>
    <style>.x { content: "STYLETEXT" }</style><noscript><p>NOSCRIPTTEXT enable javascript</p></noscript>
    <iframe src="https://ads.example"><p>IFRAMETEXT</p></iframe><template><p>TEMPLATETEXT</p></template>
    <p>Advertisement</p><p>Share this article</p>"""
    article = read_html("p.html", page(body))
    for marker in (
        "SCRIPTTEXT", "STYLETEXT", "NOSCRIPTTEXT", "IFRAMETEXT", "TEMPLATETEXT", "Advertisement", "Share this",
    ):
        assert marker not in article.text
        assert marker not in article.markdown
    assert PARAGRAPHS[0] in article.text


def test_markup_looking_text_stays_literal():
    body = (
        "<p>Rich markup like [bold]x[/bold] and [link=https://evil.example]y[/link] and *stars* and `ticks` and "
        "&lt;b&gt;tags&lt;/b&gt; in a sentence.</p><p># not a heading, 1. not a list</p>"
    )
    article = read_html("p.html", page(body))
    assert "[bold]x[/bold]" in article.text
    assert "[link=https://evil.example]y[/link]" in article.text
    assert "*stars*" in article.text and "`ticks`" in article.text and "<b>tags</b>" in article.text
    assert "# not a heading, 1. not a list" in article.text
    assert all(block.kind == "paragraph" for block in article.blocks)


def test_control_characters_and_escape_sequences_stripped(tmp_path):
    body = "<p>Alert \x1b[31mred\x1b[0m text, a bell\x07, a title change \x1b]0;pwned\x07 and a null-free line.</p>"
    raw = page(body).replace("<h1>Night buses", "<h1>\x1b[1mNight buses")
    article = load_article(write(tmp_path, raw))
    assert article.ok
    assert "Alert red text, a bell, a title change" in article.text
    assert article.title == "Night buses to reach three new districts"
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", article.text + article.title + article.markdown)


def test_truncated_html(tmp_path):
    raw = page()
    cut = raw.index(PARAGRAPHS[3]) + 30
    article = load_article(write(tmp_path, raw[:cut]))
    assert article.ok
    assert PARAGRAPHS[0] in article.text
    assert read_html("p.html", "<html><body><p>Unclosed <b>bold <i>ital").error in ("", "no article text found")


def test_page_without_article(tmp_path):
    raw = """<html><head><title>Home</title></head><body><nav><a href="/">Home</a> <a href="/about">About</a></nav>
    <form><input name="q"><button>Search</button></form><footer>© 2024</footer></body></html>"""
    article = load_article(write(tmp_path, raw))
    assert article.error == "no article text found" or (article.ok and "Search" not in article.text)
    for junk in ("", "   ", "<html></html>", "<<<>>>", "<?xml version='1.0' encoding='utf-8'?><html/>", "\x00\x01"):
        result = read_html("p.html", junk)
        assert result.error or result.blocks is not None


def test_huge_inline_data_uri(tmp_path):
    blob = "A" * (20 * 1024 * 1024)
    raw = page(f'<p><img src="data:image/png;base64,{blob}" alt="A chart of bus routes"></p>')
    path = write(tmp_path, raw)
    assert path.stat().st_size > 20_000_000
    article = load_article(path)
    assert article.ok, article.error
    assert PARAGRAPHS[-1] in article.text
    assert all(not image.url.startswith("data:") for image in article.images)
    assert blob[:100] not in article.markdown


def test_huge_page_of_scripts_and_markup(tmp_path):
    script = "<script>var data = '" + "x = 1; " * 1_500_000 + "';</script>"
    filler = "<div><span>menu</span></div>" * 100_000
    raw = page().replace("<body>", "<body>" + script).replace("</footer>", "</footer>" + filler)
    path = write(tmp_path, raw)
    assert path.stat().st_size > 10_000_000
    article = load_article(path)
    assert article.ok, article.error
    assert PARAGRAPHS[0] in article.text
    assert "x = 1" not in article.text


def test_huge_article_is_cut_with_a_warning():
    body = "".join(f"<p>Paragraph {n}: {PARAGRAPHS[n % 5]}</p>" for n in range(8000))
    article = read_html("p.html", page(body))
    assert article.ok
    assert any("very long page" in warning for warning in article.warnings)
    assert PARAGRAPHS[0] in article.text


@pytest.mark.parametrize(
    ("charset", "text"),
    [("windows-1251", "Городской совет продлил ночные автобусы до трёх новых районов."),
     ("iso-8859-1", "Le conseil municipal a prolongé les bus de nuit jusqu'à trois nouveaux quartiers, à Noël.")],
)
def test_declared_charset_end_to_end(tmp_path, charset, text):
    raw = page(f"<p>{text}</p>").replace(
        '<meta charset="utf-8">', f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    )
    path = write(tmp_path, raw.encode(charset))
    article = load_article(path)
    assert article.ok
    assert text in article.text
    assert not article.warnings


def test_importing_articles_does_not_import_the_extractor():
    code = (
        "import sys, newsreader.articles; "
        "print(sorted(m for m in ('trafilatura', 'lxml', 'markdownify') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


# -- real pages ------------------------------------------------------------------------------
def _words(text: str) -> list[str]:
    return [word.casefold() for word in re.findall(r"\w+", text)]


def _f1(ours: str, reference: str) -> float:
    a = Counter(zip(*(_words(ours)[i:] for i in range(3))))
    b = Counter(zip(*(_words(reference)[i:] for i in range(3))))
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def _reference_text(markup: str) -> str:
    from lxml import html as lxml_html

    root = lxml_html.fromstring(markup)
    for element in root.iter(
        "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "br", "figcaption", "td"
    ):
        element.tail = "\n" + (element.tail or "")
        element.text = "\n" + (element.text or "")
    return root.text_content()


def _norm(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKC", text or "").translate(str.maketrans("‘’“”", "''\"\""))
    return " ".join(text.split()).casefold()


@pytest.fixture(scope="module")
def real_pages():
    if not DATA.is_dir() or not any(DATA.glob("*/source.html")):
        pytest.skip(f"real test pages not found in {DATA}")
    results = []
    for folder in sorted(p for p in DATA.iterdir() if (p / "source.html").is_file()):
        article = load_article(folder / "source.html")
        expected = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
        reference = _reference_text((folder / "expected.html").read_text(encoding="utf-8"))
        results.append((folder.name, article, expected, reference))
    return results


def test_real_pages_body(real_pages):
    scores = {name: _f1(article.text, reference) for name, article, _, reference in real_pages}
    assert all(article.ok for _, article, _, _ in real_pages)
    assert sum(scores.values()) / len(scores) >= 0.9, scores
    assert min(scores.values()) >= 0.5, scores


def test_real_pages_titles_and_dates(real_pages):
    titles = [_norm(article.title) == _norm(expected["title"]) for _, article, expected, _ in real_pages]
    assert sum(titles) / len(titles) >= 0.85
    dated = [(article, expected) for _, article, expected, _ in real_pages if expected.get("publishedTime")]
    assert sum(bool(article.published) for article, _ in dated) >= 0.9 * len(dated)


def test_real_pages_have_no_markup_or_boilerplate(real_pages):
    for name, article, _, _ in real_pages:
        assert "<script" not in article.text and "function(" not in article.text, name
        assert not re.search(r"(?m)^(Advertisement|Share this article|Skip Advertisement)$", article.text), name
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", article.text), name


def test_the_fast_control_character_check_agrees_with_the_regex():
    import random

    from newsreader.articles.html import _CONTROLS, _has_controls

    rng = random.Random(7)
    alphabet = [chr(code) for code in (*range(0x00, 0xA2), 0xA9, 0x2028, 0xD800, 0x1F600)]
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
        assert _has_controls(text) == (_CONTROLS.search(text) is not None), repr(text)
    assert not _has_controls("plain text, tabs\tand\nnew lines\r\n, non-breaking\xa0spaces ©")


def test_a_title_escaped_twice_is_decoded(tmp_path: Path):
    page = ('<html><head><meta property="og:title" content="Why the deal doesn&amp;#8217;t add up &amp;amp; more">'
            '</head><body><article><p>The deal was signed on Monday by both sides.</p></article></body></html>')
    path = tmp_path / "twice.html"
    path.write_text(page)
    assert load_article(path).title == "Why the deal doesn’t add up & more"


# -- web-page fidelity: the story's words, in the page's order (issue 15) ------------------
def story(*parts: str, head: str = "") -> str:
    """A page whose article is ``parts`` (markup) set between the test paragraphs."""
    paragraphs = [f"<p>{text}</p>" for text in PARAGRAPHS]
    body = "".join(part + paragraph for part, paragraph in zip(parts, paragraphs + [""] * len(parts)))
    body += "".join(paragraphs[len(parts) :])
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Night buses</title>{head}</head>
<body><main><article><h1>Night buses</h1>{body}</article></main></body></html>"""


def test_a_closing_source_line_keeps_the_last_paragraph_in_the_body():
    raw = page("<p>The council meets again next week to set the timetable.</p>"
               "<p>Source: Daily Planet and news agencies</p>")
    article = read_html("p.html", raw)
    assert not [image for image in article.images if image.caption or image.credit]
    assert article.blocks[-2].text == "The council meets again next week to set the timetable."
    assert article.blocks[-1].text == "Source: Daily Planet and news agencies"


def test_links_to_other_stories_in_the_body_are_dropped():
    raw = story(
        '<p>MORE: <a href="/a">Why night buses matter</a></p>',
        '<p><strong>SEE MORE:</strong> <a href="/b">Tram strike called off</a></p>',
        "<h3>DON'T MISS</h3>"
        '<p><a href="/c">Mayor under fire over budget</a> [INSIGHT]|<a href="/d">Depot tour</a> [VIDEO]</p>',
        "<p>[INSIGHT]|</p><p>VIDEO]</p>",
        '<p>More: <a href="/e">Everything about the new routes</a></p>',
    )
    text = read_html("p.html", raw).text
    for furniture in ("MORE", "SEE MORE", "DON'T MISS", "INSIGHT", "VIDEO", "Mayor under fire", "More:"):
        assert furniture not in text
    for paragraph in PARAGRAPHS:
        assert paragraph in text
    # words of the story that look a little like those labels stay
    kept = ["More than 300 drivers signed up.", "Latest: police arrested two men.",
            "The depot manager resigned on Friday. [UPDATE]"]
    text = read_html("p.html", story(*(f"<p>{line}</p>" for line in kept))).text
    assert all(line in text for line in kept)


def test_gallery_captions_are_not_the_story():
    slides = "".join(
        f'<figure><img src="/g/{n}.jpg" alt="Slide {n}"><figcaption>Slide caption {n}</figcaption></figure>'
        for n in range(5)
    )
    raw = story(f'<div class="gallery-carousel">{slides}</div>')
    article = read_html("p.html", raw)
    assert "Slide caption" not in article.text
    assert article.text.startswith(PARAGRAPHS[0])


def test_captions_in_place_without_screen_reader_labels_or_alt_text():
    raw = story(
        "",
        '<figure><img src="/img/depot.jpg" alt="A depot (alt text)"><figcaption>'
        '<span class="visually-hidden">Image caption, </span>The depot at night'
        '<span class="credit">Photo: J. Olsen</span></figcaption></figure>',
        '<p><img src="/img/map.png" alt="Map of the routes"></p>',
        '<figure><img src="/img/bus.jpg"><figcaption>Media caption: Drivers at the depot</figcaption></figure>',
    )
    article = read_html("p.html", raw)
    assert [(image.caption, image.credit) for image in article.images if image.caption] == [
        ("The depot at night", "Photo: J. Olsen"), ("Drivers at the depot", ""),
    ]
    text = article.text
    assert "caption" not in text.casefold() and "alt text" not in text and "Map of the routes" not in text
    # each caption stands where the page printed it: after the first paragraph, before the second
    assert text.index(PARAGRAPHS[0]) < text.index("The depot at night") < text.index(PARAGRAPHS[1])
    assert text.index(PARAGRAPHS[2]) < text.index("Drivers at the depot") < text.index(PARAGRAPHS[3])


def test_a_dateline_run_into_the_first_word_gets_its_space():
    lead = "President Donald Trump said on Monday that the night bus plan was a model for other cities."
    raw = page(f'<p><cite class="el-editorial-source"> (CNN)</cite>{lead}</p>')
    assert f"(CNN) {lead}" in read_html("p.html", raw).text


@pytest.mark.parametrize(
    ("declared", "expected"),
    [("Analysis by Chris Cillizza", "Chris Cillizza"), ("By Lois Lane", "Lois Lane"),
     ("Opinion by Jimmy Olsen", "Jimmy Olsen"), ("Daily Planet", "")],
)
def test_bylines_name_people_once(declared: str, expected: str):
    head = f'<meta name="author" content="{declared}"><meta property="og:site_name" content="Daily Planet">'
    article = read_html("p.html", page(head=head))
    assert article.author == expected
    assert article.publication == "Daily Planet"


def test_a_date_section_and_count_list_above_the_story_is_dropped(tmp_path: Path) -> None:
    from newsreader.articles.model import Block
    from newsreader.articles.tidy import tidy

    meta = Block("list", items=("24 July 2015", "US & Canada", "941"))
    story = Block("paragraph", "President Barack Obama has admitted that his failure to pass gun laws frustrates him.")
    assert [b.kind for b in tidy([meta, story]).blocks] == ["paragraph"]
    # The same list inside the story, or a list of real points at its top, is kept.
    assert [b.kind for b in tidy([story, meta]).blocks] == ["paragraph", "list"]
    points = Block("list", items=("Taxes rise 4% in 2024", "Spending is unchanged", "12 new schools open"))
    assert [b.kind for b in tidy([points, story]).blocks] == ["list", "paragraph"]
