"""MkDocs hook for the offline build (the one `python3 scripts/dev.py bundle` zips).

Material's ``offline`` plugin (switched on by ``LOSSES_OFFLINE=true``, see
mkdocs.yml) makes the site work from ``file://``: plain ``.html`` links and a
search index inlined into a script.  Its search still runs in a web worker,
which browsers refuse to start from ``file://``; Material loads the
iframe-worker shim for that from a CDN, which an offline reader cannot reach.
This hook puts the shim installed from npm (pinned in package-lock.json) into
the site and names it as the polyfill, so the plugin adds no CDN address.

The plugin inlines one index, search/search_index.json, before hooks.py has
split it per language (search/ for English, zh/search/ for Chinese); from
``file://`` each page's search reads search_index.js beside its language's
index.  This hook inlines every language's index once the split is done.
"""

from __future__ import annotations

from pathlib import Path

from material.plugins.offline.plugin import OfflinePlugin
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]
SHIM_SOURCE = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
# The offline plugin adds its CDN copy unless a polyfill's address names "iframe-worker".
SHIM_URL = "assets/javascripts/iframe-worker-shim.js"


def offline_build(config) -> bool:
    return any(isinstance(plugin, OfflinePlugin) and plugin.config.enabled for plugin in config.plugins.values())


# Before the offline plugin's own on_config (priority 0), which adds the CDN shim.
@event_priority(50)
def on_config(config):
    if offline_build(config):
        polyfills = config.extra.setdefault("polyfills", [])
        if SHIM_URL not in polyfills:
            polyfills.append(SHIM_URL)
    return config


def on_files(files, config):
    if offline_build(config) and files.get_file_from_path(SHIM_URL) is None:
        if not SHIM_SOURCE.exists():
            from mkdocs.exceptions import PluginError

            raise PluginError("iframe-worker is not installed: run `npm ci` in the project root "
                              "(scripts/dev.py does it for you)")
        files.append(File.generated(config, SHIM_URL, abs_src_path=str(SHIM_SOURCE)))
    return files


# After hooks.py's on_post_build (priority -200), which splits the index per language.
@event_priority(-300)
def on_post_build(config):
    if not offline_build(config):
        return
    if getattr(config.plugins.get("i18n"), "building", False):
        return  # a nested language build; the outer one splits the index
    for index in sorted(Path(config.site_dir).glob("**/search/search_index.json")):
        inline_search_index(index)


def inline_search_index(index: Path) -> None:
    """search_index.js beside search_index.json, written as the offline plugin writes it."""
    data = index.read_text(encoding="utf-8")
    index.with_suffix(".js").write_text(f"var __index = {data}", encoding="utf-8")
