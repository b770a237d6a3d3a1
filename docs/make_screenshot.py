"""Write docs/screenshot.svg: the app on its bundled seed, claims panel open.

    python docs/make_screenshot.py
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


async def main() -> None:
    os.environ["NEWSREADER_HOME"] = tempfile.mkdtemp(prefix="nr-shot-")
    from newsreader.ui.app import NewsReader

    app = NewsReader()
    async with app.run_test(size=(130, 42)) as pilot:
        for _ in range(500):
            await pilot.pause(0.02)
            if app.synced and app.current is not None:
                break
        await pilot.press("enter", "n", "n", "n", "n")
        await pilot.pause(0.3)
        app.save_screenshot(str(HERE / "screenshot.svg"))


if __name__ == "__main__":
    asyncio.run(main())
