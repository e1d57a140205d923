"""The Gradio web UI: build_app (ui.app) wires plain handlers (ui.handlers) to components.

Modules: app (factory + launcher, the only one importing Gradio), handlers (what each event does),
render (escaping model output for Markdown), chart (key-figure chart with a CJK font), guard (what
files the app may serve or read). Importing this package starts nothing.
"""
