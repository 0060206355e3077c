"""Alliance Atlas: the record model, checker and page generation (macros/).

Data flows one way: loader (files -> records) -> checks (the rules) -> pages (site_pages, a pure
function of the Atlas). MkDocs appears only in mkdocs_hook.py. mkdocs-macros imports this package
for hand-written pages that opt in (render_macros: true); they get the Atlas's version, nothing
else.
"""


def define_env(env):  # mkdocs-macros entry point
    from .export import version

    env.variables["atlas_version"] = version()
