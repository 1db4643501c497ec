"""The chapters' glue helpers: what they hand myst-nb is what the prose shows."""
from __future__ import annotations

import numpy as np
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from inland_coastal import book


def test_glue_all_names_and_converts_every_value():
    InteractiveShell.instance()
    with capture_output() as out:
        values = book.glue_all("sec", {"share": np.float64(47.18), "n": np.int64(20), "names": "北京、天津"})
    assert values == {"share": 47.18, "n": 20, "names": "北京、天津"}
    assert type(values["share"]) is float and type(values["n"]) is int
    prefix = "application/papermill.record/"    # how myst-nb marks a glued output
    glued = {o.metadata["scrapbook"]["name"]: {k.removeprefix(prefix): v for k, v in o.data.items()}
             for o in out.outputs if "scrapbook" in o.metadata}
    assert set(glued) == {"sec-share", "sec-n", "sec-names"}
    assert glued["sec-share"]["text/plain"] == "47.18"
    assert glued["sec-names"]["text/markdown"] == "北京、天津"
