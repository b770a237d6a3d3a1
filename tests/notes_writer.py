"""Helper for tests/test_notes.py: a process that saves notes until it is killed.

Usage: python notes_writer.py ARTICLE_ID TAG
(NEWSREADER_HOME comes from the environment.)  After each save returns it prints
``ADD <note id>`` or ``DEL <note id>`` (an acknowledgement) and flushes; before a
deletion it prints ``TRY <note id>``.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newsreader.notes import NotesStore


def main() -> None:
    article_id, tag = sys.argv[1], sys.argv[2]
    store = NotesStore()
    mine: list[str] = []
    i = 0
    while True:
        i += 1
        note = store.add_note(article_id, f"{tag} note {i}\nsecond line of {tag}-{i}",
                              article_meta={"title": "Kill test"})
        mine.append(note.id)
        print("ADD", note.id, flush=True)
        if i % 3 == 0:
            victim = mine.pop(0)
            print("TRY", victim, flush=True)  # may be gone without an ack if killed now
            store.delete_note(article_id, victim)
            print("DEL", victim, flush=True)


if __name__ == "__main__":
    main()
