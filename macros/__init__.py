"""Alliance Atlas: the record model, checker and page rendering (macros/).

mkdocs-macros imports this package and calls `define_env`; keep it thin. The Atlas itself lives in
model.py and knows nothing of MkDocs.
"""


def define_env(env):  # mkdocs-macros entry point
    from .site import define_env as define

    define(env)
